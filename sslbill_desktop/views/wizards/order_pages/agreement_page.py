"""The service agreement, when the plan has one: the client must accept it to order."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QTextBrowser

from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ordering import AGREEMENT, OrderFlow
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage


class AgreementPage(OrderStepPage):
    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(
            flow, AGREEMENT, _("Service agreement"), _("The plan's terms, which the client accepts.")
        )
        self._text = QTextBrowser()
        self._text.setOpenLinks(False)
        self._accepted = QCheckBox(_("The client has read and accepts the service agreement"))
        self.add(self._text, 1)
        self.add(self._accepted)
        self._accepted.toggled.connect(lambda _on: self.changed())

    def load(self) -> None:
        self._text.setPlainText(self.flow.agreement_text())

    def values(self) -> dict[str, Any]:
        return {"accepted": self._accepted.isChecked()}

    def accept_agreement(self, accepted: bool = True) -> None:
        self._accepted.setChecked(accepted)

    def agreement(self) -> str:
        return self._text.toPlainText()
