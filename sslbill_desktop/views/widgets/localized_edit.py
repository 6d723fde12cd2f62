"""A "text per localization" editor: one input per workspace language, the default one first.

BILLmanager shows many names "for a specific localization". The dialog gets the workspace's
languages as plain data (from `services.localizations.workspace_languages`, loaded by the
caller) and gives the widget a `{language: text}` dict. `value()` holds the offered languages
only (services accept nothing else); a text in a language that is no longer offered stays in the
database until the record is saved, and `removed_texts()` shows what a save would drop.

`FormDialog` reads the widget through `field_value()`; a service error naming `name.ru` is shown
at the field registered as `name` and focuses the Russian input.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QTabWidget, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import _, language_name


class LocalizedEdit(QWidget):
    """See the module documentation. `multiline=True` gives one text page per language (tabs)."""

    changed = Signal()

    def __init__(
        self,
        languages: Sequence[str],
        parent: QWidget | None = None,
        *,
        multiline: bool = False,
        required: bool = True,
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        if not languages:
            raise ValueError("a localized field needs at least one language")
        self._languages = list(dict.fromkeys(languages))
        self._multiline = multiline
        self._required = required
        self._kept: dict[str, str] = {}
        self._inputs: dict[str, QLineEdit | QPlainTextEdit] = {}
        self._tabs: QTabWidget | None = None
        self._init_inputs(placeholder)
        self._connect()

    def _label(self, language: str, index: int) -> str:
        name = language_name(language)
        return f"{name} *" if index == 0 and self._required else name

    def _init_inputs(self, placeholder: str) -> None:
        layout: QVBoxLayout | QFormLayout
        if self._multiline:
            layout = QVBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            self._tabs = QTabWidget()
            layout.addWidget(self._tabs)
            for index, language in enumerate(self._languages):
                editor = QPlainTextEdit()
                editor.setPlaceholderText(placeholder)
                editor.setTabChangesFocus(True)
                editor.setObjectName(f"localized_{language}")
                self._tabs.addTab(editor, self._label(language, index))
                self._inputs[language] = editor
            return
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for index, language in enumerate(self._languages):
            line = QLineEdit()
            line.setPlaceholderText(placeholder)
            line.setObjectName(f"localized_{language}")
            line.setAccessibleName(
                _("{field} in {language}").format(field=placeholder, language=language_name(language))
            )
            layout.addRow(self._label(language, index), line)
            self._inputs[language] = line

    def _connect(self) -> None:
        for editor in self._inputs.values():
            editor.textChanged.connect(self.changed)

    # --- values -------------------------------------------------------------------------------

    @property
    def languages(self) -> list[str]:
        return list(self._languages)

    def input_for(self, language: str) -> QLineEdit | QPlainTextEdit:
        return self._inputs[language]

    def text(self, language: str) -> str:
        editor = self._inputs[language]
        return editor.text() if isinstance(editor, QLineEdit) else editor.toPlainText()

    def value(self) -> dict[str, str]:
        """Every non-blank text, by offered language."""
        result: dict[str, str] = {}
        for language in self._languages:
            text = self.text(language)
            if text.strip():
                result[language] = text
        return result

    def set_value(self, value: dict[str, str] | None) -> None:
        value = dict(value or {})
        self._kept = {lang: text for lang, text in value.items() if lang not in self._inputs}
        for language, editor in self._inputs.items():
            text = value.get(language, "")
            if isinstance(editor, QLineEdit):
                editor.setText(text)
            else:
                editor.setPlainText(text)

    def removed_texts(self) -> dict[str, str]:
        """Texts of the loaded value in languages the workspace no longer offers."""
        return {lang: text for lang, text in self._kept.items() if text.strip()}

    def field_value(self) -> dict[str, str]:
        """The value `FormDialog` collects."""
        return self.value()

    def focus_language(self, language: str) -> None:
        editor = self._inputs.get(language) or self._inputs[self._languages[0]]
        if self._tabs is not None:
            self._tabs.setCurrentWidget(editor)
        editor.setFocus()

    def setFocus(self) -> None:  # type: ignore[override]
        self.focus_language(self._languages[0])
