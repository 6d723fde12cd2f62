"""Departments (Provider → Departments): who processing-module tasks and support requests go to.

Main settings: a name per localization, business hours (optional), "show in support center" and
the task localization (one of the workspace's languages, the default one when not given).

Department settings — the providers whose clients see the department, the head of department
(an employee), the ticket category description and the sorting position — only mean something
when "show in support center" is on. **Decision: with the box off they are ignored, not
cleared**: the values sent are neither checked nor stored, and the values stored the last time the
box was on stay in the database, untouched, so turning the box back on brings them back. Code
that uses them (`support_center_departments`) looks at the box first. A new department created
with the box off gets empty settings and the next sorting position.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.infrastructure import BusinessHours, Department, Employee
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, refuse_if_used, save_audited
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import display_name, languages_in

ENTITY = "department"


@dataclass(frozen=True)
class DepartmentRecord:
    id: int
    name: dict[str, str]
    #: The name in the UI language (or the default localization's).
    title: str
    business_hours_id: int | None
    show_in_support_center: bool
    task_language: str
    # Department settings: stored, but only in effect with `show_in_support_center`.
    provider_ids: tuple[int, ...]
    head_employee_id: int | None
    ticket_category_description: str
    sorting: int
    version: int


def _record(row: Department, languages: Languages) -> DepartmentRecord:
    return DepartmentRecord(
        id=row.id,
        name=dict(row.name),
        title=fields.pick(row.name, languages.default),
        business_hours_id=row.business_hours_id,
        show_in_support_center=row.show_in_support_center,
        task_language=row.task_language,
        provider_ids=tuple(sorted(p.id for p in row.providers)),
        head_employee_id=row.head_employee_id,
        ticket_category_description=row.ticket_category_description,
        sorting=row.sorting,
        version=row.version,
    )


def _snapshot(row: Department) -> dict[str, object]:
    data = audit.snapshot(row)
    data["provider_ids"] = sorted(p.id for p in row.providers)
    return data


def _sorted(records: Iterable[DepartmentRecord]) -> list[DepartmentRecord]:
    return sorted(records, key=lambda r: (r.sorting, r.title.casefold(), r.id))


def next_sorting(s: Session) -> int:
    return min((s.scalar(select(func.max(Department.sorting))) or 0) + 1, fields.MAX_SORTING)


def field_problems(
    languages: Languages,
    *,
    name: object,
    show_in_support_center: bool,
    ticket_category_description: object = "",
    sorting: object = 1,
) -> list[ValidationError]:
    """What the department dialog reports before saving (no database needed). The department
    settings are checked only with "show in support center" on, as the service does."""
    checks: list[Callable[[], object]] = [lambda: fields.localized("name", name, languages)]
    if show_in_support_center:
        checks.append(lambda: fields.text_block("ticket_category_description", ticket_category_description))
        checks.append(lambda: fields.sorting("sorting", sorting))
    return fields.problems(checks)


@dataclass(frozen=True)
class _Input:
    """The values a department is saved with, as given (checked by `_apply`)."""

    name: Mapping[str, str]
    business_hours_id: int | None
    show_in_support_center: bool
    task_language: str | None
    provider_ids: Iterable[int]
    head_employee_id: int | None
    ticket_category_description: str
    #: None: a new department goes last, an edited one keeps its position.
    sorting: int | str | None


def _apply(s: Session, row: Department, given: _Input) -> None:
    languages = languages_in(s)
    clean_name = fields.localized("name", given.name, languages)
    hours_id = fields.reference("business_hours_id", given.business_hours_id)
    if hours_id is not None and s.get(BusinessHours, hours_id) is None:
        raise ValidationError("business_hours_id", _("these business hours no longer exist"))
    shown = fields.flag("show_in_support_center", given.show_in_support_center)
    language = languages.default if given.task_language is None else given.task_language
    if language not in languages:
        raise ValidationError(
            "task_language",
            _("{language} is not a localization of this workspace").format(
                language=display_name(str(language))
            ),
        )
    if shown:
        ids = fields.references("provider_ids", given.provider_ids)
        providers = [s.get(Provider, i) for i in ids]
        if any(p is None for p in providers):
            raise ValidationError("provider_ids", _("one of the chosen providers no longer exists"))
        head_id = fields.reference("head_employee_id", given.head_employee_id)
        if head_id is not None and s.get(Employee, head_id) is None:
            raise ValidationError("head_employee_id", _("this employee no longer exists"))
        description = fields.text_block("ticket_category_description", given.ticket_category_description)
        if given.sorting is None:
            position = next_sorting(s) if row.id is None else row.sorting
        else:
            position = fields.sorting("sorting", given.sorting)
        row.providers = [p for p in providers if p is not None]
        row.head_employee_id = head_id
        row.ticket_category_description = description
        row.sorting = position
    elif row.id is None:
        row.providers = []
        row.head_employee_id = None
        row.ticket_category_description = ""
        row.sorting = next_sorting(s)
    row.name = clean_name
    row.business_hours_id = hours_id
    row.show_in_support_center = shown
    row.task_language = language


def list_departments(db: Database, actor: Actor) -> list[DepartmentRecord]:
    """Sorted as the source says: by sorting position, then by name."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        languages = languages_in(s)
        return _sorted(_record(x, languages) for x in s.scalars(select(Department)))


def support_center_departments(db: Database, actor: Actor, provider_id: int) -> list[DepartmentRecord]:
    """The departments the clients of `provider_id` may address a support request to: those shown
    in the support center and available to that provider. A department whose box is off is left
    out whatever its (ignored) settings say."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        languages = languages_in(s)
        rows = s.scalars(select(Department).where(Department.show_in_support_center.is_(True)))
        return _sorted(_record(x, languages) for x in rows if any(p.id == provider_id for p in x.providers))


def get_department(db: Database, actor: Actor, department_id: int) -> DepartmentRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(load(s, Department, department_id), languages_in(s))


def create_department(
    db: Database,
    actor: Actor,
    *,
    name: Mapping[str, str],
    business_hours_id: int | None = None,
    show_in_support_center: bool = False,
    task_language: str | None = None,
    provider_ids: Iterable[int] = (),
    head_employee_id: int | None = None,
    ticket_category_description: str = "",
    sorting: int | str | None = None,
) -> DepartmentRecord:
    """`task_language=None` takes the default localization; `sorting=None` puts it last."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    given = _Input(
        name,
        business_hours_id,
        show_in_support_center,
        task_language,
        provider_ids,
        head_employee_id,
        ticket_category_description,
        sorting,
    )
    return _save(db, actor, None, given)


def update_department(
    db: Database,
    actor: Actor,
    department_id: int,
    *,
    version: int,
    name: Mapping[str, str],
    business_hours_id: int | None,
    show_in_support_center: bool,
    task_language: str,
    provider_ids: Iterable[int] = (),
    head_employee_id: int | None = None,
    ticket_category_description: str = "",
    sorting: int | str | None = None,
) -> DepartmentRecord:
    """With `show_in_support_center` off the department settings given here are ignored and the
    stored ones kept (see the module's docstring)."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    given = _Input(
        name,
        business_hours_id,
        show_in_support_center,
        task_language,
        provider_ids,
        head_employee_id,
        ticket_category_description,
        sorting,
    )
    return _save(db, actor, (department_id, version), given)


def _save(db: Database, actor: Actor, edited: tuple[int, int] | None, given: _Input) -> DepartmentRecord:
    """Create a department (`edited` None) or update the `(id, version)` one, audited."""
    with db.uow() as s:
        row = Department() if edited is None else load(s, Department, *edited)
        languages = languages_in(s)
        save_audited(
            s,
            actor,
            ENTITY,
            row,
            lambda: _apply(s, row, given),
            snapshot=_snapshot,
            summary=lambda: fields.pick(row.name, languages.default),
        )
        return _record(row, languages)


def delete_department(db: Database, actor: Actor, department_id: int, *, version: int) -> None:
    """Refused while a processing module sends its tasks to the department. Employees stay; they
    just no longer belong to it."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, Department, department_id, version)
        title = fields.pick(row.name, languages_in(s).default)
        refuse_if_used(s, row, _("The department {name}").format(name=title))
        before = _snapshot(row)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, department_id, before=before, summary=title)
