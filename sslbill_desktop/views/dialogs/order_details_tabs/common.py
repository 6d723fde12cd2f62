"""Small helpers of the order details tabs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QFormLayout, QLabel, QWidget


def value_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Fields:
    """A form of read-only values, set by key."""

    def __init__(self, form: QFormLayout) -> None:
        self._form = form
        self._labels: dict[str, QLabel] = {}

    def add(self, key: str, caption: str) -> QLabel:
        label = value_label()
        self._form.addRow(caption, label)
        self._labels[key] = label
        return label

    def set(self, key: str, text: str) -> None:
        self._labels[key].setText(text or "—")

    def text(self, key: str) -> str:
        return self._labels[key].text()


def choose_save_path(parent: QWidget | None, title: str, suggested: str) -> Path | None:
    """Ask where to save a file (tests replace this function)."""
    path, _filter = QFileDialog.getSaveFileName(parent, title, suggested)
    return Path(path) if path else None
