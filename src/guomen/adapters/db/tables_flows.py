"""Tables of the flows capability (see :mod:`guomen.adapters.db.tables` for conventions).

``flow_rosters``: rosters a duty commander generated, one row each, the assignments and the
explained shortfall as JSON. Officers appear by staff code only (no personal data).
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text

from guomen.adapters.db.tables import ID, PRIMARY_KEYS, SEALED_COLUMNS, TS, metadata

__all__ = ["KEYS", "SEALED", "flow_rosters", "metadata"]

flow_rosters = Table(
    "flow_rosters",
    metadata,
    Column("id", ID, primary_key=True),
    Column("port_code", ForeignKey("ports.code"), nullable=False),
    Column("start_day", Date, nullable=False),
    Column("end_day", Date, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("officers", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Index("ix_flow_rosters_port_start", "port_code", "start_day"),
)

SEALED: dict[str, tuple[str, ...]] = {}
KEYS: dict[str, str | tuple[str, ...]] = {}

# Registered here, not read by tables.py: this module may be imported before tables.py is done.
SEALED_COLUMNS.update(SEALED)
PRIMARY_KEYS.update(KEYS)
