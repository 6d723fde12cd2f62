"""Wizard pages and wizards over a Qt-free `WizardFlow` (see `services/wizard.py`).

Next (or Finish) is enabled only when the flow finds the step's values valid and the page is not
busy; Next hands the values to the flow, Back steps the flow back. A subclass builds its widgets
and returns them from `values()`; QWizard's `nextId()` asks the flow (see `FirstRunWizard`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget, QWizard, QWizardPage

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.wizard import StepInvalid, WizardFlow
from sslbill_desktop.views import errors, messages
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE
from sslbill_desktop.views.workers import run_in_background


class FlowPage(QWizardPage):
    """A page showing one step of a `WizardFlow`: Next is enabled only when the step is valid."""

    def __init__(self, flow: WizardFlow, step: str) -> None:
        super().__init__()
        self.step = step
        self._flow = flow
        self._busy = False
        self._error_label = QLabel()
        self._error_label.setWordWrap(True)
        self._error_label.setStyleSheet(ERROR_STYLE)
        self._error_label.hide()

    def values(self) -> dict[str, Any]:
        return {}

    def has_input(self) -> bool:
        """True when the user typed something that leaving would lose."""
        return False

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.setEnabled(not busy)
        self.completeChanged.emit()

    def show_error(self, text: str) -> None:
        self._error_label.setText(text)
        self._error_label.setVisible(bool(text))

    def error_text(self) -> str:
        return self._error_label.text()

    def show_field_error(self, field: str, message: str) -> None:
        """Show a service's `ValidationError` for `field`; pages with labelled fields refine this."""
        self.show_error(f"{field}: {message}" if field else message)

    def isComplete(self) -> bool:
        return not self._busy and not self._flow.errors(self.values(), self.step)

    def validatePage(self) -> bool:
        try:
            self._flow.go_next(self.values())
        except StepInvalid as exc:
            self.show_error(next(iter(exc.errors.values())))
            return False
        return True

    def cleanupPage(self) -> None:  # Back: the flow steps back too
        if self._flow.current == self.step and self._flow.can_go_back():
            self._flow.go_back()


class FlowWizard(QWizard):
    """A QWizard whose page order comes from a `WizardFlow`; Finish runs `finish()` in the background.

    A subclass adds its pages with `add_flow_page`, implements `finish()` (runs on a worker
    thread, returns a result) and `finished_ok(result)` (GUI thread). Errors from `finish()` are
    shown at the page for a `ValidationError`, else by the error presenter.
    """

    def __init__(self, flow: WizardFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._flow = flow
        self._busy = False
        self._ids: dict[str, int] = {}
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))

    @property
    def flow(self) -> WizardFlow:
        return self._flow

    @property
    def busy(self) -> bool:
        return self._busy

    def add_flow_page(self, page: FlowPage) -> int:
        self._ids[page.step] = self.addPage(page)
        if page.step == self._flow.first_step():
            self.setStartId(self._ids[page.step])
        return self._ids[page.step]

    def flow_page(self) -> FlowPage:
        page = self.currentPage()
        assert isinstance(page, FlowPage)
        return page

    def nextId(self) -> int:
        page = self.currentPage()
        if not isinstance(page, FlowPage):
            return -1
        following = self._flow.peek_next(page.values(), page.step)
        return -1 if following is None else self._ids[following]

    # --- finishing ----------------------------------------------------------------------------

    def finish(self) -> Any:
        """The work of Finish, on a worker thread (services only, no widgets)."""
        raise NotImplementedError

    def finished_ok(self, result: Any) -> None:
        """Called on the GUI thread with `finish()`'s result, before the wizard closes."""

    def accept(self) -> None:
        if self._busy or not self.validateCurrentPage():  # the last step's values go to the flow
            return
        self.flow_page().show_error("")
        self._set_busy(True)
        run_in_background(
            self.finish, on_success=self._finish_succeeded, on_failure=self._finish_failed, parent=self
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.flow_page().set_busy(busy)
        for button in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self.button(button).setEnabled(not busy)

    def _finish_succeeded(self, result: Any) -> None:
        self._set_busy(False)
        self.finished_ok(result)
        super().accept()

    def _finish_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ValidationError):
            self.flow_page().show_field_error(exc.field, exc.detail)
        else:
            errors.present(self, exc)

    def reject(self) -> None:
        if self._busy:
            return
        if self.has_input() and not messages.confirm(
            self, _("Discard what you entered in this wizard?"), yes=_("Discard"), no=_("Keep editing")
        ):
            return
        super().reject()

    def has_input(self) -> bool:
        return any(
            isinstance(page, FlowPage) and page.has_input() for page in (self.page(i) for i in self.pageIds())
        )
