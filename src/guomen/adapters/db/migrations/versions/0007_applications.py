"""applications: applications, history, appointment slots and bookings, hall tickets,
loaded working-day calendars, office hours

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

TABLES = (
    "appointment_bookings",
    "application_events",
    "office_hours",
    "hall_tickets",
    "appointment_slots",
    "applications",
    "application_calendar_years",
)


def upgrade() -> None:
    op.create_table(
        "application_calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("holidays", sa.Text(), nullable=False),
        sa.Column("workdays", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("loaded_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_application_calendar_years")),
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("applicant_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=True),
        sa.Column("app_type", sa.String(length=40), nullable=False),
        sa.Column("office_code", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("applicant_key_bidx", sa.String(length=64), nullable=False),
        sa.Column("open_key", sa.String(length=120), nullable=True),
        sa.Column("surname_enc", sa.Text(), nullable=False),
        sa.Column("given_names_enc", sa.Text(), nullable=False),
        sa.Column("name_zh_enc", sa.Text(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_date_enc", sa.Text(), nullable=False),
        sa.Column("nationality", sa.String(length=3), nullable=False),
        sa.Column("id_number_enc", sa.Text(), nullable=False),
        sa.Column("foreign_document_number_enc", sa.Text(), nullable=False),
        sa.Column("phone_enc", sa.Text(), nullable=False),
        sa.Column("email_enc", sa.Text(), nullable=False),
        sa.Column("address_enc", sa.Text(), nullable=False),
        sa.Column("delivery_address_enc", sa.Text(), nullable=False),
        sa.Column("endorsement_code", sa.String(length=1), nullable=True),
        sa.Column("endorsement_months", sa.Integer(), nullable=True),
        sa.Column("endorsement_trips", sa.String(length=16), nullable=True),
        sa.Column("endorsement_destination", sa.String(length=16), nullable=True),
        sa.Column("replacement_reason", sa.String(length=16), nullable=True),
        sa.Column("previous_document_number_enc", sa.Text(), nullable=False),
        sa.Column("green", sa.String(length=100), nullable=False),
        sa.Column("fee_fen", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payment_ref", sa.String(length=64), nullable=True),
        sa.Column("paid_fen", sa.Integer(), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by", sa.String(length=64), nullable=False),
        sa.Column("accepted_by_name", sa.String(length=128), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("rejection_reason_enc", sa.Text(), nullable=False),
        sa.Column("hold_reason_enc", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_document_id", sa.String(length=32), nullable=True),
        sa.Column("document_number_enc", sa.Text(), nullable=False),
        sa.Column("mrz_enc", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("open_key", name=op.f("uq_applications_open_key")),
        sa.UniqueConstraint("reference", name=op.f("uq_applications_reference")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applications_applicant_id"), ["applicant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_applications_applicant_key_bidx"), ["applicant_key_bidx"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_applications_office_code"), ["office_code"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_applications_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_applications_status"), ["status"], unique=False)

    op.create_table(
        "appointment_slots",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("office_code", sa.String(length=32), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "booked >= 0 AND booked <= capacity", name=op.f("ck_appointment_slots_seats")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_slots")),
        sa.UniqueConstraint("office_code", "starts_at", name="uq_appointment_slots_office_start"),
    )
    op.create_table(
        "hall_tickets",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("office_code", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("number", sa.String(length=8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("green", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("application_id", sa.String(length=32), nullable=True),
        sa.Column("window", sa.String(length=16), nullable=False),
        sa.Column("called_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hall_tickets")),
        sa.UniqueConstraint("office_code", "day", "green", "seq", name="uq_hall_tickets_number"),
    )
    with op.batch_alter_table("hall_tickets", schema=None) as batch_op:
        batch_op.create_index("ix_hall_tickets_office_day", ["office_code", "day"], unique=False)

    op.create_table(
        "office_hours",
        sa.Column("office_code", sa.String(length=32), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("opens", sa.String(length=5), nullable=False),
        sa.Column("closes", sa.String(length=5), nullable=False),
        sa.Column("lunch_start", sa.String(length=5), nullable=True),
        sa.Column("lunch_end", sa.String(length=5), nullable=True),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("windows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("office_code", name=op.f("pk_office_hours")),
    )
    op.create_table(
        "application_events",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("application_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("actor_id", sa.String(length=64), nullable=False),
        sa.Column("transition", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("reason_enc", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_events_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
    )
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_events_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "appointment_bookings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("slot_id", sa.String(length=32), nullable=False),
        sa.Column("application_id", sa.String(length=32), nullable=False),
        sa.Column("applicant_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("active_key", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_appointment_bookings_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["appointment_slots.id"],
            name=op.f("fk_appointment_bookings_slot_id_appointment_slots"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appointment_bookings")),
        sa.UniqueConstraint("active_key", name=op.f("uq_appointment_bookings_active_key")),
    )
    with op.batch_alter_table("appointment_bookings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_appointment_bookings_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_appointment_bookings_slot_id"), ["slot_id"], unique=False
        )


def downgrade() -> None:
    for name in TABLES:
        op.drop_table(name)
