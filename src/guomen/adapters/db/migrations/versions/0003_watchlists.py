"""watchlists: lists, versions under four eyes, sealed entries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 18:08:45.593837
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watchlists",
        sa.Column("list_id", sa.String(length=128), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("list_type", sa.String(length=16), nullable=False),
        sa.Column("issuing_authority", sa.String(length=200), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column("action_instructions", sa.Text(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("list_id", name=op.f("pk_watchlists")),
    )
    op.create_table(
        "watchlist_versions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("list_id", sa.String(length=128), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("author", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=160), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["watchlists.list_id"],
            name=op.f("fk_watchlist_versions_list_id_watchlists"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_versions")),
        sa.UniqueConstraint("list_id", "number", name="uq_watchlist_versions_list_number"),
    )
    op.create_table(
        "watchlist_changes",
        sa.Column("version_id", sa.String(length=32), nullable=False),
        sa.Column("entry_id", sa.String(length=128), nullable=False),
        sa.Column("change", sa.String(length=8), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("payload_enc", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["watchlist_versions.id"],
            name=op.f("fk_watchlist_changes_version_id_watchlist_versions"),
        ),
        sa.PrimaryKeyConstraint("version_id", "entry_id", name=op.f("pk_watchlist_changes")),
    )
    op.create_table(
        "watchlist_entries",
        sa.Column("list_id", sa.String(length=128), nullable=False),
        sa.Column("entry_id", sa.String(length=128), nullable=False),
        sa.Column("list_type", sa.String(length=16), nullable=False),
        sa.Column("payload_enc", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("version_id", sa.String(length=32), nullable=False),
        sa.Column("removed_in_version", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["list_id"],
            ["watchlists.list_id"],
            name=op.f("fk_watchlist_entries_list_id_watchlists"),
        ),
        sa.ForeignKeyConstraint(
            ["removed_in_version"],
            ["watchlist_versions.id"],
            name=op.f("fk_watchlist_entries_removed_in_version_watchlist_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["watchlist_versions.id"],
            name=op.f("fk_watchlist_entries_version_id_watchlist_versions"),
        ),
        sa.PrimaryKeyConstraint("list_id", "entry_id", name=op.f("pk_watchlist_entries")),
    )


def downgrade() -> None:
    op.drop_table("watchlist_entries")
    op.drop_table("watchlist_changes")
    op.drop_table("watchlist_versions")
    op.drop_table("watchlists")
