"""Integration → Processing modules: balances refreshed in the background, offline, deleting."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import credentials, processing
from sslbill_desktop.views.lists.processing_modules import (
    BALANCE_COLUMN,
    LOW_BALANCE_COLOR,
    ProcessingModulePage,
)
from sslbill_desktop.views.wizards.processing_module import ProcessingModuleWizard
from tests.services.processing.support import add_tariff_plan, create_module, make_provider, module_input
from tests.services.setup.helpers import count
from tests.support.qt_fixtures import wait_for_tasks
from tests.views.setup_infra.support import make_page


def cell(page: ProcessingModulePage, title: str, column: int, role=Qt.ItemDataRole.DisplayRole):
    model = page.model
    number = next(i for i, row in enumerate(model.loaded_rows()) if row.title == title)
    return model.data(model.index(number, column), role)


def two_modules(database, admin, simulator):
    rich = create_module(database, admin, simulator.url, "reseller", "reseller-pass", minimal_balance="100")
    low = processing.create_processing_module(
        database,
        admin,
        module_input(
            simulator.url,
            "lowbalance",
            rich.data_center_id,
            rich.department_id,
            name={"en": "Low"},
            sorting=2,
        ),
        password="lowbalance-pass",
    )
    return rich, low


def test_the_list_shows_the_balances_after_a_background_refresh_and_marks_a_low_one(
    qtbot, database, admin, simulator
) -> None:
    rich, _low = two_modules(database, admin, simulator)
    simulator.set_balance("reseller", Decimal("1234.50"))
    simulator.set_latency(0.5)
    page = make_page(qtbot, ProcessingModulePage, database, admin)
    assert page.refreshing  # the page is shown, with the stored values, while the balances are read
    assert cell(page, rich.title, BALANCE_COLUMN) == "$1,000.00"
    wait_for_tasks(qtbot)
    assert not page.refreshing
    assert cell(page, rich.title, BALANCE_COLUMN) == "$1,234.50"
    assert cell(page, "Low", BALANCE_COLUMN) == "$5.00"
    assert cell(page, "Low", BALANCE_COLUMN, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(page, "Low", BALANCE_COLUMN, Qt.ItemDataRole.ForegroundRole).color() == LOW_BALANCE_COLOR
    tooltip = cell(page, "Low", BALANCE_COLUMN, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Below the minimal balance of $100.00: top up the ispmanager account")
    assert cell(page, rich.title, BALANCE_COLUMN, Qt.ItemDataRole.DecorationRole) is None
    assert cell(page, rich.title, BALANCE_COLUMN, Qt.ItemDataRole.ForegroundRole) is None
    assert page.status_text() == "Under its minimal balance: Low."


def test_with_the_simulator_stopped_the_list_shows_the_last_known_balance_and_its_time(
    qtbot, database, admin, simulator
) -> None:
    rich = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    simulator.set_balance("reseller", Decimal("640.00"))
    first = make_page(qtbot, ProcessingModulePage, database, admin)
    wait_for_tasks(qtbot)
    read_at = processing.get_processing_module(database, admin, rich.id).last_balance_at
    first.close()
    simulator.stop()

    page = make_page(qtbot, ProcessingModulePage, database, admin)
    assert cell(page, rich.title, BALANCE_COLUMN) == "$640.00"  # before the refresh ends
    wait_for_tasks(qtbot)
    assert cell(page, rich.title, BALANCE_COLUMN) == "$640.00"
    shown_time = cell(page, rich.title, BALANCE_COLUMN + 1)
    assert shown_time and shown_time != "never read"
    assert processing.get_processing_module(database, admin, rich.id).last_balance_at == read_at
    tooltip = cell(page, rich.title, BALANCE_COLUMN, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("The balance could not be refreshed: The ispmanager billing at 127.0.0.1")
    assert f"Shown: the value of {shown_time}." in tooltip
    assert page.status_text().startswith(
        "The balance of 1 module could not be read; the last known value is shown"
    )


def test_deleting_a_module_used_by_a_tariff_plan_is_refused_with_the_reason(
    qtbot, database, admin, simulator, messages_recorder
) -> None:
    record = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    add_tariff_plan(database, record.id, make_provider(database, admin))
    page = make_page(qtbot, ProcessingModulePage, database, admin)
    wait_for_tasks(qtbot)
    page.select_key(record.id)
    page.verb("Delete").trigger()
    wait_for_tasks(qtbot)
    assert messages_recorder.last("confirm").text == "Delete ispmanager EU?"
    assert messages_recorder.last("error").text == (
        "The processing module ispmanager EU cannot be deleted while it is used by 1 tariff plan."
    )
    assert count(database, ProcessingModule) == 1
    assert [r.id for r in page.model.loaded_rows()] == [record.id]


def test_deleting_an_unused_module_removes_it_and_its_password(
    qtbot, database, admin, simulator, memory_keyring
) -> None:
    record = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    page = make_page(qtbot, ProcessingModulePage, database, admin)
    wait_for_tasks(qtbot)
    page.select_key(record.id)
    page.verb("Delete").trigger()
    wait_for_tasks(qtbot)
    assert page.model.loaded_rows() == []
    assert credentials.read_module_password(record.id) is None
    assert memory_keyring.store == {}


def test_add_opens_the_wizard_and_selects_the_new_module(qtbot, database, admin, simulator) -> None:
    page = make_page(qtbot, ProcessingModulePage, database, admin)
    page.verb("Add").trigger()
    wizard = page.findChild(ProcessingModuleWizard)
    assert wizard is not None and wizard.isVisible()
    wizard.saved.emit(create_module(database, admin, simulator.url, "reseller", "reseller-pass"))
    (row,) = page.selected_rows()
    assert row.title == "ispmanager EU"


def test_a_sales_user_sees_the_list_read_only_and_can_view_a_module(
    qtbot, database, admin, sales, simulator
) -> None:
    record = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    page = make_page(qtbot, ProcessingModulePage, database, sales)
    wait_for_tasks(qtbot)
    page.select_key(record.id)
    for verb in ("Add", "Edit", "Delete"):
        assert not page.verb(verb).isEnabled()
        assert "can look at this list but not change it" in page.verb(verb).toolTip()
    assert page.verb("Refresh balances").isEnabled()
    page.verb("View").trigger()
    wizard = page.findChild(ProcessingModuleWizard)
    assert wizard is not None and wizard.read_only
