"""Data centers (Integration → Data centers): where a processing module's services live.

Fields as in the source: a name per localization (the default localization's is required), an
external data center id (left blank by default) and a sorting position 1..N (the lowest first;
equal positions sort by name). A data center used by a processing module cannot be deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.infrastructure import DataCenter
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, refuse_if_used, save_audited
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import languages_in

ENTITY = "data_center"


@dataclass(frozen=True)
class DataCenterRecord:
    id: int
    name: dict[str, str]
    #: The name in the UI language (or the default localization's).
    title: str
    external_id: str
    sorting: int
    version: int


def _record(row: DataCenter, languages: Languages) -> DataCenterRecord:
    return DataCenterRecord(
        row.id,
        dict(row.name),
        fields.pick(row.name, languages.default),
        row.external_id,
        row.sorting,
        row.version,
    )


def next_sorting(s: Session) -> int:
    return min((s.scalar(select(func.max(DataCenter.sorting))) or 0) + 1, fields.MAX_SORTING)


def field_problems(
    languages: Languages, *, name: object, external_id: object = "", sorting: object = 1
) -> list[ValidationError]:
    """What the data center dialog reports before saving (no database needed)."""
    checks: tuple[Callable[[], object], ...] = (
        lambda: fields.localized("name", name, languages),
        lambda: fields.line("external_id", external_id, max_length=100),
        lambda: fields.sorting("sorting", sorting),
    )
    return fields.problems(checks)


def _apply(
    s: Session, row: DataCenter, name: Mapping[str, str], external_id: str, sorting: int | str | None
) -> None:
    languages = languages_in(s)
    row.name = fields.localized("name", name, languages)
    row.external_id = fields.line("external_id", external_id, max_length=100)
    row.sorting = next_sorting(s) if sorting is None else fields.sorting("sorting", sorting)


def list_data_centers(db: Database, actor: Actor) -> list[DataCenterRecord]:
    """Sorted as the source says: by sorting position, then by name."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        languages = languages_in(s)
        rows = [_record(x, languages) for x in s.scalars(select(DataCenter))]
    return sorted(rows, key=lambda r: (r.sorting, r.title.casefold(), r.id))


def get_data_center(db: Database, actor: Actor, data_center_id: int) -> DataCenterRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(load(s, DataCenter, data_center_id), languages_in(s))


def create_data_center(
    db: Database,
    actor: Actor,
    *,
    name: Mapping[str, str],
    external_id: str = "",
    sorting: int | str | None = None,
) -> DataCenterRecord:
    """`sorting=None` puts the new data center last."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    return _save(db, actor, None, name, external_id, sorting)


def update_data_center(
    db: Database,
    actor: Actor,
    data_center_id: int,
    *,
    version: int,
    name: Mapping[str, str],
    external_id: str,
    sorting: int | str,
) -> DataCenterRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    return _save(db, actor, (data_center_id, version), name, external_id, sorting)


def _save(
    db: Database,
    actor: Actor,
    edited: tuple[int, int] | None,
    name: Mapping[str, str],
    external_id: str,
    sorting: int | str | None,
) -> DataCenterRecord:
    """Create a data center (`edited` None) or update the `(id, version)` one, audited."""
    with db.uow() as s:
        row = DataCenter() if edited is None else load(s, DataCenter, *edited)
        languages = languages_in(s)
        save_audited(
            s,
            actor,
            ENTITY,
            row,
            lambda: _apply(s, row, name, external_id, sorting),
            summary=lambda: fields.pick(row.name, languages.default),
        )
        return _record(row, languages)


def delete_data_center(db: Database, actor: Actor, data_center_id: int, *, version: int) -> None:
    """Refused while a processing module uses the data center."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, DataCenter, data_center_id, version)
        title = fields.pick(row.name, languages_in(s).default)
        refuse_if_used(s, row, _("The data center {name}").format(name=title))
        before = audit.snapshot(row)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, data_center_id, before=before, summary=title)
