"""Tables of the applicant portal capability (see :mod:`guomen.adapters.db.tables` for conventions).

Applicants are not staff users (not in ``users``). Their login (phone or e-mail) is sealed with
a blind index for lookups; one-time codes are stored only as keyed digests; outbox recipients and
bodies (which carry codes) are sealed; one payment row per application at most.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text

from guomen.adapters.db.tables import ID, PRIMARY_KEYS, SEALED_COLUMNS, TS, metadata

__all__ = ["KEYS", "SEALED", "metadata"]

portal_applicants = Table(
    "portal_applicants",
    metadata,
    Column("id", ID, primary_key=True),
    Column("contact_kind", String(8), nullable=False),
    Column("contact_enc", Text, nullable=False),
    Column("contact_bidx", String(64), nullable=False, unique=True),
    Column("created_at", TS, nullable=False),
    Column("last_login_at", TS),
)

portal_codes = Table(
    "portal_codes",
    metadata,
    Column("id", ID, primary_key=True),
    Column("contact_bidx", String(64), nullable=False, index=True),
    Column("code_hash", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("used_at", TS),
)

portal_sessions = Table(
    "portal_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column(
        "applicant_id",
        ForeignKey("portal_applicants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
)

portal_outbox = Table(
    "portal_outbox",
    metadata,
    Column("id", ID, primary_key=True),
    Column("channel", String(8), nullable=False),
    Column("recipient_enc", Text, nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body_enc", Text, nullable=False),
    Column("created_at", TS, nullable=False, index=True),
    Column("status", String(8), nullable=False),
    Column("sent_at", TS),
    Column("error", String(500), nullable=False),
)

portal_payments = Table(
    "portal_payments",
    metadata,
    Column("id", ID, primary_key=True),
    Column("application_id", ID, nullable=False, unique=True),
    Column("payer", String(64), nullable=False),
    Column("amount_fen", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(8), nullable=False),
    Column("gateway_txn", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("paid_at", TS),
    Column("callbacks", Integer, nullable=False),
)

portal_links = Table(
    "portal_links",
    metadata,
    Column(
        "applicant_id",
        ForeignKey("portal_applicants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("application_id", ID, primary_key=True),
    Column("created_at", TS, nullable=False),
)

SEALED: dict[str, tuple[str, ...]] = {
    "portal_applicants": ("contact_enc",),
    "portal_outbox": ("recipient_enc", "body_enc"),
}
KEYS: dict[str, str | tuple[str, ...]] = {
    "portal_applicants": "id",
    "portal_outbox": "id",
}

# Registered here, not read by tables.py: this module may be imported before tables.py is done.
SEALED_COLUMNS.update(SEALED)
PRIMARY_KEYS.update(KEYS)
