"""Step 1: the client the certificate is for (searched by name, company or e-mail)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem

from sslbill_desktop.services.i18n import _, format_money
from sslbill_desktop.services.ordering import CLIENT, OrderFlow
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage


class ClientPage(OrderStepPage):
    eager_fields = frozenset({"client_id"})

    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(flow, CLIENT, _("Client"), _("Who is the certificate for?"))
        self._search = QLineEdit()
        self._search.setPlaceholderText(_("Search by name, company or e-mail…"))
        self._search.setClearButtonEnabled(True)
        self._list = QListWidget()
        self._list.setSpacing(3)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self.add(self._search)
        self.add(self._list, 1)
        self._search.textChanged.connect(lambda _text: self._timer.start())
        self._timer.timeout.connect(self._fill)
        self._list.currentItemChanged.connect(lambda *_args: self.changed())
        self._fill()

    def load(self) -> None:
        self._fill()

    def _fill(self) -> None:
        chosen = self.values().get("client_id")
        self._list.blockSignals(True)
        self._list.clear()
        for row in self.flow.find_clients(self._search.text()):
            balances = ", ".join(format_money(amount, currency) for currency, amount in row.balances)
            details = " — ".join(part for part in (row.company, row.email, balances) if part)
            item = QListWidgetItem(f"{row.name}\n{details}" if details else row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self._list.addItem(item)
            if row.id == chosen:
                self._list.setCurrentItem(item)
        self._list.blockSignals(False)
        self.changed(touched=False)

    def values(self) -> dict[str, Any]:
        item = self._list.currentItem()
        return {"client_id": item.data(Qt.ItemDataRole.UserRole) if item is not None else None}

    def choose(self, client_id: int) -> bool:
        """Select the client (tests, and the wizard opened from a client)."""
        for number in range(self._list.count()):
            item = self._list.item(number)
            if item.data(Qt.ItemDataRole.UserRole) == client_id:
                self._list.setCurrentItem(item)
                return True
        return False

    def client_names(self) -> list[str]:
        return [self._list.item(n).text().split("\n", 1)[0] for n in range(self._list.count())]
