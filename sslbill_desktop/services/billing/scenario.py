"""A `simulate` scenario: its JSON format parsed and validated into typed objects.

`load_scenario(text)` parses JSON text, `parse_scenario(data)` an already decoded value; both
return a `Scenario` or raise `ValidationError` whose field is the exact path of the bad value
(`events[3].date: not a date: "2027-13-01"`, `tariffs.basic.prices.12: not an amount: "abc"`).
Malformed JSON names the line and column. Every amount is a string (JSON numbers are never turned
into floats: they are refused with a hint). See BILLING.md for the format; beside its keys a
tariff takes the other options of the source's tariff form (`disable_yearly`,
`allow_client_suspend`, `charge_after_suspension`, `minimum_order_period`, `allowed_groups`,
`forbidden_groups`, `max_services_per_client`, `simultaneous_order`, `max_simultaneous`,
`enabled`), and an optional `client` block gives the client's group and other services for the
ordering policy.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from sslbill_desktop.services.billing.money import currency_digits, is_known_currency
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
    ProductTypeSettings,
    RenewFrom,
    TariffTerms,
    WeekendPolicy,
)
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _

#: Prices may have up to four decimals (the database keeps 1/10000 units).
PRICE_PLACES = 4
MAX_PERIOD_MONTHS = 120
MAX_RUN_DAYS = 36_600
MAX_QUANTITY = 10_000

_AMOUNT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_PERIOD_KEY = re.compile(r"^[1-9][0-9]*$")

E = TypeVar("E", bound=StrEnum)


class Action(StrEnum):
    DEPOSIT = "deposit"
    ORDER = "order"
    RENEW = "renew"
    RUN_DAILY = "run_daily"
    CHANGE_TARIFF = "change_tariff"
    ORDER_ADDON = "order_addon"
    CANCEL_ADDON = "cancel_addon"
    SUSPEND = "suspend"
    RESUME = "resume"
    DELETE = "delete"


#: The keys each action takes beside `date` and `action`, and which of them are required.
ACTION_KEYS: dict[Action, tuple[frozenset[str], frozenset[str]]] = {
    Action.DEPOSIT: (frozenset({"amount"}), frozenset({"amount"})),
    Action.ORDER: (frozenset({"tariff", "period"}), frozenset({"tariff", "period"})),
    Action.RENEW: (frozenset({"period"}), frozenset()),
    Action.RUN_DAILY: (frozenset({"until"}), frozenset({"until"})),
    Action.CHANGE_TARIFF: (frozenset({"tariff", "period"}), frozenset({"tariff"})),
    Action.ORDER_ADDON: (frozenset({"addon", "quantity"}), frozenset({"addon"})),
    Action.CANCEL_ADDON: (frozenset({"addon"}), frozenset({"addon"})),
    Action.SUSPEND: (frozenset(), frozenset()),
    Action.RESUME: (frozenset(), frozenset()),
    Action.DELETE: (frozenset(), frozenset()),
}

TARIFF_KEYS = frozenset(
    {
        "prices",
        "disable_yearly",
        "setup_fee",
        "renewal_prices",
        "charge_daily",
        "daily_cost_by_order_period",
        "allow_client_suspend",
        "charge_after_suspension",
        "calendar_charges",
        "prorata_day",
        "late_fee",
        "suspend_on_weekends",
        "auto_delete_days",
        "change_policy",
        "renew_from",
        "addon_order_policy",
        "addon_cancel_policy",
        "end_date",
        "addons",
        "minimum_order_period",
        "allowed_groups",
        "forbidden_groups",
        "max_services_per_client",
        "simultaneous_order",
        "max_simultaneous",
        "enabled",
    }
)


@dataclass(frozen=True, slots=True)
class ScenarioEvent:
    """One dated event of a scenario; only the fields its action uses are set."""

    date: date
    action: Action
    amount: Decimal | None = None
    tariff: str | None = None
    period: int | None = None
    until: datetime.date | None = None
    addon: str | None = None
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class ClientProfile:
    """The client of a scenario: its group, and how many other services of each plan it holds."""

    group: ClientGroup | None = None
    services: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Scenario:
    currency: str
    opening_balance: Decimal
    product_type: ProductTypeSettings
    tariffs: Mapping[str, TariffTerms]
    events: tuple[ScenarioEvent, ...]
    client: ClientProfile = field(default_factory=ClientProfile)


class _Object(dict[str, Any]):
    """A decoded JSON object that remembers keys it saw twice."""

    duplicates: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    seen: list[str] = []
    for key, value in pairs:
        if key in obj:
            seen.append(key)
        obj[key] = value
    obj.duplicates = tuple(seen)
    return obj


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def load_scenario(text: str, source: str = "scenario") -> Scenario:
    """Parse a scenario from JSON text; `source` names the text in a JSON syntax error."""
    try:
        data = json.loads(
            text, parse_float=Decimal, parse_constant=_reject_constant, object_pairs_hook=_object_pairs
        )
    except json.JSONDecodeError as error:
        raise ValidationError(
            source,
            _("not valid JSON: {problem} (line {line}, column {column})").format(
                problem=error.msg, line=error.lineno, column=error.colno
            ),
        ) from None
    except (ValueError, RecursionError) as error:
        raise ValidationError(source, _("not valid JSON: {problem}").format(problem=error)) from None
    return parse_scenario(data)


def show(value: object) -> str:
    """A value as it looked in the JSON text, for an error message."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    return repr(value)


#: Characters that keep a JSON key from standing bare in a field path (`tariffs."my plan"`).
_QUOTED_KEY_CHARACTERS = frozenset('."[] ')


def _key_text(key: str) -> str:
    """A key as a field path shows it: bare when it reads as one, else quoted as in the JSON."""
    if key and key.isprintable() and not _QUOTED_KEY_CHARACTERS.intersection(key):
        return key
    return json.dumps(key, ensure_ascii=False)


def _path(parent: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{_key_text(key)}" if parent else _key_text(key)


def _object(path: str, value: object, allowed: frozenset[str] | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValidationError(
            path or "scenario", _("must be a JSON object, not {value}").format(value=show(value))
        )
    duplicates = getattr(value, "duplicates", ())
    if duplicates:
        raise ValidationError(_path(path, duplicates[0]), _("given twice"))
    if allowed is not None:
        for key in value:
            if key not in allowed:
                raise ValidationError(
                    _path(path, key),
                    _("unknown key (expected one of {keys})").format(keys=", ".join(sorted(allowed))),
                )
    return value


def _required(obj: Mapping[str, Any], path: str, key: str) -> Any:
    if key not in obj:
        raise ValidationError(_path(path, key), _("this field is required"))
    return obj[key]


def _amount(
    path: str, value: object, *, places: int, currency: str | None = None, positive: bool = False
) -> Decimal:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        raise ValidationError(path, _('write the amount as a string: "{value}"').format(value=value))
    if not isinstance(value, str) or not _AMOUNT.match(value.strip()):
        raise ValidationError(path, _("not an amount: {value}").format(value=show(value)))
    amount = Decimal(value.strip())
    if amount < 0:
        raise ValidationError(path, _("must not be negative: {value}").format(value=show(value)))
    if positive and amount == 0:
        raise ValidationError(path, _("must be more than zero"))
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        if currency is not None:
            message = _("at most {n} decimal places in {currency}: {value}").format(
                n=places, currency=currency, value=show(value)
            )
        else:
            message = _("at most {n} decimal places: {value}").format(n=places, value=show(value))
        raise ValidationError(path, message)
    return amount


def _whole(path: str, value: object, *, minimum: int = 0, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(path, _("not a whole number: {value}").format(value=show(value)))
    if value < minimum:
        raise ValidationError(path, _("must be at least {n}: {value}").format(n=minimum, value=value))
    if maximum is not None and value > maximum:
        raise ValidationError(path, _("must be at most {n}: {value}").format(n=maximum, value=value))
    return value


def _optional_whole(path: str, value: object, *, minimum: int = 0) -> int | None:
    return None if value is None else _whole(path, value, minimum=minimum)


def _flag(path: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(path, _("must be true or false, not {value}").format(value=show(value)))
    return value


def _text(path: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(path, _("must be a non-empty string, not {value}").format(value=show(value)))
    return value


def _date(path: str, value: object) -> date:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValidationError(path, _("not a date: {value}").format(value=show(value)))


def _optional_date(path: str, value: object) -> date | None:
    return None if value is None else _date(path, value)


def _choice(path: str, value: object, enum: type[E], exclude: tuple[E, ...] = ()) -> E:
    choices = [member for member in enum if member not in exclude]
    for member in choices:
        if value == member.value:
            return member
    raise ValidationError(
        path,
        _("unknown value {value} (expected one of {choices})").format(
            value=show(value), choices=", ".join(member.value for member in choices)
        ),
    )


def _period_key(path: str, key: str) -> int:
    if not _PERIOD_KEY.match(key) or int(key) > MAX_PERIOD_MONTHS:
        raise ValidationError(
            path,
            _("not a period in months (1 to {n}): {value}").format(n=MAX_PERIOD_MONTHS, value=show(key)),
        )
    return int(key)


def _prices(path: str, value: object, *, required: bool) -> dict[int, Decimal]:
    obj = _object(path, value)
    if required and not obj:
        raise ValidationError(path, _("give a price for at least one period"))
    return {
        _period_key(_path(path, key), key): _amount(_path(path, key), price, places=PRICE_PLACES)
        for key, price in obj.items()
    }


def _groups(path: str, value: object) -> frozenset[str]:
    if not isinstance(value, list):
        raise ValidationError(path, _("must be a list of group names, not {value}").format(value=show(value)))
    return frozenset(_text(_path(path, index), item) for index, item in enumerate(value))


def _late_fee(path: str, value: object) -> LateFee:
    obj = _object(path, value, frozenset({"policy", "amount", "percent"}))
    policy = _choice(_path(path, "policy"), obj.get("policy", "none"), LateFeePolicy)
    uses = {LateFeePolicy.FIXED: "amount", LateFeePolicy.PERCENT: "percent"}.get(policy)
    for key in ("amount", "percent"):
        if key in obj and key != uses:
            raise ValidationError(
                _path(path, key), _("not used with the late fee policy {policy}").format(policy=policy.value)
            )
    if policy is LateFeePolicy.FIXED:
        return LateFee(
            policy, amount=_amount(_path(path, "amount"), _required(obj, path, "amount"), places=PRICE_PLACES)
        )
    if policy is LateFeePolicy.PERCENT:
        percent = _amount(_path(path, "percent"), _required(obj, path, "percent"), places=PRICE_PLACES)
        return LateFee(policy, percent=percent)
    return LateFee(policy)


def _minimum_order_period(path: str, value: object) -> MinimumOrderPeriod | None:
    if value is None:
        return None
    obj = _object(path, value, frozenset({"length", "unit"}))
    length = _whole(_path(path, "length"), _required(obj, path, "length"))
    unit = _choice(_path(path, "unit"), obj.get("unit", "months"), PeriodUnit)
    return MinimumOrderPeriod(length, unit)


def _addons(path: str, value: object) -> dict[str, AddonTerms]:
    obj = _object(path, value)
    result: dict[str, AddonTerms] = {}
    for key, addon in obj.items():
        addon_path = _path(path, key)
        _text(addon_path, key)
        spec = _object(addon_path, addon, frozenset({"prices"}))
        prices = _prices(_path(addon_path, "prices"), _required(spec, addon_path, "prices"), required=True)
        result[key] = AddonTerms(key, prices)
    return result


def _tariff(path: str, key: str, value: object, currency: str) -> TariffTerms:
    obj = _object(path, value, TARIFF_KEYS)
    prices = _prices(_path(path, "prices"), _required(obj, path, "prices"), required=True)
    renewal_prices = _prices(_path(path, "renewal_prices"), obj.get("renewal_prices", {}), required=False)
    for months in renewal_prices:
        if months not in prices:
            raise ValidationError(
                _path(_path(path, "renewal_prices"), str(months)),
                _("no price for {n} months on tariff {tariff}").format(n=months, tariff=show(key)),
            )

    def get(name: str, default: object, parse: Callable[[str, object], Any]) -> Any:
        return parse(_path(path, name), obj.get(name, default))

    charge_daily = get("charge_daily", False, _flag)
    by_order_period = get("daily_cost_by_order_period", False, _flag)
    calendar = get("calendar_charges", False, _flag)
    if charge_daily and calendar:
        raise ValidationError(_path(path, "calendar_charges"), _("not available with charge_daily"))
    if by_order_period and not charge_daily:
        raise ValidationError(
            _path(path, "daily_cost_by_order_period"), _("only available with charge_daily")
        )
    simultaneous = get("simultaneous_order", False, _flag)
    max_simultaneous = get("max_simultaneous", None, lambda p, v: _optional_whole(p, v, minimum=1))
    if max_simultaneous is not None and not simultaneous:
        raise ValidationError(_path(path, "max_simultaneous"), _("only available with simultaneous_order"))
    return TariffTerms(
        key=key,
        currency=currency,
        prices=prices,
        disable_yearly=get("disable_yearly", False, _flag),
        setup_fee=get("setup_fee", "0", lambda p, v: _amount(p, v, places=PRICE_PLACES)),
        renewal_prices=renewal_prices,
        charge_daily=charge_daily,
        daily_cost_by_order_period=by_order_period,
        allow_client_suspend=get("allow_client_suspend", False, _flag),
        charge_after_suspension=get("charge_after_suspension", False, _flag),
        calendar_charges=calendar,
        prorata_day=get("prorata_day", 15, lambda p, v: _whole(p, v, minimum=1, maximum=31)),
        late_fee=get("late_fee", {"policy": "none"}, _late_fee),
        suspend_on_weekends=get(
            "suspend_on_weekends", "product_type", lambda p, v: _choice(p, v, WeekendPolicy)
        ),
        auto_delete_days=get("auto_delete_days", None, _optional_whole),
        change_policy=get("change_policy", "add_funds_refund", lambda p, v: _choice(p, v, ChangePolicy)),
        renew_from=get("renew_from", "current_date", lambda p, v: _choice(p, v, RenewFrom)),
        addon_order_policy=get(
            "addon_order_policy", "until_expiration", lambda p, v: _choice(p, v, AddonOrderPolicy)
        ),
        addon_cancel_policy=get(
            "addon_cancel_policy", "refund", lambda p, v: _choice(p, v, AddonCancelPolicy)
        ),
        end_date=get("end_date", None, _optional_date),
        addons=get("addons", {}, _addons),
        minimum_order_period=get("minimum_order_period", None, _minimum_order_period),
        allowed_groups=get("allowed_groups", [], _groups),
        forbidden_groups=get("forbidden_groups", [], _groups),
        max_services_per_client=get("max_services_per_client", None, _optional_whole),
        simultaneous_order=simultaneous,
        max_simultaneous=max_simultaneous,
        enabled=get("enabled", True, _flag),
    )


def _product_type(value: object) -> ProductTypeSettings:
    path = "product_type"
    obj = _object(path, value, frozenset({"suspend_on_weekends", "auto_delete_days"}))
    weekends = _choice(
        _path(path, "suspend_on_weekends"),
        obj.get("suspend_on_weekends", "suspend"),
        WeekendPolicy,
        exclude=(WeekendPolicy.PRODUCT_TYPE,),
    )
    auto_delete = _optional_whole(_path(path, "auto_delete_days"), obj.get("auto_delete_days"))
    return ProductTypeSettings(weekends, auto_delete)


def _client(value: object, tariffs: Mapping[str, TariffTerms]) -> ClientProfile:
    path = "client"
    obj = _object(
        path, value, frozenset({"group", "ignore_service_limit", "allow_suspend", "allow_delete", "services"})
    )
    group_name = obj.get("group")
    flags = {
        name: _flag(_path(path, name), obj.get(name, False))
        for name in ("ignore_service_limit", "allow_suspend", "allow_delete")
    }
    if group_name is None:
        for name, given in flags.items():
            if given:
                raise ValidationError(_path(path, name), _("only used with a group"))
    group = None if group_name is None else ClientGroup(_text(_path(path, "group"), group_name), **flags)
    services_path = _path(path, "services")
    services: dict[str, int] = {}
    for key, count in _object(services_path, obj.get("services", {})).items():
        if key not in tariffs:
            raise ValidationError(
                _path(services_path, key), _("unknown tariff {tariff}").format(tariff=show(key))
            )
        services[key] = _whole(_path(services_path, key), count)
    return ClientProfile(group, services)


def _event(
    path: str, value: object, tariffs: Mapping[str, TariffTerms], currency: str, previous: date | None
) -> ScenarioEvent:
    obj = _object(path, value)
    action = _choice(_path(path, "action"), _required(obj, path, "action"), Action)
    allowed, required = ACTION_KEYS[action]
    for key in obj:
        if key not in allowed | {"date", "action"}:
            raise ValidationError(
                _path(path, key), _("unknown key for the action {action}").format(action=action.value)
            )
    on = _date(_path(path, "date"), _required(obj, path, "date"))
    if previous is not None and on < previous:
        raise ValidationError(
            _path(path, "date"),
            _("{date} is before the previous event's date {previous}: events must be in date order").format(
                date=on.isoformat(), previous=previous.isoformat()
            ),
        )
    for key in sorted(required):
        _required(obj, path, key)
    event = ScenarioEvent(on, action)
    tariff: TariffTerms | None = None
    if "tariff" in obj:
        name = obj["tariff"]
        if not isinstance(name, str) or name not in tariffs:
            raise ValidationError(
                _path(path, "tariff"), _("unknown tariff {tariff}").format(tariff=show(name))
            )
        tariff = tariffs[name]
        event = _replace(event, tariff=name)
    if "period" in obj:
        months = _whole(_path(path, "period"), obj["period"], minimum=1, maximum=MAX_PERIOD_MONTHS)
        if tariff is not None and months not in tariff.prices:
            raise ValidationError(
                _path(path, "period"),
                _("no price for {n} months on tariff {tariff}").format(n=months, tariff=show(tariff.key)),
            )
        event = _replace(event, period=months)
    if "amount" in obj:
        digits = currency_digits(currency)
        amount = _amount(
            _path(path, "amount"), obj["amount"], places=digits, currency=currency, positive=True
        )
        event = _replace(event, amount=amount)
    if "until" in obj:
        until = _date(_path(path, "until"), obj["until"])
        if until < on:
            raise ValidationError(
                _path(path, "until"),
                _("must not be before the event's date {date}").format(date=on.isoformat()),
            )
        if until - on > timedelta(days=MAX_RUN_DAYS):
            raise ValidationError(_path(path, "until"), _("at most 100 years after the event's date"))
        event = _replace(event, until=until)
    if "addon" in obj:
        name = obj["addon"]
        if not isinstance(name, str) or not any(name in terms.addons for terms in tariffs.values()):
            raise ValidationError(_path(path, "addon"), _("unknown add-on {addon}").format(addon=show(name)))
        event = _replace(event, addon=name)
    if "quantity" in obj:
        quantity = _whole(_path(path, "quantity"), obj["quantity"], minimum=1, maximum=MAX_QUANTITY)
        event = _replace(event, quantity=quantity)
    return event


def _replace(event: ScenarioEvent, **changes: Any) -> ScenarioEvent:
    from dataclasses import replace

    return replace(event, **changes)


def parse_scenario(data: object) -> Scenario:
    """Validate a decoded scenario; raises `ValidationError` naming the first bad field."""
    root = _object(
        "", data, frozenset({"currency", "balance", "product_type", "tariffs", "events", "client"})
    )
    currency_value = root.get("currency", "USD")
    if (
        not isinstance(currency_value, str)
        or not currency_value.isupper()
        or not is_known_currency(currency_value)
    ):
        raise ValidationError("currency", _("unknown currency: {value}").format(value=show(currency_value)))
    currency = currency_value
    opening = _amount(
        "balance", root.get("balance", "0"), places=currency_digits(currency), currency=currency
    )
    product_type = _product_type(root.get("product_type", {}))
    tariffs_obj = _object("tariffs", _required(root, "", "tariffs"))
    if not tariffs_obj:
        raise ValidationError("tariffs", _("give at least one tariff"))
    tariffs: dict[str, TariffTerms] = {}
    for key, value in tariffs_obj.items():
        _text(_path("tariffs", key), key)
        tariffs[key] = _tariff(_path("tariffs", key), key, value, currency)
    client = _client(root.get("client", {}), tariffs)
    events_value = _required(root, "", "events")
    if not isinstance(events_value, list):
        raise ValidationError(
            "events", _("must be a list of events, not {value}").format(value=show(events_value))
        )
    events: list[ScenarioEvent] = []
    previous: date | None = None
    for index, item in enumerate(events_value):
        event = _event(_path("events", index), item, tariffs, currency, previous)
        events.append(event)
        previous = event.date
    return Scenario(currency, opening, product_type, tariffs, tuple(events), client)
