"""Staff accounts: first admin, add, edit role, disable, reset password."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.staff import Staff
from sslbill_desktop.services import audit
from sslbill_desktop.services.auth import SYSTEM, Actor, Permission, Role, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import Conflict, NotFound, UserError, ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.passwords import MIN_PASSWORD_LENGTH, hash_password
from sslbill_desktop.services.validation import email as valid_email
from sslbill_desktop.services.validation import login as valid_login
from sslbill_desktop.services.validation import optional_text

DEMO_ADMIN_LOGIN = "demo-admin"
DEMO_SALES_LOGIN = "demo-sales"
#: Demo accounts are for trying the program; their passwords are shown on the first-run page.
DEMO_PASSWORD = "demo-password"


@dataclass(frozen=True)
class StaffRecord:
    id: int
    login: str
    full_name: str
    email: str
    role: Role
    disabled: bool
    last_login_at: datetime | None
    version: int


def _record(staff: Staff) -> StaffRecord:
    return StaffRecord(
        staff.id,
        staff.login,
        staff.full_name,
        staff.email,
        Role(staff.role),
        staff.disabled,
        staff.last_login_at,
        staff.version,
    )


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password", _("the password needs at least {n} characters").format(n=MIN_PASSWORD_LENGTH)
        )


def _role(value: str | Role) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationError("role", _("unknown role: {role}").format(role=value)) from None


def _load(s: Session, staff_id: int, version: int | None) -> Staff:
    staff = s.get(Staff, staff_id)
    if staff is None:
        raise NotFound(_("This staff account no longer exists."))
    if version is not None and staff.version != version:
        raise Conflict(
            _(
                "Someone else changed this staff account after you opened it. Nothing was overwritten: "
                "reopen it to see their changes."
            )
        )
    return staff


def _active_admins(s: Session) -> int:
    return (
        s.scalar(
            select(func.count())
            .select_from(Staff)
            .where(Staff.role == Role.ADMIN.value, Staff.disabled.is_(False))
        )
        or 0
    )


def has_any_staff(db: Database) -> bool:
    with db.uow() as s:
        return s.scalar(select(func.count()).select_from(Staff)) != 0


def _insert(
    s: Session, actor: Actor, login: str, full_name: str, email: str, role: Role, password: str
) -> Staff:
    login = valid_login("login", login)
    if s.scalar(select(Staff.id).where(func.lower(Staff.login) == login)) is not None:
        raise ValidationError("login", _("the login {login} is taken").format(login=login))
    _check_password(password)
    staff = Staff(
        login=login,
        full_name=optional_text("full_name", full_name),
        email=valid_email("email", email),
        role=role.value,
        password_hash=hash_password(password),
        disabled=False,
    )
    s.add(staff)
    s.flush()
    audit.record(s, actor, "create", "staff", staff.id, after=audit.snapshot(staff), summary=login)
    return staff


def create_first_admin(
    db: Database, login: str, full_name: str, password: str, email: str = ""
) -> StaffRecord:
    """The first-run wizard's account; refused once any staff account exists."""
    with db.uow() as s:
        if s.scalar(select(func.count()).select_from(Staff)):
            raise UserError(_("An administrator already exists: sign in instead."))
        staff = _insert(s, SYSTEM, login, full_name, email, Role.ADMIN, password)
        return _record(staff)


def create_demo_staff(db: Database) -> None:
    """The demo workspace's two accounts (an admin and a sales user), when not there yet."""
    with db.uow() as s:
        for login, name, role in (
            (DEMO_ADMIN_LOGIN, "Demo Administrator", Role.ADMIN),
            (DEMO_SALES_LOGIN, "Demo Sales", Role.SALES),
        ):
            if s.scalar(select(Staff.id).where(Staff.login == login)) is None:
                _insert(s, SYSTEM, login, name, "", role, DEMO_PASSWORD)


def list_staff(db: Database, actor: Actor) -> list[StaffRecord]:
    require(actor, Permission.MANAGE_STAFF)
    with db.uow() as s:
        return [_record(x) for x in s.scalars(select(Staff).order_by(Staff.login))]


def get_staff(db: Database, actor: Actor, staff_id: int) -> StaffRecord:
    require(actor, Permission.MANAGE_STAFF)
    with db.uow() as s:
        return _record(_load(s, staff_id, None))


def create_staff(
    db: Database,
    actor: Actor,
    *,
    login: str,
    full_name: str,
    role: str | Role,
    password: str,
    email: str = "",
) -> StaffRecord:
    require(actor, Permission.MANAGE_STAFF)
    with db.uow() as s:
        return _record(_insert(s, actor, login, full_name, email, _role(role), password))


def update_staff(
    db: Database, actor: Actor, staff_id: int, *, version: int, full_name: str, email: str, role: str | Role
) -> StaffRecord:
    """Edit name, e-mail and role. `version` is the one the editor loaded: a stale one is refused."""
    require(actor, Permission.MANAGE_STAFF)
    new_role = _role(role)
    with db.uow() as s:
        staff = _load(s, staff_id, version)
        before = audit.snapshot(staff)
        if (
            staff.role == Role.ADMIN.value
            and new_role is not Role.ADMIN
            and not staff.disabled
            and _active_admins(s) <= 1
        ):
            raise ValidationError("role", _("the last active administrator cannot lose the admin role"))
        staff.full_name = optional_text("full_name", full_name)
        staff.email = valid_email("email", email)
        staff.role = new_role.value
        s.flush()
        audit.record(
            s,
            actor,
            "update",
            "staff",
            staff.id,
            before=before,
            after=audit.snapshot(staff),
            summary=staff.login,
        )
        return _record(staff)


def set_disabled(db: Database, actor: Actor, staff_id: int, *, version: int, disabled: bool) -> StaffRecord:
    require(actor, Permission.MANAGE_STAFF)
    with db.uow() as s:
        staff = _load(s, staff_id, version)
        if disabled and staff.id == actor.staff_id:
            raise UserError(_("You cannot disable your own account."))
        if disabled and staff.role == Role.ADMIN.value and not staff.disabled and _active_admins(s) <= 1:
            raise UserError(_("The last active administrator cannot be disabled."))
        before = audit.snapshot(staff)
        staff.disabled = disabled
        s.flush()
        audit.record(
            s,
            actor,
            "disable" if disabled else "enable",
            "staff",
            staff.id,
            before=before,
            after=audit.snapshot(staff),
            summary=staff.login,
        )
        return _record(staff)


def reset_password(db: Database, actor: Actor, staff_id: int, *, version: int, password: str) -> StaffRecord:
    """Set a new password. The audit row says that it changed, never what it is."""
    require(actor, Permission.MANAGE_STAFF)
    _check_password(password)
    with db.uow() as s:
        staff = _load(s, staff_id, version)
        staff.password_hash = hash_password(password)
        s.flush()
        audit.record(s, actor, "reset_password", "staff", staff.id, summary=staff.login)
        return _record(staff)


def change_own_password(db: Database, actor: Actor, *, current: str, new: str) -> None:
    """Any signed-in staff member may change their own password."""
    from sslbill_desktop.services.auth import authenticate

    if actor.staff_id is None:
        raise UserError(_("This account has no password."))
    authenticate(db, actor.login, current)
    _check_password(new)
    with db.uow() as s:
        staff = _load(s, actor.staff_id, None)
        staff.password_hash = hash_password(new)
        audit.record(s, actor, "change_password", "staff", staff.id, summary=staff.login)
