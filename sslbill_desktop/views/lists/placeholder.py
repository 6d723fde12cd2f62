"""An honest page for what is not built yet: its name, what it will do, and that it is coming."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import _


class PlaceholderPage(QWidget):
    def __init__(self, title: str, coming: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._heading = QLabel(_("Not available yet"))
        self.setObjectName(title)
        font = QFont(self._heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self._heading.setFont(font)
        self._heading.setWordWrap(True)
        self._coming = QLabel(coming)
        self._coming.setWordWrap(True)
        self._later = QLabel(_("This page arrives in a later version of the program."))
        self._later.setWordWrap(True)
        self._later.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        for label in (self._heading, self._coming, self._later):
            label.setMaximumWidth(640)
            layout.addWidget(label)

    def text(self) -> str:
        return "\n".join(label.text() for label in (self._heading, self._coming, self._later))
