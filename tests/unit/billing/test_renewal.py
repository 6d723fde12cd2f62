"""Manual renewals: on time, late (with each late fee policy), special prices, refusals."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sslbill_desktop.services.billing import (
    AddonTerms,
    EntryKind,
    LateFee,
    LateFeePolicy,
    Quote,
    Rule,
    ServiceStatus,
    order_addon,
    quote_renewal,
    renew_service,
)
from tests.unit.billing.support import PLENTY, Run, amounts, d, of_kind, ok, ordered, plan, refused


def test_on_time_renewal_extends_from_the_expiry_date():
    terms = plan()
    state = ordered(terms, "2027-03-10")
    outcome = ok(renew_service(state, terms, d("2027-04-01"), PLENTY))
    assert outcome.state.expires_on == d("2027-05-10")
    assert amounts(outcome.entries) == [("renewal", "3.00")]
    assert outcome.state.starts_on == d("2027-03-10")  # the paid stretch continues


def test_renewal_for_another_period_uses_that_period_price():
    terms = plan()
    state = ordered(terms, "2027-03-10")
    outcome = ok(renew_service(state, terms, d("2027-04-01"), PLENTY, period=12))
    assert outcome.state.expires_on == d("2028-04-10")
    assert outcome.state.period == 12
    assert amounts(outcome.entries) == [("renewal", "30.00")]


def test_renewal_with_special_price_costs_that_price():
    terms = plan(renewal_prices={12: "27.00"})
    state = ordered(terms, "2027-03-10", period=12)
    outcome = ok(renew_service(state, terms, d("2028-03-01"), PLENTY))
    assert amounts(outcome.entries) == [("renewal", "27.00")]
    assert outcome.entries[0].note == "12 months at the renewal price"
    assert outcome.state.period_price == Decimal("27.00")


def test_late_renewal_without_fee_starts_on_the_renewal_date():
    terms = plan()
    state = ordered(terms, "2027-03-10")
    outcome = ok(renew_service(state, terms, d("2027-04-20"), PLENTY))
    assert outcome.state.expires_on == d("2027-05-20")
    assert outcome.state.starts_on == d("2027-04-20")
    assert amounts(outcome.entries) == [("renewal", "3.00")]


def test_renewal_on_the_expiry_day_is_one_day_late():
    terms = plan(late_fee=LateFee(LateFeePolicy.FIXED, amount=Decimal("1.50")))
    state = ordered(terms, "2027-03-10")
    outcome = ok(renew_service(state, terms, d("2027-04-10"), PLENTY))
    assert amounts(outcome.entries) == [("renewal", "3.00"), ("late_fee", "1.50")]
    assert outcome.entries[1].note == "late fee, 1 day late"


def test_fixed_late_fee_is_added_to_the_renewal():
    terms = plan(late_fee=LateFee(LateFeePolicy.FIXED, amount=Decimal("2.00")))
    state = ordered(terms, "2027-03-10")
    outcome = ok(renew_service(state, terms, d("2027-04-14"), PLENTY))
    assert amounts(outcome.entries) == [("renewal", "3.00"), ("late_fee", "2.00")]
    assert outcome.entries[1].note == "late fee, 5 days late"


def test_percent_late_fee_note_shows_an_inexact_daily_cost_as_a_fraction():
    terms = plan(late_fee=LateFee(LateFeePolicy.PERCENT, percent=Decimal(50)))
    state = ordered(terms, "2027-07-01")  # 3.00 for 31 days
    outcome = ok(renew_service(state, terms, d("2027-08-05"), PLENTY))
    (fee,) = of_kind(outcome.entries, EntryKind.LATE_FEE)
    assert fee.note == "late fee 50% × 5 days × 3.00/31"
    assert fee.amount == Decimal("0.24")  # 0.5 x 5 x 3/31 = 0.2419...


def test_on_time_renewal_has_no_late_fee():
    terms = plan(late_fee=LateFee(LateFeePolicy.FIXED, amount=Decimal("2.00")))
    state = ordered(terms, "2027-03-10")
    assert of_kind(ok(renew_service(state, terms, d("2027-04-09"), PLENTY)).entries, EntryKind.LATE_FEE) == []


def test_renew_from_suspension_date_is_refused_when_the_new_term_has_already_ended():
    terms = plan(late_fee=LateFee(LateFeePolicy.RENEW_FROM_SUSPENSION))
    state = ordered(terms, "2027-07-03")
    result = renew_service(state, terms, d("2027-10-15"), PLENTY)
    assert refused(result, Rule.RENEWAL_IN_PAST).message.startswith(
        "renewed from the suspension date the service would expire on 2027-09-03"
    )
    outcome = ok(renew_service(state, terms, d("2027-10-15"), PLENTY, period=12))
    assert outcome.state.expires_on == d("2028-08-03")


def test_late_renewal_of_an_aligned_service_is_prorated_to_the_next_first():
    terms = plan(calendar_charges=True)
    state = ordered(terms, "2027-07-12")  # expires 2027-08-01
    outcome = ok(renew_service(state, terms, d("2027-08-06"), PLENTY))
    assert outcome.state.expires_on == d("2027-09-01")
    assert [(e.note, str(e.amount)) for e in outcome.entries] == [("26/31 of August", "2.52")]


def test_on_time_renewal_of_an_aligned_service_starts_on_the_first_at_full_price():
    terms = plan(calendar_charges=True)
    state = ordered(terms, "2027-07-12")
    outcome = ok(renew_service(state, terms, d("2027-07-30"), PLENTY))
    assert outcome.state.expires_on == d("2027-09-01")
    assert [(e.note, str(e.amount)) for e in outcome.entries] == [("1 month", "3.00")]


def test_renewal_makes_a_suspended_service_active_again():
    terms = plan()
    run = Run(ordered(terms, "2027-03-10"), terms, balance=Decimal(0))
    run.day("2027-04-12")  # a Monday: suspended
    assert run.state.status is ServiceStatus.SUSPENDED
    outcome = ok(renew_service(run.state, terms, d("2027-04-13"), PLENTY))
    assert outcome.state.status is ServiceStatus.ACTIVE
    assert outcome.state.suspension is None


def test_deleted_service_cannot_be_renewed():
    terms = plan()
    state = replace(ordered(terms, "2027-03-10"), status=ServiceStatus.DELETED)
    refused(renew_service(state, terms, d("2027-04-01"), PLENTY), Rule.DELETED)


def test_charge_daily_service_is_not_renewed():
    terms = plan(charge_daily=True)
    refused(
        renew_service(ordered(terms, "2027-03-10"), terms, d("2027-03-11"), PLENTY), Rule.DAILY_NOT_RENEWABLE
    )


def test_renewal_is_refused_on_and_after_the_plan_end_date():
    terms = plan(end_date=d("2027-04-01"))
    state = ordered(terms, "2027-03-10")
    refused(renew_service(state, terms, d("2027-04-01"), PLENTY), Rule.PLAN_ENDED)


def test_renewal_the_balance_does_not_cover_is_refused():
    terms = plan()
    state = ordered(terms, "2027-03-10")
    refused(renew_service(state, terms, d("2027-04-01"), Decimal("2.99")), Rule.INSUFFICIENT_BALANCE)


def test_renewal_renews_held_addons_for_the_new_period():
    san = {"san": AddonTerms("san", {1: Decimal("1.00"), 12: Decimal("10.00")})}
    terms = plan(addons=san)
    state = ordered(terms, "2027-03-10")
    state = ok(order_addon(state, terms, "san", 2, d("2027-03-10"), PLENTY)).state
    outcome = ok(renew_service(state, terms, d("2027-04-01"), PLENTY, period=12))
    assert amounts(outcome.entries) == [("renewal", "30.00"), ("addon", "20.00")]
    assert outcome.entries[1].note == "san × 2: 12 months"
    assert outcome.state.addons[0].paid_until == d("2028-04-10")


def test_renewal_is_refused_when_an_addon_has_no_price_for_the_period():
    san = {"san": AddonTerms("san", {1: Decimal("1.00")})}
    terms = plan(addons=san)
    state = ok(order_addon(ordered(terms, "2027-03-10"), terms, "san", 1, d("2027-03-10"), PLENTY)).state
    refused(renew_service(state, terms, d("2027-04-01"), PLENTY, period=12), Rule.ADDON_NO_PRICE)


def test_quote_renewal_books_nothing_and_ignores_the_balance():
    terms = plan()
    state = ordered(terms, "2027-03-10")
    quote = quote_renewal(state, terms, d("2027-04-01"), 12)
    assert isinstance(quote, Quote)
    assert quote.total == Decimal("30.00")
    assert quote.state.expires_on == d("2028-04-10")
