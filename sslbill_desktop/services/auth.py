"""Who may do what. Every service calls `require(actor, permission)` before it acts.

Sales staff read configuration, manage clients, place orders and handle them (`HANDLE_ORDERS`:
list, details, status sync, renewal); only admins change configuration, manage staff, change
orders in other ways (`MANAGE_ORDERS`: contacts, plan, add-ons, suspension, reissue), delete
orders and export keys. The check lives here, in the services, so that hiding a button is a
courtesy, not the protection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select, update

from sslbill_desktop.models.staff import Staff
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import PermissionDenied, UserError
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.passwords import hash_password, verify_password


class Role(StrEnum):
    ADMIN = "admin"
    SALES = "sales"


ROLE_LABELS: dict[Role, str] = {Role.ADMIN: N_("Administrator"), Role.SALES: N_("Sales")}


class Permission(StrEnum):
    READ_CONFIGURATION = "read_configuration"
    CHANGE_CONFIGURATION = "change_configuration"
    MANAGE_STAFF = "manage_staff"
    MANAGE_CLIENTS = "manage_clients"
    PLACE_ORDERS = "place_orders"
    HANDLE_ORDERS = "handle_orders"
    MANAGE_ORDERS = "manage_orders"
    DELETE_ORDERS = "delete_orders"
    EXPORT_KEYS = "export_keys"
    RUN_DAILY = "run_daily"
    READ_AUDIT = "read_audit"


_PERMISSION_TEXT: dict[Permission, str] = {
    Permission.READ_CONFIGURATION: N_("read the configuration"),
    Permission.CHANGE_CONFIGURATION: N_("change the configuration"),
    Permission.MANAGE_STAFF: N_("manage staff accounts"),
    Permission.MANAGE_CLIENTS: N_("manage clients"),
    Permission.PLACE_ORDERS: N_("place orders"),
    Permission.HANDLE_ORDERS: N_("handle orders"),
    Permission.MANAGE_ORDERS: N_("manage orders"),
    Permission.DELETE_ORDERS: N_("delete orders"),
    Permission.EXPORT_KEYS: N_("export private keys"),
    Permission.RUN_DAILY: N_("run the daily processing"),
    Permission.READ_AUDIT: N_("read the audit log"),
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.SALES: frozenset(
        {
            Permission.READ_CONFIGURATION,
            Permission.MANAGE_CLIENTS,
            Permission.PLACE_ORDERS,
            Permission.HANDLE_ORDERS,
        }
    ),
}


@dataclass(frozen=True)
class Actor:
    """The staff member on whose behalf a service runs."""

    staff_id: int | None
    login: str
    role: Role
    full_name: str = ""

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


#: The actor of unattended work (the `process` command, demo seeding): an admin without an account.
SYSTEM = Actor(staff_id=None, login="system", role=Role.ADMIN, full_name="System")


def require(actor: Actor, permission: Permission) -> None:
    """Raise `PermissionDenied` unless `actor`'s role grants `permission`."""
    if not actor.can(permission):
        raise PermissionDenied(
            _("Your role ({role}) does not allow you to {action}. Ask an administrator.").format(
                role=_(ROLE_LABELS[actor.role]), action=_(_PERMISSION_TEXT[permission])
            )
        )


class SignInError(UserError):
    """Wrong login or password, or a disabled account."""


def authenticate(db: Database, login: str, password: str) -> Actor:
    """Check a login and password; the same message for an unknown login and a wrong password."""
    login = login.strip().lower()
    with db.uow() as s:
        staff = s.scalar(select(Staff).where(func.lower(Staff.login) == login))
        if staff is None or not verify_password(password, staff.password_hash):
            raise SignInError(_("Wrong login or password."))
        if staff.disabled:
            raise SignInError(_("This account is disabled. Ask an administrator to enable it."))
        # A Core UPDATE: signing in must not bump the row's version and spoil an open edit dialog.
        s.execute(update(Staff).where(Staff.id == staff.id).values(last_login_at=datetime.now(UTC)))
        return Actor(staff_id=staff.id, login=staff.login, role=Role(staff.role), full_name=staff.full_name)


__all__ = [
    "ROLE_PERMISSIONS",
    "SYSTEM",
    "Actor",
    "Permission",
    "Role",
    "SignInError",
    "authenticate",
    "hash_password",
    "require",
]
