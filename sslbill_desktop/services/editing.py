"""Helpers every editing use case shares: load a row for an edit, bump its version, save a new or
edited row with its audit entry, refuse to delete a row that others still point at.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import ForeignKey, func, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.base import Base, utcnow
from sslbill_desktop.services import audit
from sslbill_desktop.services.auth import Actor
from sslbill_desktop.services.errors import Conflict, NotFound, UserError
from sslbill_desktop.services.fields import MAX_ID
from sslbill_desktop.services.i18n import _, ngettext

T = TypeVar("T", bound=Base)


def load(s: Session, model: type[T], ident: object, version: int | None = None) -> T:
    """The row `ident` of `model`; `NotFound` when gone, `Conflict` when `version` is stale."""
    usable = (isinstance(ident, int) and not isinstance(ident, bool) and 1 <= ident <= MAX_ID) or (
        isinstance(ident, str) and ident.isprintable() and len(ident) <= 64
    )
    obj = s.get(model, ident) if usable else None
    if obj is None:
        raise NotFound(_("This record no longer exists: someone deleted it. Refresh the list."))
    if version is not None and getattr(obj, "version", None) != version:
        raise Conflict(
            _(
                "Someone else changed this record after you opened it. Nothing was overwritten: "
                "close the dialog, reopen it to see their changes, and make yours again."
            )
        )
    return obj


def touch(obj: Any) -> None:
    """Make the next flush UPDATE the row (and so bump `version`) even when only a many-to-many
    collection changed: a second workstation's stale edit is then refused."""
    obj.updated_at = utcnow()


def save_audited(
    s: Session,
    actor: Actor,
    entity: str,
    row: Any,
    apply: Callable[[], None],
    *,
    summary: Callable[[], str],
    snapshot: Callable[[Any], dict[str, Any]] | None = None,
) -> None:
    """Save `row` — new when it has no id yet, else loaded for an edit — after `apply()` checked
    the input and set it, and audit the change ("create" or "update", described by `summary()`).

    `snapshot` is what the audit keeps of the row (`audit.snapshot` by default; a row with
    many-to-many links adds their ids)."""
    take = snapshot or audit.snapshot
    new = row.id is None
    before = None if new else take(row)
    apply()
    if new:
        s.add(row)
    else:
        touch(row)
    s.flush()
    audit.record(
        s,
        actor,
        "create" if new else "update",
        entity,
        row.id,
        before=before,
        after=take(row),
        summary=summary(),
    )


def _describe(table: str, count: int) -> str:
    if table == "departments":
        return ngettext("{n} department", "{n} departments", count).format(n=count)
    if table == "processing_modules":
        return ngettext("{n} processing module", "{n} processing modules", count).format(n=count)
    if table == "clients":
        return ngettext("{n} client", "{n} clients", count).format(n=count)
    if table == "client_accounts":
        return ngettext("{n} client account", "{n} client accounts", count).format(n=count)
    if table == "tariff_plans":
        return ngettext("{n} tariff plan", "{n} tariff plans", count).format(n=count)
    return _("{n} × {table}").format(n=count, table=table.replace("_", " "))


def blocking_references(s: Session, obj: Base) -> list[tuple[str, int]]:
    """Rows of other tables that point at `obj` through a foreign key that forbids deleting it
    (RESTRICT / NO ACTION), as `(table name, count)`.

    Any table declared on the models (a tariff plan's template or processing module columns, a
    client's provider or group...) is found without this module knowing about it.
    """
    import sslbill_desktop.models  # noqa: F401  (registers every table)

    target = obj.__table__
    found: list[tuple[str, int]] = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is not target or not _blocks(fk):
                continue
            value = getattr(obj, fk.column.key)
            count = s.scalar(select(func.count()).select_from(table).where(fk.parent == value)) or 0
            if count:
                found.append((table.name, count))
    return found


def _blocks(fk: ForeignKey) -> bool:
    return (fk.ondelete or "NO ACTION").upper() in {"RESTRICT", "NO ACTION"}


def refuse_if_used(s: Session, obj: Base, what: str) -> None:
    """Raise `UserError` naming the users of `obj` when something still points at it."""
    used = blocking_references(s, obj)
    if used:
        raise UserError(
            _("{what} cannot be deleted while it is used by {users}.").format(
                what=what, users=", ".join(_describe(table, count) for table, count in used)
            )
        )


def name_taken(s: Session, column: Any, name: str, exclude_id: int | None, *where: Any) -> bool:
    """Whether another row already has `name` in `column`, ignoring case the same way on every
    database (SQLite's LOWER() knows only ASCII). Fine for the small set-up tables."""
    model = column.class_
    wanted = name.casefold()
    rows = s.execute(select(model.id, column).where(*where))
    return any(ident != exclude_id and str(value).casefold() == wanted for ident, value in rows)
