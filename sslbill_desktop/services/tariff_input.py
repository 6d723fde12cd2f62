"""What the tariff plan dialog edits (`TariffInput`) and how it is checked, without a database.

`clean_tariff(values, languages=, currency=)` returns the clean values or raises the first
`ValidationError`; `tariff_problems(...)` returns every problem at once, for the dialog to show
each where it occurs. Field names: `name.en`, `prorata_day`, `prices.12`, `prices.12.renewal`,
`late_fee_percent`, `addons[0].prices.24`, ...

The dependencies of the source's form are rules here, so that the dialog, the CLI and the tests
share them:
- a child option whose parent is off is **ignored**: neither checked nor changed (the row keeps
  its value, and turning the parent on again brings it back). Parent → children:
  charge daily → calculate daily cost depending on order period; allow clients to resume/suspend
  → charge client after suspension; calendar-based charges → pro-rata day; renewal with special
  price → the renewal prices; minimum order period → its length and unit; simultaneous services
  order → the maximum number; late renewal fee → the amount (fixed) or the percent (percent);
  tariff change policy "full payment" → renew from; having add-ons → additional resources order
  policy, add-on cancellation policy and show add-on icons;
- invalid combinations are refused where they occur: calendar-based charges with charge daily;
  disabling the yearly period when no other period has a price; a group both allowed and
  forbidden; an add-on without a price for a period the plan offers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sslbill_desktop.services import fields, validation
from sslbill_desktop.services.billing.money import currency_digits
from sslbill_desktop.services.billing.terms import (
    YEARLY,
    AddonCancelPolicy,
    AddonOrderPolicy,
    ChangePolicy,
    LateFeePolicy,
    PeriodUnit,
    RenewFrom,
    WeekendPolicy,
)
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.icons import check_icon
from sslbill_desktop.services.product_types import MAX_AUTO_DELETE_DAYS, clean_weekend_policy, optional_days

#: The order periods (months) the prices tab offers; the upstream sells 12, 24 and 36.
STANDARD_PERIODS: tuple[int, ...] = (1, 3, 6, 12, 24, 36)
MAX_PERIOD_MONTHS = 120
MAX_SERVICES = 1_000_000
MAX_SIMULTANEOUS = 1000
MAX_MINIMUM_DAYS = 3650
MAX_MINIMUM_MONTHS = 120
MAX_LABELS = 50
MAX_LABEL_LENGTH = 100
MAX_NOTES = 10_000
MAX_DESCRIPTION = 20_000
MAX_ADDONS = 50
#: The tariff icon may be larger than a provider's 16×16.
ICON_SIZE = 64

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class PeriodPrice:
    """The price of one order period; `renewal_price` blank = renewals cost the order price."""

    months: int
    price: Decimal | str | None
    renewal_price: Decimal | str | None = None


@dataclass(frozen=True)
class AddonInput:
    """An add-on as edited; `key` None for a new one (the service gives it a stable key)."""

    key: str | None
    name: Mapping[str, str]
    unit: str = ""
    prices: tuple[PeriodPrice, ...] = ()
    icon: bytes | None = None


@dataclass(frozen=True)
class TariffInput:
    """Every option of the tariff plan dialog, tab by tab."""

    # Main settings
    name: Mapping[str, str] = field(default_factory=dict)
    processing_module_id: int | None = None
    charge_daily: bool = False
    daily_cost_by_order_period: bool = False
    allow_client_suspend: bool = False
    charge_after_suspension: bool = False
    calendar_charges: bool = False
    prorata_day: int | str | None = 15
    quick_order: bool = False
    activation_template_id: int | None = None
    agreement_template_id: int | None = None
    # Additional settings
    certificate_type: str = ""
    certificate_type_name: str = ""
    # Prices
    prices: tuple[PeriodPrice, ...] = ()
    disable_yearly: bool = False
    setup_fee: Decimal | str | None = Decimal(0)
    special_renewal: bool = False
    # Policy
    allowed_groups: tuple[int, ...] = ()
    forbidden_groups: tuple[int, ...] = ()
    minimum_order_period: bool = False
    minimum_order_length: int | str | None = None
    minimum_order_unit: PeriodUnit | str = PeriodUnit.MONTHS
    max_services_per_client: int | str | None = None
    simultaneous_order: bool = False
    max_simultaneous: int | str | None = None
    late_fee_policy: LateFeePolicy | str = LateFeePolicy.NONE
    late_fee_amount: Decimal | str | None = None
    late_fee_percent: Decimal | str | None = None
    auto_delete_days: int | str | None = None
    suspend_on_weekends: WeekendPolicy | str = WeekendPolicy.PRODUCT_TYPE
    change_policy: ChangePolicy | str = ChangePolicy.ADD_FUNDS_REFUND
    renew_from: RenewFrom | str = RenewFrom.CURRENT_DATE
    addon_order_policy: AddonOrderPolicy | str = AddonOrderPolicy.UNTIL_EXPIRATION
    addon_cancel_policy: AddonCancelPolicy | str = AddonCancelPolicy.REFUND
    end_date: date | None = None
    notes: str = ""
    # Service order configuration
    sorting: int | str = 1
    icon: bytes | None = None
    show_addon_icons: bool = False
    description: Mapping[str, str] = field(default_factory=dict)
    #: A tuple of labels, or the text of the labels box (one per line).
    labels: tuple[str, ...] | str = ()
    # Add-ons
    addons: tuple[AddonInput, ...] = ()


@dataclass(frozen=True)
class CleanPrice:
    months: int
    price: Decimal
    renewal_price: Decimal | None


@dataclass(frozen=True)
class CleanAddon:
    key: str | None
    name: dict[str, str]
    unit: str
    prices: dict[int, Decimal]
    icon: bytes | None
    icon_format: str


@dataclass(frozen=True)
class CleanTariff:
    """The checked values: `columns` are the plan's scalar columns to set (an ignored child option
    is absent, so its stored value is kept); the collections are replaced as a whole, except the
    renewal prices, which are kept when "renewal with special price" is off (`renewals_given`)."""

    columns: dict[str, Any]
    prices: tuple[CleanPrice, ...]
    renewals_given: bool
    allowed_groups: tuple[int, ...]
    forbidden_groups: tuple[int, ...]
    labels: tuple[str, ...]
    addons: tuple[CleanAddon, ...]

    def orderable_periods(self) -> tuple[int, ...]:
        disable = bool(self.columns.get("disable_yearly"))
        return tuple(p.months for p in self.prices if not (disable and p.months == YEARLY))


# --- small cleaners ------------------------------------------------------------------------------


def choice(field_name: str, value: object, enum: type[E]) -> E:
    """A value of `enum`, given as the member or its string."""
    for member in enum:
        if value in (member, member.value):
            return member
    raise ValidationError(field_name, _("not a valid choice"))


def money(field_name: str, value: object, currency: str, *, required: bool = True) -> Decimal | None:
    """An amount in `currency` (at most its number of decimals); blank is None unless required."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field_name, _("this field is required"))
        return None
    if not isinstance(value, Decimal | str):
        raise ValidationError(field_name, _("not an amount: {value}").format(value=value))
    return validation.amount(field_name, value, places=currency_digits(currency))


def percent(field_name: str, value: object) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field_name, _("this field is required with a percent late fee"))
    if not isinstance(value, Decimal | str):
        raise ValidationError(field_name, _("not a percentage: {value}").format(value=value))
    number = validation.amount(field_name, value, places=2)
    if not 0 < number <= 100:
        raise ValidationError(field_name, _("give a percentage above 0 and at most 100"))
    return number


def optional_count(field_name: str, value: object, *, maximum: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return fields.whole_number(field_name, value, minimum=1, maximum=maximum)


def required_count(field_name: str, value: object, *, maximum: int, parent: str) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field_name, _("this field is required with {option}").format(option=parent))
    return fields.whole_number(field_name, value, minimum=1, maximum=maximum)


def period_months(field_name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PERIOD_MONTHS:
        raise ValidationError(
            field_name,
            _("not a period in months (1 to {n}): {value}").format(n=MAX_PERIOD_MONTHS, value=value),
        )
    return value


def labels_of(value: object) -> tuple[str, ...]:
    """Labels from a tuple or from text with one label per line: stripped, blank lines dropped,
    repeats (ignoring case) dropped, in the given order."""
    if isinstance(value, str):
        items: Iterable[object] = value.splitlines()
    elif isinstance(value, tuple | list):
        items = value
    else:
        raise ValidationError("labels", _("one label per line"))
    seen: dict[str, str] = {}
    for index, item in enumerate(items):
        text = fields.line(f"labels[{index}]", item, max_length=MAX_LABEL_LENGTH)
        if text and text.casefold() not in seen:
            seen[text.casefold()] = text
    if len(seen) > MAX_LABELS:
        raise ValidationError("labels", _("at most {n} labels").format(n=MAX_LABELS))
    return tuple(seen.values())


def _icon(field_name: str, value: object, size: int) -> tuple[bytes | None, str]:
    info = check_icon(field_name, value, max_width=size, max_height=size)
    if info is None or not isinstance(value, bytes):
        return None, ""
    return value, info.format


def _date_or_none(field_name: str, value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date):
        raise ValidationError(field_name, _("not a date"))
    return value


# --- the whole form ------------------------------------------------------------------------------


class _Collector:
    """Runs each check; in `strict` mode the first problem is raised, else all are collected."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.problems: list[ValidationError] = []

    def run(self, check: Callable[[], Any], default: Any = None) -> Any:
        return self.call(check, default=default)

    def call(self, check: Callable[..., Any], *args: Any, default: Any = None, **kwargs: Any) -> Any:
        """`check(*args, **kwargs)`, or `default` after recording its `ValidationError`."""
        try:
            return check(*args, **kwargs)
        except ValidationError as problem:
            if self.strict:
                raise
            self.problems.append(problem)
            return default


_T = TypeVar("_T")


def _items(field_name: str, value: object, kind: type[_T], run: _Collector) -> tuple[_T, ...]:
    """`value` as a sequence of `kind` (the form's rows); anything else is refused naming the field."""
    if isinstance(value, list | tuple) and all(isinstance(item, kind) for item in value):
        return tuple(value)
    run.call(_raise, field_name, _("not a list of rows of this form"))
    return ()


def _prices(
    values: TariffInput, currency: str, special_renewal: bool, run: _Collector
) -> tuple[CleanPrice, ...]:
    seen: dict[int, CleanPrice] = {}
    for index, item in enumerate(_items("prices", values.prices, PeriodPrice, run)):
        months = run.call(period_months, f"prices[{index}]", item.months)
        if months is None:
            continue
        if months in seen:
            run.call(_raise, f"prices.{months}", _("this period is given twice"))
            continue
        price = run.call(money, f"prices.{months}", item.price, currency)
        renewal = None
        if special_renewal:
            renewal = run.call(
                money, f"prices.{months}.renewal", item.renewal_price, currency, required=False
            )
        if price is not None:
            seen[months] = CleanPrice(months, price, renewal)
    return tuple(seen[m] for m in sorted(seen))


def _raise(field_name: str, message: str) -> None:
    raise ValidationError(field_name, message)


def _check_periods(prices: tuple[CleanPrice, ...], values: TariffInput, run: _Collector) -> None:
    months = {p.months for p in prices}
    given = (
        {item.months for item in values.prices if isinstance(item, PeriodPrice)}
        if isinstance(values.prices, list | tuple)
        else set()
    )
    if YEARLY not in months and YEARLY not in given:
        run.run(lambda: _raise(f"prices.{YEARLY}", _("the price for one year is required")))
    elif values.disable_yearly and months == {YEARLY}:
        run.run(
            lambda: _raise(
                "disable_yearly",
                _("the yearly period is the only one with a price: disabling it leaves nothing to order"),
            )
        )
    if values.special_renewal and prices and not any(p.renewal_price is not None for p in prices):
        run.run(lambda: _raise("special_renewal", _("give a renewal price for at least one period")))


def _addons(
    values: TariffInput, languages: Languages, currency: str, offered: tuple[int, ...], run: _Collector
) -> tuple[CleanAddon, ...]:
    addons = _items("addons", values.addons, AddonInput, run)
    if len(addons) > MAX_ADDONS:
        run.call(_raise, "addons", _("at most {n} add-ons").format(n=MAX_ADDONS))
        return ()
    result: list[CleanAddon] = []
    for index, addon in enumerate(addons):
        path = f"addons[{index}]"
        name = run.call(fields.localized, f"{path}.name", addon.name, languages, default={})
        unit = run.call(fields.line, f"{path}.unit", addon.unit, max_length=50, default="")
        icon, icon_format = run.call(_icon, f"{path}.icon", addon.icon, 16, default=(None, ""))
        prices: dict[int, Decimal] = {}
        for item in _items(f"{path}.prices", addon.prices, PeriodPrice, run):
            months = run.call(period_months, f"{path}.prices", item.months)
            if months is None:
                continue
            price = run.call(money, f"{path}.prices.{months}", item.price, currency, required=False)
            if price is not None:
                prices[months] = price
        for months in offered:
            if months not in prices:
                run.call(
                    _raise,
                    f"{path}.prices.{months}",
                    _("the plan offers {n} months: give the add-on a price for it too").format(n=months),
                )
        key = addon.key if addon.key else None
        result.append(
            CleanAddon(key, name or {}, unit or "", dict(sorted(prices.items())), icon, icon_format)
        )
    return tuple(result)


def _clean(values: TariffInput, languages: Languages, currency: str, run: _Collector) -> CleanTariff:
    if not isinstance(values, TariffInput):
        raise TypeError("values must be a TariffInput")
    cols: dict[str, Any] = {}

    def put(name: str, check: Callable[[], Any]) -> None:
        try:
            cols[name] = check()
        except ValidationError as problem:
            if run.strict:
                raise
            run.problems.append(problem)

    # Main settings
    put("name", lambda: fields.localized("name", values.name, languages))
    put("processing_module_id", lambda: _required_ref("processing_module_id", values.processing_module_id))
    charge_daily = run.run(lambda: fields.flag("charge_daily", values.charge_daily), False)
    cols["charge_daily"] = charge_daily
    if charge_daily:
        put(
            "daily_cost_by_order_period",
            lambda: fields.flag("daily_cost_by_order_period", values.daily_cost_by_order_period),
        )
    suspend = run.run(lambda: fields.flag("allow_client_suspend", values.allow_client_suspend), False)
    cols["allow_client_suspend"] = suspend
    if suspend:
        put(
            "charge_after_suspension",
            lambda: fields.flag("charge_after_suspension", values.charge_after_suspension),
        )
    calendar = run.run(lambda: fields.flag("calendar_charges", values.calendar_charges), False)
    if calendar and charge_daily:
        run.run(
            lambda: _raise(
                "calendar_charges", _("calendar-based charges are not available with charge daily")
            )
        )
    else:
        cols["calendar_charges"] = calendar
        if calendar:
            put("prorata_day", lambda: _prorata_day(values.prorata_day))
    put("quick_order", lambda: fields.flag("quick_order", values.quick_order))
    put(
        "activation_template_id",
        lambda: fields.reference("activation_template_id", values.activation_template_id),
    )
    put(
        "agreement_template_id",
        lambda: fields.reference("agreement_template_id", values.agreement_template_id),
    )
    # Additional settings
    put(
        "certificate_type",
        lambda: fields.line("certificate_type", values.certificate_type, required=True, max_length=32),
    )
    put("certificate_type_name", lambda: fields.line("certificate_type_name", values.certificate_type_name))
    # Prices
    special = run.run(lambda: fields.flag("special_renewal", values.special_renewal), False)
    cols["special_renewal"] = special
    put("disable_yearly", lambda: fields.flag("disable_yearly", values.disable_yearly))
    put("setup_fee", lambda: money("setup_fee", values.setup_fee, currency, required=False) or Decimal(0))
    prices = _prices(values, currency, special, run)
    _check_periods(prices, values, run)
    # Policy
    allowed = run.run(lambda: fields.references("allowed_groups", values.allowed_groups), ())
    forbidden = run.run(lambda: fields.references("forbidden_groups", values.forbidden_groups), ())
    if set(allowed) & set(forbidden):
        run.run(lambda: _raise("forbidden_groups", _("a client group cannot be both allowed and forbidden")))
    minimum = run.run(lambda: fields.flag("minimum_order_period", values.minimum_order_period), False)
    cols["minimum_order_period"] = minimum
    if minimum:
        unit = run.run(lambda: choice("minimum_order_unit", values.minimum_order_unit, PeriodUnit))
        if unit is not None:
            cols["minimum_order_unit"] = unit.value
            limit = MAX_MINIMUM_DAYS if unit is PeriodUnit.DAYS else MAX_MINIMUM_MONTHS
            put(
                "minimum_order_length",
                lambda: required_count(
                    "minimum_order_length",
                    values.minimum_order_length,
                    maximum=limit,
                    parent=_("a minimum order period"),
                ),
            )
    put(
        "max_services_per_client",
        lambda: optional_count(
            "max_services_per_client", values.max_services_per_client, maximum=MAX_SERVICES
        ),
    )
    simultaneous = run.run(lambda: fields.flag("simultaneous_order", values.simultaneous_order), False)
    cols["simultaneous_order"] = simultaneous
    if simultaneous:
        put(
            "max_simultaneous",
            lambda: required_count(
                "max_simultaneous",
                values.max_simultaneous,
                maximum=MAX_SIMULTANEOUS,
                parent=_("simultaneous services order"),
            ),
        )
    late = run.run(lambda: choice("late_fee_policy", values.late_fee_policy, LateFeePolicy))
    if late is not None:
        cols["late_fee_policy"] = late.value
        if late is LateFeePolicy.FIXED:
            put(
                "late_fee_amount",
                lambda: _positive_money("late_fee_amount", values.late_fee_amount, currency),
            )
        elif late is LateFeePolicy.PERCENT:
            put("late_fee_percent", lambda: percent("late_fee_percent", values.late_fee_percent))
    put(
        "auto_delete_days",
        lambda: optional_days("auto_delete_days", values.auto_delete_days, maximum=MAX_AUTO_DELETE_DAYS),
    )
    put(
        "suspend_on_weekends",
        lambda: (
            clean_weekend_policy(
                "suspend_on_weekends", values.suspend_on_weekends, allow_product_type=True
            ).value
        ),
    )
    change = run.run(lambda: choice("change_policy", values.change_policy, ChangePolicy))
    if change is not None:
        cols["change_policy"] = change.value
        if change is ChangePolicy.FULL_PAYMENT:
            put("renew_from", lambda: choice("renew_from", values.renew_from, RenewFrom).value)
    put("end_date", lambda: _date_or_none("end_date", values.end_date))
    put("notes", lambda: fields.text_block("notes", values.notes, max_length=MAX_NOTES))
    # Service order configuration
    put("sorting", lambda: fields.sorting("sorting", values.sorting))
    icon = run.run(lambda: _icon("icon", values.icon, ICON_SIZE), (None, ""))
    cols["icon"], cols["icon_format"] = icon
    put(
        "description",
        lambda: fields.localized(
            "description",
            values.description,
            languages,
            required=False,
            max_length=MAX_DESCRIPTION,
            multiline=True,
        ),
    )
    labels = run.run(lambda: labels_of(values.labels), ())
    # Add-ons
    offered = tuple(p.months for p in prices if not (values.disable_yearly and p.months == YEARLY))
    addons = _addons(values, languages, currency, offered, run)
    if addons:
        put(
            "addon_order_policy",
            lambda: choice("addon_order_policy", values.addon_order_policy, AddonOrderPolicy).value,
        )
        put(
            "addon_cancel_policy",
            lambda: choice("addon_cancel_policy", values.addon_cancel_policy, AddonCancelPolicy).value,
        )
        put("show_addon_icons", lambda: fields.flag("show_addon_icons", values.show_addon_icons))
    return CleanTariff(
        columns=cols,
        prices=prices,
        renewals_given=special,
        allowed_groups=tuple(allowed),
        forbidden_groups=tuple(forbidden),
        labels=tuple(labels),
        addons=addons,
    )


def _required_ref(field_name: str, value: object) -> int:
    ident = fields.reference(field_name, value)
    if ident is None:
        raise ValidationError(field_name, _("this field is required"))
    return ident


def _prorata_day(value: object) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError("prorata_day", _("this field is required with calendar-based charges"))
    return fields.whole_number("prorata_day", value, minimum=1, maximum=31)


def _positive_money(field_name: str, value: object, currency: str) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field_name, _("this field is required with a fixed late fee"))
    amount = money(field_name, value, currency)
    if amount is None or amount <= 0:
        raise ValidationError(field_name, _("must be more than zero"))
    return amount


def clean_tariff(values: TariffInput, *, languages: Languages, currency: str) -> CleanTariff:
    """The checked values; the first problem raises `ValidationError` naming its field."""
    return _clean(values, languages, currency, _Collector(strict=True))


def check_tariff(
    values: TariffInput, *, languages: Languages, currency: str
) -> tuple[CleanTariff, list[ValidationError]]:
    """The values that are valid, and every problem of the others (for the live preview)."""
    run = _Collector(strict=False)
    clean = _clean(values, languages, currency, run)
    return clean, run.problems


def tariff_problems(values: TariffInput, *, languages: Languages, currency: str) -> list[ValidationError]:
    """Every problem of the form (empty when it can be saved), in tab order."""
    return check_tariff(values, languages=languages, currency=currency)[1]
