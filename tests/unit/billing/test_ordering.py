"""New orders: prices, setup fee, the ordering policy's rules, and quotes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sslbill_desktop.services.billing import (
    ClientGroup,
    EntryKind,
    Quote,
    Rule,
    ServiceStatus,
    check_order_policy,
    order_service,
    quote_order,
)
from tests.unit.billing.support import PLENTY, amounts, d, ok, order, plan, refused


def test_order_books_the_period_price_and_the_setup_fee():
    outcome = order(plan(setup_fee="5.00"), "2027-03-10", period=12)
    assert amounts(outcome.entries) == [("order", "30.00"), ("setup_fee", "5.00")]
    assert [entry.note for entry in outcome.entries] == ["12 months", "setup fee"]
    state = outcome.state
    assert (state.status, state.starts_on, state.expires_on) == (
        ServiceStatus.ACTIVE,
        d("2027-03-10"),
        d("2028-03-10"),
    )
    assert state.period == 12 and state.period_price == Decimal("30.00")


def test_a_free_setup_fee_books_no_entry():
    assert [entry.kind for entry in order(plan(), "2027-03-10").entries] == [EntryKind.ORDER]


def test_charge_daily_order_books_the_first_day_and_the_setup_fee():
    terms = plan(prices={1: "3.00"}, charge_daily=True, setup_fee="1.00")
    outcome = order(terms, "2027-04-01")
    assert amounts(outcome.entries) == [("daily", "0.10"), ("setup_fee", "1.00")]
    assert outcome.entries[0].note == "day 1/30 at 3.00/30 a day"
    assert outcome.state.expires_on == d("2027-04-02")
    assert outcome.state.daily_anchor == d("2027-04-01")


def test_charge_daily_order_needs_only_the_first_day_and_setup_fee():
    terms = plan(prices={1: "3.00"}, charge_daily=True, setup_fee="1.00")
    refused(order_service(terms, d("2027-04-01"), 1, Decimal("1.09")), Rule.INSUFFICIENT_BALANCE)
    assert ok(order_service(terms, d("2027-04-01"), 1, Decimal("1.10"))).total == Decimal("1.10")


def test_quote_shows_the_lines_an_order_would_book():
    terms = plan(calendar_charges=True, setup_fee="2.00")
    quote = quote_order(terms, d("2027-07-17"), 1)
    assert isinstance(quote, Quote)
    assert [(line.note, str(line.amount)) for line in quote.lines] == [
        ("15/31 of July + 1 month", "4.45"),
        ("setup fee", "2.00"),
    ]
    assert quote.total == Decimal("6.45")
    assert quote.state.expires_on == d("2027-09-01")
    assert order(terms, "2027-07-17").entries == quote.lines


def test_balance_must_cover_price_and_setup_fee():
    terms = plan(setup_fee="1.00")
    result = order_service(terms, d("2027-03-10"), 1, Decimal("3.99"))
    assert refused(result, Rule.INSUFFICIENT_BALANCE).message == "the balance 3.99 does not cover 4.00"


def test_disabled_plan_cannot_be_ordered():
    refused(order_service(plan(enabled=False), d("2027-03-10"), 1, PLENTY), Rule.PLAN_DISABLED)


def test_plan_cannot_be_ordered_on_or_after_its_end_date():
    terms = plan(end_date=d("2027-06-01"))
    ok(order_service(terms, d("2027-05-31"), 1, PLENTY))
    refused(order_service(terms, d("2027-06-01"), 1, PLENTY), Rule.PLAN_ENDED)


def test_disabled_yearly_period_cannot_be_ordered():
    result = order_service(plan(disable_yearly=True), d("2027-03-10"), 12, PLENTY)
    refused(result, Rule.YEARLY_DISABLED)


def test_period_without_a_price_cannot_be_ordered():
    result = order_service(plan(), d("2027-03-10"), 3, PLENTY)
    assert refused(result, Rule.PERIOD_NOT_SOLD).message == "the tariff plan basic has no price for 3 months"


@pytest.mark.parametrize(
    ("group", "rule"),
    [
        (ClientGroup("resellers"), None),
        (ClientGroup("trial"), Rule.GROUP_FORBIDDEN),
        (ClientGroup("retail"), Rule.GROUP_NOT_ALLOWED),
        (None, Rule.GROUP_NOT_ALLOWED),
    ],
)
def test_client_group_must_be_allowed_and_not_forbidden(group, rule):
    terms = plan(allowed_groups=frozenset({"resellers", "trial"}), forbidden_groups=frozenset({"trial"}))
    result = check_order_policy(terms, on=d("2027-03-10"), period=1, balance=PLENTY, group=group)
    assert (result.rule if result else None) is rule


def test_forbidden_group_is_refused_even_without_an_allowed_list():
    terms = plan(forbidden_groups=frozenset({"trial"}))
    result = check_order_policy(
        terms, on=d("2027-03-10"), period=1, balance=PLENTY, group=ClientGroup("trial")
    )
    refused(result, Rule.GROUP_FORBIDDEN)


def test_max_services_per_client_unless_the_group_ignores_it():
    terms = plan(max_services_per_client=2)
    on = d("2027-03-10")
    assert check_order_policy(terms, on=on, period=1, balance=PLENTY, services_of_plan=1) is None
    refused(
        check_order_policy(terms, on=on, period=1, balance=PLENTY, services_of_plan=2), Rule.SERVICE_LIMIT
    )
    vip = ClientGroup("vip", ignore_service_limit=True)
    assert check_order_policy(terms, on=on, period=1, balance=PLENTY, services_of_plan=5, group=vip) is None


def test_only_one_service_at_a_time_without_simultaneous_ordering():
    on = d("2027-03-10")
    refused(
        check_order_policy(plan(), on=on, period=1, balance=PLENTY, quantity=2), Rule.SIMULTANEOUS_ORDER_OFF
    )
    terms = plan(simultaneous_order=True, max_simultaneous=3)
    assert check_order_policy(terms, on=on, period=1, balance=PLENTY, quantity=3) is None
    refused(check_order_policy(terms, on=on, period=1, balance=PLENTY, quantity=4), Rule.SIMULTANEOUS_LIMIT)


def test_several_services_at_once_need_the_balance_for_all_of_them():
    terms = plan(simultaneous_order=True, setup_fee="1.00")
    on = d("2027-03-10")
    assert check_order_policy(terms, on=on, period=1, balance=Decimal("12.00"), quantity=3) is None
    refused(
        check_order_policy(terms, on=on, period=1, balance=Decimal("11.99"), quantity=3),
        Rule.INSUFFICIENT_BALANCE,
    )


def test_max_services_counts_the_services_being_ordered():
    terms = plan(simultaneous_order=True, max_services_per_client=3)
    result = check_order_policy(
        terms, on=d("2027-03-10"), period=1, balance=PLENTY, quantity=2, services_of_plan=2
    )
    refused(result, Rule.SERVICE_LIMIT)
