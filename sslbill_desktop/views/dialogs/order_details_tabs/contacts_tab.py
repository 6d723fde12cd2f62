"""The order's contacts: edited here and pushed to the upstream when saved.

For a role that may not change orders (sales staff) the contacts are read-only: the fields can
be read and copied, the save button is not shown, and a note says why.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

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
        self.read_only_note = QLabel()
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
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
        layout.addWidget(self.read_only_note)
        layout.addWidget(self._error)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save_requested.emit)

    def show_record(
        self, record: OrderRecord, *, editable: bool, read_only_reason: str | None = None
    ) -> None:
        """`editable`: the order can be changed now; `read_only_reason`: why this role may not."""
        self.form.set_contacts(record.contacts)
        self._approver.setText(
            _("Approver e-mail: {address}").format(address=record.approver_email)
            if record.approver_email
            else ""
        )
        allowed = read_only_reason is None
        for edit in self.form.findChildren(QLineEdit):
            edit.setReadOnly(not allowed)
        self.form.setEnabled(editable)
        self.save_button.setEnabled(editable and allowed)
        self.save_button.setVisible(allowed)
        self.read_only_note.setText(read_only_reason or "")
        self.read_only_note.setVisible(not allowed)
        self.show_error("")

    def is_read_only(self) -> bool:
        """No field can be typed into and nothing can be saved."""
        return not self.save_button.isEnabled() and all(
            edit.isReadOnly() or not edit.isEnabled() for edit in self.form.findChildren(QLineEdit)
        )

    def show_error(self, text: str, field: str = "") -> None:
        if field:
            text = f"{self.form.label(field)}: {text}"
            self.form.focus(field)
        self._error.setText(text)
        self._error.setVisible(bool(text))

    def error_text(self) -> str:
        return self._error.text()
