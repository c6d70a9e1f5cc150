"""What the flows use cases need from outside: a daily forecaster (statsforecast in production,
a simple fake in tests)."""

from __future__ import annotations

from collections.abc import Callable

from guomen.flows.series import DailySeries, SeriesForecast

Forecaster = Callable[[DailySeries, int], SeriesForecast]
"""Forecast `horizon` days after the series ends, with lo90/hi90 bounds."""
