"""Employees (Provider → Employees): the people departments consist of and are headed by.

An employee has a name, an e-mail, a phone number, the departments they work in, and optionally a
link to the staff account they sign in with (one employee per staff account). Deleting an employee
who heads a department leaves that department without a head.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sslbill_desktop.models.infrastructure import Department, Employee
from sslbill_desktop.models.staff import Staff
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, refuse_if_used, save_audited, touch
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _

ENTITY = "employee"
_PHONE = re.compile(r"\+?[0-9 ()./-]*")
_MIN_PHONE_DIGITS = 3


@dataclass(frozen=True)
class EmployeeRecord:
    id: int
    full_name: str
    email: str
    phone: str
    department_ids: tuple[int, ...]
    staff_id: int | None
    #: The linked staff account's login ("" when not linked).
    staff_login: str
    version: int


@dataclass(frozen=True)
class StaffChoice:
    id: int
    login: str
    full_name: str


def clean_phone(field: str, value: object) -> str:
    """Blank, or digits with the usual separators: "+49 (30) 123-45-67"."""
    text = fields.line(field, value, max_length=50)
    if not text:
        return ""
    digits = sum(ch.isascii() and ch.isdigit() for ch in text)
    if not _PHONE.fullmatch(text) or digits < _MIN_PHONE_DIGITS:
        raise ValidationError(
            field, _("not a phone number (digits, spaces, +, -, ( and ) only): {value}").format(value=text)
        )
    return text


def _record(s: Session, row: Employee) -> EmployeeRecord:
    login = ""
    if row.staff_id is not None:
        staff = s.get(Staff, row.staff_id)
        login = staff.login if staff is not None else ""
    return EmployeeRecord(
        row.id,
        row.full_name,
        row.email,
        row.phone,
        tuple(sorted(d.id for d in row.departments)),
        row.staff_id,
        login,
        row.version,
    )


def _snapshot(row: Employee) -> dict[str, object]:
    data = audit.snapshot(row)
    data["department_ids"] = sorted(d.id for d in row.departments)
    return data


def field_problems(*, full_name: object, email: object, phone: object) -> list[ValidationError]:
    """What the employee dialog reports before saving (no database needed)."""
    checks: tuple[Callable[[], object], ...] = (
        lambda: fields.line("full_name", full_name, required=True),
        lambda: fields.email("email", email),
        lambda: clean_phone("phone", phone),
    )
    return fields.problems(checks)


@dataclass(frozen=True)
class _Input:
    """The values an employee is saved with, as given (checked by `_apply`)."""

    full_name: str
    email: str
    phone: str
    department_ids: Iterable[int]
    staff_id: int | None


def _apply(s: Session, row: Employee, given: _Input) -> None:
    name = fields.line("full_name", given.full_name, required=True)
    mail = fields.email("email", given.email)
    number = clean_phone("phone", given.phone)
    departments = [s.get(Department, i) for i in fields.references("department_ids", given.department_ids)]
    if any(d is None for d in departments):
        raise ValidationError("department_ids", _("one of the chosen departments no longer exists"))
    account = fields.reference("staff_id", given.staff_id)
    if account is not None:
        staff = s.get(Staff, account)
        if staff is None:
            raise ValidationError("staff_id", _("this staff account no longer exists"))
        other = s.scalar(select(Employee).where(Employee.staff_id == account))
        if other is not None and other is not row:
            raise ValidationError(
                "staff_id",
                _("the staff account {login} is already linked to the employee {name}").format(
                    login=staff.login, name=other.full_name
                ),
            )
    row.full_name = name
    row.email = mail
    row.phone = number
    row.departments = [d for d in departments if d is not None]
    row.staff_id = account


def list_employees(db: Database, actor: Actor) -> list[EmployeeRecord]:
    """Sorted by name."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        rows = [_record(s, x) for x in s.scalars(select(Employee))]
    return sorted(rows, key=lambda r: (r.full_name.casefold(), r.id))


def get_employee(db: Database, actor: Actor, employee_id: int) -> EmployeeRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(s, load(s, Employee, employee_id))


def linkable_staff(db: Database, actor: Actor, employee_id: int | None = None) -> list[StaffChoice]:
    """Staff accounts that `employee_id` (or a new employee) may be linked to: those not linked to
    anyone else, sorted by login."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        taken = {
            staff_id
            for staff_id, owner in s.execute(select(Employee.staff_id, Employee.id))
            if staff_id is not None and owner != employee_id
        }
        return [
            StaffChoice(x.id, x.login, x.full_name)
            for x in s.scalars(select(Staff).order_by(Staff.login))
            if x.id not in taken
        ]


def create_employee(
    db: Database,
    actor: Actor,
    *,
    full_name: str,
    email: str = "",
    phone: str = "",
    department_ids: Iterable[int] = (),
    staff_id: int | None = None,
) -> EmployeeRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    return _save(db, actor, None, _Input(full_name, email, phone, department_ids, staff_id))


def update_employee(
    db: Database,
    actor: Actor,
    employee_id: int,
    *,
    version: int,
    full_name: str,
    email: str,
    phone: str,
    department_ids: Iterable[int],
    staff_id: int | None,
) -> EmployeeRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    given = _Input(full_name, email, phone, department_ids, staff_id)
    return _save(db, actor, (employee_id, version), given)


def _save(db: Database, actor: Actor, edited: tuple[int, int] | None, given: _Input) -> EmployeeRecord:
    """Create an employee (`edited` None) or update the `(id, version)` one, audited."""
    with db.uow() as s:
        row = Employee() if edited is None else load(s, Employee, *edited)
        save_audited(
            s,
            actor,
            ENTITY,
            row,
            lambda: _apply(s, row, given),
            snapshot=_snapshot,
            summary=lambda: row.full_name,
        )
        return _record(s, row)


def delete_employee(db: Database, actor: Actor, employee_id: int, *, version: int) -> None:
    """A department the employee headed is left without a head (and says so in the audit log)."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, Employee, employee_id, version)
        refuse_if_used(s, row, _("The employee {name}").format(name=row.full_name))
        headed = list(s.scalars(select(Department).where(Department.head_employee_id == row.id)))
        before = _snapshot(row)
        before["headed_department_ids"] = sorted(d.id for d in headed)
        for department in headed:
            department.head_employee_id = None
            touch(department)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, employee_id, before=before, summary=row.full_name)
