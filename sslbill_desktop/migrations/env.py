"""Alembic environment: runs on the connection `Database.migrate()` hands over."""

from __future__ import annotations

from alembic import context

import sslbill_desktop.models  # noqa: F401  (registers every table)
from sslbill_desktop.models.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - we always pass one
    raise RuntimeError("run migrations through sslbill_desktop.services.db.Database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
