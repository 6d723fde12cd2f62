"""The import wizard against the simulator: module → plans one after another."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import tariffs
from sslbill_desktop.services.tariff_import import Markup, MarkupKind
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.tariff_plan import TariffPlanDialog
from sslbill_desktop.views.wizards.tariff_import import TariffImportWizard
from tests.services.tariffs.support import import_plan, make_provider
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.tariffs.support import show


def _wizard(qtbot: Any, database: Any, admin: Any, module_id: int) -> TariffImportWizard:
    parent = show(qtbot, QWidget())
    wizard = TariffImportWizard(Workspace(database, admin), parent)
    wizard.keep_alive = parent  # type: ignore[attr-defined]  # the list page a wizard opens over
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.module_page.choose(module_id)
    wizard.next()
    wait_for_tasks(qtbot)
    assert wizard.plans_page.loaded, wizard.plans_page.status_label.text()
    return wizard


def _enter(qtbot: Any, wizard: TariffImportWizard, product_id: str) -> None:
    page = wizard.plans_page
    page.product_edit.clear()
    qtbot.keyClicks(page.product_edit, product_id)


def _import(qtbot: Any, wizard: TariffImportWizard, product_id: str) -> None:
    _enter(qtbot, wizard, product_id)
    assert wizard.plans_page.import_button.isEnabled(), wizard.plans_page.error_text()
    wizard.plans_page.import_button.click()
    wait_for_tasks(qtbot)


def test_three_real_ids_are_imported_one_after_another(
    qtbot, database, admin, simulator, simulator_module, provider
) -> None:
    wizard = _wizard(qtbot, database, admin, simulator_module)
    page = wizard.plans_page
    assert page.table.rowCount() >= 9
    page.search_edit.setText("alpha")
    assert page.table.rowCount() == 1 and page.table.item(0, 0).text() == "55346"
    page.table.selectRow(0)
    assert page.product_edit.text() == "55346" and page.product_name.text() == "AlphaSSL"
    page.markup_kind.setCurrentIndex(page.markup_kind.findData("fixed"))
    qtbot.keyClicks(page.markup_edit, "5")
    assert page.price_label.text() == "yearly price $37.00"
    page.import_button.click()
    wait_for_tasks(qtbot)
    page.markup_kind.setCurrentIndex(0)
    _import(qtbot, wizard, "1011")
    _enter(qtbot, wizard, "3033")  # the last one is imported by Finish
    wizard.accept()
    wait_for_tasks(qtbot)
    assert is_closed(wizard)
    rows = {r.upstream_product_id: r for r in tariffs.list_tariffs(database, admin)}
    assert {k: (r.enabled, r.yearly_price) for k, r in rows.items()} == {
        "55346": (False, Decimal("37.00")),
        "1011": (False, Decimal("11.00")),
        "3033": (False, Decimal("7.50")),
    }
    assert rows["3033"].certificate_type_name == "Sectigo PositiveSSL"


def test_an_id_the_price_list_does_not_have_is_refused_with_a_message(
    qtbot, database, admin, simulator, simulator_module, provider
) -> None:
    wizard = _wizard(qtbot, database, admin, simulator_module)
    _enter(qtbot, wizard, "999999")
    page = wizard.plans_page
    assert not page.import_button.isEnabled()
    assert page.error_text() == "the price list has no SSL certificate with the id 999999"
    assert not page.isComplete()
    assert tariffs.list_tariffs(database, admin) == []


def test_a_duplicate_says_so_and_opens_the_existing_plan(
    qtbot, database, admin, simulator, simulator_module, provider, messages_recorder
) -> None:
    existing = import_plan(database, admin, simulator_module, provider, "1011")
    wizard = _wizard(qtbot, database, admin, simulator_module)
    _import(qtbot, wizard, "1011")
    shown = messages_recorder.last("inform")
    assert shown.title == "Already imported" and "already imported for the provider Acme SSL" in shown.text
    qtbot.waitUntil(lambda: wizard.plans_page.opened_dialog is not None)
    dialog = wizard.plans_page.opened_dialog
    assert isinstance(dialog, TariffPlanDialog) and dialog.form.record.id == existing
    assert len(tariffs.list_tariffs(database, admin)) == 1


def test_the_markup_remembered_for_a_provider_is_filled_in(
    qtbot, database, admin, simulator, simulator_module, provider
) -> None:
    other = make_provider(database, admin, name="Budget certs")
    import_plan(database, admin, simulator_module, other, "1011", Markup(MarkupKind.PERCENT, Decimal(25)))
    wizard = _wizard(qtbot, database, admin, simulator_module)
    page = wizard.plans_page
    page.provider_combo.setCurrentIndex(page.provider_combo.findData(other))
    assert page.markup_kind.currentData() == "percent" and page.markup_edit.value() == Decimal(25)
    page.provider_combo.setCurrentIndex(page.provider_combo.findData(provider))
    assert page.markup_kind.currentData() == "" and page.markup_edit.text() == ""


def test_an_unreachable_upstream_is_reported_without_waiting(
    qtbot, database, admin, module_offline, provider
) -> None:
    from sslbill_desktop.services import upstream
    from tests.support.upstream_fixtures import fast_client_settings

    previous = upstream.set_client_settings(fast_client_settings())
    try:
        parent = show(qtbot, QWidget())
        wizard = TariffImportWizard(Workspace(database, admin), parent)
        wizard.keep_alive = parent  # type: ignore[attr-defined]
        wizard.show()
        wizard.module_page.choose(module_offline)
        wizard.next()
        wait_for_tasks(qtbot)
    finally:
        upstream.set_client_settings(previous)
    page = wizard.plans_page
    assert "could not be read" in page.status_label.text()
    assert page.retry_button.isVisibleTo(page) and not page.import_button.isEnabled()
