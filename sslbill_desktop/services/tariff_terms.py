"""A tariff plan as the billing engine sees it: a database row, or the dialog's unsaved values,
turned into `TariffTerms`.

The engine's keys: a plan is `str(plan.id)` (or the key given for unsaved values), a client group
`str(group.id)`, an add-on its stable `key`. A child option whose parent is off is left at the
engine's default (the renewal prices without "renewal with special price", ...), whatever the row
keeps for it.

For the ordering work: `terms_of(plan)` inside a unit of work, `tariff_terms(db, actor, plan_id)`
outside one, `group_of(group)` for the client's group.

The plan's and its add-ons' `name` (what the billing engine's notes call them: "Extra domain names
× 2: ...", "Basic → Premium: ...") are their names in the workspace's default language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session, object_session

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.client_groups import ClientGroup as ClientGroupRow
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing.terms import (
    AddonCancelPolicy,
    AddonOrderPolicy,
    AddonTerms,
    ChangePolicy,
    ClientGroup,
    LateFee,
    LateFeePolicy,
    MinimumOrderPeriod,
    PeriodUnit,
    RenewFrom,
    TariffTerms,
    WeekendPolicy,
)
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import DEFAULT_LANGUAGE
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.tariff_input import CleanTariff

#: The engine's value for each option when the form leaves it out (an ignored or invalid child).
DEFAULTS: dict[str, Any] = {
    "charge_daily": False,
    "daily_cost_by_order_period": False,
    "allow_client_suspend": False,
    "charge_after_suspension": False,
    "calendar_charges": False,
    "prorata_day": 15,
    "disable_yearly": False,
    "setup_fee": Decimal(0),
    "special_renewal": False,
    "minimum_order_period": False,
    "minimum_order_length": None,
    "minimum_order_unit": PeriodUnit.MONTHS.value,
    "max_services_per_client": None,
    "simultaneous_order": False,
    "max_simultaneous": None,
    "late_fee_policy": LateFeePolicy.NONE.value,
    "late_fee_amount": None,
    "late_fee_percent": None,
    "auto_delete_days": None,
    "suspend_on_weekends": WeekendPolicy.PRODUCT_TYPE.value,
    "change_policy": ChangePolicy.ADD_FUNDS_REFUND.value,
    "renew_from": RenewFrom.CURRENT_DATE.value,
    "addon_order_policy": AddonOrderPolicy.UNTIL_EXPIRATION.value,
    "addon_cancel_policy": AddonCancelPolicy.REFUND.value,
    "end_date": None,
    "enabled": True,
}


def _late_fee(get: Callable[[str], Any]) -> LateFee:
    policy = LateFeePolicy(get("late_fee_policy"))
    if policy is LateFeePolicy.FIXED:
        return LateFee(policy, amount=get("late_fee_amount") or Decimal(0))
    if policy is LateFeePolicy.PERCENT:
        return LateFee(policy, percent=get("late_fee_percent") or Decimal(0))
    return LateFee(policy)


def build_terms(
    get: Callable[[str], Any],
    *,
    key: str,
    currency: str,
    prices: Mapping[int, Decimal],
    renewal_prices: Mapping[int, Decimal],
    addons: Iterable[tuple[str, Mapping[int, Decimal], str]],
    allowed_groups: Iterable[int],
    forbidden_groups: Iterable[int],
    name: str = "",
) -> TariffTerms:
    """`TariffTerms` from option values read with `get(column name)`; parents rule their children.

    `addons` are (key, prices, name); `name` and the add-ons' names blank: their keys."""
    charge_daily = bool(get("charge_daily"))
    calendar = bool(get("calendar_charges")) and not charge_daily
    suspend = bool(get("allow_client_suspend"))
    minimum = None
    if get("minimum_order_period") and get("minimum_order_length"):
        minimum = MinimumOrderPeriod(int(get("minimum_order_length")), PeriodUnit(get("minimum_order_unit")))
    simultaneous = bool(get("simultaneous_order"))
    change = ChangePolicy(get("change_policy"))
    return TariffTerms(
        key=key,
        currency=currency,
        prices=dict(prices),
        disable_yearly=bool(get("disable_yearly")),
        setup_fee=get("setup_fee") or Decimal(0),
        renewal_prices=dict(renewal_prices) if get("special_renewal") else {},
        charge_daily=charge_daily,
        daily_cost_by_order_period=charge_daily and bool(get("daily_cost_by_order_period")),
        allow_client_suspend=suspend,
        charge_after_suspension=suspend and bool(get("charge_after_suspension")),
        calendar_charges=calendar,
        prorata_day=int(get("prorata_day") or 15) if calendar else 15,
        late_fee=_late_fee(get),
        suspend_on_weekends=WeekendPolicy(get("suspend_on_weekends")),
        auto_delete_days=get("auto_delete_days"),
        change_policy=change,
        renew_from=RenewFrom(get("renew_from"))
        if change is ChangePolicy.FULL_PAYMENT
        else RenewFrom.CURRENT_DATE,
        addon_order_policy=AddonOrderPolicy(get("addon_order_policy")),
        addon_cancel_policy=AddonCancelPolicy(get("addon_cancel_policy")),
        end_date=get("end_date"),
        addons={key: AddonTerms(key, dict(addon_prices), title) for key, addon_prices, title in addons},
        minimum_order_period=minimum,
        allowed_groups=frozenset(str(g) for g in allowed_groups),
        forbidden_groups=frozenset(str(g) for g in forbidden_groups),
        max_services_per_client=get("max_services_per_client"),
        simultaneous_order=simultaneous,
        max_simultaneous=get("max_simultaneous") if simultaneous else None,
        enabled=bool(get("enabled")),
        name=name,
    )


def new_addon_key(index: int) -> str:
    """The key an add-on not saved yet goes by in a preview."""
    return f"new-{index + 1}"


def terms_from_clean(
    clean: CleanTariff, *, key: str, currency: str, enabled: bool = True, language: str = DEFAULT_LANGUAGE
) -> TariffTerms:
    """The dialog's (possibly unsaved) values as terms; an option left out takes the default.

    `language`: the workspace's default language, which the notes name the plan and add-ons in."""
    columns = dict(clean.columns, enabled=enabled)
    return build_terms(
        lambda name: columns.get(name, DEFAULTS.get(name)),
        key=key,
        currency=currency,
        prices={p.months: p.price for p in clean.prices},
        renewal_prices={p.months: p.renewal_price for p in clean.prices if p.renewal_price is not None},
        addons=[
            (a.key or new_addon_key(i), a.prices, name_in(a.name, language))
            for i, a in enumerate(clean.addons)
        ],
        allowed_groups=clean.allowed_groups,
        forbidden_groups=clean.forbidden_groups,
        name=name_in(columns.get("name"), language),
    )


def name_in(texts: Mapping[str, str] | None, language: str) -> str:
    """A name per localization in `language` (else any other; blank when there is none)."""
    return pick(texts or {}, language, language) if isinstance(texts, Mapping) else ""


def default_language(s: Session | None) -> str:
    """The workspace's default language, read once per unit of work."""
    if s is None:
        return DEFAULT_LANGUAGE
    language = s.info.get(_DEFAULT_LANGUAGE_KEY)
    if not isinstance(language, str):
        language = s.info[_DEFAULT_LANGUAGE_KEY] = languages_in(s).default
    return language


_DEFAULT_LANGUAGE_KEY = "sslbill.default_language"


def plan_key(plan_id: int) -> str:
    return str(plan_id)


def terms_of(plan: TariffPlan, currency: str, language: str | None = None) -> TariffTerms:
    """A stored plan's terms (`currency`: its provider's; `language`: the one the notes name the
    plan and its add-ons in, by default the workspace's default language)."""
    language = language or default_language(object_session(plan))
    return build_terms(
        lambda name: getattr(plan, name),
        key=plan_key(plan.id),
        currency=currency,
        prices={p.months: p.price for p in plan.prices},
        renewal_prices={p.months: p.renewal_price for p in plan.prices if p.renewal_price is not None},
        addons=[
            (a.key, {p.months: p.price for p in a.prices}, name_in(a.name, language)) for a in plan.addons
        ],
        allowed_groups=[g.id for g in plan.allowed_groups],
        forbidden_groups=[g.id for g in plan.forbidden_groups],
        name=name_in(plan.name, language),
    )


def group_of(group: ClientGroupRow) -> ClientGroup:
    """A client group's row as the engine's `ClientGroup`."""
    return ClientGroup(
        key=str(group.id),
        ignore_service_limit=group.ignore_service_limit,
        allow_suspend=group.allow_suspend_resume,
        allow_delete=group.allow_deletion,
    )


def tariff_terms(db: Database, actor: Actor, plan_id: int) -> TariffTerms:
    """The terms of a stored plan (for pricing an order or a renewal)."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        plan = load(s, TariffPlan, plan_id)
        provider = load(s, Provider, plan.provider_id)
        return terms_of(plan, provider.currency)
