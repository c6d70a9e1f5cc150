"""Route × role rows for the entitlement tables (reference data: everyone may read them)."""

from __future__ import annotations

from route_roles import EVERYONE

ROWS = [
    ("GET", "/entitlement", EVERYONE, 200),
    ("GET", "/entitlement?on=2026-12-01", EVERYONE, 200),
    ("GET", "/api/v1/entitlement/tables", EVERYONE, 200),
]
