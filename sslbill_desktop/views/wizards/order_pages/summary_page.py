"""The summary: every line the order books, with the billing engine's explanation, the total and
the client's balance after it. Finish orders — charged when the upstream confirms the purchase."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
)

from sslbill_desktop.services.billing import Refusal
from sslbill_desktop.services.domains import to_unicode
from sslbill_desktop.services.i18n import _, format_date, format_money
from sslbill_desktop.services.ledger import KIND_LABELS
from sslbill_desktop.services.order_policy import explain
from sslbill_desktop.services.ordering import SUMMARY, OrderFlow, OrderSummary
from sslbill_desktop.views.explanations import explanation_text
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage


class SummaryPage(OrderStepPage):
    eager_fields = frozenset({"balance"})

    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(
            flow, SUMMARY, _("Summary"), _("Check the order. Finish charges it and buys the certificate.")
        )
        self._what = QLabel()
        self._what.setWordWrap(True)
        self._lines = QTableWidget(0, 3)
        self._lines.setHorizontalHeaderLabels([_("Charge"), _("Explanation"), _("Amount")])
        self._lines.verticalHeader().hide()
        self._lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self._lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self._total = QLabel()
        self._balance = QLabel()
        self._after = QLabel()
        self._expires = QLabel()
        self._progress = QProgressBar()
        self._progress.hide()
        form = QFormLayout()
        form.addRow(_("Total:"), self._total)
        form.addRow(_("Balance now:"), self._balance)
        form.addRow(_("Balance after the order:"), self._after)
        form.addRow(_("Paid until:"), self._expires)
        self.add(self._what)
        self.add(self._lines, 1)
        self.body.addLayout(form)
        self.add(self._progress)

    def load(self) -> None:
        self._progress.hide()
        summary = self.flow.summary()
        if isinstance(summary, Refusal):
            self._lines.setRowCount(0)
            self.show_error(explain(summary))
            return
        self._show(summary)

    def _show(self, summary: OrderSummary) -> None:
        money = summary.currency
        self._what.setText(self._description(summary))
        self._lines.setRowCount(len(summary.lines))
        for row, line in enumerate(summary.lines):
            amount = QTableWidgetItem(format_money(line.amount, money))
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._lines.setItem(
                row, 0, QTableWidgetItem(_(KIND_LABELS.get(line.kind.value, line.kind.value)))
            )
            self._lines.setItem(row, 1, QTableWidgetItem(explanation_text(line.note, line.explanation)))
            self._lines.setItem(row, 2, amount)
        total = format_money(summary.total, money)
        if summary.quantity > 1:
            total = _("{total} ({n} × {price})").format(
                total=total, n=summary.quantity, price=format_money(summary.price, money)
            )
        self._total.setText(total)
        self._balance.setText(format_money(summary.balance, money))
        self._after.setText(format_money(summary.balance_after, money))
        self._expires.setText(format_date(summary.expires_on))

    def _description(self, summary: OrderSummary) -> str:
        context, plan = self.flow.context, self.flow.plan()
        client = context.client.name if context is not None else ""
        title = plan.title if plan is not None else ""
        if summary.quick_order:
            return _(
                "{plan} for {client}. A quick order: the certificate's parameters are filled in later from "
                "the order, and it is charged then."
            ).format(plan=title, client=client)
        names = self.flow.names()
        domain = ", ".join(to_unicode(n) for n in names.all_names) if names is not None else ""
        return _("{plan} for {client}: {names}").format(plan=title, client=client, names=domain)

    def values(self) -> dict[str, Any]:
        return {}

    def show_progress(self, done: int, total: int) -> None:
        self._progress.show()
        self._progress.setRange(0, total)
        self._progress.setValue(done)
        self._progress.setFormat(_("Ordered {done} of {total}").format(done=done, total=total))

    def show_working(self) -> None:
        self._progress.show()
        self._progress.setRange(0, 0)

    def line_texts(self) -> list[list[str]]:
        def text(row: int, column: int) -> str:
            item = self._lines.item(row, column)
            return item.text() if item is not None else ""

        return [[text(r, c) for c in range(3)] for r in range(self._lines.rowCount())]

    def balance_after_text(self) -> str:
        return self._after.text()
