"""Helpers for the set-up widget tests: workspaces, opened pages and wizards."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget, QWizard

from sslbill_desktop.views.context import Workspace


def show(qtbot: Any, widget: QWidget) -> Any:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def make_page(qtbot: Any, page_class: type, database: Any, actor: Any) -> Any:
    return show(qtbot, page_class(Workspace(database, actor)))


def make_wizard(qtbot: Any, database: Any, actor: Any, record: Any = None) -> Any:
    from sslbill_desktop.views.wizards.processing_module import ProcessingModuleWizard

    return show(qtbot, ProcessingModuleWizard(Workspace(database, actor), record))


def next_button(wizard: QWizard) -> Any:
    return wizard.button(QWizard.WizardButton.NextButton)


def finish_button(wizard: QWizard) -> Any:
    return wizard.button(QWizard.WizardButton.FinishButton)


def newest(parent: QWidget, dialog_class: type) -> Any:
    """The most recently opened dialog of this class under `parent`."""
    found = [d for d in parent.findChildren(dialog_class) if d.isVisible()]
    assert found, f"no open {dialog_class.__name__}"
    return found[-1]
