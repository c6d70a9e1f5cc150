"""flows: tables of the flows capability

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flow_rosters",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("port_code", sa.String(length=32), nullable=False),
        sa.Column("start_day", sa.Date(), nullable=False),
        sa.Column("end_day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("officers", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["port_code"], ["ports.code"], name=op.f("fk_flow_rosters_port_code_ports")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_rosters")),
    )
    op.create_index(
        "ix_flow_rosters_port_start", "flow_rosters", ["port_code", "start_day"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_flow_rosters_port_start", table_name="flow_rosters")
    op.drop_table("flow_rosters")
