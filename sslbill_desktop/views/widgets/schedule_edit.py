"""A weekly schedule editor: one row per day, several from–to intervals a day.

`value()` / `field_value()` is what `services.business_hours` takes: `{"mon": [["09:00", "13:00"],
...], ...}` with only the days that have intervals. Times are typed "HH:MM" ("9" becomes "09:00",
"930" becomes "09:30" when the field is left); "24:00" may end a day. A day without intervals is
a day off. A service error naming `schedule.tue` focuses Tuesday (`focus_language`, the hook
`FormDialog` calls for sub-fields).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services import i18n
from sslbill_desktop.services.business_hours import DAYS, MAX_INTERVALS_PER_DAY
from sslbill_desktop.services.i18n import _

_TYPED = re.compile(r"(\d{1,2})(?::?(\d{2}))?")
WORKING_DAYS = DAYS[1:5]


def normalize_time(text: str) -> str:
    """ "9" → "09:00", "930" → "09:30", "17:5" stays as typed (the service names the mistake)."""
    stripped = text.strip()
    match = _TYPED.fullmatch(stripped)
    if match is None:
        if stripped.isdigit() and len(stripped) in (3, 4):
            return normalize_time(f"{stripped[:-2]}:{stripped[-2:]}")
        return stripped
    hours, minutes = match.group(1), match.group(2) or "00"
    return f"{int(hours):02d}:{minutes}"


def day_names() -> dict[str, str]:
    """The days' full names in the UI language, by code ("mon": "Monday")."""
    from babel.dates import get_day_names

    names = get_day_names("wide", locale=i18n.babel_locale())
    return {day: str(names[index]).capitalize() for index, day in enumerate(DAYS)}


class IntervalEdit(QWidget):
    """One from–to interval with a remove button."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, start: str = "", end: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        validator = QRegularExpressionValidator(QRegularExpression(r"\d{0,2}:?\d{0,2}"), self)
        self.start_edit = self._time_edit(start, validator, _("from"))
        self.end_edit = self._time_edit(end, validator, _("to"))
        self._remove = QToolButton()
        self._remove.setText("×")
        self._remove.setToolTip(_("Remove this interval"))
        self._remove.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.setSpacing(2)
        layout.addWidget(self.start_edit)
        layout.addWidget(QLabel("–"))
        layout.addWidget(self.end_edit)
        layout.addWidget(self._remove)
        self._remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def _time_edit(self, text: str, validator: QRegularExpressionValidator, name: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setValidator(validator)
        edit.setPlaceholderText("00:00")
        edit.setAccessibleName(name)
        edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("00:00") + 18)
        edit.textChanged.connect(lambda _text: self.changed.emit())
        edit.editingFinished.connect(lambda e=edit: e.setText(normalize_time(e.text())))
        return edit

    def value(self) -> tuple[str, str]:
        return self.start_edit.text().strip(), self.end_edit.text().strip()

    def set_read_only(self, read_only: bool) -> None:
        self.start_edit.setReadOnly(read_only)
        self.end_edit.setReadOnly(read_only)
        self._remove.setVisible(not read_only)


class ScheduleEdit(QWidget):
    """See the module documentation."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._intervals: dict[str, list[IntervalEdit]] = {day: [] for day in DAYS}
        self._rows: dict[str, QHBoxLayout] = {}
        self._closed: dict[str, QLabel] = {}
        self._add_buttons: dict[str, QToolButton] = {}
        self._labels: dict[str, QLabel] = {}
        self._read_only = False
        self._init_rows()

    def _init_rows(self) -> None:
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        names = day_names()
        for number, day in enumerate(DAYS):
            label = QLabel(names[day])
            self._labels[day] = label
            row = QHBoxLayout()
            row.setSpacing(0)
            closed = QLabel(_("closed"))
            closed.setEnabled(False)
            row.addWidget(closed)
            row.addStretch(1)
            add = QToolButton()
            add.setText("+")
            add.setToolTip(_("Add an interval to {day}").format(day=names[day]))
            add.setAccessibleName(add.toolTip())
            add.clicked.connect(lambda _checked=False, d=day: self.add_interval(d).start_edit.setFocus())
            grid.addWidget(label, number, 0)
            grid.addLayout(row, number, 1)
            grid.addWidget(add, number, 2)
            self._rows[day] = row
            self._closed[day] = closed
            self._add_buttons[day] = add
        grid.setColumnStretch(1, 1)
        self._copy_button = QPushButton(_("Copy Monday to Tuesday–Friday"))
        self._copy_button.clicked.connect(self.copy_monday_to_working_days)
        buttons = QHBoxLayout()
        buttons.addWidget(self._copy_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addLayout(buttons)

    # --- intervals ----------------------------------------------------------------------------

    def add_interval(self, day: str, start: str = "", end: str = "") -> IntervalEdit:
        interval = IntervalEdit(start, end)
        interval.set_read_only(self._read_only)
        interval.changed.connect(self.changed)
        interval.remove_requested.connect(lambda edit, d=day: self.remove_interval(d, edit))
        row = self._rows[day]
        row.insertWidget(len(self._intervals[day]), interval)
        self._intervals[day].append(interval)
        self._update_day(day)
        self.changed.emit()
        return interval

    def remove_interval(self, day: str, interval: IntervalEdit) -> None:
        self._intervals[day].remove(interval)
        self._rows[day].removeWidget(interval)
        interval.hide()
        interval.deleteLater()
        self._update_day(day)
        self.changed.emit()
        if self._intervals[day]:
            self._intervals[day][-1].end_edit.setFocus()
        else:
            self._add_buttons[day].setFocus()

    def intervals(self, day: str) -> list[IntervalEdit]:
        return list(self._intervals[day])

    def _update_day(self, day: str) -> None:
        self._closed[day].setVisible(not self._intervals[day])
        self._add_buttons[day].setEnabled(len(self._intervals[day]) < MAX_INTERVALS_PER_DAY)
        self._add_buttons[day].setVisible(not self._read_only)

    def set_read_only(self, read_only: bool) -> None:
        """Show the schedule without letting it change (no add, remove or copy buttons)."""
        self._read_only = read_only
        for day in DAYS:
            for interval in self._intervals[day]:
                interval.set_read_only(read_only)
            self._update_day(day)
        self._copy_button.setVisible(not read_only)

    def _clear_day(self, day: str) -> None:
        for interval in list(self._intervals[day]):
            self._intervals[day].remove(interval)
            self._rows[day].removeWidget(interval)
            interval.hide()
            interval.deleteLater()
        self._update_day(day)

    def copy_monday_to_working_days(self) -> None:
        monday = [interval.value() for interval in self._intervals["mon"]]
        for day in WORKING_DAYS:
            self._clear_day(day)
            for start, end in monday:
                self.add_interval(day, start, end)
        self.changed.emit()

    # --- value --------------------------------------------------------------------------------

    def value(self) -> dict[str, list[list[str]]]:
        result: dict[str, list[list[str]]] = {}
        for day in DAYS:
            pairs = [list(interval.value()) for interval in self._intervals[day]]
            pairs = [pair for pair in pairs if pair[0] or pair[1]]
            if pairs:
                result[day] = pairs
        return result

    def set_value(self, schedule: Mapping[str, Sequence[Sequence[str]]]) -> None:
        for day in DAYS:
            self._clear_day(day)
            for start, end in schedule.get(day) or ():
                self.add_interval(day, start, end)
        self.changed.emit()

    def field_value(self) -> dict[str, list[list[str]]]:
        return self.value()

    def focus_day(self, day: str) -> None:
        intervals = self._intervals.get(day)
        if intervals:
            intervals[0].start_edit.setFocus()
        elif day in self._add_buttons:
            self._add_buttons[day].setFocus()

    def focus_language(self, day: str) -> None:
        """`FormDialog`'s hook for a sub-field error (`schedule.mon`): focus that day."""
        self.focus_day(day)

    def setFocus(self) -> None:  # type: ignore[override]
        self.focus_day("mon")
