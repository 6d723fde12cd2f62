"""The base of the action dialogs that move money: the billing engine's lines before confirming.

A subclass adds its inputs to `self.form`, calls `self.refresh()` when they change, and implements
`quote()` (the service's `quote_*`: lines, total, balance after; a refusal names its rule) and
`act()` (the action itself, run in the background). Confirm is enabled only while the quote
stands; the refusal is shown in its place.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.i18n import _, format_date, format_money
from sslbill_desktop.services.ledger import KIND_LABELS
from sslbill_desktop.services.order_actions import ActionQuote
from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE
from sslbill_desktop.views.explanations import explanation_text
from sslbill_desktop.views.workers import run_in_background


class QuoteDialog(QDialog):
    #: The order's new record after the action.
    completed = Signal(object)

    def __init__(self, title: str, confirm: str, intro: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self._quote: ActionQuote | None = None
        self._busy = False
        self._intro = QLabel(intro)
        self._intro.setWordWrap(True)
        self.form = QFormLayout()
        self._lines = QTableWidget(0, 3)
        self._lines.setHorizontalHeaderLabels([_("Entry"), _("Explanation"), _("Amount")])
        self._lines.verticalHeader().hide()
        self._lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self._lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._lines.setMinimumHeight(120)
        self._totals = QLabel()
        self._totals.setWordWrap(True)
        self._error = QLabel()
        self._error.setWordWrap(True)
        self._error.setStyleSheet(ERROR_STYLE)
        self._error.hide()
        self._confirm = QPushButton(confirm)
        self._confirm.setDefault(True)
        cancel = QPushButton(_("Cancel"))
        buttons = QDialogButtonBox()
        buttons.addButton(self._confirm, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        layout.addLayout(self.form)
        layout.addWidget(self._lines, 1)
        layout.addWidget(self._totals)
        layout.addWidget(self._error)
        layout.addWidget(buttons)
        self._confirm.clicked.connect(self._on_confirm)
        cancel.clicked.connect(self.reject)

    # --- for subclasses -----------------------------------------------------------------------

    def quote(self) -> ActionQuote:
        raise NotImplementedError

    def act(self) -> Any:
        raise NotImplementedError

    def describe(self, quote: ActionQuote) -> str:
        """The sentence under the lines (total, balance after, new expiry)."""
        parts = [
            _("Total: {total}").format(total=format_money(quote.total, quote.currency)),
            _("balance after: {balance}").format(balance=format_money(quote.balance_after, quote.currency)),
        ]
        if quote.expires_on is not None:
            parts.append(_("paid until {date}").format(date=format_date(quote.expires_on)))
        text = "; ".join(parts) + "."
        if quote.upstream:
            text += " " + _(
                "The certificate is renewed upstream; the charge is booked when the upstream confirms."
            )
        return text

    # --- internals ----------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            quote = self.quote()
        except UserError as exc:
            self._quote = None
            self._lines.setRowCount(0)
            self._totals.setText("")
            self._show_error(exc.detail if isinstance(exc, ValidationError) else str(exc))
        else:
            self._quote = quote
            self._show(quote)
            self._show_error("")
        self._confirm.setEnabled(self._quote is not None and not self._busy)

    def _show(self, quote: ActionQuote) -> None:
        self._lines.setRowCount(len(quote.lines))
        for row, line in enumerate(quote.lines):
            amount = QTableWidgetItem(format_money(line.amount, quote.currency))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._lines.setItem(
                row, 0, QTableWidgetItem(_(KIND_LABELS.get(line.kind.value, line.kind.value)))
            )
            self._lines.setItem(row, 1, QTableWidgetItem(explanation_text(line.note, line.explanation)))
            self._lines.setItem(row, 2, amount)
        self._totals.setText(self.describe(quote))

    def _show_error(self, text: str) -> None:
        self._error.setText(text)
        self._error.setVisible(bool(text))

    def error_text(self) -> str:
        return self._error.text()

    def line_texts(self) -> list[list[str]]:
        def text(row: int, column: int) -> str:
            item = self._lines.item(row, column)
            return item.text() if item is not None else ""

        return [[text(r, c) for c in range(3)] for r in range(self._lines.rowCount())]

    def totals_text(self) -> str:
        return self._totals.text()

    def can_confirm(self) -> bool:
        return self._confirm.isEnabled()

    def _on_confirm(self) -> None:
        if self._busy or self._quote is None:
            return
        self._busy = True
        self._confirm.setEnabled(False)
        run_in_background(self.act, on_success=self._succeeded, on_failure=self._failed, parent=self)

    def confirm(self) -> None:
        """Press the confirm button (tests)."""
        self._on_confirm()

    def _succeeded(self, record: Any) -> None:
        self._busy = False
        self.completed.emit(record)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.refresh()
        if isinstance(exc, UserError):
            self._show_error(str(exc))
        else:
            errors.present(self, exc)
