"""Generate a key and CSR here, or paste a CSR: the choice shared by reissue and quick orders."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QButtonGroup, QComboBox, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget

from sslbill_desktop.services.csr import DEFAULT_ALGORITHM, KEY_ALGORITHM_LABELS, KeyAlgorithm
from sslbill_desktop.services.i18n import _


class CsrChoice(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._generate = QRadioButton(_("Generate a new key and CSR here"))
        self._paste = QRadioButton(_("Paste a CSR"))
        group = QButtonGroup(self)
        group.addButton(self._generate)
        group.addButton(self._paste)
        self._generate.setChecked(True)
        self._algorithm = QComboBox()
        for algorithm in KeyAlgorithm:
            self._algorithm.addItem(_(KEY_ALGORITHM_LABELS[algorithm]), algorithm.value)
        self._algorithm.setCurrentIndex(self._algorithm.findData(DEFAULT_ALGORITHM.value))
        self._text = QPlainTextEdit()
        self._text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._text.setPlaceholderText("-----BEGIN CERTIFICATE REQUEST-----")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._generate)
        layout.addWidget(self._algorithm)
        layout.addWidget(self._paste)
        layout.addWidget(self._text, 1)
        self._generate.toggled.connect(self._toggled)
        self._algorithm.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._text.textChanged.connect(self.changed.emit)
        self._toggled()

    def _toggled(self, *_args: object) -> None:
        self._algorithm.setEnabled(self._generate.isChecked())
        self._text.setEnabled(self._paste.isChecked())
        self.changed.emit()

    @property
    def mode(self) -> str:
        return "generate" if self._generate.isChecked() else "paste"

    @property
    def algorithm(self) -> str:
        return str(self._algorithm.currentData())

    @property
    def pem(self) -> str:
        return self._text.toPlainText()

    def field_value(self) -> tuple[str, str, str]:
        return (self.mode, self.algorithm, self.pem)

    def paste(self, pem: str) -> None:
        self._paste.setChecked(True)
        self._text.setPlainText(pem)

    def generate(self, algorithm: str) -> None:
        self._generate.setChecked(True)
        self._algorithm.setCurrentIndex(self._algorithm.findData(algorithm))
