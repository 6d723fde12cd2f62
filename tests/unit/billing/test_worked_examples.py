"""One test per worked example of the source document and of BILLING.md."""

from __future__ import annotations

import json
from decimal import Decimal

from sslbill_desktop.services.billing import (
    AddonOrderPolicy,
    AddonTerms,
    EntryKind,
    LateFee,
    LateFeePolicy,
    ServiceStatus,
    load_scenario,
    order_addon,
    renew_service,
    replay,
)
from tests.unit.billing.support import PLENTY, Run, d, of_kind, ok, order, ordered, plan

SAN = {"san": AddonTerms("san", {1: Decimal("1.00"), 3: Decimal("2.50"), 12: Decimal("10.00")})}


def _january_daily_total(by_order_period: bool) -> Decimal:
    terms = plan(prices={1: "3.00"}, charge_daily=True, daily_cost_by_order_period=by_order_period)
    run = Run(ordered(terms, "2027-01-01"), terms)
    run.days("2027-01-01", "2027-01-31")
    first_day = of_kind(order(terms, "2027-01-01").entries, EntryKind.DAILY)
    january = [*first_day, *of_kind(run.entries, EntryKind.DAILY)]
    assert len(january) == 31
    return sum((entry.amount for entry in january), Decimal(0))


def test_january_without_daily_cost_option_costs_31_days_at_a_thirtieth():
    assert _january_daily_total(by_order_period=False) == Decimal("3.10")


def test_january_with_daily_cost_option_costs_exactly_the_monthly_price():
    assert _january_daily_total(by_order_period=True) == Decimal("3.00")


def test_order_before_prorata_day_runs_to_end_of_month():
    terms = plan(calendar_charges=True, prorata_day=15)
    outcome = order(terms, "2027-07-12")
    assert outcome.state.expires_on == d("2027-08-01")
    (line,) = of_kind(outcome.entries, EntryKind.ORDER)
    assert line.amount == Decimal("1.94")  # 3.00 x 20/31 = 1.935...
    assert line.note == "20/31 of July"


def test_order_on_or_after_prorata_day_runs_to_end_of_following_month():
    terms = plan(calendar_charges=True, prorata_day=15)
    outcome = order(terms, "2027-07-17")
    assert outcome.state.expires_on == d("2027-09-01")
    (line,) = of_kind(outcome.entries, EntryKind.ORDER)
    assert line.amount == Decimal("4.45")  # 3.00 x (15/31 + 1) = 4.4516...
    assert line.note == "15/31 of July + 1 month"


def test_late_fee_is_half_of_five_overdue_days_at_ten_cents():
    # monthly 3.10 for August 1 -> September 1 (31 days): the daily cost is 0.10
    terms = plan(prices={1: "3.10"}, late_fee=LateFee(LateFeePolicy.PERCENT, percent=Decimal(50)))
    state = ordered(terms, "2027-08-01")
    assert state.expires_on == d("2027-09-01")
    outcome = ok(renew_service(state, terms, d("2027-09-05"), PLENTY))
    (fee,) = of_kind(outcome.entries, EntryKind.LATE_FEE)
    assert fee.amount == Decimal("0.25")
    assert fee.note == "late fee 50% × 5 days × 0.10"


def test_late_fee_of_a_yearly_plan_uses_its_daily_cost():
    # "even if the certificate was purchased for a year": 36.50 for 365 days is 0.10 a day
    terms = plan(prices={12: "36.50"}, late_fee=LateFee(LateFeePolicy.PERCENT, percent=Decimal(50)))
    state = ordered(terms, "2026-09-01", period=12)
    outcome = ok(renew_service(state, terms, d("2027-09-05"), PLENTY))
    (fee,) = of_kind(outcome.entries, EntryKind.LATE_FEE)
    assert fee.amount == Decimal("0.25")


def test_renew_from_suspension_date_extends_from_the_old_expiry():
    terms = plan(late_fee=LateFee(LateFeePolicy.RENEW_FROM_SUSPENSION))
    run = Run(ordered(terms, "2027-07-03"), terms, balance=Decimal(0))
    run.day("2027-08-03")  # a Tuesday: not renewed, suspended
    assert run.state.status is ServiceStatus.SUSPENDED
    outcome = ok(renew_service(run.state, terms, d("2027-08-15"), PLENTY))
    assert outcome.state.expires_on == d("2027-09-03")  # not September 15
    assert outcome.state.status is ServiceStatus.ACTIVE
    assert [entry.kind for entry in outcome.entries] == [EntryKind.RENEWAL]  # no money added
    assert outcome.entries[0].amount == Decimal("3.00")


def test_addon_until_expiration_is_charged_for_the_days_left():
    # valid until November 30 (a 30-day monthly term), add-on ordered November 15: 15 days
    terms = plan(addons=SAN, addon_order_policy=AddonOrderPolicy.UNTIL_EXPIRATION)
    state = ordered(terms, "2027-10-31")
    assert state.expires_on == d("2027-11-30")
    outcome = ok(order_addon(state, terms, "san", 2, d("2027-11-15"), PLENTY))
    (line,) = outcome.entries
    assert line.kind is EntryKind.ADDON
    assert line.amount == Decimal("1.00")  # 2 x 1.00 x 15/30
    assert line.note == "san × 2: 15/30 days until 2027-11-30"


def test_full_price_addon_on_a_month_paid_to_november_20_costs_the_full_month():
    terms = plan(addons=SAN, addon_order_policy=AddonOrderPolicy.FULL_PERIOD)
    state = ordered(terms, "2027-10-20")
    assert state.expires_on == d("2027-11-20")
    outcome = ok(order_addon(state, terms, "san", 1, d("2027-11-10"), PLENTY))
    assert [(e.kind, e.amount) for e in outcome.entries] == [(EntryKind.ADDON, Decimal("1.00"))]


def test_full_price_addon_after_a_three_month_renewal_costs_three_months():
    terms = plan(prices={1: "3.00", 3: "8.00"}, addons=SAN, addon_order_policy=AddonOrderPolicy.FULL_PERIOD)
    state = ordered(terms, "2027-01-10")
    state = ok(renew_service(state, terms, d("2027-02-05"), PLENTY)).state
    state = ok(renew_service(state, terms, d("2027-03-05"), PLENTY)).state
    state = ok(renew_service(state, terms, d("2027-04-05"), PLENTY, period=3)).state
    assert state.expires_on == d("2027-07-10")
    # two months later, one month left: the add-on still costs the three-month price
    outcome = ok(order_addon(state, terms, "san", 2, d("2027-06-10"), PLENTY))
    (line,) = outcome.entries
    assert line.amount == Decimal("5.00")  # 2 x 2.50
    assert line.note == "san × 2: full price of 3 months"


def test_billing_md_output_example_is_reproduced():
    scenario = {
        "currency": "USD",
        "balance": "0.00",
        "tariffs": {
            "basic": {
                "prices": {"1": "3.00", "12": "30.00"},
                "calendar_charges": True,
                "change_policy": "forbidden",
            },
            "premium": {"prices": {"1": "5.00", "12": "50.00"}},
        },
        "events": [
            {"date": "2027-07-12", "action": "deposit", "amount": "100"},
            {"date": "2027-07-12", "action": "order", "tariff": "basic", "period": 1},
            {"date": "2027-09-20", "action": "change_tariff", "tariff": "premium", "period": 12},
        ],
    }
    output = replay(load_scenario(json.dumps(scenario))).to_json()
    assert output["entries"] == [
        {"date": "2027-07-12", "kind": "deposit", "amount": "-100.00", "note": ""},
        {"date": "2027-07-12", "kind": "order", "amount": "1.94", "note": "20/31 of July"},
    ]
    assert output["events"][1:] == [
        {"date": "2027-07-12", "action": "order", "ok": True, "status": "active", "expires_on": "2027-08-01"},
        {
            "date": "2027-09-20",
            "action": "change_tariff",
            "ok": False,
            "error": "the tariff plan cannot be changed",
        },
    ]
    assert output["service"] == {
        "status": "active",
        "tariff": "basic",
        "period": 1,
        "expires_on": "2027-08-01",
    }
    assert output["balance"] == "98.06"
    assert list(output) == ["entries", "events", "service", "balance"]
