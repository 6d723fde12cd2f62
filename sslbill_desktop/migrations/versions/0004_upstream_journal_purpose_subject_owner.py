"""upstream journal purpose, subject, owner and result

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("upstream_journal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.String(length=32), server_default="", nullable=False))
        batch_op.add_column(sa.Column("subject_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("owner", sa.String(length=160), server_default="", nullable=False))
        batch_op.add_column(sa.Column("result", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("upstream_journal", schema=None) as batch_op:
        batch_op.drop_column("result")
        batch_op.drop_column("owner")
        batch_op.drop_column("subject_id")
        batch_op.drop_column("purpose")
