"""Step 6: the contacts of the order, prefilled from the client."""

from __future__ import annotations

from typing import Any

from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ordering import CONTACTS, OrderFlow
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage
from sslbill_desktop.views.wizards.order_pages.contacts_form import ContactsForm


class ContactsPage(OrderStepPage):
    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(
            flow, CONTACTS, _("Contacts"), _("Who the certificate authority contacts about this certificate.")
        )
        self.form = ContactsForm()
        self.add(self.form, 1)
        self.form.edited.connect(self.changed)
        self._filled_for: object = None

    def load(self) -> None:
        context = self.flow.context
        key = context.client.id if context is not None else None
        if key != self._filled_for:
            self.form.set_contacts(self.flow.prefilled_contacts())
            self._filled_for = key

    def values(self) -> dict[str, Any]:
        return {"contacts": self.form.contacts()}

    def changed(self, *, touched: bool = True) -> None:
        problems = self.flow.errors(self.values(), self.step)
        super().changed(touched=touched)
        if self._touched and problems:
            field, message = next(iter(problems.items()))
            self.show_error(f"{self.form.label(field)}: {message}")

    def show_field_error(self, field: str, message: str) -> None:
        self.show_error(f"{self.form.label(field)}: {message}")
        self.form.focus(field)
