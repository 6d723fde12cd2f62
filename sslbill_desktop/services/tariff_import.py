"""Importing tariff plans from a processing module's upstream price list (Tariff plans → Import).

1. `load_price_list(db, actor, module_id)` reads the upstream price list (network: call it from a
   background worker; the client has timeouts) and returns a `PriceListSnapshot` with the time it
   was read.
2. `import_tariff(db, actor, module_id=, provider_id=, product_id=, price_list=, markup=)` creates
   one plan from an entry of that snapshot: **disabled**, named after the upstream product (in the
   default localization), its certificate type set to the product, the yearly price set from the
   upstream yearly cost plus the markup (half-up to the provider currency's minor unit), and every
   upstream cost stored with its currency and date for offline review. The markup is remembered
   for the provider (`remembered_markup`).
   - An id the price list does not have is refused (`ValidationError` on `product_id`).
   - An id already imported for that provider creates nothing: the result has `created=False`
     and the existing plan's id, and says so.
   - A product the upstream does not sell for one year is refused (the yearly price is the one
     the source sets).
   - A different upstream currency is imported as is and flagged in `warnings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sslbill_desktop.models.catalog import ImportMarkup, TariffPlan, TariffPrice, TariffUpstreamCost
from sslbill_desktop.models.processing import PRODUCT_TYPE_SSL, ProcessingModule
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing.money import book, currency_digits
from sslbill_desktop.services.billing.terms import YEARLY
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import _, format_money
from sslbill_desktop.services.ispmanager.records import PriceListEntry
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.product_types import ssl_product_type
from sslbill_desktop.services.tariffs import ENTITY, snapshot
from sslbill_desktop.services.validation import amount

MAX_PERCENT_MARKUP = Decimal(1000)


class MarkupKind(StrEnum):
    PERCENT = "percent"
    FIXED = "fixed"


@dataclass(frozen=True)
class Markup:
    """Added to the upstream cost on import: `value` percent of it, or a fixed `value`."""

    kind: MarkupKind
    value: Decimal

    def apply(self, cost: Decimal, currency: str) -> Decimal:
        """The marked-up price, booked half-up to the currency's minor unit."""
        if self.kind is MarkupKind.PERCENT:
            return book(Fraction(cost) * (100 + Fraction(self.value)) / 100, currency)
        return book(cost + self.value, currency)


def clean_markup(kind: MarkupKind | str | None, value: Decimal | str | None, currency: str) -> Markup | None:
    """A markup from the wizard's fields; None when there is none (blank or zero)."""
    if kind is None or kind == "" or value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        markup_kind = MarkupKind(kind)
    except ValueError:
        raise ValidationError("markup_kind", _("not a valid choice")) from None
    if not isinstance(value, Decimal | str):
        raise ValidationError("markup", _("not an amount: {value}").format(value=value))
    places = 2 if markup_kind is MarkupKind.PERCENT else currency_digits(currency)
    number = amount("markup", value, places=places)
    if markup_kind is MarkupKind.PERCENT and number > MAX_PERCENT_MARKUP:
        raise ValidationError("markup", _("at most {n} %").format(n=MAX_PERCENT_MARKUP))
    return Markup(markup_kind, number) if number else None


@dataclass(frozen=True)
class PriceListSnapshot:
    """A processing module's price list as read at `fetched_at`."""

    module_id: int
    entries: tuple[PriceListEntry, ...]
    #: The upstream account's currency (the price list's, else the module's last known one).
    currency: str
    fetched_at: datetime

    def find(self, product_id: str) -> PriceListEntry | None:
        wanted = product_id.strip()
        return next((e for e in self.entries if e.id == wanted), None)

    def search(self, text: str) -> list[PriceListEntry]:
        """Entries whose id or name contains `text` (ignoring case), in list order."""
        needle = text.strip().casefold()
        if not needle:
            return list(self.entries)
        return [e for e in self.entries if needle in e.id.casefold() or needle in e.name.casefold()]


@dataclass(frozen=True)
class ImportResult:
    plan_id: int
    #: False: the product was already imported for the provider; `plan_id` is that plan.
    created: bool
    title: str
    message: str
    warnings: tuple[str, ...] = ()


def imported_message(name: str, provider: str, price: Decimal, currency: str) -> str:
    """What the import wizard logs for a plan imported (disabled) with its yearly price."""
    return _("{name} imported for {provider}: yearly price {price} (disabled).").format(
        name=name, provider=provider, price=format_money(price, currency)
    )


def load_price_list(db: Database, actor: Actor, module_id: int) -> PriceListSnapshot:
    """Read the module's upstream price list (network: run it in a worker)."""
    from sslbill_desktop.services.upstream import client_for

    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        module = load(s, ProcessingModule, module_id)
        module_currency = module.upstream_currency
    entries = tuple(client_for(db, module_id).price_list())
    currency = next((e.currency for e in entries if e.currency), "") or module_currency
    return PriceListSnapshot(module_id, entries, currency, datetime.now(UTC))


def remembered_markup(db: Database, actor: Actor, provider_id: int) -> Markup | None:
    """The markup last used to import plans for the provider."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        row = s.get(ImportMarkup, provider_id)
        return Markup(MarkupKind(row.kind), row.value) if row is not None else None


def _remember(s: Session, provider_id: int, markup: Markup | None) -> None:
    row = s.get(ImportMarkup, provider_id)
    if markup is None:
        if row is not None:
            s.delete(row)
        return
    if row is None:
        row = ImportMarkup(provider_id=provider_id)
        s.add(row)
    row.kind = markup.kind.value
    row.value = markup.value


def _existing(s: Session, provider_id: int, product_id: str) -> TariffPlan | None:
    return s.scalar(
        select(TariffPlan).where(
            TariffPlan.provider_id == provider_id, TariffPlan.upstream_product_id == product_id
        )
    )


def _duplicate(s: Session, plan: TariffPlan, provider: Provider) -> ImportResult:
    title = pick(plan.name, languages_in(s).default) or plan.upstream_product_name
    return ImportResult(
        plan.id,
        False,
        title,
        _("{product} is already imported for the provider {provider}: the tariff plan {name}.").format(
            product=plan.upstream_product_id, provider=provider.name, name=title
        ),
    )


def _product_id(value: object) -> str:
    return fields.line("product_id", value, required=True, max_length=32)


def import_tariff(
    db: Database,
    actor: Actor,
    *,
    module_id: int,
    provider_id: int,
    product_id: str,
    price_list: PriceListSnapshot,
    markup: Markup | None = None,
) -> ImportResult:
    """Create a disabled tariff plan for upstream product `product_id` (see the module docstring)."""
    return import_many(
        db,
        actor,
        module_id=module_id,
        provider_id=provider_id,
        product_ids=[product_id],
        price_list=price_list,
        markup=markup,
    )[0]


def import_many(
    db: Database,
    actor: Actor,
    *,
    module_id: int,
    provider_id: int,
    product_ids: Sequence[str],
    price_list: PriceListSnapshot,
    markup: Markup | None = None,
) -> list[ImportResult]:
    """Import several products in one transaction: all of them, or none when one is refused.

    The module, provider and localizations are read once and the plans written together, so a
    whole price list of 1,000 plans imports in about a second (`benchmarks/tariff_import.py`).
    """
    require(actor, Permission.CHANGE_CONFIGURATION)
    wanted = [_product_id(product_id) for product_id in product_ids]
    if price_list.module_id != module_id:
        raise ValueError("the price list was read from another processing module")
    try:
        with db.uow() as s:
            return _import(s, actor, _target(s, module_id, provider_id), wanted, price_list, markup)
    except IntegrityError:
        # Another workstation imported one of the products for the provider meanwhile.
        if len(wanted) > 1:
            return [
                import_tariff(
                    db,
                    actor,
                    module_id=module_id,
                    provider_id=provider_id,
                    product_id=product_id,
                    price_list=price_list,
                    markup=markup,
                )
                for product_id in wanted
            ]
        with db.uow() as s:
            provider = load(s, Provider, provider_id)
            plan = _existing(s, provider_id, wanted[0])
            if plan is None:
                raise
            return [_duplicate(s, plan, provider)]


@dataclass(frozen=True)
class _Target:
    """Where imported plans go, read once per import."""

    module: ProcessingModule
    provider: Provider
    default_language: str
    product_type_id: int


def _target(s: Session, module_id: int, provider_id: int) -> _Target:
    module = load(s, ProcessingModule, module_id)
    provider = load(s, Provider, provider_id)
    if module.product_type != PRODUCT_TYPE_SSL:
        raise ValidationError("module_id", _("this processing module does not sell SSL certificates"))
    return _Target(module, provider, languages_in(s).default, ssl_product_type(s).id)


def _import(
    s: Session,
    actor: Actor,
    target: _Target,
    product_ids: Sequence[str],
    price_list: PriceListSnapshot,
    markup: Markup | None,
) -> list[ImportResult]:
    provider = target.provider
    existing = {
        plan.upstream_product_id: plan
        for plan in s.scalars(
            select(TariffPlan).where(
                TariffPlan.provider_id == provider.id, TariffPlan.upstream_product_id.in_(set(product_ids))
            )
        )
    }
    created: dict[str, tuple[TariffPlan, Decimal]] = {}
    for product_id in product_ids:
        if product_id not in existing and product_id not in created:
            created[product_id] = _new_plan(target, product_id, price_list, markup)
    s.add_all(plan for plan, _price in created.values())
    _remember(s, provider.id, markup)
    s.flush()
    results: list[ImportResult] = []
    reported: set[str] = set()
    for product_id in product_ids:
        if product_id in existing or product_id in reported:
            plan = existing.get(product_id) or created[product_id][0]
            results.append(_duplicate(s, plan, provider))
            continue
        reported.add(product_id)
        plan, price = created[product_id]
        results.append(_imported(s, actor, target, plan, price, markup))
    return results


def _new_plan(
    target: _Target, product_id: str, price_list: PriceListSnapshot, markup: Markup | None
) -> tuple[TariffPlan, Decimal]:
    """The new (disabled) plan for one product, and its yearly price; refusals name the field."""
    entry = price_list.find(product_id)
    if entry is None:
        raise ValidationError(
            "product_id",
            _("the price list of {module} has no SSL certificate with the id {id}").format(
                module=pick(target.module.name, target.default_language), id=product_id
            ),
        )
    yearly = entry.cost(YEARLY)
    if yearly is None:
        raise ValidationError(
            "product_id",
            _("{name} ({id}) is not sold for one year upstream: it cannot be imported").format(
                name=entry.name, id=entry.id
            ),
        )
    currency = target.provider.currency
    price = markup.apply(yearly, currency) if markup else book(yearly, currency)
    name = entry.name.strip() or entry.id
    plan = TariffPlan(
        product_type_id=target.product_type_id,
        provider_id=target.provider.id,
        processing_module_id=target.module.id,
        enabled=False,
        upstream_product_id=entry.id,
        upstream_product_name=name[:200],
        certificate_type=entry.id,
        certificate_type_name=name[:200],
        upstream_currency=entry.currency or price_list.currency,
        upstream_costs_at=price_list.fetched_at,
        name={target.default_language: name[:200]},
        description={},
        prices=[TariffPrice(months=YEARLY, price=price)],
        upstream_costs=[TariffUpstreamCost(months=p.months, cost=p.cost) for p in entry.periods],
        addons=[],
        labels=[],
        allowed_groups=[],
        forbidden_groups=[],
    )
    return plan, price


def _imported(
    s: Session, actor: Actor, target: _Target, plan: TariffPlan, price: Decimal, markup: Markup | None
) -> ImportResult:
    """Audit one created plan; the result the wizard shows."""
    provider = target.provider
    name = plan.upstream_product_name
    after = snapshot(plan)
    if markup is not None:
        after["markup"] = {"kind": markup.kind.value, "value": str(markup.value)}
    audit.record(s, actor, "import", ENTITY, plan.id, after=after, summary=name)
    warnings: list[str] = []
    upstream_currency = plan.upstream_currency
    if upstream_currency and upstream_currency != provider.currency:
        warnings.append(
            _(
                "The upstream sells in {upstream} but the provider {provider} sells in {currency}: the "
                "currencies must match, so the yearly price {price} is the upstream amount unconverted."
            ).format(
                upstream=upstream_currency,
                provider=provider.name,
                currency=provider.currency,
                price=format_money(price, provider.currency),
            )
        )
    return ImportResult(
        plan.id,
        True,
        name,
        imported_message(name, provider.name, price, provider.currency),
        tuple(warnings),
    )
