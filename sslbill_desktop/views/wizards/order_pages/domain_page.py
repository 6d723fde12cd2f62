"""Step 4: the domain — the common name and extra names (SANs), checked and shown as punycode."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit

from sslbill_desktop.services.domains import DomainNames, clean_domain_names, to_unicode
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _, format_money, ngettext
from sslbill_desktop.services.ordering import DOMAIN, PERIOD, OrderFlow
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage


class DomainPage(OrderStepPage):
    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(
            flow,
            DOMAIN,
            _("Domain"),
            _("The name the certificate is for and, if the plan sells them, extra names (one per line)."),
        )
        self._common_name = QLineEdit()
        self._common_name.setPlaceholderText("www.example.com")
        self._sans = QPlainTextEdit()
        self._sans.setPlaceholderText("shop.example.com\nmail.example.com")
        self._sans.setTabChangesFocus(True)
        self._names = QLabel()
        self._names.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Common name:"), self._common_name)
        form.addRow(_("Extra names:"), self._sans)
        self.body.addLayout(form)
        self.add(self._names)
        self._common_name.textEdited.connect(lambda _text: self._edited())
        self._sans.textChanged.connect(self._edited)

    def load(self) -> None:
        values = self.flow.values(DOMAIN)
        if values and not self._common_name.text():
            self._common_name.setText(str(values.get("common_name", "")))
            sans = values.get("sans", "")
            self._sans.setPlainText(sans if isinstance(sans, str) else "\n".join(sans))
        self._describe()

    def _edited(self) -> None:
        self._describe()
        self.changed()

    def _describe(self) -> None:
        try:
            names = clean_domain_names(self._common_name.text(), self._sans.toPlainText())
        except ValidationError:
            self._names.setText("")
            return
        self._names.setText(self._summary(names))

    def _summary(self, names: DomainNames) -> str:
        shown = []
        for name in names.all_names:
            readable = to_unicode(name)
            shown.append(f"{readable} ({name})" if readable != name else name)
        text = _("The certificate names: {names}").format(names=", ".join(shown))
        plan = self.flow.plan()
        period = self.flow.values(PERIOD).get("period")
        price = plan.san_price(int(period)) if plan is not None and period else None
        if names.extra_count and price is not None and plan is not None:
            text += "\n" + ngettext(
                "{n} extra name at {price} each.", "{n} extra names at {price} each.", names.extra_count
            ).format(n=names.extra_count, price=format_money(price, plan.plan.currency))
        return text

    def values(self) -> dict[str, Any]:
        return {"common_name": self._common_name.text(), "sans": self._sans.toPlainText()}

    def has_input(self) -> bool:
        return bool(self._common_name.text() or self._sans.toPlainText())

    def enter(self, common_name: str, sans: str = "") -> None:
        self._common_name.setText(common_name)
        self._sans.setPlainText(sans)
        self._edited()

    def names_text(self) -> str:
        return self._names.text()
