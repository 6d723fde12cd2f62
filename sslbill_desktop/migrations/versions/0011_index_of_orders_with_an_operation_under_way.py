"""orders: a partial index of the orders with an operation under way (pending)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The daily run looks for automatic renewals left pending (orphaned by a killed run, or waiting
    # for an unreachable upstream): a handful among every order, found without reading them all.
    op.create_index(
        "ix_certificate_orders_pending",
        "certificate_orders",
        ["id"],
        unique=False,
        sqlite_where=sa.text("pending IS NOT NULL"),
        postgresql_where=sa.text("pending IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_certificate_orders_pending", table_name="certificate_orders")
