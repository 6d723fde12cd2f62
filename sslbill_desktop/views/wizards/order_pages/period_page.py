"""Step 3: the order period, and how many certificates at once (where the plan allows several)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox

from sslbill_desktop.services.i18n import _, format_money
from sslbill_desktop.services.ordering import PERIOD, OrderFlow
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage


class PeriodPage(OrderStepPage):
    eager_fields = frozenset({"period", "quantity"})

    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(flow, PERIOD, _("Order period"), _("How long the certificate service is paid for."))
        self._period = QComboBox()
        self._quantity = QSpinBox()
        self._quantity.setRange(1, 1)
        self._quantity_label = QLabel(_("Certificates:"))
        self._setup = QLabel()
        self._setup.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Period:"), self._period)
        form.addRow(self._quantity_label, self._quantity)
        self.body.addLayout(form)
        self.add(self._setup)
        self.body.addStretch(1)
        self._period.currentIndexChanged.connect(lambda _index: self.changed())
        self._quantity.valueChanged.connect(lambda _value: self.changed())

    def load(self) -> None:
        plan = self.flow.plan()
        chosen = self.flow.values(PERIOD).get("period")
        self._period.blockSignals(True)
        self._period.clear()
        for months, price in self.flow.periods():
            currency = plan.plan.currency if plan is not None else ""
            self._period.addItem(f"{period_text(months)} — {format_money(price, currency)}", months)
            if months == chosen:
                self._period.setCurrentIndex(self._period.count() - 1)
        self._period.blockSignals(False)
        maximum = self.flow.max_quantity()
        self._quantity.setRange(1, max(1, maximum))
        several = maximum > 1
        self._quantity.setVisible(several)
        self._quantity_label.setVisible(several)
        fee = ""
        if plan is not None and plan.plan.setup_fee:
            fee = _("A setup fee of {fee} is charged with the order.").format(
                fee=format_money(plan.plan.setup_fee, plan.plan.currency)
            )
        self._setup.setText(fee)

    def values(self) -> dict[str, Any]:
        return {"period": self._period.currentData(), "quantity": self._quantity.value()}

    def choose(self, months: int, quantity: int | None = None) -> None:
        index = self._period.findData(months)
        if index >= 0:
            self._period.setCurrentIndex(index)
        if quantity is not None:
            self._quantity.setMaximum(max(self._quantity.maximum(), quantity))
            self._quantity.setValue(quantity)
