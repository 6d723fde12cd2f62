"""The tariff import wizard's flow (Tariff plans → Import), without Qt.

Steps as in the source:
- "module": choose the processing module (the certificate authority) → Next;
- "plans": import plans one after another — product type (SSL certificate, fixed), tariff plan
  (the upstream SSL product id, from the module's price list read in the background, or typed),
  provider, and an optional markup (percent or fixed, prefilled with the one remembered for the
  provider). Each Import creates one disabled plan; Finish imports the one entered, if any, and
  closes.

A typed id that the price list does not have is refused at the step with a message, before any
service call; so is an import while the list is still being read. `import_current(db, actor,
values)` runs the import through `tariff_import.import_tariff`, which checks everything again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from sslbill_desktop.models.catalog import ImportMarkup
from sslbill_desktop.models.processing import PRODUCT_TYPE_SSL, ProcessingModule
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.tariff_import import (
    ImportResult,
    Markup,
    MarkupKind,
    PriceListSnapshot,
    clean_markup,
    import_tariff,
)
from sslbill_desktop.services.wizard import StepData, WizardFlow, collect_errors

MODULE, PLANS = "module", "plans"


@dataclass(frozen=True)
class ModuleChoice:
    id: int
    name: str
    url: str


@dataclass(frozen=True)
class ProviderChoice:
    id: int
    name: str
    currency: str
    #: The markup last used for this provider (prefilled).
    markup: Markup | None


@dataclass(frozen=True)
class ImportChoices:
    modules: tuple[ModuleChoice, ...]
    providers: tuple[ProviderChoice, ...]


def import_choices(db: Database, actor: Actor) -> ImportChoices:
    """The SSL processing modules and the providers (with their remembered markups)."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        default = languages_in(s).default
        modules = tuple(
            ModuleChoice(m.id, pick(m.name, default) or str(m.id), m.url)
            for m in s.scalars(
                select(ProcessingModule)
                .where(ProcessingModule.product_type == PRODUCT_TYPE_SSL)
                .order_by(ProcessingModule.sorting, ProcessingModule.id)
            )
        )
        markups = {
            m.provider_id: Markup(MarkupKind(m.kind), m.value) for m in s.scalars(select(ImportMarkup))
        }
        providers = tuple(
            ProviderChoice(p.id, p.name, p.currency, markups.get(p.id))
            for p in s.scalars(select(Provider).order_by(Provider.name))
        )
    return ImportChoices(modules, providers)


class TariffImportFlow(WizardFlow):
    """`provider_currencies`: each provider's id and currency (markups are in the provider's)."""

    def __init__(self, provider_currencies: Mapping[int, str]) -> None:
        self.provider_currencies = dict(provider_currencies)
        self.price_list: PriceListSnapshot | None = None
        self.imported: list[ImportResult] = []
        super().__init__()

    def first_step(self) -> str:
        return MODULE

    def next_step(self, step: str, data: Mapping[str, StepData]) -> str | None:
        return PLANS if step == MODULE else None

    @property
    def module_id(self) -> int | None:
        value = self.values(MODULE).get("module_id")
        return int(value) if value else None

    def set_price_list(self, snapshot: PriceListSnapshot | None) -> None:
        """The list read for the chosen module (None while it is being read, or after a failure)."""
        self.price_list = snapshot

    # --- validation ---------------------------------------------------------------------------

    def validate(self, step: str, values: StepData) -> dict[str, str]:
        if step == MODULE:
            if not values.get("module_id"):
                return {"module_id": _("choose the processing module to import from")}
            return {}
        return self._validate_plan(values, finishing=False)

    def _validate_plan(self, values: StepData, *, finishing: bool) -> dict[str, str]:
        errors: dict[str, str] = {}
        product_id = str(values.get("product_id") or "").strip()
        if not product_id:
            if not self.imported and not finishing:
                errors["product_id"] = _("choose or type the id of an SSL certificate of the price list")
            return errors
        if self.price_list is None:
            errors["product_id"] = _("the price list has not been read yet")
        elif self.price_list.find(product_id) is None:
            errors["product_id"] = _("the price list has no SSL certificate with the id {id}").format(
                id=product_id
            )
        provider_id = values.get("provider_id")
        if not provider_id or int(provider_id) not in self.provider_currencies:
            errors["provider_id"] = _("choose the provider to import the plan for")
        else:
            try:
                self.markup(values)
            except ValidationError as problem:
                collect_errors(errors, problem)
        return errors

    def markup(self, values: StepData) -> Markup | None:
        currency = self.provider_currencies.get(int(values.get("provider_id") or 0), "USD")
        return clean_markup(values.get("markup_kind"), values.get("markup"), currency)

    def can_import(self, values: StepData) -> bool:
        """Whether Import may run with these values (an id is entered and everything is valid)."""
        return bool(str(values.get("product_id") or "").strip()) and not self._validate_plan(
            values, finishing=True
        )

    # --- importing ----------------------------------------------------------------------------

    def import_current(self, db: Database, actor: Actor, values: Mapping[str, Any]) -> ImportResult:
        """Import the plan entered on the plans step (on a worker thread)."""
        problems = self._validate_plan(values, finishing=True)
        if problems:
            field, message = next(iter(problems.items()))
            raise ValidationError(field, message)
        module_id = self.module_id
        if module_id is None or self.price_list is None:
            raise ValidationError("module_id", _("choose the processing module to import from"))
        result = import_tariff(
            db,
            actor,
            module_id=module_id,
            provider_id=int(values["provider_id"]),
            product_id=str(values["product_id"]),
            price_list=self.price_list,
            markup=self.markup(values),
        )
        return result

    def record(self, result: ImportResult) -> None:
        """Keep a finished import (GUI thread)."""
        if result.created:
            self.imported.append(result)
