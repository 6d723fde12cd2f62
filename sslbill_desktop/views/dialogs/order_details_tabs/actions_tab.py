"""The order's actions, each a button with a line saying what it does (or why it cannot now).

Only the actions the signed-in role may take are shown; a note says that the others are for
administrators.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import N_, _

#: (action, button text, what it does)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("renew", N_("Renew…"), N_("Pay another period from the client's balance.")),
    ("change_plan", N_("Change plan…"), N_("Move to another plan or period (the plan's change policy).")),
    ("add_addon", N_("Order add-on…"), N_("Add units of an additional resource.")),
    ("cancel_addon", N_("Cancel add-on…"), N_("Remove an add-on (refunded per the plan's policy).")),
    ("suspend", N_("Suspend…"), N_("Suspend at the client's request.")),
    ("resume", N_("Resume…"), N_("Resume a service the client suspended.")),
    ("reissue", N_("Reissue…"), N_("Issue the certificate again with a new key.")),
    (
        "parameters",
        N_("Fill in parameters…"),
        N_("Give a quick order its domain and CSR; it is then bought."),
    ),
    ("retry", N_("Send again"), N_("Order again what the upstream refused.")),
    ("export_key", N_("Export key…"), N_("Save the private key as PEM, once (administrators).")),
    (
        "delete_key",
        N_("Delete key"),
        N_("Erase the private key from the database for good (administrators)."),
    ),
    ("delete", N_("Delete order…"), N_("Delete upstream, then refund per policy (administrators).")),
)


class ActionsTab(QWidget):
    triggered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        self._notes: dict[str, QLabel] = {}
        self.others_note = QLabel(_("Other actions on this order are for administrators."))
        self.others_note.setWordWrap(True)
        self.others_note.hide()
        for row, (action, text, note) in enumerate(ACTIONS):
            button = QPushButton(_(text))
            label = QLabel(_(note))
            label.setWordWrap(True)
            grid.addWidget(button, row, 0)
            grid.addWidget(label, row, 1)
            button.clicked.connect(lambda _checked=False, name=action: self.triggered.emit(name))
            self.buttons[action] = button
            self._notes[action] = label
        grid.setColumnStretch(1, 1)
        # The wrapped notes must not squeeze the buttons (Russian texts are long).
        grid.setColumnMinimumWidth(0, 24 + max(b.sizeHint().width() for b in self.buttons.values()))
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.others_note)
        layout.addStretch(1)

    def set_available(
        self, available: dict[str, str | None], *, shown: Collection[str] | None = None
    ) -> None:
        """`{action: None}` enables it; a text disables it and says why (tooltip). Actions not in
        `shown` (default: all) are hidden and disabled: the role may not take them."""
        for action, button in self.buttons.items():
            visible = shown is None or action in shown
            reason = available.get(action, "") if visible else ""
            button.setEnabled(reason is None)
            button.setToolTip("" if reason is None else reason)
            button.setVisible(visible)
            self._notes[action].setVisible(visible)
        self.others_note.setVisible(shown is not None and any(a not in shown for a in self.buttons))

    def shown_actions(self) -> list[str]:
        return [a for a, b in self.buttons.items() if not b.isHidden()]

    def enabled_actions(self) -> list[str]:
        return [a for a, b in self.buttons.items() if b.isEnabled() and not b.isHidden()]
