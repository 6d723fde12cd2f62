"""The daily run: auto-renewal, suspension with the weekend rule, auto-deletion, idempotency."""

from __future__ import annotations

from decimal import Decimal

from sslbill_desktop.services.billing import (
    AddonTerms,
    EntryKind,
    LateFee,
    LateFeePolicy,
    ProductTypeSettings,
    ServiceStatus,
    SuspensionReason,
    Transition,
    WeekendPolicy,
    order_addon,
    renew_service,
    run_daily_for,
)
from tests.unit.billing.support import PLENTY, PRODUCT_TYPE, Run, amounts, d, of_kind, ok, ordered, plan

KEEP = WeekendPolicy.DO_NOT_SUSPEND
EXPIRES_ON_SATURDAY = "2027-08-04"  # a monthly service ordered then expires on Saturday 2027-09-04


def test_service_is_renewed_automatically_on_its_expiry_date_when_the_balance_covers_it():
    terms = plan()
    run = Run(ordered(terms, "2027-03-10"), terms, balance=Decimal("3.00"))
    outcome = run.day("2027-04-10")
    assert amounts(outcome.entries) == [("renewal", "3.00")]
    assert outcome.transitions == (Transition.RENEWED,)
    assert run.state.expires_on == d("2027-05-10")
    assert run.balance == 0


def test_automatic_renewal_has_no_late_fee():
    terms = plan(late_fee=LateFee(LateFeePolicy.FIXED, amount=Decimal("5.00")))
    run = Run(ordered(terms, "2027-03-10"), terms)
    assert amounts(run.day("2027-04-10").entries) == [("renewal", "3.00")]


def test_nothing_happens_before_the_expiry_date():
    terms = plan()
    run = Run(ordered(terms, "2027-03-10"), terms)
    run.days("2027-03-10", "2027-04-09")
    assert run.entries == []
    assert run.state.last_run_on == d("2027-04-09")


def test_service_the_balance_does_not_cover_is_suspended_on_a_weekday():
    terms = plan()
    run = Run(ordered(terms, "2027-03-12"), terms, balance=Decimal("2.99"))
    outcome = run.day("2027-04-12")  # a Monday
    assert outcome.entries == ()
    assert outcome.transitions == (Transition.SUSPENDED,)
    assert (run.state.status, run.state.suspension, run.state.suspended_on) == (
        ServiceStatus.SUSPENDED,
        SuspensionReason.EXPIRED,
        d("2027-04-12"),
    )


def test_service_is_suspended_on_weekends_with_the_suspend_policy():
    terms = plan(suspend_on_weekends=WeekendPolicy.SUSPEND)
    run = Run(ordered(terms, EXPIRES_ON_SATURDAY), terms, balance=Decimal(0))
    run.day("2027-09-04")
    assert run.state.status is ServiceStatus.SUSPENDED


def test_do_not_suspend_keeps_the_service_active_over_the_weekend_and_suspends_it_on_monday():
    terms = plan(suspend_on_weekends=KEEP)
    run = Run(ordered(terms, EXPIRES_ON_SATURDAY), terms, balance=Decimal(0))
    assert run.day("2027-09-04").transitions == (Transition.KEPT_ACTIVE,)
    run.day("2027-09-05")
    assert (run.state.status, run.state.kept_days) == (ServiceStatus.ACTIVE, 2)
    run.day("2027-09-06")
    assert run.state.status is ServiceStatus.SUSPENDED
    assert run.state.kept_days == 2


def test_weekend_days_kept_active_are_charged_when_the_service_is_renewed():
    terms = plan(prices={1: "3.10"}, suspend_on_weekends=KEEP)  # 3.10 for 31 days: 0.10 a day
    run = Run(ordered(terms, EXPIRES_ON_SATURDAY), terms, balance=Decimal(0))
    run.days("2027-09-04", "2027-09-07")
    outcome = ok(renew_service(run.state, terms, d("2027-09-08"), PLENTY))
    (kept,) = of_kind(outcome.entries, EntryKind.DAILY)
    assert kept.note == "kept active over the weekend: 2 days"
    assert kept.amount == Decimal("0.20")
    assert outcome.state.kept_days == 0


def test_automatic_renewal_on_sunday_covers_the_kept_saturday_without_charging_it_twice():
    terms = plan(suspend_on_weekends=KEEP)
    run = Run(ordered(terms, EXPIRES_ON_SATURDAY), terms, balance=Decimal(0))
    run.day("2027-09-04")
    run.balance = Decimal("10.00")  # the client pays on Saturday
    outcome = run.day("2027-09-05")
    assert amounts(outcome.entries) == [("renewal", "3.00")]
    assert run.state.expires_on == d("2027-10-04")


def test_weekend_rule_falls_back_to_the_product_type():
    terms = plan(suspend_on_weekends=WeekendPolicy.PRODUCT_TYPE)
    keeping = ProductTypeSettings(suspend_on_weekends=KEEP)
    run = Run(ordered(terms, EXPIRES_ON_SATURDAY), terms, balance=Decimal(0), product_type=keeping)
    run.day("2027-09-04")
    assert run.state.status is ServiceStatus.ACTIVE
    suspending = Run(ordered(terms, EXPIRES_ON_SATURDAY), terms, balance=Decimal(0))
    suspending.day("2027-09-04")
    assert suspending.state.status is ServiceStatus.SUSPENDED


def test_suspended_service_is_deleted_auto_delete_days_after_expiry():
    terms = plan(auto_delete_days=10)
    run = Run(ordered(terms, "2027-03-12"), terms, balance=Decimal(0))
    run.days("2027-04-12", "2027-04-21")
    assert run.state.status is ServiceStatus.SUSPENDED
    outcome = run.day("2027-04-22")
    assert outcome.transitions == (Transition.DELETED,)
    assert (run.state.status, run.state.deleted_on) == (ServiceStatus.DELETED, d("2027-04-22"))


def test_blank_auto_deletion_takes_the_product_type_value():
    terms = plan(auto_delete_days=None)
    product_type = ProductTypeSettings(auto_delete_days=3)
    run = Run(ordered(terms, "2027-03-12"), terms, balance=Decimal(0), product_type=product_type)
    run.days("2027-04-12", "2027-04-15")
    assert run.state.status is ServiceStatus.DELETED
    assert run.state.deleted_on == d("2027-04-15")


def test_without_any_auto_deletion_period_the_service_is_never_deleted():
    terms = plan()
    run = Run(ordered(terms, "2027-03-12"), terms, balance=Decimal(0))
    run.days("2027-04-12", "2028-04-12")
    assert run.state.status is ServiceStatus.SUSPENDED


def test_zero_auto_deletion_days_deletes_on_the_expiry_day():
    terms = plan(auto_delete_days=0)
    run = Run(ordered(terms, "2027-03-12"), terms, balance=Decimal(0))
    assert run.day("2027-04-12").transitions == (Transition.SUSPENDED, Transition.DELETED)


def test_a_service_kept_over_the_weekend_is_not_deleted_while_active():
    terms = plan(auto_delete_days=0, suspend_on_weekends=KEEP)
    run = Run(ordered(terms, EXPIRES_ON_SATURDAY), terms, balance=Decimal(0))
    run.days("2027-09-04", "2027-09-05")
    assert run.state.status is ServiceStatus.ACTIVE
    run.day("2027-09-06")
    assert run.state.status is ServiceStatus.DELETED


def test_running_the_same_day_twice_books_nothing_the_second_time():
    terms = plan()
    state = ordered(terms, "2027-03-10")
    first = run_daily_for(state, terms, PRODUCT_TYPE, PLENTY, d("2027-04-10"))
    assert first.entries
    again = run_daily_for(first.state, terms, PRODUCT_TYPE, PLENTY - first.total, d("2027-04-10"))
    assert again.entries == ()
    assert again.state == first.state
    earlier = run_daily_for(first.state, terms, PRODUCT_TYPE, PLENTY, d("2027-04-01"))
    assert earlier.state == first.state


def test_a_missed_expiry_date_is_caught_up_by_the_next_run():
    terms = plan()
    run = Run(ordered(terms, "2027-03-10"), terms)
    outcome = run.day("2027-04-13")
    assert amounts(outcome.entries) == [("renewal", "3.00")]
    assert run.state.expires_on == d("2027-05-10")  # renewed from the expiry date


def test_auto_renewal_renews_addons_too():
    san = {"san": AddonTerms("san", {1: Decimal("1.00")})}
    terms = plan(addons=san)
    state = ok(order_addon(ordered(terms, "2027-03-10"), terms, "san", 3, d("2027-03-10"), PLENTY)).state
    run = Run(state, terms)
    assert amounts(run.day("2027-04-10").entries) == [("renewal", "3.00"), ("addon", "3.00")]


def test_auto_renewal_is_refused_after_the_plan_end_date_and_the_service_suspended():
    terms = plan(end_date=d("2027-04-01"))
    run = Run(ordered(terms, "2027-03-12"), terms)
    run.day("2027-04-12")
    assert run.state.status is ServiceStatus.SUSPENDED
    assert run.entries == []


def test_client_suspended_service_is_left_alone():
    from sslbill_desktop.services.billing import suspend_by_client

    terms = plan(allow_client_suspend=True, auto_delete_days=0)
    state = ok(suspend_by_client(ordered(terms, "2027-03-10"), terms, d("2027-03-20"))).state
    run = Run(state, terms)
    run.days("2027-03-21", "2027-05-01")
    assert run.entries == []
    assert run.state.suspension is SuspensionReason.CLIENT
