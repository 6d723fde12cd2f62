"""A drop-down list you can type into to find an entry: currencies, countries, languages.

Each entry is a code (the value a service wants) shown with its name. Typing filters the entries
by any part of the text ("franc" finds "Swiss Franc" and "France"), ignoring case. The value is
the code of the entry whose text is shown; text that matches no entry is returned as typed, so
the service's check can say what is wrong with it ("not a currency code in use: XYZ").
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class SearchableCombo(QComboBox):
    """See the module documentation. `blank_text` adds a first entry meaning "none" (value "")."""

    value_changed = Signal()

    def __init__(
        self,
        choices: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        blank_text: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        if blank_text is not None:
            self.addItem(blank_text, "")
        for code, text in choices:
            self.addItem(text, code)
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self._blank_text = blank_text
        self.currentTextChanged.connect(lambda _text: self.value_changed.emit())

    def set_search_hint(self, text: str) -> None:
        """The grey text shown while nothing is typed."""
        line = self.lineEdit()
        if line is not None:
            line.setPlaceholderText(text)

    def value(self) -> str:
        """The chosen entry's code; typed text that matches no entry, as typed; "" when blank."""
        text = self.currentText().strip()
        if not text:
            return ""
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            return text
        return str(self.itemData(index))

    def set_value(self, code: str | None) -> None:
        """Show the entry with this code (blank, or the "none" entry, for an empty code)."""
        index = self.findData(code or "")
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(code or "")

    def field_value(self) -> str:
        return self.value()
