"""Changing a service's tariff plan under each change policy."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sslbill_desktop.services.billing import (
    AddonTerms,
    ChangePolicy,
    ClientGroup,
    Quote,
    RenewFrom,
    Rule,
    TariffTerms,
    change_tariff,
    order_addon,
    quote_tariff_change,
)
from tests.unit.billing.support import PLENTY, amounts, d, ok, ordered, plan, refused

# August 1 -> September 1 (31 days): basic 3.10 is 0.10 a day, premium 6.20 is 0.20 a day
BASIC = {1: "3.10", 12: "36.50"}
PREMIUM = {1: "6.20", 12: "73.00"}


def _plans(policy: ChangePolicy, **options: Any) -> tuple[TariffTerms, TariffTerms]:
    return plan("basic", BASIC, change_policy=policy, **options), plan(
        "premium", PREMIUM, change_policy=policy
    )


def test_add_funds_upgrade_charges_the_difference_for_the_remaining_days():
    basic, premium = _plans(ChangePolicy.ADD_FUNDS_REFUND)
    state = ordered(basic, "2027-08-01")
    outcome = ok(change_tariff(state, basic, premium, d("2027-08-22"), PLENTY))
    assert amounts(outcome.entries) == [("tariff_change", "1.00")]  # 10 days x 0.10
    assert outcome.entries[0].note == "basic → premium: price difference for 10 days remaining"
    assert (outcome.state.tariff, outcome.state.expires_on) == ("premium", d("2027-09-01"))


def test_add_funds_downgrade_refunds_the_difference():
    basic, premium = _plans(ChangePolicy.ADD_FUNDS_REFUND)
    state = ordered(premium, "2027-08-01")
    outcome = ok(change_tariff(state, premium, basic, d("2027-08-22"), PLENTY))
    assert amounts(outcome.entries) == [("refund", "-1.00")]


def test_extra_charge_only_refunds_nothing_on_downgrade():
    basic, premium = _plans(ChangePolicy.CHARGE_ONLY)
    state = ordered(premium, "2027-08-01")
    outcome = ok(change_tariff(state, premium, basic, d("2027-08-22"), PLENTY))
    assert outcome.entries == ()
    assert outcome.state.tariff == "basic"
    upgrade = ok(change_tariff(ordered(basic, "2027-08-01"), basic, premium, d("2027-08-22"), PLENTY))
    assert amounts(upgrade.entries) == [("tariff_change", "1.00")]


def test_change_period_moves_no_money_and_a_cheaper_plan_runs_longer():
    basic, premium = _plans(ChangePolicy.CHANGE_PERIOD)
    state = ordered(premium, "2027-08-01")
    outcome = ok(change_tariff(state, premium, basic, d("2027-08-22"), PLENTY))
    assert outcome.entries == ()
    assert outcome.state.expires_on == d("2027-09-11")  # 10 days at 0.20 buy 20 days at 0.10


def test_change_period_to_a_dearer_plan_shortens_the_term_rounding_down():
    basic, premium = _plans(ChangePolicy.CHANGE_PERIOD)
    state = ordered(basic, "2027-08-01")
    outcome = ok(change_tariff(state, basic, premium, d("2027-08-21"), PLENTY))
    assert outcome.state.expires_on == d("2027-08-26")  # 11 days at 0.10 buy 5.5 days at 0.20


def test_forbidden_policy_refuses_with_a_clear_message():
    basic, premium = _plans(ChangePolicy.FORBIDDEN)
    result = change_tariff(ordered(basic, "2027-08-01"), basic, premium, d("2027-08-22"), PLENTY)
    assert refused(result, Rule.CHANGE_FORBIDDEN).message == "the tariff plan cannot be changed"


def test_full_payment_from_the_current_date_charges_the_new_plan_in_full():
    basic, premium = _plans(ChangePolicy.FULL_PAYMENT)
    state = ordered(basic, "2027-08-01")
    outcome = ok(change_tariff(state, basic, premium, d("2027-08-22"), PLENTY, period=12))
    assert amounts(outcome.entries) == [("tariff_change", "73.00")]
    assert outcome.entries[0].note == "premium: 12 months (full payment)"
    assert (outcome.state.starts_on, outcome.state.expires_on) == (d("2027-08-22"), d("2028-08-22"))


def test_full_payment_from_the_expiration_date_uses_up_the_old_term_first():
    basic = plan(
        "basic", BASIC, change_policy=ChangePolicy.FULL_PAYMENT, renew_from=RenewFrom.EXPIRATION_DATE
    )
    premium = plan("premium", PREMIUM)
    state = ordered(basic, "2027-08-01")
    outcome = ok(change_tariff(state, basic, premium, d("2027-08-22"), PLENTY))
    assert amounts(outcome.entries) == [("tariff_change", "6.20")]
    assert outcome.state.expires_on == d("2027-10-01")


def test_change_needs_the_balance_for_an_upgrade():
    basic, premium = _plans(ChangePolicy.ADD_FUNDS_REFUND)
    result = change_tariff(ordered(basic, "2027-08-01"), basic, premium, d("2027-08-22"), Decimal("0.99"))
    refused(result, Rule.INSUFFICIENT_BALANCE)


def test_the_new_plan_must_be_allowed_for_the_client_group():
    basic = plan("basic", BASIC)
    premium = plan("premium", PREMIUM, forbidden_groups=frozenset({"trial"}))
    state = ordered(basic, "2027-08-01")
    result = change_tariff(state, basic, premium, d("2027-08-22"), PLENTY, group=ClientGroup("trial"))
    refused(result, Rule.GROUP_FORBIDDEN)


def test_the_new_plan_must_sell_the_period():
    basic, premium = _plans(ChangePolicy.ADD_FUNDS_REFUND)
    refused(
        change_tariff(ordered(basic, "2027-08-01"), basic, premium, d("2027-08-22"), PLENTY, 3),
        Rule.PERIOD_NOT_SOLD,
    )


def test_the_same_plan_and_period_is_not_a_change():
    basic = plan("basic", BASIC)
    refused(
        change_tariff(ordered(basic, "2027-08-01"), basic, basic, d("2027-08-02"), PLENTY), Rule.SAME_TARIFF
    )


def test_held_addons_must_exist_on_the_new_plan():
    san = {"san": AddonTerms("san", {1: Decimal("1.00")})}
    basic = plan("basic", BASIC, addons=san)
    premium = plan("premium", PREMIUM)
    state = ok(order_addon(ordered(basic, "2027-08-01"), basic, "san", 1, d("2027-08-02"), PLENTY)).state
    refused(change_tariff(state, basic, premium, d("2027-08-22"), PLENTY), Rule.ADDON_NOT_ON_NEW_PLAN)


def test_a_daily_plan_and_a_periodic_plan_do_not_mix():
    daily = plan("daily", {1: "3.00"}, charge_daily=True)
    basic = plan("basic", BASIC)
    refused(
        change_tariff(ordered(daily, "2027-08-01"), daily, basic, d("2027-08-02"), PLENTY),
        Rule.CHARGE_MODE_MISMATCH,
    )


def test_a_daily_service_changes_plan_from_its_next_unpaid_day_without_money():
    daily = plan("daily", {1: "3.00"}, charge_daily=True)
    daily_plus = plan("daily_plus", {1: "6.00"}, charge_daily=True)
    outcome = ok(change_tariff(ordered(daily, "2027-08-01"), daily, daily_plus, d("2027-08-01"), PLENTY))
    assert outcome.entries == ()
    assert outcome.state.daily_anchor == d("2027-08-02")


def test_quote_of_a_change_is_what_the_change_would_book():
    basic, premium = _plans(ChangePolicy.ADD_FUNDS_REFUND)
    state = ordered(basic, "2027-08-01")
    quote = quote_tariff_change(state, basic, premium, d("2027-08-22"))
    assert isinstance(quote, Quote)
    assert quote.lines == ok(change_tariff(state, basic, premium, d("2027-08-22"), PLENTY)).entries


def test_full_payment_charges_held_addons_for_the_new_term():
    san = {"san": AddonTerms("san", {1: Decimal("1.00"), 12: Decimal("10.00")})}
    basic = plan("basic", BASIC, change_policy=ChangePolicy.FULL_PAYMENT, addons=san)
    premium = plan("premium", PREMIUM, addons={"san": AddonTerms("san", {12: Decimal("12.00")})})
    state = ok(order_addon(ordered(basic, "2027-08-01"), basic, "san", 2, d("2027-08-01"), PLENTY)).state
    outcome = ok(change_tariff(state, basic, premium, d("2027-08-22"), PLENTY, period=12))
    assert amounts(outcome.entries) == [("tariff_change", "73.00"), ("addon", "24.00")]
    assert outcome.state.addons[0].paid_until == d("2028-08-22")
