"""A combo box choosing another record by id (a data center, an employee ...), "none" optional.

`set_choices([(id, title), ...], none_text=...)` fills it; `field_value()` is the chosen id, or
None for the "none" entry, which is what a service's `*_id` argument expects.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget


class ReferenceCombo(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow)
        self.setMinimumContentsLength(20)

    def set_choices(self, choices: Sequence[tuple[int, str]], *, none_text: str | None = None) -> None:
        """Replace the entries, keeping the chosen id when it is still offered."""
        chosen = self.field_value()
        self.blockSignals(True)
        self.clear()
        if none_text is not None:
            self.addItem(none_text, None)
        for ident, title in choices:
            self.addItem(title, ident)
        self.blockSignals(False)
        self.select(chosen)

    def select(self, ident: int | None) -> bool:
        """Choose the entry with this id (None: the "none" entry); False when not offered."""
        for index in range(self.count()):
            if self.itemData(index) == ident:
                self.setCurrentIndex(index)
                return True
        return False

    def field_value(self) -> int | None:
        data = self.currentData()
        return data if isinstance(data, int) else None
