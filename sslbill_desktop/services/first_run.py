"""The first-run flow: with no staff account yet, create the first administrator or a demo workspace.

Steps: "choice" (`mode`: "admin" or "demo"), then "admin" (login, full_name, email, password,
password_repeat) or "demo" (nothing to enter: it shows the demo logins). `apply(db)` carries the
flow out and returns the credentials to sign in with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sslbill_desktop.services import validation
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.passwords import MIN_PASSWORD_LENGTH
from sslbill_desktop.services.wizard import StepData, WizardFlow, collect_errors

if TYPE_CHECKING:
    from sslbill_desktop.services.db import Database

CHOICE, ADMIN, DEMO = "choice", "admin", "demo"
MODE_ADMIN, MODE_DEMO = "admin", "demo"


@dataclass(frozen=True)
class SignInDetails:
    """Whom to sign in as once the flow is applied (kept in memory only)."""

    login: str
    password: str


class FirstRunFlow(WizardFlow):
    def first_step(self) -> str:
        return CHOICE

    def next_step(self, step: str, data: Mapping[str, StepData]) -> str | None:
        if step == CHOICE:
            return DEMO if data.get(CHOICE, {}).get("mode") == MODE_DEMO else ADMIN
        return None

    def validate(self, step: str, values: StepData) -> dict[str, str]:
        if step == CHOICE:
            if values.get("mode") not in (MODE_ADMIN, MODE_DEMO):
                return {"mode": _("choose one of the two ways to start")}
            return {}
        if step == ADMIN:
            return self._validate_admin(values)
        return {}

    @staticmethod
    def _validate_admin(values: StepData) -> dict[str, str]:
        errors: dict[str, str] = {}
        checks: tuple[tuple[str, Callable[[str, str], str]], ...] = (
            ("login", validation.login),
            ("full_name", validation.optional_text),
            ("email", validation.email),
        )
        for field, check in checks:
            try:
                check(field, str(values.get(field, "")))
            except ValidationError as exc:
                collect_errors(errors, exc)
        password = str(values.get("password", ""))
        if len(password) < MIN_PASSWORD_LENGTH:
            errors["password"] = _("the password needs at least {n} characters").format(n=MIN_PASSWORD_LENGTH)
        elif values.get("password_repeat", "") != password:
            errors["password_repeat"] = _("the two passwords differ")
        return errors

    @property
    def mode(self) -> str:
        return str(self.values(CHOICE).get("mode", MODE_ADMIN))

    def apply(self, db: Database) -> SignInDetails:
        """Create the first administrator or the demo accounts; returns whom to sign in as."""
        from sslbill_desktop.services import staff

        if self.mode == MODE_DEMO:
            staff.create_demo_staff(db)
            return SignInDetails(staff.DEMO_ADMIN_LOGIN, staff.DEMO_PASSWORD)
        if ADMIN not in self.completed():
            raise ValueError("apply() before the admin step was completed")
        values = self.values(ADMIN)
        record = staff.create_first_admin(
            db,
            login=str(values["login"]),
            full_name=str(values.get("full_name", "")),
            password=str(values["password"]),
            email=str(values.get("email", "")),
        )
        return SignInDetails(record.login, str(values["password"]))
