"""The issued certificate: issuer, validity, serial, names and fingerprint — and saving its PEM."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import _, format_datetime, ngettext, pgettext
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.views.dialogs.order_details_tabs.common import Fields


class CertificateTab(QWidget):
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._none = QLabel(_("The certificate has not been issued yet."))
        form = QFormLayout()
        self.fields = Fields(form)
        for key, caption in (
            ("subject", pgettext("certificate", "Subject:")),
            ("issuer", _("Issuer:")),
            ("valid_from", _("Valid from:")),
            ("valid_until", _("Valid until:")),
            ("serial", _("Serial number:")),
            ("names", _("Names:")),
            ("fingerprint", _("SHA-256 fingerprint:")),
        ):
            self.fields.add(key, caption)
        self._details = QWidget()
        self._details.setLayout(form)
        self.save_button = QPushButton(_("Save PEM…"))
        layout = QVBoxLayout(self)
        layout.addWidget(self._none)
        layout.addWidget(self._details)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save_requested.emit)

    def show_record(self, record: OrderRecord) -> None:
        info = record.certificate
        self._none.setVisible(info is None)
        self._details.setVisible(info is not None)
        self.save_button.setEnabled(bool(record.certificate_pem))
        if info is None:
            return
        f = self.fields
        f.set("subject", info.subject)
        f.set("issuer", info.issuer)
        f.set("valid_from", format_datetime(info.not_before, "medium"))
        f.set(
            "valid_until",
            format_datetime(info.not_after, "medium")
            + " "
            + ngettext("({n} day)", "({n} days)", info.validity_days).format(n=info.validity_days),
        )
        f.set("serial", info.serial)
        f.set("names", ", ".join(info.sans))
        f.set("fingerprint", info.sha256_fingerprint)
