"""The "Run daily processing…" dialog: runs the day with progress and shows the summary."""

from __future__ import annotations

from datetime import date

from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.daily_run_action import DailyRunDialog, install
from tests.services.orders.support import World, client, order, order_row, plan
from tests.support.qt_fixtures import wait_for_tasks


def test_the_dialog_runs_a_day_and_shows_what_happened(qtbot, world: World, simulator) -> None:
    (placed,) = order(world, client(world, deposit="20.00"), plan(world)).orders
    dialog = DailyRunDialog(Workspace(world.db, world.admin), day=date(2027, 11, 26))
    qtbot.addWidget(dialog)
    dialog.show()
    finished = []
    dialog.finished_run.connect(finished.append)

    dialog.run_button.click()
    wait_for_tasks(qtbot)

    (summary,) = finished
    assert summary.suspended == 1
    assert "Suspended: 1; kept active over the weekend: 0; deleted: 0." in dialog.summary_text()
    assert order_row(world, placed.order_id).status == "suspended"
    dialog.run_button.click()
    wait_for_tasks(qtbot)
    assert "Nothing new" in dialog.summary_text()


def test_sales_staff_cannot_start_it_and_the_menu_hook_adds_the_action(qtbot, world: World, sales) -> None:
    from PySide6.QtWidgets import QMainWindow

    dialog = DailyRunDialog(Workspace(world.db, sales))
    qtbot.addWidget(dialog)
    assert not dialog.run_button.isEnabled()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.workspace = Workspace(world.db, world.admin)  # what the hook reads of a MainWindow
    menu = window.menuBar().addMenu("&File")
    quit_action = menu.addAction("&Quit")
    action = install(window)
    assert action.isEnabled() and action.text() == "Run &daily processing…"
    assert menu.actions()[0] is action and quit_action in menu.actions()
