"""A date input that `FormDialog` can read: `field_value()` is a `datetime.date`.

Shown in the UI language's short format with a calendar pop-up; "today" is the workstation's
local date (views may read the clock; services take dates as arguments).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QDateEdit, QWidget


class DateEdit(QDateEdit):
    value_changed = Signal()

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.set_value(value or date.today())
        self.dateChanged.connect(lambda _value: self.value_changed.emit())

    def value(self) -> date:
        qdate = self.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))

    def field_value(self) -> date:
        return self.value()
