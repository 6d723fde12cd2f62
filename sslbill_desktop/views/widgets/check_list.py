"""A list of records to tick (the providers of a department, the departments of an employee).

`set_choices([(id, title), ...])`, `set_checked(ids)`; `field_value()` is the ticked ids in the
order shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget


class CheckList(QListWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, empty_text: str = "") -> None:
        super().__init__(parent)
        self._empty_text = empty_text
        self.setUniformItemSizes(True)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def set_choices(self, choices: Sequence[tuple[int, str]]) -> None:
        checked = set(self.field_value())
        self.blockSignals(True)
        self.clear()
        for ident, title in choices:
            item = QListWidgetItem(title, self)
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ident in checked else Qt.CheckState.Unchecked)
        if not choices and self._empty_text:
            item = QListWidgetItem(self._empty_text, self)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
        self.blockSignals(False)
        rows = max(min(len(choices), 6), 2)
        row_height = max(self.sizeHintForRow(0), self.fontMetrics().height() + 6)
        self.setFixedHeight(row_height * rows + 2 * self.frameWidth() + 4)

    def _items(self) -> list[QListWidgetItem]:
        items = (self.item(i) for i in range(self.count()))
        return [
            item for item in items if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None
        ]

    def set_checked(self, ids: Iterable[int]) -> None:
        wanted = set(ids)
        for item in self._items():
            state = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if state else Qt.CheckState.Unchecked)

    def field_value(self) -> list[int]:
        return [
            int(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_read_only(self, read_only: bool) -> None:
        """Show the ticks without letting them change."""
        for item in self._items():
            flags = item.flags()
            if read_only:
                flags &= ~Qt.ItemFlag.ItemIsUserCheckable
            else:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)

    def titles(self) -> list[str]:
        return [item.text() for item in self._items()]
