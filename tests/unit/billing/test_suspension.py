"""Suspension and resumption by the client, with and without "charge client after suspension"."""

from __future__ import annotations

from decimal import Decimal

from sslbill_desktop.services.billing import (
    AddonTerms,
    ClientGroup,
    Rule,
    ServiceStatus,
    SuspensionReason,
    order_addon,
    renew_service,
    resume_by_client,
    suspend_by_client,
)
from tests.unit.billing.support import PLENTY, amounts, d, ok, ordered, plan, refused

MONTHLY_310 = {1: "3.10"}  # 0.10 a day in a 31-day month


def test_client_suspension_refunds_the_unused_days():
    terms = plan(prices=MONTHLY_310, allow_client_suspend=True)
    state = ordered(terms, "2027-08-01")
    outcome = ok(suspend_by_client(state, terms, d("2027-08-21")))
    assert amounts(outcome.entries) == [("refund", "-1.10")]
    assert outcome.entries[0].note == "suspended by the client: 11 days unused refunded"
    assert (outcome.state.status, outcome.state.suspension) == (
        ServiceStatus.SUSPENDED,
        SuspensionReason.CLIENT,
    )


def test_resuming_charges_the_refund_again_and_moves_the_expiry_by_the_downtime():
    terms = plan(prices=MONTHLY_310, allow_client_suspend=True)
    state = ok(suspend_by_client(ordered(terms, "2027-08-01"), terms, d("2027-08-21"))).state
    outcome = ok(resume_by_client(state, terms, d("2027-08-25"), PLENTY))
    assert amounts(outcome.entries) == [("renewal", "1.10")]
    assert outcome.state.expires_on == d("2027-09-05")  # 11 unused days from August 25
    assert outcome.state.status is ServiceStatus.ACTIVE


def test_charge_client_after_suspension_refunds_nothing_and_the_term_runs_on():
    terms = plan(prices=MONTHLY_310, allow_client_suspend=True, charge_after_suspension=True)
    suspended = ok(suspend_by_client(ordered(terms, "2027-08-01"), terms, d("2027-08-21")))
    assert suspended.entries == ()
    resumed = ok(resume_by_client(suspended.state, terms, d("2027-08-25"), PLENTY))
    assert resumed.entries == ()
    assert resumed.state.expires_on == d("2027-09-01")


def test_resuming_after_the_paid_term_ended_is_refused_in_favour_of_renewal():
    terms = plan(allow_client_suspend=True, charge_after_suspension=True)
    state = ok(suspend_by_client(ordered(terms, "2027-08-01"), terms, d("2027-08-21"))).state
    refused(resume_by_client(state, terms, d("2027-09-02"), PLENTY), Rule.TERM_ENDED)
    renewed = ok(renew_service(state, terms, d("2027-09-02"), PLENTY))
    assert renewed.state.status is ServiceStatus.ACTIVE


def test_a_service_suspended_with_a_refund_must_be_resumed_not_renewed():
    terms = plan(allow_client_suspend=True)
    state = ok(suspend_by_client(ordered(terms, "2027-08-01"), terms, d("2027-08-21"))).state
    refused(renew_service(state, terms, d("2027-08-22"), PLENTY), Rule.RESUME_FIRST)


def test_clients_may_suspend_only_when_the_plan_or_their_group_allows_it():
    terms = plan()
    state = ordered(terms, "2027-08-01")
    refused(suspend_by_client(state, terms, d("2027-08-10")), Rule.CLIENT_SUSPEND_NOT_ALLOWED)
    ok(suspend_by_client(state, terms, d("2027-08-10"), group=ClientGroup("pause", allow_suspend=True)))


def test_resume_needs_the_balance_for_what_was_refunded():
    terms = plan(prices=MONTHLY_310, allow_client_suspend=True)
    state = ok(suspend_by_client(ordered(terms, "2027-08-01"), terms, d("2027-08-21"))).state
    refused(resume_by_client(state, terms, d("2027-08-25"), Decimal("1.09")), Rule.INSUFFICIENT_BALANCE)


def test_only_a_client_suspended_service_can_be_resumed():
    terms = plan(allow_client_suspend=True)
    refused(
        resume_by_client(ordered(terms, "2027-08-01"), terms, d("2027-08-02"), PLENTY),
        Rule.NOT_CLIENT_SUSPENDED,
    )


def test_an_expired_service_cannot_be_suspended_by_the_client():
    terms = plan(allow_client_suspend=True)
    refused(suspend_by_client(ordered(terms, "2027-08-01"), terms, d("2027-09-01")), Rule.EXPIRED)


def test_client_suspension_refunds_and_resume_recharges_addons_too():
    san = {"san": AddonTerms("san", {1: Decimal("3.10")})}
    terms = plan(prices=MONTHLY_310, allow_client_suspend=True, addons=san)
    state = ok(order_addon(ordered(terms, "2027-08-01"), terms, "san", 1, d("2027-08-01"), PLENTY)).state
    suspended = ok(suspend_by_client(state, terms, d("2027-08-21")))
    assert amounts(suspended.entries) == [("refund", "-1.10"), ("refund", "-1.10")]
    resumed = ok(resume_by_client(suspended.state, terms, d("2027-08-25"), PLENTY))
    assert amounts(resumed.entries) == [("renewal", "1.10"), ("addon", "1.10")]
    assert resumed.state.addons[0].paid_until == d("2027-09-05")


def test_charge_daily_client_suspension_refunds_the_day_already_paid():
    terms = plan(prices={1: "3.00"}, charge_daily=True, allow_client_suspend=True)
    state = ordered(terms, "2027-04-01")
    suspended = ok(suspend_by_client(state, terms, d("2027-04-01")))
    assert amounts(suspended.entries) == [("refund", "-0.10")]
    resumed = ok(resume_by_client(suspended.state, terms, d("2027-04-03"), PLENTY))
    assert amounts(resumed.entries) == [("renewal", "0.10")]
    assert resumed.state.expires_on == d("2027-04-04")


def test_a_suspension_refund_never_exceeds_what_was_paid_for_the_term():
    # July 17 -> August 1 next year on an aligned yearly plan: 30.00 x (12 + 15/31)/12 = 31.21 paid;
    # 380 unused days at the daily cost 30.00/365 would be 31.23, so the refund is capped at 31.21
    terms = plan(prices={12: "30.00"}, calendar_charges=True, allow_client_suspend=True)
    state = ordered(terms, "2026-07-17", period=12)
    assert state.term_paid == Decimal("31.21")
    outcome = ok(suspend_by_client(state, terms, d("2026-07-17")))
    assert amounts(outcome.entries) == [("refund", "-31.21")]
