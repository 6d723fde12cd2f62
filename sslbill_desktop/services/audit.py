"""The audit trail: every change made by staff is recorded in the same transaction as the change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sslbill_desktop.models.audit import AuditEntry
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database

#: Columns never copied into the audit log (secrets and bookkeeping).
_NEVER_AUDITED = frozenset({"password_hash", "created_at", "updated_at", "version", "key_ciphertext"})


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The audited column values of an ORM object, as JSON-ready plain data."""
    table = obj.__table__
    return {c.key: _plain(getattr(obj, c.key)) for c in table.columns if c.key not in _NEVER_AUDITED}


def record(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> None:
    """Add one audit row; only the fields that changed are kept for an update."""
    if before is not None and after is not None:
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    session.add(
        AuditEntry(
            staff_id=actor.staff_id,
            staff_login=actor.login,
            action=action,
            entity=entity,
            entity_id=entity_id,
            summary=summary[:500],
            before=_plain(before) if before is not None else None,
            after=_plain(after) if after is not None else None,
        )
    )


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    staff_login: str
    action: str
    entity: str
    entity_id: int | None
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def list_entries(
    db: Database, actor: Actor, *, entity: str | None = None, entity_id: int | None = None, limit: int = 500
) -> list[AuditRow]:
    require(actor, Permission.READ_AUDIT)
    with db.uow() as s:
        query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if entity is not None:
            query = query.where(AuditEntry.entity == entity)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        return [
            AuditRow(e.id, e.at, e.staff_login, e.action, e.entity, e.entity_id, e.summary, e.before, e.after)
            for e in s.scalars(query)
        ]
