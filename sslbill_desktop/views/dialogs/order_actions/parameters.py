"""Fill in a quick order's certificate parameters; the order is then charged and bought."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget

from sslbill_desktop.services.domains import approver_emails, clean_domain_names
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.order_placing import complete_parameters
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.views.dialogs.form_dialog import FormDialog
from sslbill_desktop.views.dialogs.order_actions.csr_choice import CsrChoice
from sslbill_desktop.views.wizards.order_pages.contacts_form import ContactsForm

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

ORDERS = "order"


class ParametersDialog(FormDialog):
    def __init__(
        self, workspace: Workspace, record: OrderRecord, on: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("Certificate parameters of order {id}").format(id=record.id), parent, save_text=_("Order")
        )
        self._workspace, self._record, self._on = workspace, record, on
        self._common_name = QLineEdit()
        self._sans = QPlainTextEdit()
        self._sans.setMaximumHeight(70)
        self.csr = CsrChoice()
        self._approver = QComboBox()
        self.contacts = ContactsForm()
        self.contacts.set_contacts(record.contacts)
        self._add_field("common_name", _("Common name:"), self._common_name)
        self._add_field("sans", _("Extra names:"), self._sans)
        self._add_field("csr", _("Request:"), self.csr)
        self._add_field("approver_email", _("Approver e-mail:"), self._approver)
        self._add_field("contacts", _("Contacts:"), self.contacts)
        self._common_name.textChanged.connect(lambda _text: self._fill_approvers())
        self._mark_clean()

    def _fill_approvers(self) -> None:
        try:
            names = clean_domain_names(self._common_name.text())
        except ValidationError:
            choices: list[str] = []
        else:
            choices = approver_emails(names.common_name)
        current = self._approver.currentText()
        self._approver.clear()
        self._approver.addItems(choices)
        if current in choices:
            self._approver.setCurrentText(current)

    def enter(self, common_name: str, sans: str = "") -> None:
        self._common_name.setText(common_name)
        self._sans.setPlainText(sans)

    def _save(self) -> None:
        w, record, on = self._workspace, self._record, self._on
        common_name, sans = self._common_name.text(), self._sans.toPlainText()
        csr_mode, algorithm, pem = self.csr.field_value()
        contacts, approver = self.contacts.contacts(), self._approver.currentText()

        def order() -> Any:
            return complete_parameters(
                w.db,
                w.actor,
                record.id,
                version=record.version,
                on=on,
                common_name=common_name,
                sans=sans,
                csr_mode=csr_mode,
                key_algorithm_value=algorithm,
                csr_pem=pem,
                contacts=contacts,
                approver_email=approver,
            )

        self._submit(order, changes=(ORDERS,))

    def _show_field_error(self, field: str, message: str) -> None:
        if field.startswith("contacts."):
            self._error_label.setText(f"{self.contacts.label(field)}: {message}")
            self._error_label.show()
            self.contacts.focus(field)
            return
        super()._show_field_error(field, message)
