"""A client's accounts and ledger: every entry with its explanation, newest first.

The account chooser lists one account per currency with its balance. The table pages through the
account's entries (date, what, the change to the balance, the balance after it, the explanation,
who booked it); a correction shows which entry it corrects. "Record payment…" and "Record
correction…" open `money_entry.py`'s dialogs — with an entry selected, the correction is booked
as a correction of that entry. The ledger itself cannot be edited: that is the point of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services import ledger
from sslbill_desktop.services.clients import ClientRecord
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import N_, _, format_date, format_money, ngettext
from sslbill_desktop.services.ledger import KIND_LABELS, AccountRecord, LedgerRow
from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.money_entry import CLIENT, CorrectionDialog, PaymentDialog
from sslbill_desktop.views.explanations import explanation_text
from sslbill_desktop.views.hub import hub
from sslbill_desktop.views.lists.column_widths import date_samples, size_columns
from sslbill_desktop.views.lists.paged_model import Column, PagedTableModel, RowPage

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def _signed(amount_text: str, positive: bool) -> str:
    return f"+{amount_text}" if positive and not amount_text.startswith("+") else amount_text


def _change(row: LedgerRow) -> str:
    return _signed(format_money(row.balance_change, row.currency), row.balance_change > 0)


def _what(row: LedgerRow) -> str:
    kind = _(KIND_LABELS.get(row.kind, row.kind))
    if row.corrects_id is not None:
        return _("{kind} of #{id}").format(kind=kind, id=row.corrects_id)
    if row.service_id is not None and row.kind == "order":
        return _("Order {id}").format(id=row.service_id)
    if row.service_id is not None:
        return _("{kind} for order {id}").format(kind=kind, id=row.service_id)
    return kind


LEDGER_COLUMNS: tuple[Column[LedgerRow], ...] = (
    Column(N_("#"), lambda r: str(r.id), align_right=True, width=50),
    Column(
        N_("Date"), lambda r: format_date(r.on_date, "short"), width=90, samples=lambda: date_samples("short")
    ),
    Column(N_("What"), _what, width=150),
    Column(N_("Change"), _change, align_right=True, width=110),
    Column(
        N_("Balance after"), lambda r: format_money(r.balance_after, r.currency), align_right=True, width=110
    ),
    Column(N_("By"), lambda r: r.created_by, width=90),
    Column(N_("Explanation"), lambda r: explanation_text(r.note, r.explanation)),
)


class LedgerDialog(QDialog):
    """See the module documentation. `client` is the record loaded before opening."""

    def __init__(self, workspace: Workspace, client: ClientRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Accounts and ledger of {client}").format(client=client.name))
        self._workspace = workspace
        self._client = client
        self._accounts: list[AccountRecord] = list(client.accounts)
        self._init_widgets()
        self._init_layout()
        self._connect()
        self._fill_accounts(self._preferred_account())
        self.resize(900, 520)

    # --- construction -------------------------------------------------------------------------

    def _init_widgets(self) -> None:
        self._account_combo = QComboBox()
        self._balance_label = QLabel()
        font = QFont(self._balance_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self._balance_label.setFont(font)
        self._model: PagedTableModel[LedgerRow] = PagedTableModel(LEDGER_COLUMNS, self._load, page_size=200)
        self._table = QTableView()
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setAlternatingRowColors(True)
        self._table.setWordWrap(False)
        self._table.verticalHeader().hide()
        header = self._table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        size_columns(self._table, LEDGER_COLUMNS, default=200)
        self._count_label = QLabel()
        self._payment_button = QPushButton(_("Record payment…"))
        self._correction_button = QPushButton(_("Record correction…"))
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self._buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(_("Close"))

    def _init_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Account:")))
        top.addWidget(self._account_combo)
        top.addStretch(1)
        top.addWidget(QLabel(_("Balance:")))
        top.addWidget(self._balance_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self._payment_button)
        bottom.addWidget(self._correction_button)
        bottom.addStretch(1)
        bottom.addWidget(self._buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._count_label)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self._account_combo.currentIndexChanged.connect(lambda _index: self._show_account())
        self._payment_button.clicked.connect(self.record_payment)
        self._correction_button.clicked.connect(self.record_correction)
        self._buttons.rejected.connect(self.reject)
        self._model.modelReset.connect(self._update_count)
        self._model.rowsInserted.connect(self._update_count)
        hub().changed.connect(self._on_changed)

    # --- accounts -----------------------------------------------------------------------------

    def _preferred_account(self) -> int | None:
        """The account in the provider's currency, else the first."""
        for account in self._accounts:
            if account.currency == self._client.currency:
                return account.id
        return self._accounts[0].id if self._accounts else None

    def _fill_accounts(self, select: int | None) -> None:
        self._account_combo.blockSignals(True)
        self._account_combo.clear()
        for account in self._accounts:
            self._account_combo.addItem(
                f"{account.currency} — {format_money(account.balance, account.currency)}", account.id
            )
        index = self._account_combo.findData(select)
        self._account_combo.setCurrentIndex(max(0, index))
        self._account_combo.blockSignals(False)
        self._show_account()

    def account(self) -> AccountRecord | None:
        ident = self._account_combo.currentData()
        return next((a for a in self._accounts if a.id == ident), None)

    def _show_account(self) -> None:
        account = self.account()
        self._balance_label.setText(format_money(account.balance, account.currency) if account else "—")
        self._payment_button.setEnabled(account is not None)
        self._correction_button.setEnabled(account is not None)
        try:
            self._model.reload()
        except UserError as exc:
            errors.present(self, exc)

    def refresh(self) -> None:
        """Load the accounts and entries again (after a booking here or elsewhere)."""
        selected = self._account_combo.currentData()
        try:
            self._accounts = ledger.list_accounts(self._workspace.db, self._workspace.actor, self._client.id)
        except UserError as exc:
            errors.present(self, exc)
            return
        self._fill_accounts(selected)

    def _on_changed(self, entity: str) -> None:
        if entity == CLIENT and self.isVisible():
            self.refresh()

    # --- entries ------------------------------------------------------------------------------

    def _load(self, _filter: str, offset: int, limit: int) -> RowPage[LedgerRow]:
        account = self.account()
        if account is None:
            return RowPage([], 0)
        page = ledger.list_ledger(
            self._workspace.db, self._workspace.actor, account.id, offset=offset, limit=limit
        )
        return RowPage(page.rows, page.total)

    @property
    def model(self) -> PagedTableModel[LedgerRow]:
        return self._model

    @property
    def table(self) -> QTableView:
        return self._table

    def balance_text(self) -> str:
        return self._balance_label.text()

    def selected_entry(self) -> LedgerRow | None:
        rows = self._table.selectionModel().selectedRows()
        return self._model.row_at(rows[0].row()) if rows else None

    def _update_count(self) -> None:
        total = self._model.total
        self._count_label.setText(ngettext("{n} entry", "{n} entries", total).format(n=total))

    # --- bookings -----------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def record_payment(self) -> QDialog | None:
        account = self.account()
        if account is None:
            return None
        return self._open(PaymentDialog(self._workspace, account, self._client.name, self))

    def record_correction(self) -> QDialog | None:
        account = self.account()
        if account is None:
            return None
        dialog = CorrectionDialog(
            self._workspace, account, self._client.name, self, corrects=self.selected_entry()
        )
        return self._open(dialog)
