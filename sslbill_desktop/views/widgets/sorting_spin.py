"""A sorting position 1..N ("the lowest number has the highest priority")."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QAbstractSpinBox, QSpinBox, QWidget

from sslbill_desktop.services.fields import MAX_SORTING
from sslbill_desktop.services.i18n import _


class SortingSpin(QSpinBox):
    changed = Signal()

    def __init__(self, value: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(1, MAX_SORTING)
        self.setValue(value)
        self.setToolTip(_("Natural numbers from 1 to N: the lowest number has the highest priority."))
        self.valueChanged.connect(lambda _value: self.changed.emit())

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)
        self.setButtonSymbols(
            QAbstractSpinBox.ButtonSymbols.NoButtons
            if read_only
            else QAbstractSpinBox.ButtonSymbols.UpDownArrows
        )

    def field_value(self) -> int:
        return int(self.value())
