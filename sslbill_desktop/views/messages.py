"""The only place that shows message boxes.

Views call `inform`, `warn`, `error`, `confirm`, `ask` and `crash`; each goes to the installed
backend, which is `QtMessages` (real modal boxes) in the application and a recorder in tests, so
that no test ever blocks on a dialog. Texts arrive already translated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

from sslbill_desktop.services.i18n import _


class MessageBackend(Protocol):
    def inform(self, parent: QWidget | None, text: str, title: str) -> None: ...
    def warn(self, parent: QWidget | None, text: str, title: str) -> None: ...
    def error(self, parent: QWidget | None, text: str, title: str) -> None: ...
    def confirm(self, parent: QWidget | None, text: str, title: str, yes: str, no: str) -> bool: ...
    def ask(self, parent: QWidget | None, text: str, title: str, choices: Sequence[str]) -> int | None: ...
    def crash(self, parent: QWidget | None, summary: str, details: str) -> None: ...


class QtMessages:
    """Modal message boxes with translated button texts."""

    def _box(self, parent: QWidget | None, icon: QMessageBox.Icon, text: str, title: str) -> QMessageBox:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box

    def _show(self, parent: QWidget | None, icon: QMessageBox.Icon, text: str, title: str) -> None:
        box = self._box(parent, icon, text, title)
        box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
        box.exec()

    def inform(self, parent: QWidget | None, text: str, title: str) -> None:
        self._show(parent, QMessageBox.Icon.Information, text, title)

    def warn(self, parent: QWidget | None, text: str, title: str) -> None:
        self._show(parent, QMessageBox.Icon.Warning, text, title)

    def error(self, parent: QWidget | None, text: str, title: str) -> None:
        self._show(parent, QMessageBox.Icon.Critical, text, title)

    def confirm(self, parent: QWidget | None, text: str, title: str, yes: str, no: str) -> bool:
        box = self._box(parent, QMessageBox.Icon.Question, text, title)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no_button)
        box.setEscapeButton(no_button)
        box.exec()
        return box.clickedButton() is yes_button

    def ask(self, parent: QWidget | None, text: str, title: str, choices: Sequence[str]) -> int | None:
        box = self._box(parent, QMessageBox.Icon.Question, text, title)
        buttons = [box.addButton(choice, QMessageBox.ButtonRole.ActionRole) for choice in choices]
        cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return buttons.index(clicked) if clicked in buttons else None

    def crash(self, parent: QWidget | None, summary: str, details: str) -> None:
        from sslbill_desktop.views.dialogs.crash import CrashDialog

        CrashDialog(summary, details, parent).exec()


_backend: MessageBackend = QtMessages()


def install(backend: MessageBackend) -> MessageBackend:
    """Replace the backend (tests install a recorder); returns the previous one."""
    global _backend
    previous, _backend = _backend, backend
    return previous


def inform(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    _backend.inform(parent, text, title or _("Information"))


def warn(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    _backend.warn(parent, text, title or _("Warning"))


def error(parent: QWidget | None, text: str, *, title: str | None = None) -> None:
    _backend.error(parent, text, title or _("Error"))


def confirm(
    parent: QWidget | None,
    text: str,
    *,
    title: str | None = None,
    yes: str | None = None,
    no: str | None = None,
) -> bool:
    """A yes/no question; "no" is the default and the Escape answer."""
    return _backend.confirm(parent, text, title or _("Please confirm"), yes or _("Yes"), no or _("No"))


def ask(parent: QWidget | None, text: str, choices: Sequence[str], *, title: str | None = None) -> int | None:
    """Pick one of `choices` (button texts); None when cancelled."""
    return _backend.ask(parent, text, title or _("Question"), list(choices))


def crash(parent: QWidget | None, summary: str, details: str) -> None:
    """Show the crash dialog: a bug, with its traceback in `details`."""
    _backend.crash(parent, summary, details)
