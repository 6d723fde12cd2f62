"""The "Run daily processing…" action: a dialog that runs BILLING.md's daily run for a date over
the whole database, with its progress, and shows the summary.

`install(window)` adds the action to a main window's File menu (the lead's one-line hook:
`daily_run_action.install(self)` at the end of `MainWindow._init_menus`); the orders page offers
the same dialog on its toolbar. Only roles with `RUN_DAILY` (administrators) may run it; the
service refuses the others, and a second workstation is told who is running it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services.auth import Permission
from sslbill_desktop.services.daily_run import DailyRunSummary, run_daily
from sslbill_desktop.services.i18n import _, format_date
from sslbill_desktop.views import errors
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.widgets.date_edit import DateEdit
from sslbill_desktop.views.workers import CancelToken, run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


class DailyRunDialog(QDialog):
    #: From the worker thread: (services done, services due).
    progressed = Signal(int, int)
    #: The `DailyRunSummary` once a run ended.
    finished_run = Signal(object)

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, day: date | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setWindowTitle(_("Daily processing"))
        self.setMinimumWidth(560)
        self._token: CancelToken | None = None
        intro = QLabel(
            _(
                "Renews services from the clients' balances, suspends and deletes unpaid ones, charges daily "
                "services, sends reminders and low-balance alerts — for every service, once per day."
            )
        )
        intro.setWordWrap(True)
        self.day = DateEdit(day)
        self._progress = QProgressBar()
        self._progress.setRange(0, 1)
        self._progress.setValue(0)
        self._summary = QPlainTextEdit()
        self._summary.setReadOnly(True)
        self.run_button = QPushButton(_("Run"))
        self.run_button.setDefault(True)
        self._close = QPushButton(_("Close"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self._close, QDialogButtonBox.ButtonRole.RejectRole)
        form = QFormLayout()
        form.addRow(_("Day:"), self.day)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self._progress)
        layout.addWidget(self._summary, 1)
        layout.addWidget(buttons)
        self.run_button.clicked.connect(self.run)
        self._close.clicked.connect(self.reject)
        self.progressed.connect(self._show_progress)
        if not workspace.actor.can(Permission.RUN_DAILY):
            self.run_button.setEnabled(False)
            self.run_button.setToolTip(_("Only administrators run the daily processing."))

    def run(self) -> None:
        if self._token is not None:
            self._token.cancel()
            return
        db, actor, day = self.workspace.db, self.workspace.actor, self.day.value()
        token = CancelToken()
        self._token = token
        self.run_button.setText(_("Stop"))
        self.day.setEnabled(False)
        self._progress.setRange(0, 0)
        self._summary.setPlainText(_("Processing {day}…").format(day=format_date(day)))

        def work() -> Any:
            return run_daily(
                db,
                actor,
                day,
                progress=self.progressed.emit,
                cancelled=lambda: token.cancelled,
            )

        run_in_background(work, on_success=self._done, on_failure=self._failed, parent=self)

    def _show_progress(self, done: int, total: int) -> None:
        self._progress.setRange(0, max(1, total))
        self._progress.setValue(done)

    def _reset(self) -> None:
        self._token = None
        self.run_button.setText(_("Run"))
        self.day.setEnabled(True)
        self._progress.setRange(0, 1)

    def _done(self, summary: DailyRunSummary) -> None:
        self._reset()
        self._progress.setValue(1)
        self._summary.setPlainText("\n".join(summary.lines()))
        announce("order", "client")
        self.finished_run.emit(summary)

    def _failed(self, exc: BaseException) -> None:
        self._reset()
        self._summary.setPlainText(str(exc))
        errors.present(self, exc)

    def summary_text(self) -> str:
        return self._summary.toPlainText()

    def reject(self) -> None:
        if self._token is not None:  # running: stop first
            self._token.cancel()
            return
        super().reject()


def open_daily_run(workspace: Workspace, parent: QWidget | None = None) -> DailyRunDialog:
    dialog = DailyRunDialog(workspace, parent)
    dialog.open()
    return dialog


def install(window: Any) -> QAction:
    """Add "Run daily processing…" to `window`'s File menu (a `MainWindow`)."""
    action = QAction(_("Run &daily processing…"), window)
    action.setEnabled(window.workspace.actor.can(Permission.RUN_DAILY))
    action.triggered.connect(lambda _checked=False: open_daily_run(window.workspace, window))
    menu = window.menuBar().actions()[0].menu()
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    if first is not None:
        menu.insertSeparator(first)
    return action
