"""Adapters: one per outside library or service (database, crypto, passwords, ...)."""
