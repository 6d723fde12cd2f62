"""The price preview: the source's worked examples replayed on unsaved dialog values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sslbill_desktop.services import tariffs
from sslbill_desktop.services.billing.terms import ChangePolicy, LateFeePolicy, ProductTypeSettings
from sslbill_desktop.services.tariff_form import tariff_form
from sslbill_desktop.services.tariff_input import AddonInput, PeriodPrice
from sslbill_desktop.services.tariff_preview import PreviewKind, PreviewScenario
from tests.services.tariffs.support import import_plan, monthly, save


def _form_and_values(database, admin, plan, **changes):  # type: ignore[no-untyped-def]
    form = tariff_form(database, admin, plan)
    return form, replace(form.record.settings, **changes)


def test_ordered_before_the_prorata_day_runs_to_the_end_of_the_month(database, admin, plan) -> None:
    form, values = _form_and_values(database, admin, plan, prices=monthly("3.00"), calendar_charges=True)
    result, problems = form.preview(values, PreviewScenario(PreviewKind.ORDER, date(2027, 7, 12), 1))
    assert problems == []
    (line,) = result.lines
    assert (line.kind, line.amount, line.explanation) == ("Order", Decimal("1.94"), "20/31 of July")
    assert result.expires_on == date(2027, 8, 1)


def test_ordered_on_or_after_the_prorata_day_runs_to_the_end_of_the_next_month(database, admin, plan) -> None:
    form, values = _form_and_values(database, admin, plan, prices=monthly("3.00"), calendar_charges=True)
    result, _problems = form.preview(values, PreviewScenario(PreviewKind.ORDER, date(2027, 7, 17), 1))
    (line,) = result.lines
    assert (line.amount, line.explanation) == (Decimal("4.45"), "15/31 of July + 1 month")
    assert result.expires_on == date(2027, 9, 1)


def test_the_preview_uses_the_unsaved_prorata_day(database, admin, plan) -> None:
    form, values = _form_and_values(
        database, admin, plan, prices=monthly("3.00"), calendar_charges=True, prorata_day=10
    )
    result, _problems = form.preview(values, PreviewScenario(PreviewKind.ORDER, date(2027, 7, 12), 1))
    assert result.expires_on == date(2027, 9, 1)
    assert tariffs.get_tariff(database, admin, plan).settings.calendar_charges is False  # nothing saved


def test_a_late_renewal_at_fifty_percent_costs_a_quarter(database, admin, plan) -> None:
    # Expired September 1, renewed September 5; daily cost 3.10 / 31 = 0.10; 5 x 0.10 x 50 % = 0.25
    form, values = _form_and_values(
        database,
        admin,
        plan,
        prices=monthly("3.10"),
        late_fee_policy=LateFeePolicy.PERCENT,
        late_fee_percent=Decimal(50),
    )
    scenario = PreviewScenario(PreviewKind.RENEW_LATE, date(2027, 8, 1), 1, late_days=5)
    result, _problems = form.preview(values, scenario)
    kinds = [(line.date, line.kind, line.amount) for line in result.lines]
    assert kinds == [
        (date(2027, 8, 1), "Order", Decimal("3.10")),
        (date(2027, 9, 5), "Renewal", Decimal("3.10")),
        (date(2027, 9, 5), "Late fee", Decimal("0.25")),
    ]
    assert result.lines[2].explanation == "late fee 50% × 5 days × 0.10"
    assert result.total == Decimal("6.45")


def test_renew_from_suspension_date_keeps_the_old_expiry_as_the_start(database, admin, plan) -> None:
    # Expired August 3, renewed August 15 -> active until September 3
    form, values = _form_and_values(
        database, admin, plan, prices=monthly("3.00"), late_fee_policy=LateFeePolicy.RENEW_FROM_SUSPENSION
    )
    scenario = PreviewScenario(PreviewKind.RENEW_LATE, date(2027, 7, 3), 1, late_days=13)
    result, _problems = form.preview(values, scenario)
    assert result.lines[-1].date == date(2027, 8, 15)
    assert result.expires_on == date(2027, 9, 3)


def test_a_change_to_a_forbidden_plan_shows_the_refusal(
    database, admin, plan, module_offline, provider
) -> None:
    other = import_plan(database, admin, module_offline, provider, "55346")
    form, values = _form_and_values(database, admin, plan, change_policy=ChangePolicy.FORBIDDEN)
    scenario = PreviewScenario(
        PreviewKind.CHANGE_PLAN, date(2027, 7, 1), 12, change_on=date(2027, 9, 1), other_plan=str(other)
    )
    result, _problems = form.preview(values, scenario)
    assert result.refused
    assert result.lines[-1].amount is None and "cannot be changed" in result.lines[-1].explanation


def test_a_change_with_add_funds_charges_the_difference(
    database, admin, plan, module_offline, provider
) -> None:
    other = import_plan(database, admin, module_offline, provider, "55346")  # 32.00 a year
    form, values = _form_and_values(database, admin, plan)  # 11.00 a year
    scenario = PreviewScenario(
        PreviewKind.CHANGE_PLAN, date(2027, 1, 1), 12, change_on=date(2027, 7, 2), other_plan=str(other)
    )
    result, _problems = form.preview(values, scenario)
    change = result.lines[-1]
    assert change.kind == "Tariff change" and change.amount is not None and change.amount > 0
    assert [p.key for p in form.other_plans] == [str(other)]


def test_an_addon_ordered_mid_term_is_charged_until_expiry(database, admin, plan) -> None:
    addon = AddonInput(
        None, {"en": "Extra SAN"}, "domain", (PeriodPrice(1, Decimal("3.00")), PeriodPrice(12, Decimal(10)))
    )
    form, values = _form_and_values(database, admin, plan, prices=monthly("3.00"), addons=(addon,))
    # valid until November 30 (ordered October 31 for a month), add-on ordered November 15
    scenario = PreviewScenario(
        PreviewKind.ORDER_ADDON, date(2027, 10, 31), 1, addon_on=date(2027, 11, 15), addon="new-1", quantity=2
    )
    result, _problems = form.preview(values, scenario)
    line = result.lines[-1]
    assert line.kind == "Add-on" and line.amount == Decimal("3.00")  # 2 x 3.00 x 15/30


def test_the_preview_reports_problems_and_still_prices_what_is_valid(database, admin, plan) -> None:
    form, values = _form_and_values(database, admin, plan, name={"en": ""}, setup_fee="abc")
    result, problems = form.preview(values, PreviewScenario(PreviewKind.ORDER, date(2027, 7, 12), 12))
    assert {p.field for p in problems} == {"name.en", "setup_fee"}
    assert [line.amount for line in result.lines] == [Decimal("11.00")]


def test_the_preview_falls_back_to_the_product_type_for_weekends(database, admin, plan) -> None:
    form = tariff_form(database, admin, plan)
    assert form.product_type == ProductTypeSettings()


def test_a_period_the_plan_does_not_sell_is_refused_in_the_preview(database, admin, plan) -> None:
    form, values = _form_and_values(database, admin, plan)
    result, _problems = form.preview(values, PreviewScenario(PreviewKind.ORDER, date(2027, 7, 12), 24))
    (line,) = result.lines
    assert line.amount is None and "no price for" in line.explanation


def test_a_saved_plan_previews_like_its_unsaved_values(database, admin, plan) -> None:
    saved = save(database, admin, plan, prices=monthly("3.00"), calendar_charges=True)
    form = tariff_form(database, admin, plan)
    result, _ = form.preview(saved.settings, PreviewScenario(PreviewKind.ORDER, date(2027, 7, 12), 1))
    assert result.lines[0].amount == Decimal("1.94")
