"""The processing module wizard's flow (Integration → Processing modules → Add / Edit), without Qt.

Steps as in the source:
- "product_type" — the product type (SSL certificate, the only one);
- "module" — the processing module (Ispmanager (SSL));
- "integration" — the integration settings: URL (https://api-eu.ispmanager.com by default),
  username and password. The credentials must be checked against the upstream before the step
  is left (`needs_check`, `mark_checked`); the view runs `processing.check_connection` in the
  background and calls `mark_checked` with the account it read. When editing, a blank password
  keeps the stored one, and no check is needed while URL, username and password are unchanged;
- "parameters" — data center, name per localization, department, sorting and the minimal
  balance, in the upstream account's currency (`currency`), with a warning when the providers'
  currency differs (`currency_warning`).

`finish(db, actor)` creates the module, or saves the edit with the version it was opened with.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sslbill_desktop.models.processing import MODULE_ISPMANAGER_SSL, PRODUCT_TYPE_SSL
from sslbill_desktop.services import processing
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.processing import (
    ModuleInput,
    ParameterChoices,
    ProcessingModuleRecord,
)
from sslbill_desktop.services.wizard import StepData, StepInvalid, WizardFlow, collect_errors

if TYPE_CHECKING:
    from sslbill_desktop.services.auth import Actor
    from sslbill_desktop.services.db import Database
    from sslbill_desktop.services.ispmanager.records import Account

PRODUCT_TYPE, MODULE, INTEGRATION, PARAMETERS = "product_type", "module", "integration", "parameters"
STEPS: tuple[str, ...] = (PRODUCT_TYPE, MODULE, INTEGRATION, PARAMETERS)
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    PRODUCT_TYPE: ("product_type",),
    MODULE: ("module_type",),
    INTEGRATION: ("url", "username", "password"),
    PARAMETERS: ("data_center_id", "name", "department_id", "sorting", "minimal_balance"),
}


def plain_amount(amount: Decimal) -> str:
    """An amount as typed in a field: at least two decimals, no trailing zeros beyond ("100.00",
    "20.50", "1.2345")."""
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent > -2:
        return format(amount.quantize(Decimal("0.01")), "f")
    return format(amount.normalize(), "f")


def _connection(values: StepData) -> tuple[str, str, str]:
    return (
        str(values.get("url", "")).strip(),
        str(values.get("username", "")).strip(),
        str(values.get("password", "")),
    )


class ProcessingModuleFlow(WizardFlow):
    """Adds a processing module, or edits `existing` (the same pages, filled in)."""

    def __init__(self, choices: ParameterChoices, existing: ProcessingModuleRecord | None = None) -> None:
        self._choices = choices
        self._existing = existing
        self._checked: tuple[str, str, str] | None = None
        self._account: Account | None = None
        super().__init__()

    # --- what the pages show ------------------------------------------------------------------

    @property
    def existing(self) -> ProcessingModuleRecord | None:
        return self._existing

    @property
    def choices(self) -> ParameterChoices:
        return self._choices

    def set_choices(self, choices: ParameterChoices) -> None:
        """New choices (after a data center or department was created from the wizard)."""
        self._choices = choices

    def initial_values(self, step: str) -> dict[str, Any]:
        """What a page shows first: the values kept for it, else the edited module's, else the
        defaults (the EU API address, the next sorting position)."""
        kept = self.values(step)
        if kept:
            return kept
        record = self._existing
        if step == PRODUCT_TYPE:
            return {"product_type": record.product_type if record else PRODUCT_TYPE_SSL}
        if step == MODULE:
            return {"module_type": record.module_type if record else MODULE_ISPMANAGER_SSL}
        if step == INTEGRATION:
            if record is None:
                return {"url": processing.DEFAULT_URL, "username": "", "password": ""}
            return {"url": record.url, "username": record.username, "password": ""}
        if record is None:
            return {
                "data_center_id": self._choices.data_centers[0].id if self._choices.data_centers else None,
                "name": {},
                "department_id": self._choices.departments[0].id if self._choices.departments else None,
                "sorting": self._choices.next_sorting,
                "minimal_balance": "",
            }
        return {
            "data_center_id": record.data_center_id,
            "name": dict(record.name),
            "department_id": record.department_id,
            "sorting": record.sorting,
            "minimal_balance": "" if record.minimal_balance is None else plain_amount(record.minimal_balance),
        }

    # --- steps --------------------------------------------------------------------------------

    def first_step(self) -> str:
        return PRODUCT_TYPE

    def next_step(self, step: str, data: Mapping[str, StepData]) -> str | None:
        position = STEPS.index(step)
        return STEPS[position + 1] if position + 1 < len(STEPS) else None

    def validate(self, step: str, values: StepData) -> dict[str, str]:
        errors: dict[str, str] = {}
        try:
            if step == PRODUCT_TYPE:
                processing.clean_product_type("product_type", values.get("product_type"))
            elif step == MODULE:
                product_type = self.values(PRODUCT_TYPE).get("product_type", PRODUCT_TYPE_SSL)
                processing.clean_module_type("module_type", product_type, values.get("module_type"))
            elif step == INTEGRATION:
                self._validate_integration(values, errors)
            elif step == PARAMETERS:
                processing.clean_parameters(self._input(values), self._choices.languages)
        except ValidationError as exc:
            collect_errors(errors, exc)
        return errors

    def _validate_integration(self, values: StepData, errors: dict[str, str]) -> None:
        checks: tuple[tuple[str, Callable[[], object]], ...] = (
            ("url", lambda: processing.clean_url("url", values.get("url"))),
            ("username", lambda: processing.clean_username("username", values.get("username"))),
            (
                "password",
                lambda: processing.clean_password(
                    "password", values.get("password"), required=self._existing is None
                ),
            ),
        )
        for _field, check in checks:
            try:
                check()
            except ValidationError as exc:
                collect_errors(errors, exc)

    def go_next(self, values: StepData) -> str | None:
        """As `WizardFlow.go_next`; the integration step is left only with checked credentials."""
        if (
            self.current == INTEGRATION
            and not self.validate(INTEGRATION, values)
            and self.needs_check(values)
        ):
            raise StepInvalid(INTEGRATION, {"password": _("the connection has not been checked yet")})
        return super().go_next(values)

    # --- the connection check -----------------------------------------------------------------

    def needs_check(self, values: StepData) -> bool:
        """Whether these integration values still have to be checked against the upstream."""
        url, username, password = _connection(values)
        if self._checked == (url, username, password):
            return False
        record = self._existing
        return record is None or bool(password) or url != record.url or username != record.username

    def mark_checked(self, values: StepData, account: Account) -> None:
        """The upstream accepted these integration values and answered with `account`."""
        self._checked = _connection(values)
        self._account = account

    @property
    def account(self) -> Account | None:
        """The account read by the last successful check (None when none was needed)."""
        return self._account

    @property
    def currency(self) -> str:
        """The upstream account's currency: the minimal balance is entered in it."""
        if self._account is not None and self._account.currency:
            return self._account.currency
        return self._existing.upstream_currency if self._existing is not None else ""

    def currency_warning(self) -> str:
        return processing.currency_warning(
            self.currency, self._choices.providers, use_module=self._choices.providers_use_module
        )

    # --- finishing ----------------------------------------------------------------------------

    def _input(self, parameters: StepData) -> ModuleInput:
        url, username, _password = _connection(self.initial_values(INTEGRATION))
        return ModuleInput(
            name=dict(parameters.get("name") or {}),
            url=url,
            username=username,
            data_center_id=parameters.get("data_center_id"),
            department_id=parameters.get("department_id"),
            sorting=parameters.get("sorting"),
            minimal_balance=parameters.get("minimal_balance"),
        )

    def module_input(self) -> ModuleInput:
        """Everything entered on every page, as the service's input."""
        return self._input(self.initial_values(PARAMETERS))

    def has_unsaved_input(self, current_values: StepData) -> bool:
        """Whether Cancel/Escape should ask before discarding: anything differs from the start."""
        pages = {step: self.values(step) for step in STEPS}
        pages[self.current] = dict(current_values)
        start = ProcessingModuleFlow(self._choices, self._existing)
        return any(
            pages[step]
            and any(pages[step].get(n) != start.initial_values(step).get(n) for n in STEP_FIELDS[step])
            for step in STEPS
        )

    def finish(self, db: Database, actor: Actor) -> ProcessingModuleRecord:
        """Create the module, or save the edit (with the version the wizard was opened with)."""
        values = self.module_input()
        _url, _username, password = _connection(self.initial_values(INTEGRATION))
        if self._existing is None:
            return processing.create_processing_module(
                db,
                actor,
                values,
                password=password,
                product_type=str(self.initial_values(PRODUCT_TYPE)["product_type"]),
                module_type=str(self.initial_values(MODULE)["module_type"]),
            )
        return processing.update_processing_module(
            db, actor, self._existing.id, version=self._existing.version, values=values, password=password
        )


__all__ = ["INTEGRATION", "MODULE", "PARAMETERS", "PRODUCT_TYPE", "STEPS", "ProcessingModuleFlow"]
