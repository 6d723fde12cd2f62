"""Properties over random plans, dates, periods and scenarios (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslbill_desktop.services.billing import (
    ChangePolicy,
    EntryKind,
    ProductTypeSettings,
    ReplayResult,
    Scenario,
    TariffTerms,
    WeekendPolicy,
    change_tariff,
    currency_digits,
    order_service,
    parse_scenario,
    replay,
    run_daily_for,
)
from sslbill_desktop.services.billing.charge_daily import DailyRate
from sslbill_desktop.services.billing.money import is_booked_amount
from sslbill_desktop.services.errors import ValidationError
from tests.unit.billing.support import PLENTY, ok

CURRENCIES = ("USD", "JPY", "BHD")
PERIODS = (1, 3, 12)
CHARGES = frozenset(
    {
        EntryKind.ORDER,
        EntryKind.SETUP_FEE,
        EntryKind.RENEWAL,
        EntryKind.LATE_FEE,
        EntryKind.DAILY,
        EntryKind.TARIFF_CHANGE,
        EntryKind.ADDON,
    }
)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: Actions after the order, the common ones more often (deletion comes last, sometimes).
ACTIONS = (
    *("deposit", "renew", "change_tariff", "order_addon") * 2,
    *("cancel_addon", "suspend", "resume"),
)
dates = st.dates(min_value=date(2026, 1, 1), max_value=date(2031, 12, 31))


def money(draw: st.DrawFn, currency: str, low: int, high: int) -> str:
    """An amount with the currency's decimals, between low and high whole units."""
    digits = currency_digits(currency)
    units = draw(st.integers(low * 10**digits, high * 10**digits))
    return str(Decimal(units).scaleb(-digits))


@st.composite
def tariffs(draw: st.DrawFn, currency: str, charge_daily: bool) -> dict[str, Any]:
    periods = sorted(draw(st.sets(st.sampled_from(PERIODS))) | {1})
    tariff: dict[str, Any] = {
        "prices": {str(p): money(draw, currency, 0, 40 * p) for p in periods},
        "charge_daily": charge_daily,
        "setup_fee": money(draw, currency, 0, 5),
        "suspend_on_weekends": draw(st.sampled_from([policy.value for policy in WeekendPolicy])),
        "auto_delete_days": draw(st.none() | st.integers(0, 20)),
        "change_policy": draw(st.sampled_from([policy.value for policy in ChangePolicy])),
        "renew_from": draw(st.sampled_from(["current_date", "expiration_date"])),
        "addon_order_policy": draw(st.sampled_from(["until_expiration", "full_period"])),
        "addon_cancel_policy": draw(st.sampled_from(["refund", "no_refund"])),
        "allow_client_suspend": draw(st.booleans()),
        "charge_after_suspension": draw(st.booleans()),
        "addons": {"san": {"prices": {str(p): money(draw, currency, 0, 10 * p) for p in periods}}},
    }
    if charge_daily:
        tariff["daily_cost_by_order_period"] = draw(st.booleans())
    else:
        tariff["calendar_charges"] = draw(st.booleans())
        tariff["prorata_day"] = draw(st.integers(1, 28))
        special = draw(st.sets(st.sampled_from(periods)))
        tariff["renewal_prices"] = {str(p): money(draw, currency, 0, 40 * p) for p in special}
        tariff["late_fee"] = draw(
            st.sampled_from(
                [
                    {"policy": "none"},
                    {"policy": "fixed", "amount": "1.5"},
                    {"policy": "percent", "percent": "50"},
                    {"policy": "renew_from_suspension"},
                ]
            )
        )
    return tariff


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(st.sampled_from(CURRENCIES))
    charge_daily = draw(st.booleans())
    plans = {"a": draw(tariffs(currency, charge_daily)), "b": draw(tariffs(currency, charge_daily))}
    start = draw(dates)
    first_period = draw(st.sampled_from(sorted(int(p) for p in plans["a"]["prices"])))
    events: list[dict[str, Any]] = [
        {"date": start.isoformat(), "action": "deposit", "amount": money(draw, currency, 1, 500)},
        {"date": start.isoformat(), "action": "order", "tariff": "a", "period": first_period},
    ]
    day = start
    for _ in range(draw(st.integers(0, 10))):
        day += timedelta(days=draw(st.integers(0, 50)))
        action = draw(st.sampled_from(ACTIONS))
        event: dict[str, Any] = {"date": day.isoformat(), "action": action}
        if action == "deposit":
            event["amount"] = money(draw, currency, 1, 100)
        elif action == "change_tariff":
            target = draw(st.sampled_from(["a", "b"]))
            event["tariff"] = target
            event["period"] = draw(st.sampled_from(sorted(int(p) for p in plans[target]["prices"])))
        elif action == "renew":
            event["period"] = draw(st.sampled_from(PERIODS))
        elif action == "order_addon":
            event["addon"] = "san"
            event["quantity"] = draw(st.integers(1, 3))
        elif action == "cancel_addon":
            event["addon"] = "san"
        events.append(event)
    if draw(st.integers(0, 9)) == 0:
        events.append(
            {"date": (day + timedelta(days=draw(st.integers(0, 400)))).isoformat(), "action": "delete"}
        )
    if draw(st.booleans()):
        until = day + timedelta(days=draw(st.integers(0, 120)))
        events.insert(2, {"date": start.isoformat(), "action": "run_daily", "until": until.isoformat()})
    return {
        "currency": currency,
        "balance": money(draw, currency, 0, 50),
        "product_type": {
            "suspend_on_weekends": draw(st.sampled_from(["suspend", "do_not_suspend"])),
            "auto_delete_days": draw(st.none() | st.integers(0, 30)),
        },
        "tariffs": plans,
        "events": events,
    }


def _replayed(data: dict[str, Any]) -> tuple[Scenario, ReplayResult]:
    scenario = parse_scenario(data)
    return scenario, replay(scenario)


@PROPERTY
@given(scenarios())
def test_balance_is_opening_plus_deposits_minus_charges_plus_refunds(data):
    scenario, result = _replayed(data)
    deposits = sum((-e.amount for e in result.entries if e.kind is EntryKind.DEPOSIT), Decimal(0))
    refunds = sum((-e.amount for e in result.entries if e.kind is EntryKind.REFUND), Decimal(0))
    charges = sum((e.amount for e in result.entries if e.kind in CHARGES), Decimal(0))
    assert result.balance == scenario.opening_balance + deposits - charges + refunds
    assert len(result.events) == len(scenario.events)
    for entry in result.entries:
        assert (entry.amount > 0) == (entry.kind in CHARGES), entry
    assert all(row.balance >= 0 for row in result.rows())


@PROPERTY
@given(scenarios())
def test_no_entry_has_more_decimals_than_the_currency(data):
    scenario, result = _replayed(data)
    for entry in result.entries:
        assert is_booked_amount(entry.amount, scenario.currency), entry
    assert all(
        len(amount.split(".")[-1]) == currency_digits(scenario.currency) or "." not in amount
        for amount in (e["amount"] for e in result.to_json()["entries"])
    )


@PROPERTY
@given(scenarios(), st.integers(1, 60), st.integers(0, 1000))
def test_running_the_same_daily_run_twice_books_nothing_new(data, days, extra):
    scenario, result = _replayed(data)
    state = result.service
    if state is None:
        return
    balance = result.balance + extra
    day = max(state.last_run_on or state.ordered_on, state.ordered_on)
    for _ in range(days):
        day += timedelta(days=1)
        terms = scenario.tariffs[state.tariff]
        first = run_daily_for(state, terms, scenario.product_type, balance, day)
        balance -= first.total
        again = run_daily_for(first.state, terms, scenario.product_type, balance, day)
        assert again.entries == ()
        assert again.state == first.state
        state = first.state


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(CURRENCIES),
    st.integers(0, 1_000_000),
    st.sampled_from((1, 3, 6, 12, 24)),
    dates,
)
def test_with_the_daily_cost_option_each_period_sums_to_its_price_exactly(currency, units, months, start):
    price = Decimal(units).scaleb(-currency_digits(currency))
    terms = TariffTerms(
        key="daily",
        currency=currency,
        prices={months: price},
        charge_daily=True,
        daily_cost_by_order_period=True,
    )
    outcome = ok(order_service(terms, start, months, PLENTY))
    state, paid = outcome.state, [outcome.entries[0].amount] if outcome.entries else []
    rate = DailyRate(price, months, start, True, currency)
    second = rate.period_containing(start).ends_on
    third = rate.period_containing(second).ends_on
    product = ProductTypeSettings()
    totals = []
    day = start + timedelta(days=1)
    for end in (second, third):
        while day < end:
            step = run_daily_for(state, terms, product, PLENTY, day)
            paid.extend(entry.amount for entry in step.entries)
            state = step.state
            day += timedelta(days=1)
        totals.append(sum(paid, Decimal(0)))
        paid = []
    assert totals == [price, price]


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(CURRENCIES),
    st.integers(0, 100_000),
    st.integers(0, 100_000),
    st.sampled_from((1, 12)),
    st.booleans(),
    dates,
    st.integers(0, 400),
)
def test_add_funds_upgrade_then_reverse_downgrade_the_same_day_nets_to_zero(
    currency, low, high, months, calendar, start, offset
):
    digits = currency_digits(currency)
    cheap = Decimal(min(low, high)).scaleb(-digits)
    dear = Decimal(max(low, high)).scaleb(-digits)
    options: dict[str, Any] = {"calendar_charges": calendar, "change_policy": ChangePolicy.ADD_FUNDS_REFUND}
    a = TariffTerms(key="a", currency=currency, prices={months: cheap}, **options)
    b = TariffTerms(key="b", currency=currency, prices={months: dear}, **options)
    # A calendar-aligned term can run almost two periods: the balance must cover any upgrade.
    rich = Decimal(10) ** 12
    ordered = ok(order_service(a, start, months, rich)).state
    on = min(start + timedelta(days=offset), ordered.expires_on)
    up = ok(change_tariff(ordered, a, b, on, rich))
    down = ok(change_tariff(up.state, b, a, on, rich))
    net = up.total + down.total
    assert abs(net) <= Decimal(1).scaleb(-digits)
    assert down.state.expires_on == ordered.expires_on


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["currency", "balance", "tariffs", "events", "client"]), json_values))
def test_any_json_value_is_either_a_scenario_or_a_validation_error(data):
    try:
        parse_scenario(data)
    except ValidationError as error:
        assert error.field
        assert "\n" not in str(error)
