"""screening review: the hit review queue and remembered dismissals

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "screening_hits",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=True),
        sa.Column("list_id", sa.String(length=128), nullable=False),
        sa.Column("entry_id", sa.String(length=128), nullable=False),
        sa.Column("entry_version", sa.String(length=32), nullable=False),
        sa.Column("list_type", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("explanation_enc", sa.Text(), nullable=False),
        sa.Column("algorithm", sa.String(length=64), nullable=False),
        sa.Column("algorithm_version", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("subject_ref", sa.String(length=128), nullable=False),
        sa.Column("port_code", sa.String(length=32), nullable=True),
        sa.Column("query_enc", sa.Text(), nullable=True),
        sa.Column("entry_enc", sa.Text(), nullable=True),
        sa.Column("entry_valid_until", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewer", sa.String(length=160), nullable=True),
        sa.Column("reason_enc", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_hits")),
    )
    op.create_index(
        op.f("ix_screening_hits_person_id"), "screening_hits", ["person_id"], unique=False
    )
    op.create_index(
        "ix_screening_hits_status_created", "screening_hits", ["status", "created_at"], unique=False
    )
    op.create_table(
        "screening_dismissals",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("hit_id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("list_id", sa.String(length=128), nullable=False),
        sa.Column("entry_id", sa.String(length=128), nullable=False),
        sa.Column("entry_version", sa.String(length=32), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=160), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason_enc", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hit_id"],
            ["screening_hits.id"],
            name=op.f("fk_screening_dismissals_hit_id_screening_hits"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_dismissals")),
    )
    op.create_index(
        op.f("ix_screening_dismissals_person_id"),
        "screening_dismissals",
        ["person_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_screening_dismissals_person_id"), table_name="screening_dismissals")
    op.drop_table("screening_dismissals")
    op.drop_index("ix_screening_hits_status_created", table_name="screening_hits")
    op.drop_index(op.f("ix_screening_hits_person_id"), table_name="screening_hits")
    op.drop_table("screening_hits")
