"""Products → Tariff plans: order, filters, the margin column, enable with the guard, exports,
read-only sales staff, and working from stored data with the upstream stopped."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from sslbill_desktop.services import tariffs
from sslbill_desktop.services.tariff_import import import_tariff, load_price_list
from sslbill_desktop.services.tariff_input import PeriodPrice
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.tariff_plan import TariffPlanDialog
from sslbill_desktop.views.lists.tariff_plans import TariffPlanPage, margin_text
from tests.services.tariffs.support import import_plan, make_provider, save
from tests.support.qt_fixtures import wait_for_tasks
from tests.views.tariffs.support import show


def _page(qtbot: Any, database: Any, actor: Any) -> TariffPlanPage:
    return show(qtbot, TariffPlanPage(Workspace(database, actor)))


def _titles(page: TariffPlanPage) -> list[str]:
    return [row.title for row in page.model.loaded_rows()]


def _select(page: TariffPlanPage, plan_id: int) -> None:
    assert page.select_key(plan_id)


def _opened_dialog(qtbot: Any, page: TariffPlanPage) -> TariffPlanDialog:
    qtbot.waitUntil(lambda: bool(page.findChildren(TariffPlanDialog)))
    wait_for_tasks(qtbot)
    return page.findChildren(TariffPlanDialog)[-1]


def test_the_list_sorts_by_sort_then_name_and_filters(
    qtbot, database, admin, module_offline, provider
) -> None:
    other = make_provider(database, admin, name="Budget certs")
    rapid = import_plan(database, admin, module_offline, provider, "1011")
    import_plan(database, admin, module_offline, provider, "55346")
    sectigo = import_plan(database, admin, module_offline, other, "3033")
    save(database, admin, rapid, sorting=2, labels=("DV",))
    save(database, admin, sectigo, labels=("DV",))
    record = tariffs.get_tariff(database, admin, sectigo)
    tariffs.enable_tariff(database, admin, sectigo, version=record.version)
    page = _page(qtbot, database, admin)
    assert _titles(page) == ["AlphaSSL", "Sectigo PositiveSSL", "RapidSSL"]
    page.set_filters(label="DV")
    assert _titles(page) == ["Sectigo PositiveSSL", "RapidSSL"]
    page.set_filters(provider_id=other)
    assert _titles(page) == ["Sectigo PositiveSSL"]
    page.set_filters(state="disabled")
    assert _titles(page) == ["AlphaSSL", "RapidSSL"]
    page.set_filters()
    page.filter_edit.setText("alpha")
    qtbot.waitUntil(lambda: _titles(page) == ["AlphaSSL"])


def test_the_margin_column_flags_a_loss(qtbot, database, admin, plan) -> None:
    save(database, admin, plan, prices=(PeriodPrice(12, Decimal("10.00")),))
    page = _page(qtbot, database, admin)
    (row,) = page.model.loaded_rows()
    assert margin_text(row) == "▼ −$1.00 loss"


def test_enabling_asks_for_confirmation(qtbot, database, admin, plan, messages_recorder) -> None:
    page = _page(qtbot, database, admin)
    _select(page, plan)
    page.toggle_action.trigger()
    wait_for_tasks(qtbot)
    assert messages_recorder.texts("confirm") == [
        "Enable the tariff plan RapidSSL? Clients can then order it."
    ]
    assert tariffs.get_tariff(database, admin, plan).enabled
    qtbot.waitUntil(lambda: page.model.loaded_rows()[0].enabled)
    _select(page, plan)
    assert page.toggle_action.text() == "Disable"


def test_declining_the_first_question_enables_nothing(
    qtbot, database, admin, plan, messages_recorder
) -> None:
    page = _page(qtbot, database, admin)
    _select(page, plan)
    messages_recorder.answer(False)
    page.toggle_action.trigger()
    wait_for_tasks(qtbot)
    assert not tariffs.get_tariff(database, admin, plan).enabled


def test_enabling_a_plan_below_its_upstream_cost_asks_twice_naming_the_loss(
    qtbot, database, admin, plan, messages_recorder
) -> None:
    save(database, admin, plan, prices=(PeriodPrice(12, Decimal("10.00")),))
    page = _page(qtbot, database, admin)
    _select(page, plan)
    page.toggle_action.trigger()
    wait_for_tasks(qtbot)
    first, second = messages_recorder.texts("confirm")
    assert first.startswith("Enable the tariff plan RapidSSL?")
    assert "a loss of $1.00 per order" in second and "anyway" in second
    assert messages_recorder.last("confirm").title == "Priced below the upstream cost"
    assert tariffs.get_tariff(database, admin, plan).enabled


def test_declining_the_second_question_keeps_the_plan_disabled(
    qtbot, database, admin, plan, messages_recorder
) -> None:
    save(database, admin, plan, prices=(PeriodPrice(12, Decimal("10.00")),))
    page = _page(qtbot, database, admin)
    _select(page, plan)
    messages_recorder.answer(True, False)
    page.toggle_action.trigger()
    wait_for_tasks(qtbot)
    assert len(messages_recorder.texts("confirm")) == 2
    assert not tariffs.get_tariff(database, admin, plan).enabled


def test_disabling_asks_and_disables(qtbot, database, admin, plan, messages_recorder) -> None:
    record = tariffs.get_tariff(database, admin, plan)
    tariffs.enable_tariff(database, admin, plan, version=record.version)
    page = _page(qtbot, database, admin)
    _select(page, plan)
    page.toggle_action.trigger()
    wait_for_tasks(qtbot)
    assert "can no longer be ordered" in messages_recorder.last("confirm").text
    assert not tariffs.get_tariff(database, admin, plan).enabled


def _exports(page: TariffPlanPage, tmp_path: Path) -> dict[str, Path]:
    targets = {"pdf": tmp_path / "sheet.pdf", "csv": tmp_path / "plans.csv"}
    page.save_path_chooser = lambda _parent, _title, suggested, _filter: targets[suggested.rsplit(".", 1)[1]]
    return targets


def test_the_selected_plans_export_as_a_pdf_sheet_and_all_as_csv(
    qtbot, database, admin, plan, module_offline, provider, tmp_path, messages_recorder
) -> None:
    import_plan(database, admin, module_offline, provider, "55346")
    page = _page(qtbot, database, admin)
    targets = _exports(page, tmp_path)
    _select(page, plan)
    page.pdf_action.trigger()
    wait_for_tasks(qtbot)
    assert targets["pdf"].read_bytes().startswith(b"%PDF")
    assert "The tariff sheet of 1 plan was saved" in messages_recorder.last("inform").text
    page.csv_action.trigger()
    wait_for_tasks(qtbot)
    rows = list(csv.DictReader(io.StringIO(targets["csv"].read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == ["AlphaSSL", "RapidSSL"]
    assert "2 tariff plans were exported" in messages_recorder.last("inform").text


def test_a_sales_user_can_look_and_export_but_not_change(
    qtbot, database, admin, sales, plan, tmp_path, messages_recorder
) -> None:
    page = _page(qtbot, database, sales)
    _select(page, plan)
    for action in (page.import_action, page.toggle_action, page.verb("Delete"), page.verb("Edit")):
        assert not action.isEnabled()
        assert "can look at this list but not change it" in action.toolTip()
    assert page.pdf_action.isEnabled() and page.csv_action.isEnabled()
    page.verb("View").trigger()
    dialog = _opened_dialog(qtbot, page)
    assert dialog.read_only and dialog.main_tab.name_edit.input_for("en").isReadOnly()
    targets = _exports(page, tmp_path)
    page.pdf_action.trigger()
    wait_for_tasks(qtbot)
    assert targets["pdf"].exists()


def test_with_the_simulator_stopped_the_list_the_dialog_and_the_pdf_work(
    qtbot, database, admin, simulator, simulator_module, provider, tmp_path, messages_recorder
) -> None:
    price_list = load_price_list(database, admin, simulator_module)
    plan_id = import_tariff(
        database,
        admin,
        module_id=simulator_module,
        provider_id=provider,
        product_id="1012",
        price_list=price_list,
    ).plan_id
    simulator.stop()

    page = _page(qtbot, database, admin)
    (row,) = page.model.loaded_rows()
    assert row.title == "RapidSSL Wildcard" and row.costs_at == price_list.fetched_at
    _select(page, plan_id)
    page.verb("Edit").trigger()
    dialog = _opened_dialog(qtbot, page)
    assert "could not be read" in dialog.additional_tab.list_status.text()
    assert dialog.prices_tab.prices_edit.cost_label(12).text() == "$79.00"
    assert "as stored on" in dialog.prices_tab.costs_label.text()
    dialog.reject()
    targets = _exports(page, tmp_path)
    page.pdf_action.trigger()
    wait_for_tasks(qtbot)
    assert targets["pdf"].read_bytes().startswith(b"%PDF")
    assert not messages_recorder.texts("error")


def test_the_main_window_shows_the_tariff_plans_page(qtbot, admin_window) -> None:
    admin_window.navigation.select("tariff_plans")
    page = admin_window.findChildren(TariffPlanPage)
    assert page and page[0].import_action.isEnabled()
