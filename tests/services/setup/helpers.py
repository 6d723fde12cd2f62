"""Small readers of the database for the set-up tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from sslbill_desktop.models.audit import AuditEntry
from sslbill_desktop.services.db import Database


def audit_entries(db: Database, entity: str, action: str | None = None) -> list[AuditEntry]:
    with db.uow() as s:
        query = select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
        if action is not None:
            query = query.where(AuditEntry.action == action)
        return list(s.scalars(query))


def count(db: Database, model: Any) -> int:
    with db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def table_counts(db: Database) -> dict[str, int]:
    """Rows per table of every set-up table (and the audit log): "nothing was written" checks."""
    from sslbill_desktop.models import (
        AuditEntry,
        BusinessHours,
        ClientGroup,
        DataCenter,
        Department,
        Employee,
        Localization,
        Provider,
        Template,
    )

    models = (
        AuditEntry,
        BusinessHours,
        ClientGroup,
        DataCenter,
        Department,
        Employee,
        Localization,
        Provider,
        Template,
    )
    return {m.__tablename__: count(db, m) for m in models}
