"""The crash dialog: an unexpected error (a bug) with its traceback, to copy into a report."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services.i18n import _


class CrashDialog(QDialog):
    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._details_text = details
        self.setWindowTitle(_("Unexpected error"))
        self.resize(720, 420)
        self._init_widgets(summary)
        self._init_layout()
        self._connect()

    def _init_widgets(self, summary: str) -> None:
        from sslbill_desktop.logging_setup import log_file

        self._summary = QLabel(summary)
        self._summary.setWordWrap(True)
        self._log_hint = QLabel(_("Log file: {path}").format(path=log_file()))
        self._log_hint.setWordWrap(True)
        self._details = QPlainTextEdit(self._details_text)
        self._details.setReadOnly(True)
        self._details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._buttons = QDialogButtonBox()
        self._copy_button = QPushButton(_("Copy details"))
        self._close_button = QPushButton(_("Close"))
        self._buttons.addButton(self._copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._buttons.addButton(self._close_button, QDialogButtonBox.ButtonRole.RejectRole)

    def _init_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._summary)
        layout.addWidget(self._details, 1)
        layout.addWidget(self._log_hint)
        layout.addWidget(self._buttons)

    def _connect(self) -> None:
        self._copy_button.clicked.connect(self._copy)
        self._close_button.clicked.connect(self.reject)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self._details_text)
