"""Deterministic synthetic demo data: people, documents, movements, staff accounts."""
