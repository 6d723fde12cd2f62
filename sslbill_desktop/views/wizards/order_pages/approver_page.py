"""Step 7: the approver e-mail — where the certificate authority sends the domain-control check."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ordering import APPROVER, OrderFlow
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage


class ApproverPage(OrderStepPage):
    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(
            flow,
            APPROVER,
            _("Approver e-mail"),
            _("The certificate authority asks this address to approve the order (domain control)."),
        )
        self._choices = QWidget()
        self._layout = QVBoxLayout(self._choices)
        self._group = QButtonGroup(self)
        self._buttons: list[QRadioButton] = []
        self.add(self._choices)
        self.body.addStretch(1)
        self._group.buttonToggled.connect(lambda *_args: self.changed())

    def load(self) -> None:
        chosen = self.values().get("approver_email") or self.flow.values(APPROVER).get("approver_email")
        for button in self._buttons:
            self._group.removeButton(button)
            button.deleteLater()
        self._buttons = []
        for address in self.flow.approver_choices():
            button = QRadioButton(address)
            self._group.addButton(button)
            self._layout.addWidget(button)
            self._buttons.append(button)
            if address == chosen:
                button.setChecked(True)

    def values(self) -> dict[str, Any]:
        checked = self._group.checkedButton()
        return {"approver_email": checked.text() if checked is not None else ""}

    def choices(self) -> list[str]:
        return [b.text() for b in self._buttons]

    def choose(self, address: str) -> None:
        for button in self._buttons:
            if button.text() == address:
                button.setChecked(True)
