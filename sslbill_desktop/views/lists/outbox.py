"""Settings → Outbox: every notification e-mail, sent or waiting, and the SMTP settings.

Messages that could not be sent wait here with the reason and the time of the next attempt; the
page retries the due ones every minute while it is open (the daily run does too), "Retry now"
sends the selected ones at once (a failed one gets a fresh series of attempts), "Send due now"
all that are due. "View" shows a message as it was sent. "SMTP settings…" edits the mail server
of each provider. Admins change things here; sales staff look.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from sslbill_desktop.models.outbox import OUTBOX_SENT
from sslbill_desktop.services import outbox
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import _, ngettext
from sslbill_desktop.services.outbox import DeliveryReport, OutboxRecord
from sslbill_desktop.views import errors, messages
from sslbill_desktop.views.dialogs.outbox_message import OutboxMessageDialog
from sslbill_desktop.views.dialogs.smtp_settings import SMTP_SETTINGS, SmtpSettingsDialog, load_settings
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.outbox_columns import OUTBOX_COLUMNS
from sslbill_desktop.views.lists.paged_model import RowPage
from sslbill_desktop.views.workers import busy, run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

OUTBOX = "outbox"
#: How often the open page sends the messages that are due.
RETRY_INTERVAL_MS = 60_000


def report_text(report: DeliveryReport) -> str:
    sent = ngettext("{n} message sent", "{n} messages sent", len(report.sent)).format(n=len(report.sent))
    if not report.failed:
        return sent + "."
    failed = ngettext(
        "{n} could not be sent (see Last error)", "{n} could not be sent (see Last error)", len(report.failed)
    ).format(n=len(report.failed))
    return f"{sent}; {failed}."


class OutboxPage(ListPage[OutboxRecord]):
    entities = frozenset({OUTBOX, SMTP_SETTINGS})
    columns = OUTBOX_COLUMNS
    can_add = False
    can_edit = False

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.add_verb(_("View"), self._view_verb, changes_data=False)
        self.add_verb(
            _("Retry now"),
            self.retry_rows,
            applies_to=lambda r: r.state != OUTBOX_SENT,
        )
        self.add_verb(_("Send due now"), lambda _rows: self.send_due(), needs_selection=False)
        self.add_verb(_("SMTP settings…"), self._smtp_verb, needs_selection=False)
        self.table.activated.connect(lambda _index: self._view_selected())
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_INTERVAL_MS)
        self._timer.timeout.connect(self._send_due_quietly)
        if not self.read_only_reason:
            self._timer.start()

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[OutboxRecord]:
        page = outbox.list_outbox(
            self.workspace.db, self.workspace.actor, filter_text=filter_text, offset=offset, limit=limit
        )
        return RowPage(page.rows, page.total)

    def describe(self, row: OutboxRecord) -> str:
        return _("the message “{subject}” to {to}").format(subject=row.subject, to=row.recipients)

    def delete_question(self, rows: list[OutboxRecord]) -> str:
        unsent = sum(1 for r in rows if r.state != OUTBOX_SENT)
        question = super().delete_question(rows)
        if unsent:
            question += " " + ngettext(
                "{n} of them was not sent and never will be.",
                "{n} of them were not sent and never will be.",
                unsent,
            ).format(n=unsent)
        return question

    def delete_rows(self, rows: list[OutboxRecord]) -> None:
        db, actor = self.workspace.db, self.workspace.actor
        ids = [r.id for r in rows]
        run_in_background(
            lambda: outbox.delete_messages(db, actor, ids),
            on_success=lambda _n: announce(OUTBOX),
            parent=self,
        )

    # --- verbs --------------------------------------------------------------------------------

    def _view_verb(self, rows: list[OutboxRecord]) -> None:
        self.view_message(rows[0])

    def _smtp_verb(self, _rows: list[OutboxRecord]) -> None:
        self.open_smtp_settings()

    def _view_selected(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.view_message(rows[0])

    def view_message(self, row: OutboxRecord) -> OutboxMessageDialog | None:
        try:
            record = outbox.get_message(self.workspace.db, self.workspace.actor, row.id)
        except UserError as exc:
            errors.present(self, exc)
            announce(OUTBOX)
            return None
        dialog = OutboxMessageDialog(record, self)
        self.open_dialog(dialog)
        return dialog

    def _delivered(self, report: DeliveryReport) -> None:
        announce(OUTBOX)
        messages.inform(self, report_text(report), title=_("Outbox"))

    def retry_rows(self, rows: list[OutboxRecord]) -> None:
        db, actor = self.workspace.db, self.workspace.actor
        ids = [r.id for r in rows]
        run_in_background(
            lambda: outbox.retry_now(db, actor, ids),
            on_success=self._delivered,
            progress=_("Sending…"),
            parent=self,
        )

    def send_due(self) -> None:
        db, actor = self.workspace.db, self.workspace.actor
        run_in_background(
            lambda: outbox.send_due(db, actor),
            on_success=self._delivered,
            progress=_("Sending…"),
            parent=self,
        )

    def _send_due_quietly(self) -> None:
        """The timer's retry: no message, the list refreshes when something was sent."""
        if busy():
            return
        db, actor = self.workspace.db, self.workspace.actor

        def refreshed(report: DeliveryReport) -> None:
            if report.sent or report.failed:
                announce(OUTBOX)

        run_in_background(lambda: outbox.send_due(db, actor), on_success=refreshed, parent=self)

    def open_smtp_settings(self, provider_id: int | None = None) -> SmtpSettingsDialog | None:
        try:
            records = load_settings(self.workspace)
        except UserError as exc:
            errors.present(self, exc)
            return None
        dialog = SmtpSettingsDialog(self.workspace, records, provider_id, self)
        self.open_dialog(dialog)
        return dialog
