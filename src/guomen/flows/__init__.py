"""Passenger flows: flow data, forecasts, queues and waits, lanes needed per hour."""
