"""Tariff plans (Products → Tariff plans): list, read, edit, enable/disable, delete, and the plans
a client may order.

A plan comes into being by import (`tariff_import.py`); here it is configured. Reading needs
`READ_CONFIGURATION` (sales staff see everything), every change `CHANGE_CONFIGURATION`.

- `list_tariffs(db, actor, label=, provider_id=, state=, text=)` — sorted by sort, then name;
  each row carries the plan's lowest margin against the stored upstream costs.
- `get_tariff(db, actor, plan_id)` — a `TariffRecord` whose `settings` is the `TariffInput` the
  dialog starts from; saving it back unchanged changes nothing.
- `update_tariff(db, actor, plan_id, version=, values=, upstream=None)` — refused with `Conflict`
  when another workstation saved first; `upstream` (fresh costs read in the background) replaces
  the stored ones.
- `enable_tariff(db, actor, plan_id, version=, accept_loss=False)` — refused with `LossNotAccepted`
  (carrying the margin report) while a period is priced below its upstream cost, until the caller
  passes `accept_loss=True` after a second confirmation; `disable_tariff(...)`.
- `delete_tariff(...)` — refused while services use the plan.
- `orderable_plans(db, actor, client_group_id, on, provider_id=None)` — enabled plans before their
  end date that the group may order, sorted, with their terms (for the order wizard).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sslbill_desktop.models.catalog import (
    TariffAddon,
    TariffAddonPrice,
    TariffLabel,
    TariffPlan,
    TariffPrice,
    TariffUpstreamCost,
)
from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.models.templates import Template
from sslbill_desktop.services import audit
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing.policy import check_group
from sslbill_desktop.services.billing.pricing import plan_available
from sslbill_desktop.services.billing.terms import (
    AddonCancelPolicy,
    AddonOrderPolicy,
    ChangePolicy,
    LateFeePolicy,
    PeriodUnit,
    RenewFrom,
    TariffTerms,
    WeekendPolicy,
)
from sslbill_desktop.services.billing.terms import (
    ClientGroup as GroupTerms,
)
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, refuse_if_used, touch
from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.fields import Languages, pick
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.margins import MarginReport, margin_report
from sslbill_desktop.services.tariff_input import (
    AddonInput,
    CleanAddon,
    CleanTariff,
    PeriodPrice,
    TariffInput,
    clean_tariff,
)
from sslbill_desktop.services.tariff_terms import group_of, terms_of

ENTITY = "tariff_plan"


class TariffState(StrEnum):
    ENABLED = "enabled"
    DISABLED = "disabled"


class LossNotAccepted(UserError):
    """Enabling was asked without accepting that some period is sold below its upstream cost."""

    def __init__(self, report: MarginReport, name: str) -> None:
        super().__init__(
            _("The tariff plan {name} is priced below its upstream cost:\n{losses}").format(
                name=name, losses=report.loss_text()
            )
        )
        self.report = report


@dataclass(frozen=True)
class UpstreamCosts:
    """The upstream's costs per period (None: not sold), their currency and when they were read."""

    currency: str
    at: datetime | None
    costs: dict[int, Decimal | None]


@dataclass(frozen=True)
class TariffRecord:
    id: int
    version: int
    enabled: bool
    #: The name to show, in the UI language (else the default localization).
    title: str
    product_type_id: int
    provider_id: int
    provider_name: str
    #: The provider's currency: every price of the plan is in it.
    currency: str
    processing_module_name: str
    upstream_product_id: str
    upstream_product_name: str
    upstream: UpstreamCosts
    margins: MarginReport
    #: Everything the dialog edits, as stored.
    settings: TariffInput
    updated_at: datetime

    def orderable_on(self, day: date) -> bool:
        return self.enabled and (self.settings.end_date is None or day < self.settings.end_date)


@dataclass(frozen=True)
class TariffRow:
    """One line of the tariff plan list."""

    id: int
    version: int
    title: str
    enabled: bool
    provider_id: int
    provider_name: str
    currency: str
    upstream_product_id: str
    certificate_type_name: str
    sorting: int
    labels: tuple[str, ...]
    #: The offered periods and their prices, shortest first.
    prices: tuple[tuple[int, Decimal], ...]
    end_date: date | None
    #: The lowest margin over the offered periods (None: no upstream cost to compare with).
    lowest_margin: Decimal | None
    loss: bool
    currency_mismatch: bool
    upstream_currency: str
    costs_at: datetime | None

    @property
    def yearly_price(self) -> Decimal | None:
        return dict(self.prices).get(12)


@dataclass(frozen=True)
class OrderableAddon:
    key: str
    name: dict[str, str]
    title: str
    unit: str
    prices: dict[int, Decimal]
    icon: bytes | None
    icon_format: str


@dataclass(frozen=True)
class OrderablePlan:
    """A plan a client may order now, with what the order wizard shows and needs."""

    id: int
    title: str
    name: dict[str, str]
    description: dict[str, str]
    labels: tuple[str, ...]
    sorting: int
    icon: bytes | None
    icon_format: str
    show_addon_icons: bool
    provider_id: int
    currency: str
    processing_module_id: int
    #: The upstream price-list id to buy.
    certificate_type: str
    #: Orderable periods and their prices, shortest first.
    prices: tuple[tuple[int, Decimal], ...]
    setup_fee: Decimal
    quick_order: bool
    activation_template_id: int | None
    agreement_template_id: int | None
    simultaneous_order: bool
    max_simultaneous: int | None
    addons: tuple[OrderableAddon, ...]
    terms: TariffTerms


# --- reading -------------------------------------------------------------------------------------


def _with_children() -> Sequence[Any]:
    return (
        selectinload(TariffPlan.prices),
        selectinload(TariffPlan.upstream_costs),
        selectinload(TariffPlan.labels),
        selectinload(TariffPlan.allowed_groups),
        selectinload(TariffPlan.forbidden_groups),
        selectinload(TariffPlan.addons).selectinload(TariffAddon.prices),
    )


def settings_of(plan: TariffPlan) -> TariffInput:
    """The stored plan as the dialog's input (every value typed as the dialog produces it)."""
    return TariffInput(
        name=dict(plan.name),
        processing_module_id=plan.processing_module_id,
        charge_daily=plan.charge_daily,
        daily_cost_by_order_period=plan.daily_cost_by_order_period,
        allow_client_suspend=plan.allow_client_suspend,
        charge_after_suspension=plan.charge_after_suspension,
        calendar_charges=plan.calendar_charges,
        prorata_day=plan.prorata_day,
        quick_order=plan.quick_order,
        activation_template_id=plan.activation_template_id,
        agreement_template_id=plan.agreement_template_id,
        certificate_type=plan.certificate_type,
        certificate_type_name=plan.certificate_type_name,
        prices=tuple(PeriodPrice(p.months, p.price, p.renewal_price) for p in plan.prices),
        disable_yearly=plan.disable_yearly,
        setup_fee=plan.setup_fee,
        special_renewal=plan.special_renewal,
        allowed_groups=tuple(sorted(g.id for g in plan.allowed_groups)),
        forbidden_groups=tuple(sorted(g.id for g in plan.forbidden_groups)),
        minimum_order_period=plan.minimum_order_period,
        minimum_order_length=plan.minimum_order_length,
        minimum_order_unit=PeriodUnit(plan.minimum_order_unit),
        max_services_per_client=plan.max_services_per_client,
        simultaneous_order=plan.simultaneous_order,
        max_simultaneous=plan.max_simultaneous,
        late_fee_policy=LateFeePolicy(plan.late_fee_policy),
        late_fee_amount=plan.late_fee_amount,
        late_fee_percent=plan.late_fee_percent,
        auto_delete_days=plan.auto_delete_days,
        suspend_on_weekends=WeekendPolicy(plan.suspend_on_weekends),
        change_policy=ChangePolicy(plan.change_policy),
        renew_from=RenewFrom(plan.renew_from),
        addon_order_policy=AddonOrderPolicy(plan.addon_order_policy),
        addon_cancel_policy=AddonCancelPolicy(plan.addon_cancel_policy),
        end_date=plan.end_date,
        notes=plan.notes,
        sorting=plan.sorting,
        icon=plan.icon,
        show_addon_icons=plan.show_addon_icons,
        description=dict(plan.description),
        labels=tuple(label.label for label in plan.labels),
        addons=tuple(
            AddonInput(
                key=a.key,
                name=dict(a.name),
                unit=a.unit,
                prices=tuple(PeriodPrice(p.months, p.price) for p in a.prices),
                icon=a.icon,
            )
            for a in plan.addons
        ),
    )


def upstream_of(plan: TariffPlan) -> UpstreamCosts:
    return UpstreamCosts(
        plan.upstream_currency, plan.upstream_costs_at, {c.months: c.cost for c in plan.upstream_costs}
    )


def margins_of(plan: TariffPlan, currency: str) -> MarginReport:
    """The margin report of a stored plan against its stored upstream costs."""
    terms = terms_of(plan, currency)
    return margin_report(
        prices=terms.prices,
        renewal_prices=terms.renewal_prices,
        offered=terms.orderable_periods(),
        costs={c.months: c.cost for c in plan.upstream_costs},
        currency=currency,
        upstream_currency=plan.upstream_currency,
        costs_at=plan.upstream_costs_at,
    )


def _title(plan: TariffPlan, languages: Languages) -> str:
    return pick(plan.name, languages.default) or plan.upstream_product_name or str(plan.id)


def _module_name(module: ProcessingModule | None, languages: Languages) -> str:
    return pick(module.name, languages.default) if module is not None else ""


def _record(s: Session, plan: TariffPlan, languages: Languages) -> TariffRecord:
    provider = load(s, Provider, plan.provider_id)
    module = s.get(ProcessingModule, plan.processing_module_id)
    return TariffRecord(
        id=plan.id,
        version=plan.version,
        enabled=plan.enabled,
        title=_title(plan, languages),
        product_type_id=plan.product_type_id,
        provider_id=plan.provider_id,
        provider_name=provider.name,
        currency=provider.currency,
        processing_module_name=_module_name(module, languages),
        upstream_product_id=plan.upstream_product_id,
        upstream_product_name=plan.upstream_product_name,
        upstream=upstream_of(plan),
        margins=margins_of(plan, provider.currency),
        settings=settings_of(plan),
        updated_at=plan.updated_at,
    )


def _load_plan(s: Session, plan_id: int, version: int | None = None) -> TariffPlan:
    return load(s, TariffPlan, plan_id, version)


def get_tariff(db: Database, actor: Actor, plan_id: int) -> TariffRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(s, _load_plan(s, plan_id), languages_in(s))


def _row(plan: TariffPlan, provider: Provider, languages: Languages) -> TariffRow:
    report = margins_of(plan, provider.currency)
    terms = terms_of(plan, provider.currency)
    return TariffRow(
        id=plan.id,
        version=plan.version,
        title=_title(plan, languages),
        enabled=plan.enabled,
        provider_id=plan.provider_id,
        provider_name=provider.name,
        currency=provider.currency,
        upstream_product_id=plan.upstream_product_id,
        certificate_type_name=plan.certificate_type_name or plan.certificate_type,
        sorting=plan.sorting,
        labels=tuple(label.label for label in plan.labels),
        prices=tuple((m, terms.prices[m]) for m in terms.orderable_periods()),
        end_date=plan.end_date,
        lowest_margin=report.lowest_margin,
        loss=bool(report.losses),
        currency_mismatch=report.currency_mismatch,
        upstream_currency=plan.upstream_currency,
        costs_at=plan.upstream_costs_at,
    )


def list_tariffs(
    db: Database,
    actor: Actor,
    *,
    label: str | None = None,
    provider_id: int | None = None,
    state: TariffState | str | None = None,
    text: str = "",
) -> list[TariffRow]:
    """The plans, sorted by sort then name; filtered by a label (ignoring case), a provider, a
    state (enabled / disabled) and a text found in the name, provider or upstream product."""
    require(actor, Permission.READ_CONFIGURATION)
    wanted_state = TariffState(state) if state else None
    with db.uow() as s:
        languages = languages_in(s)
        query = select(TariffPlan).options(*_with_children())
        if provider_id is not None:
            query = query.where(TariffPlan.provider_id == provider_id)
        if wanted_state is not None:
            query = query.where(TariffPlan.enabled.is_(wanted_state is TariffState.ENABLED))
        providers = {p.id: p for p in s.scalars(select(Provider))}
        rows = [_row(plan, providers[plan.provider_id], languages) for plan in s.scalars(query)]
    if label:
        wanted = label.strip().casefold()
        rows = [r for r in rows if any(x.casefold() == wanted for x in r.labels)]
    needle = text.strip().casefold()
    if needle:
        rows = [
            r
            for r in rows
            if needle in r.title.casefold()
            or needle in r.provider_name.casefold()
            or needle in r.upstream_product_id.casefold()
            or needle in r.certificate_type_name.casefold()
        ]
    return sorted(rows, key=lambda r: (r.sorting, r.title.casefold(), r.id))


def tariff_labels(db: Database, actor: Actor) -> list[str]:
    """Every label in use, sorted, one per spelling ignoring case (the list's label filter)."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        labels = sorted({str(x) for x in s.scalars(select(TariffLabel.label).distinct())})
    unique: dict[str, str] = {}
    for label in labels:
        unique.setdefault(label.casefold(), label)
    return sorted(unique.values(), key=str.casefold)


# --- changing ------------------------------------------------------------------------------------


def _amount(value: Decimal | None) -> str | None:
    """Money as stored (four places), so that an unchanged amount never shows up as a change."""
    return None if value is None else format(value.quantize(Decimal("0.0001")), "f")


def snapshot(plan: TariffPlan) -> dict[str, Any]:
    """The audited state of a plan, its children included (the icon as a digest)."""
    data = audit.snapshot(plan)
    for key in data:
        value = getattr(plan, key, None)
        if isinstance(value, Decimal):
            data[key] = _amount(value)
    if plan.icon:
        digest = hashlib.sha256(plan.icon).hexdigest()[:16]
        data["icon"] = f"{plan.icon_format}, {len(plan.icon)} bytes, sha256 {digest}"
    data["prices"] = {str(p.months): [_amount(p.price), _amount(p.renewal_price)] for p in plan.prices}
    data["upstream_costs"] = {str(c.months): _amount(c.cost) for c in plan.upstream_costs}
    data["labels"] = [x.label for x in plan.labels]
    data["allowed_groups"] = sorted(g.id for g in plan.allowed_groups)
    data["forbidden_groups"] = sorted(g.id for g in plan.forbidden_groups)
    data["addons"] = {
        a.key: {
            "name": dict(a.name),
            "unit": a.unit,
            "prices": {str(p.months): _amount(p.price) for p in a.prices},
        }
        for a in plan.addons
    }
    return data


def _groups(s: Session, field: str, ids: Iterable[int]) -> list[ClientGroup]:
    groups = []
    for ident in ids:
        group = s.get(ClientGroup, ident)
        if group is None:
            raise ValidationError(field, _("the client group {id} no longer exists").format(id=ident))
        groups.append(group)
    return groups


def _check_template(s: Session, field: str, ident: int | None, kind: str) -> None:
    if ident is None:
        return
    template = s.get(Template, ident)
    if template is None or template.kind != kind:
        raise ValidationError(field, _("the template {id} no longer exists").format(id=ident))


def _check_references(s: Session, clean: CleanTariff) -> tuple[list[ClientGroup], list[ClientGroup]]:
    cols = clean.columns
    if s.get(ProcessingModule, cols["processing_module_id"]) is None:
        raise ValidationError("processing_module_id", _("the processing module no longer exists"))
    _check_template(s, "activation_template_id", cols.get("activation_template_id"), "message")
    _check_template(s, "agreement_template_id", cols.get("agreement_template_id"), "document")
    return _groups(s, "allowed_groups", clean.allowed_groups), _groups(
        s, "forbidden_groups", clean.forbidden_groups
    )


def _next_addon_key(used: set[str]) -> str:
    number = 1
    while f"addon{number}" in used:
        number += 1
    key = f"addon{number}"
    used.add(key)
    return key


def _apply_addons(plan: TariffPlan, addons: tuple[CleanAddon, ...]) -> None:
    existing = {a.key: a for a in plan.addons}
    used = set(existing)
    kept: list[TariffAddon] = []
    for sorting, addon in enumerate(addons, start=1):
        row = existing.get(addon.key) if addon.key else None
        if row is None:
            row = TariffAddon(key=_next_addon_key(used))
        row.name = addon.name
        row.unit = addon.unit
        row.sorting = sorting
        row.icon = addon.icon
        row.icon_format = addon.icon_format
        current = {p.months: p for p in row.prices}
        row.prices = [
            _addon_price(current.get(months), months, price) for months, price in sorted(addon.prices.items())
        ]
        kept.append(row)
    plan.addons = kept


def _addon_price(row: TariffAddonPrice | None, months: int, price: Decimal) -> TariffAddonPrice:
    if row is None:
        return TariffAddonPrice(months=months, price=price)
    row.price = price
    return row


def _apply_prices(plan: TariffPlan, clean: CleanTariff) -> None:
    current = {p.months: p for p in plan.prices}
    rows = []
    for item in clean.prices:
        row = current.get(item.months) or TariffPrice(months=item.months)
        row.price = item.price
        if clean.renewals_given:
            row.renewal_price = item.renewal_price
        rows.append(row)
    plan.prices = rows


def _apply_upstream(plan: TariffPlan, upstream: UpstreamCosts) -> None:
    current = {c.months: c for c in plan.upstream_costs}
    rows = []
    for months, cost in sorted(upstream.costs.items()):
        row = current.get(months) or TariffUpstreamCost(months=months)
        row.cost = cost
        rows.append(row)
    plan.upstream_costs = rows
    plan.upstream_currency = upstream.currency
    plan.upstream_costs_at = upstream.at


def apply_settings(s: Session, plan: TariffPlan, values: TariffInput, currency: str) -> None:
    """Check `values` and write them onto `plan` (children included)."""
    clean = clean_tariff(values, languages=languages_in(s), currency=currency)
    allowed, forbidden = _check_references(s, clean)
    for name, value in clean.columns.items():
        setattr(plan, name, value)
    _apply_prices(plan, clean)
    plan.allowed_groups = allowed
    plan.forbidden_groups = forbidden
    current = {x.label: x for x in plan.labels}
    plan.labels = [current.get(label) or TariffLabel(label=label) for label in clean.labels]
    _apply_addons(plan, clean.addons)


def update_tariff(
    db: Database,
    actor: Actor,
    plan_id: int,
    *,
    version: int,
    values: TariffInput,
    upstream: UpstreamCosts | None = None,
) -> TariffRecord:
    """Save the dialog. `upstream`: fresh upstream costs of the chosen certificate type."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        plan = _load_plan(s, plan_id, version)
        provider = load(s, Provider, plan.provider_id)
        before = snapshot(plan)
        apply_settings(s, plan, values, provider.currency)
        if upstream is not None:
            _apply_upstream(plan, upstream)
        touch(plan)
        s.flush()
        after = snapshot(plan)
        audit.record(
            s,
            actor,
            "update",
            ENTITY,
            plan.id,
            before=before,
            after=after,
            summary=_title(plan, languages_in(s)),
        )
        return _record(s, plan, languages_in(s))


def enable_tariff(
    db: Database, actor: Actor, plan_id: int, *, version: int, accept_loss: bool = False
) -> TariffRecord:
    """Enable a plan (clients may order it). Refused with `LossNotAccepted` while some offered
    period is priced below its upstream cost, unless `accept_loss`."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        plan = _load_plan(s, plan_id, version)
        provider = load(s, Provider, plan.provider_id)
        languages = languages_in(s)
        report = margins_of(plan, provider.currency)
        if report.losses and not accept_loss:
            raise LossNotAccepted(report, _title(plan, languages))
        return _set_enabled(s, actor, plan, True, languages)


def disable_tariff(db: Database, actor: Actor, plan_id: int, *, version: int) -> TariffRecord:
    """Disable a plan: it can no longer be ordered or renewed; services keep running."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        plan = _load_plan(s, plan_id, version)
        return _set_enabled(s, actor, plan, False, languages_in(s))


def _set_enabled(
    s: Session, actor: Actor, plan: TariffPlan, enabled: bool, languages: Languages
) -> TariffRecord:
    before = {"enabled": plan.enabled}
    plan.enabled = enabled
    touch(plan)
    s.flush()
    audit.record(
        s,
        actor,
        "enable" if enabled else "disable",
        ENTITY,
        plan.id,
        before=before,
        after={"enabled": enabled},
        summary=_title(plan, languages),
    )
    return _record(s, plan, languages)


def delete_tariff(db: Database, actor: Actor, plan_id: int, *, version: int) -> None:
    """Delete a plan; refused while services (orders) use it."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        plan = _load_plan(s, plan_id, version)
        title = _title(plan, languages_in(s))
        refuse_if_used(s, plan, _("The tariff plan {name}").format(name=title))
        before = snapshot(plan)
        s.delete(plan)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, plan_id, before=before, summary=title)


# --- ordering ------------------------------------------------------------------------------------


def orderable_plans(
    db: Database, actor: Actor, client_group_id: int | None, on: date, *, provider_id: int | None = None
) -> list[OrderablePlan]:
    """The plans a client of `client_group_id` (None: no group) may order on `on`: enabled, before
    their end date, allowed for the group and not forbidden to it; of `provider_id` when given.
    Sorted by sort, then name."""
    require(actor, Permission.PLACE_ORDERS)
    with db.uow() as s:
        languages = languages_in(s)
        group: GroupTerms | None = None
        if client_group_id is not None:
            group = group_of(load(s, ClientGroup, client_group_id))
        query = select(TariffPlan).options(*_with_children()).where(TariffPlan.enabled.is_(True))
        if provider_id is not None:
            query = query.where(TariffPlan.provider_id == provider_id)
        providers = {p.id: p for p in s.scalars(select(Provider))}
        result: list[OrderablePlan] = []
        for plan in s.scalars(query):
            currency = providers[plan.provider_id].currency
            terms = terms_of(plan, currency)
            if plan_available(terms, on) is not None or check_group(terms, group) is not None:
                continue
            if not terms.orderable_periods():
                continue
            result.append(_orderable(plan, terms, currency, languages))
    return sorted(result, key=lambda p: (p.sorting, p.title.casefold(), p.id))


def _orderable(plan: TariffPlan, terms: TariffTerms, currency: str, languages: Languages) -> OrderablePlan:
    return OrderablePlan(
        id=plan.id,
        title=_title(plan, languages),
        name=dict(plan.name),
        description=dict(plan.description),
        labels=tuple(x.label for x in plan.labels),
        sorting=plan.sorting,
        icon=plan.icon,
        icon_format=plan.icon_format,
        show_addon_icons=plan.show_addon_icons,
        provider_id=plan.provider_id,
        currency=currency,
        processing_module_id=plan.processing_module_id,
        certificate_type=plan.certificate_type,
        prices=tuple((m, terms.prices[m]) for m in terms.orderable_periods()),
        setup_fee=terms.setup_fee,
        quick_order=plan.quick_order,
        activation_template_id=plan.activation_template_id,
        agreement_template_id=plan.agreement_template_id,
        simultaneous_order=terms.simultaneous_order,
        max_simultaneous=terms.max_simultaneous,
        addons=tuple(
            OrderableAddon(
                key=a.key,
                name=dict(a.name),
                title=pick(a.name, languages.default),
                unit=a.unit,
                prices={p.months: p.price for p in a.prices},
                icon=a.icon,
                icon_format=a.icon_format,
            )
            for a in plan.addons
        ),
        terms=terms,
    )
