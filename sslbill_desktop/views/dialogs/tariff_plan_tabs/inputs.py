"""Small inputs of the tariff dialog that `FormDialog` can read (`field_value()`), watch
(`value_changed`) and make read-only (`set_read_only()`): numbers, optional numbers, an optional
date, a choice, and a checklist of client groups."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.tariff_words import choices


class NumberEdit(QSpinBox):
    """A whole number in a range."""

    value_changed = Signal()

    def __init__(self, minimum: int, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(minimum, maximum)
        self.setMaximumWidth(120)
        self.valueChanged.connect(lambda _v: self.value_changed.emit())

    def field_value(self) -> int:
        return int(self.value())

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)


class OptionalNumberEdit(QLineEdit):
    """A whole number or blank ("no limit", "the product type's setting")."""

    value_changed = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None, *, digits: int = 7) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{digits}}}"), self))
        self.setPlaceholderText(placeholder)
        self.setMaximumWidth(160)
        self.textChanged.connect(lambda _t: self.value_changed.emit())

    def field_value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text else None

    def set_value(self, value: int | str | None) -> None:
        self.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)


class ChoiceCombo(QComboBox):
    """One member of a `StrEnum`, shown with its label from `tariff_words`."""

    value_changed = Signal()

    def __init__(
        self, enum: type[StrEnum], parent: QWidget | None = None, *, only: Sequence[StrEnum] = ()
    ) -> None:
        super().__init__(parent)
        self._enum = enum
        for value, label in choices(enum):
            if not only or enum(value) in only:
                self.addItem(label, value)
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit())

    def field_value(self) -> StrEnum:
        return self._enum(self.currentData())

    def set_value(self, value: StrEnum | str) -> None:
        index = self.findData(str(value))
        if index >= 0:
            self.setCurrentIndex(index)


class ReferenceCombo(QComboBox):
    """An optional id of another record: `(id, name)` choices and a first entry for none."""

    value_changed = Signal()

    def __init__(
        self, entries: Sequence[tuple[int, str]], none_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.addItem(none_text, 0)
        for ident, name in entries:
            self.addItem(name, ident)
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit())

    def field_value(self) -> int | None:
        data = self.currentData()
        return int(data) if data else None

    def set_value(self, ident: int | None) -> None:
        index = self.findData(ident or 0)
        if index < 0:  # a record this list does not know (deleted meanwhile): say so
            self.addItem(_("#{id} (no longer available)").format(id=ident), ident)
            index = self.count() - 1
        self.setCurrentIndex(index)


class OptionalDateEdit(QWidget):
    """A date or none: a box to tick and a calendar date, enabled only when ticked."""

    value_changed = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(text)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(QDate.currentDate())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.date_edit)
        layout.addStretch(1)
        self.check.toggled.connect(self._on_toggled)
        self.date_edit.dateChanged.connect(lambda _d: self.value_changed.emit())
        self._on_toggled(False)

    def _on_toggled(self, checked: bool) -> None:
        self.date_edit.setEnabled(checked and self.check.isEnabled())
        self.value_changed.emit()

    def field_value(self) -> date | None:
        if not self.check.isChecked():
            return None
        value = self.date_edit.date()
        return date(value.year(), value.month(), value.day())

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.date_edit.setDate(QDate(value.year, value.month, value.day))

    def set_read_only(self, read_only: bool) -> None:
        self.check.setEnabled(not read_only)
        self.date_edit.setReadOnly(read_only)
        self._on_toggled(self.check.isChecked())


class GroupChecklist(QListWidget):
    """Client groups to tick; the value is the ticked ids in list order."""

    value_changed = Signal()

    def __init__(self, groups: Sequence[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read_only = False
        for ident, name in groups:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.setMaximumHeight(max(60, min(6, max(1, len(groups))) * 22 + 8))
        self.itemChanged.connect(lambda _item: self.value_changed.emit())
        if not groups:
            self.setToolTip(_("No client groups yet: add them under Clients → Client groups."))

    def _items(self) -> list[QListWidgetItem]:
        return [item for item in (self.item(i) for i in range(self.count())) if item is not None]

    def field_value(self) -> tuple[int, ...]:
        return tuple(
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        )

    def set_value(self, ids: Sequence[int]) -> None:
        wanted = set(ids)
        for item in self._items():
            ident = int(item.data(Qt.ItemDataRole.UserRole))
            item.setCheckState(Qt.CheckState.Checked if ident in wanted else Qt.CheckState.Unchecked)

    def set_checked(self, ident: int, checked: bool) -> None:
        for item in self._items():
            if int(item.data(Qt.ItemDataRole.UserRole)) == ident:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for item in self._items():
            flags = item.flags()
            if read_only:
                flags &= ~Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)


def as_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
