"""The certificate signing request: as text and decoded; the private key's whereabouts."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import _, format_datetime, pgettext
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.views.dialogs.order_details_tabs.common import Fields


class RequestTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        form = QFormLayout()
        self.fields = Fields(form)
        for key, caption in (
            ("subject", pgettext("certificate", "Subject:")),
            ("names", _("Names:")),
            ("key", _("Public key:")),
            ("signature", _("Signature:")),
            ("key_sha256", _("Public key SHA-256:")),
            ("private_key", _("Private key:")),
        ):
            self.fields.add(key, caption)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)

    def show_record(self, record: OrderRecord) -> None:
        self.text.setPlainText(record.csr_pem or _("No CSR yet: the order's parameters are pending."))
        request = record.request
        f = self.fields
        if request is None:
            for key in ("subject", "names", "key", "signature", "key_sha256"):
                f.set(key, record.request_error)
        else:
            f.set("subject", ", ".join(f"{name}={value}" for name, value in request.subject))
            f.set("names", ", ".join(request.sans))
            f.set("key", request.key_description)
            f.set("signature", request.signature_hash.upper())
            f.set("key_sha256", request.public_key_sha256)
        f.set("private_key", self._key_text(record))

    @staticmethod
    def _key_text(record: OrderRecord) -> str:
        key = record.key
        if key is None:
            return _("not kept here (the CSR was pasted)") if record.csr_pem else ""
        text = _("{algorithm}, made {when} by {who}").format(
            algorithm=key.algorithm.value, when=format_datetime(key.created_at, "short"), who=key.created_by
        )
        if key.exported_at is not None:
            text += "; " + _("exported {when} by {who}").format(
                when=format_datetime(key.exported_at, "short"), who=key.exported_by
            )
        if key.deleted_at is not None:
            text += "; " + _("deleted {when} by {who}").format(
                when=format_datetime(key.deleted_at, "short"), who=key.deleted_by
            )
        return text
