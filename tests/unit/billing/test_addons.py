"""Add-ons: order policies, cancellation policies, quantities, refusals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sslbill_desktop.services.billing import (
    AddonCancelPolicy,
    AddonOrderPolicy,
    AddonTerms,
    Quote,
    Rule,
    ServiceState,
    TariffTerms,
    cancel_addon,
    order_addon,
    quote_addon,
)
from tests.unit.billing.support import PLENTY, Run, amounts, d, ok, ordered, plan, refused

SAN = {"san": AddonTerms("san", {1: Decimal("3.10"), 12: Decimal("36.50")})}


def _with_addon(quantity: int = 2, **options: Any) -> tuple[TariffTerms, ServiceState]:
    terms = plan(prices={1: "3.10"}, addons=SAN, **options)
    state = ordered(terms, "2027-08-01")  # to September 1, 31 days
    return terms, ok(order_addon(state, terms, "san", quantity, d("2027-08-01"), PLENTY)).state


def test_cancel_with_refund_returns_the_unused_part():
    terms, state = _with_addon()
    outcome = ok(cancel_addon(state, terms, "san", d("2027-08-22")))
    assert amounts(outcome.entries) == [("refund", "-2.00")]  # 2 units x 10 days x 0.10
    assert outcome.entries[0].note == "san × 2: 10 days unused refunded"
    assert outcome.state.addons == ()


def test_cancel_without_refund_removes_the_addon_without_compensation():
    terms, state = _with_addon(addon_cancel_policy=AddonCancelPolicy.NO_REFUND)
    outcome = ok(cancel_addon(state, terms, "san", d("2027-08-22")))
    assert outcome.entries == ()
    assert outcome.state.addons == ()


def test_cancel_on_the_order_day_refunds_in_full():
    terms, state = _with_addon()
    assert amounts(ok(cancel_addon(state, terms, "san", d("2027-08-01"))).entries) == [("refund", "-6.20")]


def test_refund_of_a_full_period_addon_never_exceeds_what_was_paid():
    terms = plan(prices={1: "3.10"}, addons=SAN, addon_order_policy=AddonOrderPolicy.FULL_PERIOD)
    state = ordered(terms, "2027-08-01")
    state = ok(order_addon(state, terms, "san", 1, d("2027-08-22"), PLENTY)).state  # full 3.10
    outcome = ok(cancel_addon(state, terms, "san", d("2027-08-22")))
    assert amounts(outcome.entries) == [("refund", "-1.00")]  # the unused 10 days


def test_ordering_more_units_adds_to_the_same_lot():
    terms, state = _with_addon(quantity=1)
    outcome = ok(order_addon(state, terms, "san", 2, d("2027-08-22"), PLENTY))
    assert amounts(outcome.entries) == [("addon", "2.00")]  # 2 x 10/31 x 3.10
    (lot,) = outcome.state.addons
    assert (lot.quantity, lot.paid) == (3, Decimal("5.10"))


def test_addon_is_refused_for_an_expired_or_suspended_service():
    terms = plan(addons=SAN)
    run = Run(ordered(terms, "2027-08-01"), terms, balance=Decimal(0))
    refused(order_addon(run.state, terms, "san", 1, d("2027-09-01"), PLENTY), Rule.EXPIRED)
    run.day("2027-09-01")  # a Wednesday: suspended
    refused(order_addon(run.state, terms, "san", 1, d("2027-09-02"), PLENTY), Rule.NOT_ACTIVE)


def test_unknown_addon_and_addon_without_a_price_for_the_period_are_refused():
    terms = plan(addons={"san": AddonTerms("san", {12: Decimal("10.00")})})
    state = ordered(terms, "2027-08-01")
    refused(order_addon(state, terms, "wildcard", 1, d("2027-08-02"), PLENTY), Rule.ADDON_UNKNOWN)
    refused(order_addon(state, terms, "san", 1, d("2027-08-02"), PLENTY), Rule.ADDON_NO_PRICE)


def test_cancelling_an_addon_the_service_does_not_hold_is_refused():
    terms = plan(addons=SAN)
    refused(cancel_addon(ordered(terms, "2027-08-01"), terms, "san", d("2027-08-02")), Rule.ADDON_NOT_HELD)


def test_addon_needs_the_balance():
    terms = plan(prices={1: "3.10"}, addons=SAN)
    state = ordered(terms, "2027-08-01")
    refused(order_addon(state, terms, "san", 2, d("2027-08-01"), Decimal("6.19")), Rule.INSUFFICIENT_BALANCE)


def test_quote_addon_shows_the_price_without_booking():
    terms = plan(prices={1: "3.10"}, addons=SAN)
    quote = quote_addon(ordered(terms, "2027-08-01"), terms, "san", 1, d("2027-08-11"))
    assert isinstance(quote, Quote)
    assert [(line.note, str(line.amount)) for line in quote.lines] == [
        ("san × 1: 21/31 days until 2027-09-01", "2.10")
    ]
