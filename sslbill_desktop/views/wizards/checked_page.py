"""A wizard page of labelled fields checked as they are typed (the wizards' `CheckedFormDialog`).

Each field gets its message underneath once it was touched; Next/Finish stay disabled while the
flow finds problems, and the first problem of a field not touched yet is shown as the reason.
A refusal from the service (`show_field_error`) lands at its field; a dotted field (`name.ru`)
means the field `name`, in that language. Read-only pages (staff who may only look) page through
with every input read-only and Finish disabled.

A subclass adds its inputs with `_add(name, widget, ...)`, returns their values from `values()`
and calls `_finish_layout()` at the end of its constructor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from sslbill_desktop.services.wizard import WizardFlow
from sslbill_desktop.views.dialogs.checked_form import REASON_STYLE, required_label_html, set_read_only, watch
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE
from sslbill_desktop.views.wizards.flow_page import FlowPage


def comparable(value: object) -> object:
    """A value as a page shows it, so that 3 and "3" (and None and "") compare equal."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _field_of(field: str) -> str:
    """The field a service's (possibly per-language) field name means: "name.ru" → "name"."""
    return field.split(".", 1)[0]


def _quiet_label(text: str = "", *, style: str = REASON_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    return label


class CheckedPage(FlowPage):
    """See the module documentation. `labels` maps every field name to its form label."""

    def __init__(
        self,
        flow: WizardFlow,
        step: str,
        labels: Mapping[str, str],
        *,
        read_only: bool = False,
        read_only_reason: str = "",
    ) -> None:
        super().__init__(flow, step)
        self._labels = dict(labels)
        self._read_only = read_only
        self._read_only_reason = read_only_reason if read_only else ""
        self._inputs: dict[str, QWidget] = {}
        self._field_errors: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._start: dict[str, Any] = {}
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._reason_label = _quiet_label()
        self._reason_label.hide()

    # --- building -----------------------------------------------------------------------------

    def _add(
        self,
        name: str,
        widget: QWidget,
        *,
        required: bool = False,
        note: str = "",
        shown: QWidget | None = None,
    ) -> QWidget:
        """Add field `name` (its input `widget`, laid out as `shown` when that wraps it); its
        message (and an optional `note`) go underneath. A check box carries its own label."""
        error = _quiet_label(style=ERROR_STYLE)
        error.hide()
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(shown or widget)
        if note:
            column.addWidget(_quiet_label(note))
        column.addWidget(error)
        if isinstance(widget, QCheckBox):
            self._form.addRow(holder)
        else:
            label = self._labels[name]
            caption = QLabel(required_label_html(label) if required else label)
            caption.setBuddy(widget)
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self._form.addRow(caption, holder)
        self._inputs[name] = widget
        self._field_errors[name] = error
        return widget

    def _finish_layout(self) -> None:
        """Call last in the constructor: lays the page out, remembers the values, checks them."""
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addStretch(1)
        self._add_below(layout)
        layout.addWidget(self._reason_label)
        layout.addWidget(self._error_label)
        self._start = self._comparable_values()
        for name, widget in self._inputs.items():
            watch(widget, lambda field=name: self._on_changed(field))
        if self._read_only:
            for widget in self._inputs.values():
                set_read_only(widget)
        self._refresh()

    def _add_below(self, layout: QVBoxLayout) -> None:
        """Widgets between the fields and the reason (a page's notes and warnings)."""

    # --- checking -----------------------------------------------------------------------------

    def problems(self) -> dict[str, str]:
        return {} if self._read_only else self._flow.errors(self.values(), self.step)

    def isComplete(self) -> bool:
        if self._read_only:  # page through; Finish stays disabled
            return not self._busy and not self.isFinalPage()
        return super().isComplete()

    def validatePage(self) -> bool:
        if self._read_only:
            return not self.isFinalPage()
        return super().validatePage()

    def _on_changed(self, field: str) -> None:
        self._touched.add(field)
        self.show_error("")
        self._refresh()
        self.completeChanged.emit()

    def _describe(self, name: str, message: str) -> str:
        return "{label}: {message}".format(label=self._labels[name].rstrip(": "), message=message)

    def _refresh(self) -> None:
        problems = self.problems()
        for name, label in self._field_errors.items():
            mine = (message for field, message in problems.items() if _field_of(field) == name)
            message = next(mine, "") if name in self._touched else ""
            label.setText(message)
            label.setVisible(bool(message))
        # The reason Next/Finish is disabled: the first problem not already shown at its field.
        reason = self._read_only_reason
        hidden = ((_field_of(f), m) for f, m in problems.items() if _field_of(f) not in self._touched)
        first = next(hidden, None)
        if first is not None:
            reason = self._describe(*first)
        self._reason_label.setText(reason)
        self._reason_label.setVisible(bool(reason))

    def reason_text(self) -> str:
        """Why Next/Finish is disabled (empty when it is not)."""
        return self._reason_label.text() if self._reason_label.isVisibleTo(self) else ""

    def field_error(self, name: str) -> str:
        """The message under field `name` (empty when none is shown)."""
        label = self._field_errors[name]
        return label.text() if label.isVisibleTo(self) else ""

    def show_field_error(self, field: str, message: str) -> None:
        """Show a refusal at its field (and above the buttons), and put the cursor there."""
        name = _field_of(field)
        self.show_error(self._describe(name, message) if name in self._labels else message)
        if name not in self._field_errors:
            return
        self._field_errors[name].setText(message)
        self._field_errors[name].show()
        widget = self._inputs[name]
        focus_language = getattr(widget, "focus_language", None)
        if "." in field and callable(focus_language):
            focus_language(field.split(".", 1)[1])
        else:
            widget.setFocus()

    # --- input --------------------------------------------------------------------------------

    def _comparable_values(self) -> dict[str, Any]:
        return {name: comparable(value) for name, value in self.values().items()}

    def has_input(self) -> bool:
        return self._comparable_values() != self._start

    def input(self, name: str) -> QWidget:
        return self._inputs[name]

    def line_edit(self, name: str) -> QLineEdit:
        """The text input of field `name` (tests and screenshots type into it)."""
        widget = self._inputs[name]
        assert isinstance(widget, QLineEdit)
        return widget
