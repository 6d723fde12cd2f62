"""One message of the outbox, as it was (or will be) sent: headers, state, the last error, the text."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services.i18n import _, format_datetime
from sslbill_desktop.services.notifications import KIND_LABELS
from sslbill_desktop.services.outbox import OutboxRecord
from sslbill_desktop.views.lists.outbox_columns import state_text


def _when(value: datetime | None) -> str:
    return format_datetime(value, "short") if value is not None else "—"


class OutboxMessageDialog(QDialog):
    def __init__(self, record: OutboxRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Message {id}").format(id=record.id))
        form = QFormLayout()
        for label, value in (
            (_("State:"), state_text(record)),
            (_("Kind:"), _(KIND_LABELS.get(record.kind, record.kind))),
            (_("From:"), record.sender),
            (_("To:"), record.recipients),
            (_("Subject:"), record.subject),
            (_("Queued:"), _when(record.created_at)),
            (_("Attempts:"), str(record.attempts)),
            (_("Sent:"), _when(record.sent_at)),
            (_("Next attempt:"), _when(record.next_attempt_at)),
            (_("Last error:"), record.last_error or "—"),
        ):
            text = QLabel(value)
            text.setWordWrap(True)
            form.addRow(label, text)
        self._body = QPlainTextEdit(record.body)
        self._body.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if close is not None:
            close.setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._body, 1)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def body_text(self) -> str:
        return self._body.toPlainText()
