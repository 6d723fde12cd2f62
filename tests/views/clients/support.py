"""Pages and dialogs of the client screens, built on real widgets for pytest-qt."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from sslbill_desktop.views.context import Workspace
from tests.support.qt_fixtures import wait_for_tasks


def show(qtbot: Any, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def make_page(qtbot: Any, page_class: type, database: Any, actor: Any) -> Any:
    return show(qtbot, page_class(Workspace(database, actor)))


def newest(parent: QWidget, dialog_class: type) -> Any:
    found = parent.findChildren(dialog_class)
    assert found, f"no {dialog_class.__name__} is open"
    return found[-1]


def save(qtbot: Any, dialog: Any) -> None:
    dialog._save_button.click()
    wait_for_tasks(qtbot)
