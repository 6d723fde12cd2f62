"""Order units of an add-on for an order, or cancel one it holds (per the plan's policies)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QSpinBox, QWidget

from sslbill_desktop.services import order_actions
from sslbill_desktop.services.i18n import _, format_money
from sslbill_desktop.services.order_actions import ActionQuote
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.views.dialogs.order_actions.quote_dialog import QuoteDialog

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


class AddAddonDialog(QuoteDialog):
    def __init__(
        self, workspace: Workspace, record: OrderRecord, on: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Order an add-on for {domain}").format(domain=record.domain or record.id),
            _("Order add-on"),
            "",
            parent,
        )
        self._workspace, self._record, self._on = workspace, record, on
        self._addon = QComboBox()
        for choice in record.addon_choices:
            price = format_money(choice.price, record.currency) if choice.price is not None else _("not sold")
            self._addon.addItem(f"{choice.title} — {price}", choice.key)
        self._quantity = QSpinBox()
        self._quantity.setRange(1, 1000)
        self.form.addRow(_("Add-on:"), self._addon)
        self.form.addRow(_("Quantity:"), self._quantity)
        self._addon.currentIndexChanged.connect(lambda _index: self.refresh())
        self._quantity.valueChanged.connect(lambda _value: self.refresh())
        self.refresh()

    def choose(self, key: str, quantity: int) -> None:
        self._addon.setCurrentIndex(self._addon.findData(key))
        self._quantity.setValue(quantity)

    def quote(self) -> ActionQuote:
        w = self._workspace
        return order_actions.quote_add_addon(
            w.db,
            w.actor,
            self._record.id,
            key=self._addon.currentData() or "",
            quantity=self._quantity.value(),
            on=self._on,
        )

    def act(self) -> Any:
        w = self._workspace
        return order_actions.add_addon(
            w.db,
            w.actor,
            self._record.id,
            version=self._record.version,
            key=self._addon.currentData() or "",
            quantity=self._quantity.value(),
            on=self._on,
        )


class CancelAddonDialog(QuoteDialog):
    def __init__(
        self, workspace: Workspace, record: OrderRecord, on: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Cancel an add-on of {domain}").format(domain=record.domain or record.id),
            _("Cancel add-on"),
            "",
            parent,
        )
        self._workspace, self._record, self._on = workspace, record, on
        self._addon = QComboBox()
        for held in record.addons:
            self._addon.addItem(f"{held.title} × {held.quantity}", held.key)
        self.form.addRow(_("Add-on:"), self._addon)
        self._addon.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    def quote(self) -> ActionQuote:
        w = self._workspace
        return order_actions.quote_cancel_addon(
            w.db, w.actor, self._record.id, key=self._addon.currentData() or "", on=self._on
        )

    def act(self) -> Any:
        w = self._workspace
        return order_actions.remove_addon(
            w.db,
            w.actor,
            self._record.id,
            version=self._record.version,
            key=self._addon.currentData() or "",
            on=self._on,
        )
