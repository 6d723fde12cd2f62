"""A stored plan as the billing engine's terms: parents rule their children."""

from __future__ import annotations

from decimal import Decimal

from sslbill_desktop.services.billing.terms import (
    ChangePolicy,
    LateFeePolicy,
    MinimumOrderPeriod,
    PeriodUnit,
    RenewFrom,
    WeekendPolicy,
)
from sslbill_desktop.services.tariff_terms import tariff_terms
from tests.services.tariffs.support import every_option, make_groups, make_templates, save


def test_every_option_reaches_the_engine(database, admin, plan, module_offline) -> None:
    groups = make_groups(database, admin)
    values = every_option(module_offline, groups, make_templates(database, admin))
    save(database, admin, plan, **values.__dict__)
    terms = tariff_terms(database, admin, plan)
    assert terms.key == str(plan) and terms.currency == "USD" and not terms.enabled
    assert terms.prices == {1: Decimal("3.00"), 12: Decimal("30.00"), 24: Decimal("55.00")}
    assert terms.renewal_prices == {1: Decimal("2.75"), 12: Decimal("27.50")}
    assert terms.orderable_periods() == (1, 24)
    assert (terms.calendar_charges, terms.prorata_day) == (True, 20)
    assert (terms.allow_client_suspend, terms.charge_after_suspension) == (True, True)
    assert terms.setup_fee == Decimal("4.99")
    assert terms.late_fee.policy is LateFeePolicy.PERCENT and terms.late_fee.percent == Decimal("12.5")
    assert terms.suspend_on_weekends is WeekendPolicy.DO_NOT_SUSPEND and terms.auto_delete_days == 30
    assert (terms.change_policy, terms.renew_from) == (ChangePolicy.FULL_PAYMENT, RenewFrom.EXPIRATION_DATE)
    assert terms.minimum_order_period == MinimumOrderPeriod(45, PeriodUnit.DAYS)
    assert terms.allowed_groups == {str(groups[0]), str(groups[1])}
    assert terms.forbidden_groups == {str(groups[2])}
    assert (terms.max_services_per_client, terms.simultaneous_order, terms.max_simultaneous) == (7, True, 3)
    assert set(terms.addons) == {"addon1"} and terms.addons["addon1"].prices[24] == Decimal("18.00")


def test_children_of_parents_that_are_off_do_not_reach_the_engine(database, admin, plan) -> None:
    save(database, admin, plan, charge_daily=True, daily_cost_by_order_period=True, calendar_charges=False)
    save(
        database,
        admin,
        plan,
        charge_daily=False,
        daily_cost_by_order_period=True,
        change_policy=ChangePolicy.FULL_PAYMENT,
        renew_from=RenewFrom.EXPIRATION_DATE,
    )
    save(database, admin, plan, change_policy=ChangePolicy.CHANGE_PERIOD)
    terms = tariff_terms(database, admin, plan)
    assert terms.charge_daily is False and terms.daily_cost_by_order_period is False
    assert terms.renew_from is RenewFrom.CURRENT_DATE
