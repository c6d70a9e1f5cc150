"""document registry: status events, external alerts, OCR-tolerant index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 17:35:53.404898
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_batches",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=128), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_batches")),
    )
    op.create_table(
        "document_alerts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("batch_id", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("issuing_state", sa.String(length=3), nullable=False),
        sa.Column("number_enc", sa.Text(), nullable=False),
        sa.Column("number_bidx", sa.String(length=64), nullable=False),
        sa.Column("number_fuzzy_bidx", sa.String(length=64), nullable=False),
        sa.Column("doc_type", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["alert_batches.id"],
            name=op.f("fk_document_alerts_batch_id_alert_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_alerts")),
    )
    with op.batch_alter_table("document_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_alerts_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_document_alerts_number_bidx"), ["number_bidx"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_alerts_number_fuzzy_bidx"), ["number_fuzzy_bidx"], unique=False
        )

    op.create_table(
        "document_events",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("document_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("authority", sa.String(length=200), nullable=False),
        sa.Column("superseded_by", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["travel_documents.id"],
            name=op.f("fk_document_events_document_id_travel_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_events")),
    )
    with op.batch_alter_table("document_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_events_document_id"), ["document_id"], unique=False
        )

    with op.batch_alter_table("travel_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number_fuzzy_bidx", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_travel_documents_number_fuzzy_bidx"), ["number_fuzzy_bidx"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("travel_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_travel_documents_number_fuzzy_bidx"))
        batch_op.drop_column("number_fuzzy_bidx")

    with op.batch_alter_table("document_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_events_document_id"))

    op.drop_table("document_events")
    with op.batch_alter_table("document_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_alerts_number_fuzzy_bidx"))
        batch_op.drop_index(batch_op.f("ix_document_alerts_number_bidx"))
        batch_op.drop_index(batch_op.f("ix_document_alerts_batch_id"))

    op.drop_table("document_alerts")
    op.drop_table("alert_batches")
