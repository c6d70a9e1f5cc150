"""biometrics: tables of the biometrics capability

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "face_templates",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("person_id", sa.String(length=64), nullable=False),
        sa.Column("template_enc", sa.Text(), nullable=False),
        sa.Column("algorithm", sa.String(length=64), nullable=False),
        sa.Column("algorithm_version", sa.String(length=64), nullable=False),
        sa.Column("quality_codes", sa.String(length=256), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enrolled_by", sa.String(length=128), nullable=False),
        sa.Column("retain_until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_templates")),
    )
    op.create_index("ix_face_templates_person_id", "face_templates", ["person_id"])
    op.create_index("ix_face_templates_retain_until", "face_templates", ["retain_until"])


def downgrade() -> None:
    op.drop_index("ix_face_templates_retain_until", table_name="face_templates")
    op.drop_index("ix_face_templates_person_id", table_name="face_templates")
    op.drop_table("face_templates")
