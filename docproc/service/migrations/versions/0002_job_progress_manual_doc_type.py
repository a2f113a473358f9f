"""Job progress (stage, pages done of total) and document types set by hand

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 14:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stage", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("pages_done", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pages_total", sa.Integer(), nullable=True))

    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("doc_type_manual", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("doc_type_manual")

    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("pages_total")
        batch_op.drop_column("pages_done")
        batch_op.drop_column("stage")
