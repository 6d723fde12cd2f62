"""Helpers for the tariff plan widget tests."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services.tariff_form import tariff_form
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.tariff_plan import TariffPlanDialog
from tests.support.qt_fixtures import wait_for_tasks


def show(qtbot: Any, widget: QWidget) -> Any:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def open_dialog(
    qtbot: Any, database: Any, actor: Any, plan_id: int, *, load_upstream: bool = False, today: Any = None
) -> TariffPlanDialog:
    """The tariff dialog of a plan, shown (the upstream list is not read unless asked)."""
    form = tariff_form(database, actor, plan_id)
    dialog = TariffPlanDialog(Workspace(database, actor), form, load_upstream=load_upstream, today=today)
    show(qtbot, dialog)
    if load_upstream:
        wait_for_tasks(qtbot)
    return dialog


def save_dialog(qtbot: Any, dialog: TariffPlanDialog) -> None:
    """Click OK and wait for the background save."""
    assert dialog._save_button.isEnabled(), dialog.reason_text()
    dialog._save_button.click()
    wait_for_tasks(qtbot)
