"""Tables of the applications capability (see :mod:`guomen.adapters.db.tables` for conventions).

Define tables on the shared ``metadata``; list sealed columns in ``SEALED`` and the primary key
of each sealed table in ``KEYS`` (key rotation and the plaintext scan read them).

Integrity in the database, not only in code:

* ``applications.open_key`` (applicant blind index + type while the application is open, NULL
  once closed) is unique: two concurrent submissions of the same application cannot both land;
* ``appointment_slots.booked`` only grows through ``UPDATE … SET booked = booked + 1 WHERE
  booked < capacity`` and a check constraint keeps it within ``0 … capacity``;
* ``appointment_bookings.active_key`` (the application id while booked) is unique: one
  active booking per application;
* ``hall_tickets`` numbers are unique per office, day and queue.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from guomen.adapters.db.tables import ID, PRIMARY_KEYS, SEALED_COLUMNS, TS, metadata

__all__ = ["KEYS", "SEALED", "metadata"]

applications = Table(
    "applications",
    metadata,
    Column("id", ID, primary_key=True),
    Column("reference", String(32), nullable=False, unique=True),
    Column("applicant_id", String(64), nullable=False, index=True),
    Column("person_id", ID, index=True),
    Column("app_type", String(40), nullable=False),
    Column("office_code", String(32), nullable=False, index=True),
    Column("status", String(20), nullable=False, index=True),
    Column("channel", String(16), nullable=False),
    Column("applicant_key_bidx", String(64), nullable=False, index=True),
    Column("open_key", String(120), unique=True),
    Column("surname_enc", Text, nullable=False),
    Column("given_names_enc", Text, nullable=False),
    Column("name_zh_enc", Text, nullable=False),
    Column("sex", String(1), nullable=False),
    Column("birth_date_enc", Text, nullable=False),
    Column("nationality", String(3), nullable=False),
    Column("id_number_enc", Text, nullable=False),
    Column("foreign_document_number_enc", Text, nullable=False),
    Column("phone_enc", Text, nullable=False),
    Column("email_enc", Text, nullable=False),
    Column("address_enc", Text, nullable=False),
    Column("delivery_address_enc", Text, nullable=False),
    Column("endorsement_code", String(1)),
    Column("endorsement_months", Integer),
    Column("endorsement_trips", String(16)),
    Column("endorsement_destination", String(16)),
    Column("replacement_reason", String(16)),
    Column("previous_document_number_enc", Text, nullable=False),
    Column("green", String(100), nullable=False),
    Column("fee_fen", Integer, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("payment_ref", String(64)),
    Column("paid_fen", Integer),
    Column("paid_at", TS),
    Column("created_at", TS, nullable=False),
    Column("submitted_at", TS),
    Column("accepted_at", TS),
    Column("accepted_by", String(64), nullable=False),
    Column("accepted_by_name", String(128), nullable=False),
    Column("due_on", Date),
    Column("decided_at", TS),
    Column("decided_by", String(64), nullable=False),
    Column("rejection_reason_enc", Text, nullable=False),
    Column("hold_reason_enc", Text, nullable=False),
    Column("issued_at", TS),
    Column("issued_document_id", ID),
    Column("document_number_enc", Text, nullable=False),
    Column("mrz_enc", Text, nullable=False),
    Column("closed_at", TS),
    Column("version", Integer, nullable=False),
)

application_events = Table(
    "application_events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("application_id", ForeignKey("applications.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("at", TS, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("actor_id", String(64), nullable=False),
    Column("transition", String(32), nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    Column("reason_enc", Text, nullable=False),
    Column("detail", Text, nullable=False),
)

appointment_slots = Table(
    "appointment_slots",
    metadata,
    Column("id", ID, primary_key=True),
    Column("office_code", String(32), nullable=False),
    Column("starts_at", TS, nullable=False),
    Column("ends_at", TS, nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("booked", Integer, nullable=False),
    UniqueConstraint("office_code", "starts_at", name="uq_appointment_slots_office_start"),
    CheckConstraint("booked >= 0 AND booked <= capacity", name="seats"),
)

appointment_bookings = Table(
    "appointment_bookings",
    metadata,
    Column("id", ID, primary_key=True),
    Column("slot_id", ForeignKey("appointment_slots.id"), nullable=False, index=True),
    Column("application_id", ForeignKey("applications.id"), nullable=False, index=True),
    Column("applicant_id", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("active_key", String(32), unique=True),
    Column("created_at", TS, nullable=False),
    Column("cancelled_at", TS),
)

hall_tickets = Table(
    "hall_tickets",
    metadata,
    Column("id", ID, primary_key=True),
    Column("office_code", String(32), nullable=False),
    Column("day", Date, nullable=False),
    Column("number", String(8), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("green", Boolean, nullable=False),
    Column("status", String(16), nullable=False),
    Column("issued_at", TS, nullable=False),
    Column("application_id", ID),
    Column("window", String(16), nullable=False),
    Column("called_at", TS),
    Column("done_at", TS),
    UniqueConstraint("office_code", "day", "green", "seq", name="uq_hall_tickets_number"),
    Index("ix_hall_tickets_office_day", "office_code", "day"),
)

application_calendar_years = Table(
    "application_calendar_years",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("holidays", Text, nullable=False),
    Column("workdays", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("loaded_at", TS, nullable=False),
    Column("loaded_by", String(128), nullable=False),
)

office_hours = Table(
    "office_hours",
    metadata,
    Column("office_code", String(32), primary_key=True),
    Column("capacity", Integer, nullable=False),
    Column("slot_minutes", Integer, nullable=False),
    Column("opens", String(5), nullable=False),
    Column("closes", String(5), nullable=False),
    Column("lunch_start", String(5)),
    Column("lunch_end", String(5)),
    Column("timezone", String(64), nullable=False),
    Column("windows", Integer, nullable=False),
)

SEALED: dict[str, tuple[str, ...]] = {
    "applications": (
        "surname_enc",
        "given_names_enc",
        "name_zh_enc",
        "birth_date_enc",
        "id_number_enc",
        "foreign_document_number_enc",
        "phone_enc",
        "email_enc",
        "address_enc",
        "delivery_address_enc",
        "previous_document_number_enc",
        "rejection_reason_enc",
        "hold_reason_enc",
        "document_number_enc",
        "mrz_enc",
    ),
    "application_events": ("reason_enc",),
}
KEYS: dict[str, str | tuple[str, ...]] = {"applications": "id", "application_events": "id"}

# Registered here, not read by tables.py: this module may be imported before tables.py is done.
SEALED_COLUMNS.update(SEALED)
PRIMARY_KEYS.update(KEYS)
