"""The base of every edit dialog: a form, an error line, Save/Cancel, saving in the background.

A subclass builds its widgets in `_init_*` methods, registers each input with `_add_field(name,
label, widget)` (the name is the service's field name, so a `ValidationError(field, ...)` is shown
at that field), fills it from a plain record, calls `_mark_clean()`, and implements `_save()`,
which calls `self._submit(lambda: service_call(...), on_saved=..., changes=("entity",))`.

Escape, Cancel and the close button ask before discarding typed data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views import errors, messages
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.workers import run_in_background

#: How an error at a form looks (also used by the login dialog and the wizards).
ERROR_STYLE = "color: #b3261e; font-weight: bold;"


def field_value(widget: QWidget) -> Any:
    """The value of an input widget, as a service expects it.

    A composite widget (a localized editor, a money edit, ...) offers `field_value()`.
    """
    getter = getattr(widget, "field_value", None)
    if callable(getter):
        return getter()
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        data = widget.currentData()
        return widget.currentText() if data is None else data
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QLabel):
        return widget.text()
    raise TypeError(f"no value for {type(widget).__name__}")


class FormDialog(QDialog):
    """See the module documentation."""

    def __init__(self, title: str, parent: QWidget | None = None, *, save_text: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._fields: dict[str, tuple[str, QWidget]] = {}
        self._initial: dict[str, Any] = {}
        self._busy = False
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._error_label = QLabel()
        self._error_label.setWordWrap(True)
        self._error_label.setStyleSheet(ERROR_STYLE)
        self._error_label.hide()
        self._buttons = QDialogButtonBox()
        self._save_button = QPushButton(save_text or _("Save"))
        self._save_button.setDefault(True)
        self._cancel_button = QPushButton(_("Cancel"))
        self._buttons.addButton(self._save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self._buttons.addButton(self._cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self._error_label)
        layout.addStretch(1)
        layout.addWidget(self._buttons)
        self._save_button.clicked.connect(self._on_save_clicked)
        self._cancel_button.clicked.connect(self.reject)

    # --- for subclasses -----------------------------------------------------------------------

    def _add_field(self, name: str, label: str, widget: QWidget) -> QWidget:
        """Add a labelled input; `name` is the field name the service uses in its errors."""
        self._form.addRow(label, widget)
        self._fields[name] = (label, widget)
        return widget

    def _add_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        self._form.addRow(note)
        return note

    def _values(self) -> dict[str, Any]:
        return {name: field_value(widget) for name, (_label, widget) in self._fields.items()}

    def _mark_clean(self) -> None:
        """Remember the current values: closing without changes then asks nothing."""
        self._initial = self._values()

    def is_dirty(self) -> bool:
        return self._values() != self._initial

    def _save(self) -> None:
        raise NotImplementedError

    def _submit(
        self,
        fn: Callable[[], Any],
        *,
        on_saved: Callable[[Any], None] | None = None,
        changes: Iterable[str] = (),
        progress: str | None = None,
    ) -> None:
        """Run the service call in the background; close on success, show errors at the form."""
        self._set_busy(True)
        changed = tuple(changes)

        def succeeded(result: Any) -> None:
            self._set_busy(False)
            if on_saved is not None:
                on_saved(result)
            announce(*changed)
            super(FormDialog, self).accept()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._show_error(exc)

        run_in_background(fn, on_success=succeeded, on_failure=failed, progress=progress, parent=self)

    def _field_entry(self, field: str) -> tuple[str, QWidget] | None:
        """The registered field for a service's field name; `name.ru` falls back to `name`."""
        return self._fields.get(field) or self._fields.get(field.split(".", 1)[0])

    def _show_field_error(self, field: str, message: str) -> None:
        entry = self._field_entry(field)
        self._error_label.setText(f"{entry[0].rstrip(':')}: {message}" if entry else message)
        self._error_label.show()
        if entry is None:
            return
        focus_language = getattr(entry[1], "focus_language", None)
        if "." in field and callable(focus_language):
            focus_language(field.split(".", 1)[1])
        else:
            entry[1].setFocus()

    def _clear_error(self) -> None:
        self._error_label.clear()
        self._error_label.hide()

    def error_text(self) -> str:
        """The message shown at the form (empty when none)."""
        return self._error_label.text()

    # --- internals ----------------------------------------------------------------------------

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and (self._field_entry(exc.field) is not None or not exc.field):
            self._show_field_error(exc.field, exc.detail)
        else:
            self._clear_error()
            errors.present(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._save_button.setEnabled(not busy)
        for _label, widget in self._fields.values():
            widget.setEnabled(not busy)

    def _on_save_clicked(self) -> None:
        if self._busy:
            return
        self._clear_error()
        self._save()

    def accept(self) -> None:  # Enter in a field: save, never close unsaved
        self._on_save_clicked()

    def reject(self) -> None:
        if self._busy:
            return
        if self.is_dirty() and not messages.confirm(
            self, _("Discard the changes you typed?"), yes=_("Discard"), no=_("Keep editing")
        ):
            return
        super().reject()
