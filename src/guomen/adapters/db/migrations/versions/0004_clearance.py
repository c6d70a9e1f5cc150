"""clearance: movements extended for the pipeline, idempotency keys, referrals, trips, journal

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _new_movement_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("lane_id", sa.String(length=16), nullable=True),
        sa.Column("permitted_until", sa.Date(), nullable=True),
        sa.Column("entry_movement_id", sa.String(length=32), nullable=True),
        sa.Column("stay_days", sa.Integer(), nullable=True),
        sa.Column("overstay", sa.Boolean(), nullable=True),
        sa.Column("versions", sa.Text(), nullable=True),
        sa.Column("explanation_enc", sa.Text(), nullable=True),
        sa.Column("flags", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    for column in _new_movement_columns():
        op.add_column("movements", column)
    op.create_index(
        op.f("ix_movements_permitted_until"), "movements", ["permitted_until"], unique=False
    )
    op.create_index(
        "ix_movements_document_time", "movements", ["document_id", "occurred_at"], unique=False
    )
    op.create_index(
        "ix_movements_person_time", "movements", ["person_id", "occurred_at"], unique=False
    )
    op.create_table(
        "clearance_requests",
        sa.Column("caller", sa.String(length=32), nullable=False),
        sa.Column("idem_key", sa.String(length=128), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("movement_id", sa.String(length=32), nullable=False),
        sa.Column("answer_enc", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("caller", "idem_key", name=op.f("pk_clearance_requests")),
    )
    op.create_table(
        "referrals",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("movement_id", sa.String(length=32), nullable=False),
        sa.Column("port_code", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("lane", sa.String(length=8), nullable=False),
        sa.Column("reason_codes", sa.Text(), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=True),
        sa.Column("officer", sa.String(length=128), nullable=True),
        sa.Column("outcome_reason_enc", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome_movement_id", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["movement_id"], ["movements.id"], name=op.f("fk_referrals_movement_id_movements")
        ),
        sa.ForeignKeyConstraint(
            ["port_code"], ["ports.code"], name=op.f("fk_referrals_port_code_ports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    op.create_index(op.f("ix_referrals_movement_id"), "referrals", ["movement_id"], unique=False)
    op.create_index("ix_referrals_status_port", "referrals", ["status", "port_code"], unique=False)
    op.create_table(
        "endorsement_trips",
        sa.Column("document_bidx", sa.String(length=64), nullable=False),
        sa.Column("endorsement", sa.String(length=64), nullable=False),
        sa.Column("movement_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint(
            "document_bidx", "endorsement", "movement_id", name=op.f("pk_endorsement_trips")
        ),
    )
    op.create_table(
        "first_seen_documents",
        sa.Column("document_id", sa.String(length=32), nullable=False),
        sa.Column("unverified", sa.Boolean(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["travel_documents.id"],
            name=op.f("fk_first_seen_documents_document_id_travel_documents"),
        ),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_first_seen_documents")),
    )
    op.create_table(
        "journal_applied",
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_journal_applied")),
    )


def downgrade() -> None:
    op.drop_table("journal_applied")
    op.drop_table("first_seen_documents")
    op.drop_table("endorsement_trips")
    op.drop_index("ix_referrals_status_port", table_name="referrals")
    op.drop_index(op.f("ix_referrals_movement_id"), table_name="referrals")
    op.drop_table("referrals")
    op.drop_table("clearance_requests")
    op.drop_index("ix_movements_person_time", table_name="movements")
    op.drop_index("ix_movements_document_time", table_name="movements")
    op.drop_index(op.f("ix_movements_permitted_until"), table_name="movements")
    with op.batch_alter_table("movements") as batch:
        for column in reversed(_new_movement_columns()):
            batch.drop_column(column.name)
