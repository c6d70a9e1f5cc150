"""portal: applicant accounts, one-time codes, notifications outbox, payments

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)
ID = sa.String(length=32)


def upgrade() -> None:
    op.create_table(
        "portal_applicants",
        sa.Column("id", ID, nullable=False),
        sa.Column("contact_kind", sa.String(length=8), nullable=False),
        sa.Column("contact_enc", sa.Text(), nullable=False),
        sa.Column("contact_bidx", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("last_login_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_applicants")),
        sa.UniqueConstraint("contact_bidx", name=op.f("uq_portal_applicants_contact_bidx")),
    )
    op.create_table(
        "portal_codes",
        sa.Column("id", ID, nullable=False),
        sa.Column("contact_bidx", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("used_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_codes")),
    )
    op.create_index("ix_portal_codes_contact_bidx", "portal_codes", ["contact_bidx"])
    op.create_table(
        "portal_sessions",
        sa.Column("id_hash", sa.String(length=64), nullable=False),
        sa.Column("applicant_id", ID, nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("expires_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"],
            ["portal_applicants.id"],
            name=op.f("fk_portal_sessions_applicant_id_portal_applicants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_portal_sessions")),
    )
    op.create_index("ix_portal_sessions_applicant_id", "portal_sessions", ["applicant_id"])
    op.create_table(
        "portal_outbox",
        sa.Column("id", ID, nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("recipient_enc", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body_enc", sa.Text(), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("error", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_outbox")),
    )
    op.create_index("ix_portal_outbox_created_at", "portal_outbox", ["created_at"])
    op.create_table(
        "portal_payments",
        sa.Column("id", ID, nullable=False),
        sa.Column("application_id", ID, nullable=False),
        sa.Column("payer", sa.String(length=64), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("gateway_txn", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("paid_at", TS, nullable=True),
        sa.Column("callbacks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_payments")),
        sa.UniqueConstraint("application_id", name=op.f("uq_portal_payments_application_id")),
    )
    op.create_table(
        "portal_links",
        sa.Column("applicant_id", ID, nullable=False),
        sa.Column("application_id", ID, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["applicant_id"],
            ["portal_applicants.id"],
            name=op.f("fk_portal_links_applicant_id_portal_applicants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("applicant_id", "application_id", name=op.f("pk_portal_links")),
    )


def downgrade() -> None:
    op.drop_table("portal_links")
    op.drop_table("portal_payments")
    op.drop_index("ix_portal_outbox_created_at", table_name="portal_outbox")
    op.drop_table("portal_outbox")
    op.drop_index("ix_portal_sessions_applicant_id", table_name="portal_sessions")
    op.drop_table("portal_sessions")
    op.drop_index("ix_portal_codes_contact_bidx", table_name="portal_codes")
    op.drop_table("portal_codes")
    op.drop_table("portal_applicants")
