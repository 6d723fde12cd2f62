"""order list: the expiry index also holds the columns the free-text filter reads

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # (expires_on, id) grows into (expires_on, id, common_name, upstream_certificate_id,
    # client_id): the list's default sort reads it, and a text filter is decided on it alone.
    op.drop_index("ix_certificate_orders_expires", table_name="certificate_orders")
    op.create_index(
        "ix_certificate_orders_expires_list",
        "certificate_orders",
        ["expires_on", "id", "common_name", "upstream_certificate_id", "client_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_certificate_orders_expires_list", table_name="certificate_orders")
    op.create_index("ix_certificate_orders_expires", "certificate_orders", ["expires_on", "id"], unique=False)
