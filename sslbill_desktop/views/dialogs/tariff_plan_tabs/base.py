"""What every tab of the tariff plan dialog shares: a scrolling form whose inputs are registered with
the dialog (so a service error naming a field is shown on the right tab), a line listing the
problems found on this tab, and the hooks the dialog calls.

A tab implements `set_values(settings)` (fill from a `TariffInput`), `values()` (its part of the
next `TariffInput`, as keyword arguments) and `update_dependencies(values)` (enable each child
option only with its parent; `values` is the whole dialog's current input).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_input import TariffInput
from sslbill_desktop.views.dialogs.checked_form import required_label_html
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE

#: `register(tab, field name, label, widget)`: the dialog keeps and watches the input.
Register = Callable[["TariffTab", str, str, QWidget], None]

NOTE_STYLE = "color: #5f6368;"


class TariffTab(QWidget):
    title = ""

    def __init__(self, form: TariffForm, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self._register = register
        self.field_names: list[str] = []
        self._body = QWidget()
        self.form_layout = QFormLayout()
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._problems_label = QLabel()
        self._problems_label.setWordWrap(True)
        self._problems_label.setStyleSheet(ERROR_STYLE)
        self._problems_label.hide()
        body_layout = QVBoxLayout(self._body)
        body_layout.addLayout(self.form_layout)
        body_layout.addStretch(1)
        body_layout.addWidget(self._problems_label)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # --- building -----------------------------------------------------------------------------

    def add_field(self, name: str, label: str, widget: QWidget, *, required: bool = False) -> QWidget:
        """A labelled input, registered with the dialog under the service's field name."""
        if label:
            caption = QLabel(required_label_html(label) if required else label)
            caption.setBuddy(widget)
            self.form_layout.addRow(caption, widget)
        else:
            self.form_layout.addRow(widget)
        self.field_names.append(name)
        self._register(self, name, label or str(widget.property("text") or name), widget)
        return widget

    def add_child(self, name: str, label: str, widget: QWidget) -> QWidget:
        """An input that depends on the one above it: indented under it."""
        if label:
            caption = QLabel("    " + label)
            caption.setBuddy(widget)
            self.form_layout.addRow(caption, widget)
            self.field_names.append(name)
            self._register(self, name, label, widget)
            return widget
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(24, 0, 0, 0)
        layout.addWidget(widget)
        self.form_layout.addRow(holder)
        self.field_names.append(name)
        self._register(self, name, str(widget.property("text") or name), widget)
        return widget

    def register_field(self, name: str, caption: str, widget: QWidget) -> None:
        """Register an input placed by the tab itself (inside another row, beside a preview...)."""
        if name not in self.field_names:
            self.field_names.append(name)
        self._register(self, name, caption, widget)

    def add_note(self, text: str) -> QLabel:
        note = QLabel(text)
        note.setWordWrap(True)
        note.setStyleSheet(NOTE_STYLE)
        self.form_layout.addRow(note)
        return note

    def add_heading(self, text: str) -> QLabel:
        heading = QLabel(f"<b>{text}</b>")
        self.form_layout.addRow(heading)
        return heading

    # --- what the dialog calls ----------------------------------------------------------------

    def set_values(self, settings: TariffInput) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def update_dependencies(self, values: TariffInput) -> None:
        """Enable each child option only with its parent (nothing by default)."""

    def set_read_only(self, read_only: bool) -> None:
        """Inputs that are not registered fields (the dialog handles those)."""

    def show_problems(self, texts: Sequence[str]) -> None:
        self._problems_label.setText("\n".join(texts))
        self._problems_label.setVisible(bool(texts))

    def problems_text(self) -> str:
        return self._problems_label.text() if self._problems_label.isVisibleTo(self) else ""
