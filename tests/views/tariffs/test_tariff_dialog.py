"""The tariff plan dialog with real widgets: every option, dependencies, problems, conflicts,
the margin guard and the live price preview."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.services import tariffs
from sslbill_desktop.services.billing.terms import (
    AddonCancelPolicy,
    AddonOrderPolicy,
    ChangePolicy,
    LateFeePolicy,
    PeriodUnit,
    RenewFrom,
    WeekendPolicy,
)
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.tariff_preview import PreviewKind
from sslbill_desktop.views.dialogs.tariff_plan import TariffPlanDialog
from tests.services.tariffs.support import (
    PNG_ICON,
    every_option,
    every_option_daily,
    make_groups,
    make_templates,
    save,
    stored_price_list,
)
from tests.views.tariffs.support import open_dialog, save_dialog


def _type(qtbot: Any, widget: Any, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def _fill_every_option(
    qtbot: Any, dialog: TariffPlanDialog, tmp_path: Any, groups: Any, templates: Any
) -> None:
    """Set every option of `every_option()` through the widgets, tab by tab."""
    resellers, retail, blocked = groups
    message, document = templates
    main = dialog.main_tab
    _type(qtbot, main.name_edit.input_for("en"), "RapidSSL Plus")
    main.allow_suspend.click()
    main.charge_after_suspension.click()
    main.calendar.click()
    main.prorata_day.setValue(20)
    main.quick_order.click()
    main.activation_combo.setCurrentIndex(main.activation_combo.findData(message))
    main.agreement_combo.setCurrentIndex(main.agreement_combo.findData(document))

    additional = dialog.additional_tab
    additional.type_combo.set_value("3033")

    addons = dialog.addons_tab.addons_edit
    addons.add_button.click()
    card = addons.cards[0]
    _type(qtbot, card.name_edit.input_for("en"), "Extra SAN domain")
    _type(qtbot, card.unit_edit, "domain")
    card.prices_edit.offered_check(1).click()
    _type(qtbot, card.prices_edit.price_edit(1), "1.00")
    card.prices_edit.offered_check(24).click()
    _type(qtbot, card.prices_edit.price_edit(24), "18.00")

    prices = dialog.prices_tab
    prices.special_renewal.click()
    grid = prices.prices_edit
    grid.offered_check(1).click()
    _type(qtbot, grid.price_edit(1), "3.00")
    _type(qtbot, grid.renewal_edit(1), "2.75")
    _type(qtbot, grid.price_edit(12), "30.00")
    _type(qtbot, grid.renewal_edit(12), "27.50")
    grid.offered_check(24).click()
    _type(qtbot, grid.price_edit(24), "55.00")
    prices.disable_yearly.click()
    _type(qtbot, prices.setup_fee, "4.99")

    policy = dialog.policy_tab
    policy.allowed_groups.set_checked(resellers, True)
    policy.allowed_groups.set_checked(retail, True)
    policy.forbidden_groups.set_checked(blocked, True)
    policy.minimum_period.click()
    _type(qtbot, policy.minimum_length, "45")
    policy.minimum_unit.set_value(PeriodUnit.DAYS)
    _type(qtbot, policy.max_services, "7")
    policy.simultaneous.click()
    _type(qtbot, policy.max_simultaneous, "3")
    policy.late_fee.set_value(LateFeePolicy.PERCENT)
    _type(qtbot, policy.late_percent, "12.5")
    _type(qtbot, policy.auto_delete, "30")
    policy.weekends.set_value(WeekendPolicy.DO_NOT_SUSPEND)
    policy.change_policy.set_value(ChangePolicy.FULL_PAYMENT)
    policy.renew_from.set_value(RenewFrom.EXPIRATION_DATE)
    policy.addon_order.set_value(AddonOrderPolicy.FULL_PERIOD)
    policy.addon_cancel.set_value(AddonCancelPolicy.NO_REFUND)
    policy.end_date.check.click()
    policy.end_date.date_edit.setDate(QDate(2030, 12, 31))
    policy.notes.setPlainText("Staff only: negotiated with the CA.")

    order = dialog.order_tab
    order.sorting.setValue(3)
    icon_path = tmp_path / "plan.png"
    icon_path.write_bytes(PNG_ICON)
    assert order.icon.load_file(icon_path)
    order.show_addon_icons.click()
    order.description.input_for("en").setPlainText("# RapidSSL Plus\n\n*Fast* domain validation.")
    order.labels.setPlainText("DV\nPopular")


def test_every_option_round_trips_through_the_dialog(
    qtbot, database, admin, plan, module_offline, tmp_path
) -> None:
    groups, templates = make_groups(database, admin), make_templates(database, admin)
    expected = every_option(module_offline, groups, templates)
    dialog = open_dialog(qtbot, database, admin, plan)
    dialog.set_price_list(stored_price_list(module_offline))
    _fill_every_option(qtbot, dialog, tmp_path, groups, templates)
    new_addon = replace(expected.addons[0], key=None)  # the service gives it its key
    assert dialog.current_input() == replace(expected, addons=(new_addon,))
    save_dialog(qtbot, dialog)
    assert not dialog.isVisible()

    stored = tariffs.get_tariff(database, admin, plan)
    assert stored.settings == expected
    assert stored.upstream.costs[12] == Decimal("7.50")  # the costs of the chosen type, Sectigo PositiveSSL
    again = open_dialog(qtbot, database, admin, plan)
    assert again.current_input() == expected
    assert not again.is_dirty()


def _choose(combo: Any, text: str) -> None:
    """Pick the entry a person reads in the combo box."""
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered"
    combo.setCurrentIndex(index)


def _switch_to_daily(qtbot: Any, dialog: TariffPlanDialog, late_fee: LateFeePolicy) -> None:
    """From `every_option()` to `every_option_daily(late_fee=...)`, through the widgets."""
    main = dialog.main_tab
    assert not main.daily_by_period.isEnabled()
    main.charge_daily.click()
    main.daily_by_period.click()
    policy = dialog.policy_tab
    _choose(policy.minimum_unit, "months")
    _type(qtbot, policy.minimum_length, "6")
    if late_fee is LateFeePolicy.FIXED:
        _choose(policy.late_fee, "Fixed amount")
        _type(qtbot, policy.late_amount, "1.50")
    else:
        _choose(policy.late_fee, "Renew from suspension date")


LATE_FEES = [LateFeePolicy.FIXED, LateFeePolicy.RENEW_FROM_SUSPENSION]


@pytest.mark.parametrize("late_fee", LATE_FEES, ids=["fixed late fee", "renew from suspension date"])
def test_charge_daily_a_minimum_in_months_and_the_other_late_fees_round_trip_through_the_dialog(
    qtbot, database, admin, plan, module_offline, late_fee
) -> None:
    groups, templates = make_groups(database, admin), make_templates(database, admin)
    before = every_option(module_offline, groups, templates)
    save(database, admin, plan, **before.__dict__)  # calendar charges, percent fee, minimum in days
    expected = every_option_daily(module_offline, groups, templates, late_fee=late_fee)
    dialog = open_dialog(qtbot, database, admin, plan)
    assert dialog.current_input() == before
    _switch_to_daily(qtbot, dialog, late_fee)
    assert dialog.current_input() == expected
    save_dialog(qtbot, dialog)
    assert not dialog.isVisible()

    assert tariffs.get_tariff(database, admin, plan).settings == expected
    with database.uow() as s:
        row = s.get(TariffPlan, plan)
        assert row is not None
        assert (row.charge_daily, row.daily_cost_by_order_period, row.calendar_charges, row.prorata_day) == (
            True,
            True,
            False,
            20,
        )
        assert (row.minimum_order_period, row.minimum_order_length, row.minimum_order_unit) == (
            True,
            6,
            "months",
        )
        assert (row.late_fee_policy, row.late_fee_amount, row.late_fee_percent) == (
            late_fee.value,
            Decimal("1.50") if late_fee is LateFeePolicy.FIXED else None,
            Decimal("12.5"),  # kept: ignored while the late fee is not a percent
        )
    again = open_dialog(qtbot, database, admin, plan)
    assert again.current_input() == expected
    assert not again.is_dirty()
    main, policy = again.main_tab, again.policy_tab
    assert main.charge_daily.isChecked() and main.daily_by_period.isChecked()
    assert main.daily_by_period.isEnabled() and not main.calendar.isEnabled()
    assert policy.minimum_unit.currentText() == "months" and policy.minimum_length.text() == "6"
    assert policy.late_fee.currentText() == (
        "Fixed amount" if late_fee is LateFeePolicy.FIXED else "Renew from suspension date"
    )
    assert policy.late_amount.isEnabled() is (late_fee is LateFeePolicy.FIXED)
    assert not policy.late_percent.isEnabled()


def _add_addon(dialog: TariffPlanDialog) -> None:
    dialog.addons_tab.addons_edit.add_button.click()


#: (what is switched on, the child it enables, how to switch the parent on)
DEPENDENCIES: list[tuple[str, Callable[[TariffPlanDialog], QWidget], Callable[[TariffPlanDialog], None]]] = [
    ("charge daily", lambda d: d.main_tab.daily_by_period, lambda d: d.main_tab.charge_daily.click()),
    (
        "allow suspend",
        lambda d: d.main_tab.charge_after_suspension,
        lambda d: d.main_tab.allow_suspend.click(),
    ),
    ("calendar charges", lambda d: d.main_tab.prorata_day, lambda d: d.main_tab.calendar.click()),
    (
        "special renewal",
        lambda d: d.prices_tab.prices_edit.renewal_edit(12),
        lambda d: d.prices_tab.special_renewal.click(),
    ),
    (
        "offered period",
        lambda d: d.prices_tab.prices_edit.price_edit(24),
        lambda d: d.prices_tab.prices_edit.offered_check(24).click(),
    ),
    ("minimum period", lambda d: d.policy_tab.minimum_length, lambda d: d.policy_tab.minimum_period.click()),
    (
        "minimum period unit",
        lambda d: d.policy_tab.minimum_unit,
        lambda d: d.policy_tab.minimum_period.click(),
    ),
    ("simultaneous", lambda d: d.policy_tab.max_simultaneous, lambda d: d.policy_tab.simultaneous.click()),
    (
        "fixed late fee",
        lambda d: d.policy_tab.late_amount,
        lambda d: d.policy_tab.late_fee.set_value(LateFeePolicy.FIXED),
    ),
    (
        "percent late fee",
        lambda d: d.policy_tab.late_percent,
        lambda d: d.policy_tab.late_fee.set_value(LateFeePolicy.PERCENT),
    ),
    (
        "full payment",
        lambda d: d.policy_tab.renew_from,
        lambda d: d.policy_tab.change_policy.set_value(ChangePolicy.FULL_PAYMENT),
    ),
    ("add-ons (order policy)", lambda d: d.policy_tab.addon_order, _add_addon),
    ("add-ons (cancellation)", lambda d: d.policy_tab.addon_cancel, _add_addon),
    ("add-ons (icons)", lambda d: d.order_tab.show_addon_icons, _add_addon),
    ("end date", lambda d: d.policy_tab.end_date.date_edit, lambda d: d.policy_tab.end_date.check.click()),
]


@pytest.mark.parametrize(("parent", "child", "switch_on"), DEPENDENCIES, ids=[d[0] for d in DEPENDENCIES])
def test_a_child_option_is_disabled_until_its_parent_is_set(
    qtbot, database, admin, plan, parent, child, switch_on
) -> None:
    dialog = open_dialog(qtbot, database, admin, plan)
    assert not child(dialog).isEnabled(), parent
    switch_on(dialog)
    assert child(dialog).isEnabled(), parent


def test_calendar_charges_are_unavailable_with_charge_daily(qtbot, database, admin, plan) -> None:
    dialog = open_dialog(qtbot, database, admin, plan)
    main = dialog.main_tab
    main.calendar.click()
    assert main.prorata_day.isEnabled()
    main.charge_daily.click()
    assert not main.calendar.isEnabled() and not main.prorata_day.isEnabled()
    assert "Not available with Charge daily" in main.calendar.toolTip()
    assert dialog.current_input().calendar_charges is False
    main.charge_daily.click()
    assert main.calendar.isEnabled() and main.calendar.isChecked()


def test_an_invalid_combination_is_explained_on_its_tab_and_blocks_saving(
    qtbot, database, admin, plan
) -> None:
    dialog = open_dialog(qtbot, database, admin, plan)
    dialog.prices_tab.disable_yearly.click()
    assert "leaves nothing to order" in dialog.tab_problems(dialog.prices_tab)
    prices_index = dialog.tabs.index(dialog.prices_tab)
    assert dialog.tab_widget.tabText(prices_index).endswith("⚠")
    assert not dialog._save_button.isEnabled()
    assert "leaves nothing to order" in dialog.reason_text()
    dialog.prices_tab.prices_edit.offered_check(24).click()
    qtbot.keyClicks(dialog.prices_tab.prices_edit.price_edit(24), "20")
    assert dialog.tab_problems(dialog.prices_tab) == ""
    assert not dialog.tab_widget.tabText(prices_index).endswith("⚠")
    assert dialog._save_button.isEnabled()


def test_a_group_both_allowed_and_forbidden_is_explained_on_the_policy_tab(
    qtbot, database, admin, plan
) -> None:
    resellers, _retail, _blocked = make_groups(database, admin)
    dialog = open_dialog(qtbot, database, admin, plan)
    dialog.policy_tab.allowed_groups.set_checked(resellers, True)
    dialog.policy_tab.forbidden_groups.set_checked(resellers, True)
    assert "both allowed and forbidden" in dialog.tab_problems(dialog.policy_tab)


def test_a_save_after_another_workstation_saved_is_refused_with_the_conflict_message(
    qtbot, database, admin, plan, messages_recorder
) -> None:
    dialog = open_dialog(qtbot, database, admin, plan)
    save(database, admin, plan, sorting=7)  # another workstation
    dialog.order_tab.sorting.setValue(2)
    save_dialog(qtbot, dialog)
    shown = messages_recorder.last("warn")
    assert shown.title == "Changed elsewhere" and "Someone else changed" in shown.text
    assert dialog.isVisible()
    assert tariffs.get_tariff(database, admin, plan).settings.sorting == 7


def test_a_service_error_is_shown_on_the_right_tab(qtbot, database, admin, plan) -> None:
    dialog = open_dialog(qtbot, database, admin, plan)
    dialog.tab_widget.setCurrentIndex(0)
    dialog._show_error(ValidationError("prices.12", "too cheap"))
    assert dialog.tab_widget.currentWidget() is dialog.prices_tab
    assert "too cheap" in dialog.error_text()


def test_the_margin_guard_shows_a_price_below_the_upstream_cost(qtbot, database, admin, plan) -> None:
    dialog = open_dialog(qtbot, database, admin, plan)
    grid = dialog.prices_tab.prices_edit
    assert grid.cost_label(12).text() == "$11.00" and grid.margin_label(12).text().startswith("+$0.00")
    grid.price_edit(12).clear()
    qtbot.keyClicks(grid.price_edit(12), "9.50")
    assert grid.margin_label(12).text().startswith("−$1.50")
    assert "a loss of $1.50 per order" in dialog.prices_tab.loss_label.text()
    assert "as stored on" in dialog.prices_tab.costs_label.text()


def test_a_different_upstream_currency_is_flagged_in_the_dialog(
    qtbot, database, admin, module_offline
) -> None:
    from tests.services.tariffs.support import import_plan, make_provider

    euro = make_provider(database, admin, name="Euro brand", currency="EUR")
    plan_id = import_plan(database, admin, module_offline, euro, "1011")
    dialog = open_dialog(qtbot, database, admin, plan_id)
    assert dialog.prices_tab.mismatch_label.isVisibleTo(dialog.prices_tab)
    assert (
        "USD" in dialog.prices_tab.mismatch_label.text() and "EUR" in dialog.prices_tab.mismatch_label.text()
    )


def _preview(qtbot, database, admin, plan, today: date) -> TariffPlanDialog:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, database, admin, plan, today=today)
    dialog.tab_widget.setCurrentWidget(dialog.preview_tab)
    return dialog


def _monthly(qtbot: Any, dialog: TariffPlanDialog, price: str) -> None:
    grid = dialog.prices_tab.prices_edit
    grid.offered_check(1).click()
    qtbot.keyClicks(grid.price_edit(1), price)
    preview = dialog.preview_tab
    preview.period_combo.setCurrentIndex(preview.period_combo.findData(1))


def test_the_preview_reproduces_the_prorata_examples_live(qtbot, database, admin, plan) -> None:
    dialog = _preview(qtbot, database, admin, plan, date(2027, 7, 12))
    _monthly(qtbot, dialog, "3.00")
    preview = dialog.preview_tab
    assert preview.row_texts() == [("7/12/27", "Order", "$3.00", "1 month")]
    dialog.main_tab.calendar.click()  # unsaved: the table follows at once
    assert preview.row_texts() == [("7/12/27", "Order", "$1.94", "20/31 of July")]
    assert "until Aug 1, 2027" in preview.summary.text()
    preview.order_date.setDate(QDate(2027, 7, 17))
    assert preview.row_texts() == [("7/17/27", "Order", "$4.45", "15/31 of July + 1 month")]
    assert "until Sep 1, 2027" in preview.summary.text()
    dialog.main_tab.prorata_day.setValue(20)  # July 17 is now before the pro-rata day
    assert preview.row_texts()[0][2:] == ("$1.45", "15/31 of July")  # 3.00 x 15/31


def test_the_preview_reproduces_the_late_fee_example(qtbot, database, admin, plan) -> None:
    dialog = _preview(qtbot, database, admin, plan, date(2027, 8, 1))
    _monthly(qtbot, dialog, "3.10")
    dialog.policy_tab.late_fee.set_value(LateFeePolicy.PERCENT)
    qtbot.keyClicks(dialog.policy_tab.late_percent, "50")
    preview = dialog.preview_tab
    preview.set_kind(PreviewKind.RENEW_LATE)
    preview.late_days.setValue(5)
    assert preview.row_texts() == [
        ("8/1/27", "Order", "$3.10", "1 month"),
        ("9/5/27", "Renewal", "$3.10", "1 month"),
        ("9/5/27", "Late fee", "$0.25", "late fee 50% × 5 days × 0.10"),
    ]
    assert "$6.45" in preview.summary.text()


def test_the_preview_shows_a_refusal_in_red(qtbot, database, admin, plan, module_offline, provider) -> None:
    from tests.services.tariffs.support import import_plan

    import_plan(database, admin, module_offline, provider, "55346")
    dialog = _preview(qtbot, database, admin, plan, date(2027, 7, 1))
    dialog.policy_tab.change_policy.set_value(ChangePolicy.FORBIDDEN)
    preview = dialog.preview_tab
    preview.set_kind(PreviewKind.CHANGE_PLAN)
    preview.change_date.setDate(QDate(2027, 9, 1))
    last = preview.row_texts()[-1]
    assert last[1] == "Tariff change" and last[2] == "—" and "cannot be changed" in last[3]
    item = preview.table.item(preview.table.rowCount() - 1, 3)
    assert item is not None and item.foreground().color().name() == "#b3261e"


def test_the_preview_prices_an_addon_from_the_unsaved_addons(qtbot, database, admin, plan) -> None:
    dialog = _preview(qtbot, database, admin, plan, date(2027, 7, 1))
    _add_addon(dialog)
    card = dialog.addons_tab.addons_edit.cards[0]
    qtbot.keyClicks(card.name_edit.input_for("en"), "Extra SAN")
    card.prices_edit.offered_check(12).click()
    qtbot.keyClicks(card.prices_edit.price_edit(12), "10")
    preview = dialog.preview_tab
    preview.set_kind(PreviewKind.ORDER_ADDON)
    preview.addon_date.setDate(QDate(2027, 7, 1))
    assert preview.addon_combo.currentText() == "Extra SAN"
    assert preview.row_texts()[-1][1:3] == ("Add-on", "$10.00")


def test_with_the_upstream_unreachable_the_dialog_opens_from_stored_data(
    qtbot, database, admin, plan, module_offline
) -> None:
    from sslbill_desktop.services import upstream
    from tests.support.upstream_fixtures import fast_client_settings

    previous = upstream.set_client_settings(fast_client_settings())
    try:
        dialog = open_dialog(qtbot, database, admin, plan, load_upstream=True)
    finally:
        upstream.set_client_settings(previous)
    status = dialog.additional_tab.list_status.text()
    assert "could not be read" in status and "stored on 7/1/27" in status
    assert dialog.prices_tab.prices_edit.cost_label(12).text() == "$11.00"
    assert dialog.additional_tab.type_combo.value() == "1011"


def test_a_sales_user_sees_everything_read_only(qtbot, database, admin, sales, plan, module_offline) -> None:
    groups, templates = make_groups(database, admin), make_templates(database, admin)
    values = replace(every_option(module_offline, groups, templates), icon=None)
    save(database, admin, plan, **values.__dict__)
    dialog = open_dialog(qtbot, database, sales, plan, today=date(2027, 7, 12))
    assert dialog.read_only and not dialog._save_button.isVisible()
    assert "can look at tariff plans but not change them" in dialog.reason_text()
    assert dialog.main_tab.name_edit.input_for("en").isReadOnly()
    assert not dialog.main_tab.calendar.isEnabled()
    assert dialog.prices_tab.prices_edit.price_edit(1).isReadOnly()
    assert not dialog.addons_tab.addons_edit.add_button.isVisible()
    assert dialog.current_input() == values
    preview = dialog.preview_tab
    assert preview.kind_combo.isEnabled()
    preview.period_combo.setCurrentIndex(preview.period_combo.findData(1))
    assert preview.row_texts()[0][1:] == ("Order", "$1.94", "20/31 of July")  # pro-rata day 20
    dialog.reject()
    assert not dialog.isVisible()


def test_the_upstream_list_is_read_in_the_background_and_offers_fresh_costs(
    qtbot, database, admin, simulator, simulator_module, provider
) -> None:
    from sslbill_desktop.services.tariff_import import import_tariff, load_price_list

    price_list = load_price_list(database, admin, simulator_module)
    plan_id = import_tariff(
        database,
        admin,
        module_id=simulator_module,
        provider_id=provider,
        product_id="1011",
        price_list=price_list,
    ).plan_id
    dialog = open_dialog(qtbot, database, admin, plan_id, load_upstream=True)
    assert "list of 9 certificates" in dialog.additional_tab.list_status.text()
    assert "read from the upstream" in dialog.prices_tab.costs_label.text()
    dialog.additional_tab.type_combo.set_value("55348")  # GlobalSign DomainSSL: 180.00 a year upstream
    assert dialog.prices_tab.prices_edit.cost_label(12).text() == "$180.00"
    assert "a loss of $169.00 per order" in dialog.prices_tab.loss_label.text()
    save_dialog(qtbot, dialog)
    stored = tariffs.get_tariff(database, admin, plan_id)
    assert stored.settings.certificate_type == "55348"
    assert stored.settings.certificate_type_name == "GlobalSign DomainSSL"
    assert stored.upstream.costs[12] == Decimal("180.00") and stored.margins.losses
