"""Tables of the screening review capability (see :mod:`guomen.adapters.db.tables` for conventions).

``screening_hits`` is the back-office queue: one row per recorded hit, with what the traveller's
document or record said (``query_enc``), the entry as it was (``entry_enc``), the matcher's
explanation (names and dates: ``explanation_enc``) and the officer's reason sealed; ids, scores,
codes and times in the clear. ``screening_dismissals`` remembers dismissed pairs (traveller ↔
entry version) until they expire.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, Float, ForeignKey, Index, Integer, String, Table, Text

from guomen.adapters.db.tables import ID, LIST_ID, PRIMARY_KEYS, SEALED_COLUMNS, TS, metadata

__all__ = ["KEYS", "SEALED", "metadata", "screening_dismissals", "screening_hits"]

screening_hits = Table(
    "screening_hits",
    metadata,
    Column("id", ID, primary_key=True),
    Column("person_id", String(64), index=True),
    Column("list_id", LIST_ID, nullable=False),
    Column("entry_id", LIST_ID, nullable=False),
    Column("entry_version", String(32), nullable=False),
    Column("list_type", String(16), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("decision", String(8), nullable=False),
    Column("explanation_enc", Text, nullable=False),
    Column("algorithm", String(64), nullable=False),
    Column("algorithm_version", String(32), nullable=False),
    Column("source", String(16), nullable=False),
    Column("subject_ref", String(128), nullable=False),
    Column("port_code", String(32)),
    Column("query_enc", Text),
    Column("entry_enc", Text),
    Column("entry_valid_until", Date),
    Column("created_at", TS, nullable=False),
    Column("status", String(16), nullable=False),
    Column("reviewer", String(160)),
    Column("reason_enc", Text),
    Column("decided_at", TS),
    Index("ix_screening_hits_status_created", "status", "created_at"),
)

screening_dismissals = Table(
    "screening_dismissals",
    metadata,
    Column("id", ID, primary_key=True),
    Column("hit_id", ForeignKey("screening_hits.id"), nullable=False),
    Column("person_id", String(64), nullable=False, index=True),
    Column("list_id", LIST_ID, nullable=False),
    Column("entry_id", LIST_ID, nullable=False),
    Column("entry_version", String(32), nullable=False),
    Column("until", TS, nullable=False),
    Column("created_by", String(160), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("reason_enc", Text, nullable=False),
)

SEALED: dict[str, tuple[str, ...]] = {
    "screening_hits": ("explanation_enc", "query_enc", "entry_enc", "reason_enc"),
    "screening_dismissals": ("reason_enc",),
}
KEYS: dict[str, str | tuple[str, ...]] = {"screening_hits": "id", "screening_dismissals": "id"}

# Registered here, not read by tables.py: this module may be imported before tables.py is done.
SEALED_COLUMNS.update(SEALED)
PRIMARY_KEYS.update(KEYS)
