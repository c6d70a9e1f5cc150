"""Tables of the clearance capability (see :mod:`guomen.adapters.db.tables` for conventions).

The movement record itself is ``movements`` (in :mod:`tables`, extended for the pipeline).
Here: the idempotency keys of decision requests, the secondary-inspection queue, endorsement
trips used, and the journal batches a port applied after running degraded.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, String, Table, Text

from guomen.adapters.db.tables import ID, PRIMARY_KEYS, SEALED_COLUMNS, TS, metadata, movements

__all__ = [
    "KEYS",
    "SEALED",
    "clearance_requests",
    "endorsement_trips",
    "first_seen_documents",
    "journal_applied",
    "metadata",
    "referrals",
]

# A person's latest movements first: the exit's stay is matched to the last clearance of the
# person (``last_entry``), which must not sort the person's whole history on every decision.
Index("ix_movements_person_time", movements.c.person_id, movements.c.occurred_at)

# (caller, key) → the movement and the answer given; a replay answers the same.
clearance_requests = Table(
    "clearance_requests",
    metadata,
    Column("caller", String(32), primary_key=True),
    Column("idem_key", String(128), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("movement_id", ID, nullable=False),
    Column("answer_enc", Text, nullable=False),
    Column("created_at", TS, nullable=False),
)

referrals = Table(
    "referrals",
    metadata,
    Column("id", ID, primary_key=True),
    Column("movement_id", ForeignKey("movements.id"), nullable=False, index=True),
    Column("port_code", ForeignKey("ports.code"), nullable=False),
    Column("person_id", String(32), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("lane", String(8), nullable=False),
    Column("reason_codes", Text, nullable=False),
    Column("priority", Boolean, nullable=False),
    Column("instructions", Text, nullable=False),
    Column("created_at", TS, nullable=False),
    Column("status", String(8), nullable=False),
    Column("outcome", String(24)),
    Column("officer", String(128)),
    Column("outcome_reason_enc", Text),
    Column("closed_at", TS),
    Column("outcome_movement_id", String(32)),
    Index("ix_referrals_status_port", "status", "port_code"),
)

# One row per trip used: (document, endorsement, movement). Counting rows = trips used.
endorsement_trips = Table(
    "endorsement_trips",
    metadata,
    Column("document_bidx", String(64), primary_key=True),
    Column("endorsement", String(64), primary_key=True),
    Column("movement_id", ID, primary_key=True),
)

# Journal batches of a degraded port already applied here: the sync applies each once.
journal_applied = Table(
    "journal_applied",
    metadata,
    Column("batch_id", ID, primary_key=True),
    Column("applied_at", TS, nullable=False),
)

# Documents the clearance pipeline recorded on first sight. ``unverified``: Chinese-issued, so
# it should have been in the registry: later crossings still report DOCUMENT_NOT_REGISTERED.
first_seen_documents = Table(
    "first_seen_documents",
    metadata,
    Column("document_id", ForeignKey("travel_documents.id"), primary_key=True),
    Column("unverified", Boolean, nullable=False),
    Column("seen_at", TS, nullable=False),
)

SEALED: dict[str, tuple[str, ...]] = {
    "movements": ("explanation_enc",),
    "clearance_requests": ("answer_enc",),
    "referrals": ("outcome_reason_enc",),
}
KEYS: dict[str, str | tuple[str, ...]] = {
    "movements": "id",
    "clearance_requests": ("caller", "idem_key"),
    "referrals": "id",
}

# Registered here, not read by tables.py: this module may be imported before tables.py is done.
SEALED_COLUMNS.update(SEALED)
PRIMARY_KEYS.update(KEYS)
