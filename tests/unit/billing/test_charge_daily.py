"""Services charged daily: rates, carried rounding, periods from the order date, suspension, resumption."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sslbill_desktop.services.billing import (
    AddonTerms,
    Entry,
    EntryKind,
    ServiceStatus,
    Transition,
    WeekendPolicy,
    order_addon,
)
from sslbill_desktop.services.billing.charge_daily import DailyRate
from tests.unit.billing.support import PLENTY, Run, d, of_kind, ok, order, ordered, plan


def _daily(entries: list[Entry] | tuple[Entry, ...]) -> Decimal:
    return sum((entry.amount for entry in of_kind(entries, EntryKind.DAILY)), Decimal(0))


def test_periods_follow_from_the_order_date_without_month_end_drift():
    rate = DailyRate(Decimal("3.00"), 1, d("2027-01-31"), True, "USD")
    starts = [rate.period_containing(d(day)).starts_on for day in ("2027-02-27", "2027-03-30", "2027-04-29")]
    assert starts == [d("2027-01-31"), d("2027-02-28"), d("2027-03-31")]
    assert rate.period_containing(d("2027-03-31")).ends_on == d("2027-04-30")


def test_a_day_before_the_first_period_is_an_error():
    rate = DailyRate(Decimal("3.00"), 1, d("2027-01-31"), True, "USD")
    with pytest.raises(ValueError, match="before the first period"):
        rate.period_containing(d("2027-01-30"))


def test_daily_cost_option_makes_every_period_cost_exactly_its_price():
    terms = plan(prices={1: "10.00"}, charge_daily=True, daily_cost_by_order_period=True)
    first = order(terms, "2027-02-10")
    run = Run(first.state, terms)
    run.days("2027-02-11", "2027-04-09")
    assert _daily(first.entries) + _daily(run.entries[:27]) == Decimal("10.00")  # Feb 10 -> Mar 10: 28 days
    assert _daily(run.entries[27:]) == Decimal("10.00")  # Mar 10 -> Apr 10: 31 days


def test_the_rounding_remainder_is_carried_from_day_to_day():
    terms = plan(prices={1: "1.00"}, charge_daily=True, daily_cost_by_order_period=True)
    first = order(terms, "2027-04-01")
    run = Run(first.state, terms)
    run.days("2027-04-02", "2027-04-04")
    # 1.00/30 = 0.0333...: cumulative 0.03, 0.07, 0.10, 0.13
    assert [str(e.amount) for e in (*first.entries, *run.entries)] == ["0.03", "0.04", "0.03", "0.03"]
    assert run.entries[0].note == "day 2/30 of 1 month at 1.00"


def test_each_day_is_charged_once_and_moves_the_expiry_date():
    terms = plan(prices={1: "3.00"}, charge_daily=True)
    run = Run(ordered(terms, "2027-04-01"), terms)
    run.days("2027-04-01", "2027-04-05")  # the order already paid April 1
    assert len(run.entries) == 4
    assert run.state.expires_on == d("2027-04-06")


def test_daily_service_without_funds_is_suspended_and_resumed_when_the_balance_covers_the_day():
    terms = plan(prices={1: "3.00"}, charge_daily=True)
    run = Run(ordered(terms, "2027-04-01"), terms, balance=Decimal("0.20"))
    run.days("2027-04-02", "2027-04-05")  # Friday..Monday
    assert run.state.status is ServiceStatus.SUSPENDED
    assert run.state.expires_on == d("2027-04-04")
    run.balance += Decimal("5.00")
    outcome = run.day("2027-04-06")
    assert outcome.transitions == (Transition.REACTIVATED, Transition.CHARGED)
    assert [(e.note, str(e.amount)) for e in outcome.entries] == [("day 6/30 at 3.00/30 a day", "0.10")]
    assert run.state.expires_on == d("2027-04-07")  # the suspended days were not charged


def test_daily_service_kept_over_the_weekend_pays_the_kept_days_when_charged_again():
    terms = plan(prices={1: "3.00"}, charge_daily=True, suspend_on_weekends=WeekendPolicy.DO_NOT_SUSPEND)
    run = Run(ordered(terms, "2027-04-01"), terms, balance=Decimal("0.10"))
    run.days("2027-04-02", "2027-04-05")  # Fri paid; Sat, Sun kept; Mon suspended
    assert run.state.status is ServiceStatus.SUSPENDED
    assert run.state.kept_days == 2
    run.balance += Decimal("1.00")
    outcome = run.day("2027-04-07")
    assert [(e.note, str(e.amount)) for e in outcome.entries] == [
        ("kept active over the weekend: 2 days", "0.20"),
        ("day 7/30 at 3.00/30 a day", "0.10"),
    ]
    assert run.state.kept_days == 0


def test_daily_addons_are_charged_with_the_service():
    san = {"san": AddonTerms("san", {1: Decimal("1.50")})}
    terms = plan(prices={1: "3.00"}, charge_daily=True, addons=san)
    state = ordered(terms, "2027-04-01")
    added = ok(order_addon(state, terms, "san", 2, d("2027-04-01"), PLENTY))
    assert [(e.note, str(e.amount)) for e in added.entries] == [
        ("san × 2: day 1/30 at 3.00/30 a day", "0.10")
    ]
    run = Run(added.state, terms)
    assert [e.kind for e in run.day("2027-04-02").entries] == [EntryKind.DAILY, EntryKind.ADDON]


def test_catching_up_missed_days_charges_every_unpaid_day():
    terms = plan(prices={1: "3.00"}, charge_daily=True)
    run = Run(ordered(terms, "2027-04-01"), terms)
    outcome = run.day("2027-04-04")
    assert [(e.note, str(e.amount)) for e in outcome.entries] == [("days 2–4/30 at 3.00/30 a day", "0.30")]


def test_daily_period_spans_split_at_period_boundaries():
    rate = DailyRate(Decimal("3.00"), 1, date(2027, 4, 1), True, "USD")
    spans = rate.spans(d("2027-04-29"), d("2027-05-02"))
    assert [(s.period.index, s.first, s.last) for s in spans] == [(0, 29, 30), (1, 1, 2)]
    assert rate.amount(spans) == Decimal("0.39")  # 0.20 (Apr 29-30 of 30) + 0.19 (May 1-2 of 31)


def test_a_daily_service_keeps_being_charged_after_its_plan_end_date():
    terms = plan(prices={1: "3.00"}, charge_daily=True, end_date=d("2027-04-03"))
    run = Run(ordered(terms, "2027-04-01"), terms)
    run.days("2027-04-02", "2027-04-05")
    assert len(run.entries) == 4
    assert run.state.status is ServiceStatus.ACTIVE
