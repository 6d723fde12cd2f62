"""A `FormDialog` that checks its input as it is typed: Save stays disabled while there are problems,
with the reason shown above the buttons (and as Save's tooltip); required fields are marked.

A subclass registers its inputs with `_add_field(name, label, widget, required=...)`, returns the
problems from `_problems()` (the services' Qt-free checkers give `ValidationError`s naming the
field), and calls `_finish_init()` at the end of its constructor. With `read_only_reason` the
dialog only shows the record: inputs are read-only, Save is hidden and Cancel says Close.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _, language_name
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE, FormDialog
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit

#: How the reason Save is disabled looks: a quiet hint, not an error.
REASON_STYLE = "color: #5f6368;"
REQUIRED_MARK = f'<span style="{ERROR_STYLE}">*</span>'


def required_label_html(label: str) -> str:
    """A form label with the required-field mark."""
    return f"{html.escape(label)} {REQUIRED_MARK}"


def describe_problem(label: str, field: str, message: str) -> str:
    """ "Body (Русский): unknown placeholder {x}" — the language only when the message lacks it."""
    caption = label.rstrip(": ")
    if "." in field:
        language = language_name(field.split(".", 1)[1])
        if language.casefold() not in message.casefold():
            caption = f"{caption} ({language})"
    return f"{caption}: {message}"


def set_read_only(widget: QWidget) -> None:
    """Make an input show its value without letting it change."""
    setter = getattr(widget, "set_read_only", None)
    if callable(setter):
        setter(True)
    elif isinstance(widget, LocalizedEdit):
        for language in widget.languages:
            widget.input_for(language).setReadOnly(True)
    elif isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.setReadOnly(True)
    else:
        widget.setEnabled(False)


def watch(widget: QWidget, slot: object) -> None:
    """Call `slot()` whenever the input's value changes."""
    for signal_name in ("value_changed", "changed"):
        signal = getattr(widget, signal_name, None)
        if signal is not None and hasattr(signal, "connect"):
            signal.connect(lambda *_args: slot())  # type: ignore[operator]
            return
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        widget.textChanged.connect(lambda *_args: slot())  # type: ignore[operator]
    elif isinstance(widget, QComboBox):
        widget.currentIndexChanged.connect(lambda *_args: slot())  # type: ignore[operator]
    elif isinstance(widget, QAbstractButton):
        widget.toggled.connect(lambda *_args: slot())  # type: ignore[operator]


class CheckedFormDialog(FormDialog):
    """See the module documentation."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None = None,
        *,
        save_text: str | None = None,
        read_only_reason: str | None = None,
    ) -> None:
        super().__init__(title, parent, save_text=save_text)
        self._read_only_reason = read_only_reason
        self._ready = False
        self._reason_label = QLabel()
        self._reason_label.setWordWrap(True)
        self._reason_label.setStyleSheet(REASON_STYLE)
        self._reason_label.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self._buttons), self._reason_label)

    # --- for subclasses -----------------------------------------------------------------------

    def _add_field(self, name: str, label: str, widget: QWidget, *, required: bool = False) -> QWidget:
        super()._add_field(name, label, widget)
        if required:
            label_widget = self._form.labelForField(widget)
            if isinstance(label_widget, QLabel):
                label_widget.setText(required_label_html(label))
        watch(widget, self._refresh_check)
        return widget

    def _problems(self) -> Sequence[ValidationError]:
        """What keeps Save disabled now (first one shown); empty when the input can be saved."""
        return ()

    def _finish_init(self) -> None:
        """Call last in the constructor: remembers the values and shows the first check."""
        self._mark_clean()
        if self._read_only_reason:
            self._make_read_only(self._read_only_reason)
        elif self._fields:  # typing starts in the first field
            next(iter(self._fields.values()))[1].setFocus()
        self._ready = True
        self._refresh_check()

    # --- the check ----------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return bool(self._read_only_reason)

    def reason_text(self) -> str:
        """Why Save is disabled (empty when it is enabled)."""
        return self._reason_label.text() if self._reason_label.isVisibleTo(self) else ""

    def describe(self, problem: ValidationError) -> str:
        entry = self._field_entry(problem.field)
        return describe_problem(entry[0], problem.field, problem.detail) if entry else problem.detail

    def describe_reason(self, problems: Sequence[ValidationError]) -> str:
        """The reason shown while Save is disabled: the first problem, by default."""
        return self.describe(problems[0])

    def _refresh_check(self) -> None:
        if not self._ready or self.read_only:
            return
        problems = self._problems()
        reason = self.describe_reason(problems) if problems else ""
        self._reason_label.setText(reason)
        self._reason_label.setVisible(bool(reason))
        self._save_button.setEnabled(not self._busy and not problems)
        self._save_button.setToolTip(reason)

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        if not busy:
            self._refresh_check()

    def _on_save_clicked(self) -> None:
        if self.read_only or (self._ready and self._problems()):
            return
        super()._on_save_clicked()

    def _make_read_only(self, reason: str) -> None:
        for _label, widget in self._fields.values():
            set_read_only(widget)
        self._save_button.hide()
        self._cancel_button.setText(_("Close"))
        self._cancel_button.setDefault(True)
        self._reason_label.setText(reason)
        self._reason_label.show()

    def is_dirty(self) -> bool:
        return False if self.read_only else super().is_dirty()
