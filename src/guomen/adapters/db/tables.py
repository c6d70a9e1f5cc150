"""The schema as SQLAlchemy Core tables. Alembic migrations create it; this module mirrors it.

Columns ending in ``_enc`` hold values sealed by :class:`guomen.adapters.crypto.FieldCipher`;
columns ending in ``_bidx`` hold HMAC blind indexes for exact lookups.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

TS = DateTime(timezone=True)
ID = String(32)

general_stations = Table(
    "general_stations",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(256), nullable=False),
)

stations = Table(
    "stations",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(256), nullable=False),
    Column("general_station", ForeignKey("general_stations.code"), nullable=False),
)

ports = Table(
    "ports",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(256), nullable=False),
    Column("port_type", String(8), nullable=False),
    Column("station", ForeignKey("stations.code"), nullable=False),
    Column("duty_region", String(64), nullable=False),
    Column("city_zh", String(64), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("iata", String(3)),
)

offices = Table(
    "offices",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(256), nullable=False),
    Column("city_zh", String(64), nullable=False),
    Column("province_zh", String(64), nullable=False),
    Column("address_zh", String(256), nullable=False),
)

countries = Table(
    "countries",
    metadata,
    Column("code", String(3), primary_key=True),
    Column("name_zh", String(128), nullable=False),
    Column("name_en", String(256), nullable=False),
    Column("icao_only", Boolean, nullable=False, default=False),
)

users = Table(
    "users",
    metadata,
    Column("id", ID, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("display_name_enc", Text, nullable=False),
    Column("role", String(32), nullable=False),
    Column("scope", String(64), nullable=False),
    Column("password_hash", String(256), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("failed_logins", Integer, nullable=False),
    Column("locked_until", TS),
    Column("created_at", TS, nullable=False),
    Column("last_login_at", TS),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS, nullable=False),
    Column("client", String(128), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(128), nullable=False),
    Column("role", String(32), nullable=False),
    Column("port_code", ForeignKey("ports.code")),
    Column("scope", String(64), nullable=False),
    Column("actions", Text, nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_by", String(128), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("expires_at", TS),
    Column("revoked_at", TS),
    Column("last_used_at", TS),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column(
        "seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    ),
    Column("at", TS, nullable=False, index=True),
    Column("actor", String(160), nullable=False, index=True),
    Column("role", String(32), nullable=False),
    Column("action", String(64), nullable=False, index=True),
    Column("object_type", String(32), nullable=False),
    Column("object_id", String(64), nullable=False, index=True),
    Column("purpose", Text, nullable=False),
    Column("client", String(128), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
)

# One row: the last sequence number and hash. Appends lock it, so the chain stays linear
# under concurrent writers, and a truncated tail is detectable.
audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("entry_hash", String(64), nullable=False),
)

persons = Table(
    "persons",
    metadata,
    Column("id", ID, primary_key=True),
    Column("surname_enc", Text, nullable=False),
    Column("given_names_enc", Text, nullable=False),
    Column("name_local_enc", Text),
    Column("sex", String(1), nullable=False),
    Column("birth_date_enc", Text, nullable=False),
    Column("nationality", String(3), nullable=False),
    Column("id_number_enc", Text),
    Column("id_number_bidx", String(64), index=True),
    Column("phone_enc", Text),
    Column("address_enc", Text),
    Column("created_at", TS, nullable=False),
)

travel_documents = Table(
    "travel_documents",
    metadata,
    Column("id", ID, primary_key=True),
    Column("person_id", ForeignKey("persons.id"), nullable=False, index=True),
    Column("doc_type", String(40), nullable=False),
    Column("issuing_state", String(3), nullable=False),
    Column("number_enc", Text, nullable=False),
    Column("number_bidx", String(64), nullable=False),
    Column("number_fuzzy_bidx", String(64), index=True),
    Column("issued_on", Date, nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", TS, nullable=False),
    Index("ix_travel_documents_number_bidx", "number_bidx"),
)

movements = Table(
    "movements",
    metadata,
    Column("id", ID, primary_key=True),
    Column("person_id", ForeignKey("persons.id"), nullable=False, index=True),
    Column("document_id", ForeignKey("travel_documents.id"), nullable=False),
    Column("port_code", ForeignKey("ports.code"), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("lane", String(8), nullable=False),
    Column("occurred_at", TS, nullable=False),
    Column("decision", String(8), nullable=False),
    Column("reason_codes", Text, nullable=False),
    Column("operator", String(128), nullable=False),
    Column("traveller_group", String(32), nullable=False),
    # Written by the clearance pipeline (issue #5); NULL on rows from before it (demo data).
    Column("lane_id", String(16)),
    Column("permitted_until", Date, index=True),
    Column("entry_movement_id", String(32)),
    Column("stay_days", Integer),
    Column("overstay", Boolean),
    Column("versions", Text),
    Column("explanation_enc", Text),
    Column("flags", Text),
    Index("ix_movements_port_time", "port_code", "occurred_at"),
    Index("ix_movements_document_time", "document_id", "occurred_at"),
)

document_events = Table(
    "document_events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("document_id", ForeignKey("travel_documents.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("recorded_at", TS, nullable=False),
    Column("recorded_by", String(128), nullable=False),
    Column("occurred_on", Date),
    Column("place", String(200), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("authority", String(200), nullable=False),
    Column("superseded_by", ID),
)

alert_batches = Table(
    "alert_batches",
    metadata,
    Column("id", ID, primary_key=True),
    Column("source", String(64), nullable=False),
    Column("imported_at", TS, nullable=False),
    Column("imported_by", String(128), nullable=False),
    Column("rows", Integer, nullable=False),
)

document_alerts = Table(
    "document_alerts",
    metadata,
    Column("id", ID, primary_key=True),
    Column("batch_id", ForeignKey("alert_batches.id"), nullable=False, index=True),
    Column("source", String(64), nullable=False),
    Column("issuing_state", String(3), nullable=False),
    Column("number_enc", Text, nullable=False),
    Column("number_bidx", String(64), nullable=False, index=True),
    Column("number_fuzzy_bidx", String(64), nullable=False, index=True),
    Column("doc_type", String(8), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reported_on", Date),
)

# Watchlists (边控/布控 lists): the list as issued, its versions under four eyes, the current
# entries (personal data of each listed person sealed as one JSON payload), and each version's
# pending or applied changes.
LIST_ID = String(128)

watchlists = Table(
    "watchlists",
    metadata,
    Column("list_id", LIST_ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("list_type", String(16), nullable=False),
    Column("issuing_authority", String(200), nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("action_instructions", Text, nullable=False),
    Column("priority", Integer, nullable=False),
    Column("valid_from", Date),
    Column("valid_until", Date),
    Column("created_at", TS, nullable=False),
)

watchlist_versions = Table(
    "watchlist_versions",
    metadata,
    Column("id", ID, primary_key=True),
    Column("list_id", ForeignKey("watchlists.list_id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("source", String(300), nullable=False),
    Column("author", String(160), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", String(160)),
    Column("decided_at", TS),
    Column("comment", Text, nullable=False),
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),  # bad records left out (--skip-bad)
    UniqueConstraint("list_id", "number", name="uq_watchlist_versions_list_number"),
)

watchlist_entries = Table(
    "watchlist_entries",
    metadata,
    Column("list_id", ForeignKey("watchlists.list_id"), primary_key=True),
    Column("entry_id", LIST_ID, primary_key=True),
    Column("list_type", String(16), nullable=False),
    Column("payload_enc", Text, nullable=False),
    Column("valid_from", Date),
    Column("valid_until", Date),
    Column("version_id", ForeignKey("watchlist_versions.id"), nullable=False),
    Column("removed_in_version", ForeignKey("watchlist_versions.id")),
)

watchlist_changes = Table(
    "watchlist_changes",
    metadata,
    Column("version_id", ForeignKey("watchlist_versions.id"), primary_key=True),
    Column("entry_id", LIST_ID, primary_key=True),
    Column("change", String(8), nullable=False),  # added, changed, removed
    Column("fields", Text, nullable=False),  # changed field names, comma-separated
    Column("payload_enc", Text),  # the entry after the change; NULL for a removal
)

# Sealed columns per table, for key rotation and the plaintext scan.
SEALED_COLUMNS: dict[str, tuple[str, ...]] = {
    "users": ("display_name_enc",),
    "persons": (
        "surname_enc",
        "given_names_enc",
        "name_local_enc",
        "birth_date_enc",
        "id_number_enc",
        "phone_enc",
        "address_enc",
    ),
    "travel_documents": ("number_enc",),
    "document_alerts": ("number_enc",),
    "watchlist_entries": ("payload_enc",),
    "watchlist_changes": ("payload_enc",),
}
# One column, or several for a composite key (rotation pages through rows in key order).
PRIMARY_KEYS: dict[str, str | tuple[str, ...]] = {
    "users": "id",
    "persons": "id",
    "travel_documents": "id",
    "document_alerts": "id",
    "watchlist_entries": ("list_id", "entry_id"),
    "watchlist_changes": ("version_id", "entry_id"),
}

# Each capability keeps its tables in its own module on the same metadata, and adds its sealed
# columns to the lists above; importing them here registers them with Alembic and key rotation.
from guomen.adapters.db import (  # noqa: E402, F401
    tables_applications,
    tables_biometrics,
    tables_clearance,
    tables_flows,
    tables_portal,
    tables_screening_review,
)
