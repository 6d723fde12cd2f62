"""Step 5: the certificate signing request — generated here (the key stays here, encrypted) or
pasted (checked: its names must match the order's, weak keys are refused)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QButtonGroup, QComboBox, QFormLayout, QLabel, QPlainTextEdit, QRadioButton

from sslbill_desktop.services.csr import DEFAULT_ALGORITHM, KEY_ALGORITHM_LABELS, KeyAlgorithm, parse_request
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.order_placing import CsrMode
from sslbill_desktop.services.ordering import CSR, OrderFlow
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage


class CsrPage(OrderStepPage):
    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(
            flow, CSR, _("Certificate signing request"), _("Make a new key here, or paste a CSR.")
        )
        self._generate = QRadioButton(_("Generate a key and a CSR here"))
        self._paste = QRadioButton(_("Paste a CSR made elsewhere"))
        group = QButtonGroup(self)
        group.addButton(self._generate)
        group.addButton(self._paste)
        self._generate.setChecked(True)
        self._algorithm = QComboBox()
        for algorithm in KeyAlgorithm:
            self._algorithm.addItem(_(KEY_ALGORITHM_LABELS[algorithm]), algorithm.value)
        self._algorithm.setCurrentIndex(self._algorithm.findData(DEFAULT_ALGORITHM.value))
        self._key_note = QLabel(
            _(
                "The private key is stored encrypted in the database and never sent; "
                "an administrator can export it once."
            )
        )
        self._key_note.setWordWrap(True)
        self._csr = QPlainTextEdit()
        self._csr.setPlaceholderText(
            "-----BEGIN CERTIFICATE REQUEST-----\n…\n-----END CERTIFICATE REQUEST-----"
        )
        self._csr.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._decoded = QLabel()
        self._decoded.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Key type:"), self._algorithm)
        self.add(self._generate)
        self.body.addLayout(form)
        self.add(self._key_note)
        self.add(self._paste)
        self.add(self._csr, 1)
        self.add(self._decoded)
        self._generate.toggled.connect(lambda _on: self._mode_changed())
        self._algorithm.currentIndexChanged.connect(lambda _index: self.changed())
        self._csr.textChanged.connect(self._pasted)
        self._mode_changed()

    def _mode_changed(self) -> None:
        generate = self._generate.isChecked()
        self._algorithm.setEnabled(generate)
        self._key_note.setEnabled(generate)
        self._csr.setEnabled(not generate)
        self._pasted()

    def _pasted(self) -> None:
        self._decoded.setText(self._describe() if self._paste.isChecked() else "")
        self.changed()

    def _describe(self) -> str:
        text = self._csr.toPlainText().strip()
        if not text:
            return ""
        try:
            parsed = parse_request(text)
        except ValidationError:
            return ""
        names = ", ".join(parsed.sans) or parsed.common_name
        return _("{key}, signed with {hash}; names: {names}").format(
            key=parsed.key_description, hash=parsed.signature_hash.upper(), names=names
        )

    def values(self) -> dict[str, Any]:
        return {
            "csr_mode": CsrMode.GENERATE.value if self._generate.isChecked() else CsrMode.PASTE.value,
            "key_algorithm": self._algorithm.currentData(),
            "csr": self._csr.toPlainText(),
        }

    def has_input(self) -> bool:
        return bool(self._csr.toPlainText().strip())

    def choose_generate(self, algorithm: str) -> None:
        self._generate.setChecked(True)
        self._algorithm.setCurrentIndex(self._algorithm.findData(algorithm))

    def paste(self, pem: str) -> None:
        self._paste.setChecked(True)
        self._csr.setPlainText(pem)

    def decoded_text(self) -> str:
        return self._decoded.text()
