"""The order's contacts: edited here and pushed to the upstream when saved."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE
from sslbill_desktop.views.wizards.order_pages.contacts_form import ContactsForm


class ContactsTab(QWidget):
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = ContactsForm()
        self._approver = QLabel()
        self._error = QLabel()
        self._error.setWordWrap(True)
        self._error.setStyleSheet(ERROR_STYLE)
        self._error.hide()
        self.save_button = QPushButton(_("Save and send upstream"))
        buttons = QHBoxLayout()
        buttons.addWidget(self._approver, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self._error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save_requested.emit)

    def show_record(self, record: OrderRecord, *, editable: bool) -> None:
        self.form.set_contacts(record.contacts)
        self._approver.setText(
            _("Approver e-mail: {address}").format(address=record.approver_email)
            if record.approver_email
            else ""
        )
        self.form.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.show_error("")

    def show_error(self, text: str, field: str = "") -> None:
        if field:
            text = f"{self.form.label(field)}: {text}"
            self.form.focus(field)
        self._error.setText(text)
        self._error.setVisible(bool(text))

    def error_text(self) -> str:
        return self._error.text()
