"""How an outbox message is shown in a list: its state in words and its columns."""

from __future__ import annotations

from sslbill_desktop.models.outbox import OUTBOX_FAILED, OUTBOX_QUEUED, OUTBOX_SENT
from sslbill_desktop.services.i18n import N_, _, format_datetime, ngettext
from sslbill_desktop.services.notifications import KIND_LABELS
from sslbill_desktop.services.outbox import OutboxRecord
from sslbill_desktop.views.lists.column_widths import datetime_samples
from sslbill_desktop.views.lists.paged_model import Column

STATE_LABELS: dict[str, str] = {
    OUTBOX_QUEUED: N_("Waiting"),
    OUTBOX_SENT: N_("Sent"),
    OUTBOX_FAILED: N_("Failed"),
}


def state_text(row: OutboxRecord) -> str:
    return _(STATE_LABELS.get(row.state, row.state))


def _state_with_attempts(row: OutboxRecord) -> str:
    if row.state == OUTBOX_SENT or not row.attempts:
        return state_text(row)
    return ngettext("{state} ({n} attempt)", "{state} ({n} attempts)", row.attempts).format(
        state=state_text(row), n=row.attempts
    )


def _timing(row: OutboxRecord) -> str:
    if row.sent_at is not None:
        return format_datetime(row.sent_at, "short")
    if row.next_attempt_at is not None:  # a waiting message: when it is tried next
        return format_datetime(row.next_attempt_at, "short")
    return "—"


#: The queue time and the text are in the message's View dialog.
OUTBOX_COLUMNS: tuple[Column[OutboxRecord], ...] = (
    Column(N_("State"), _state_with_attempts, width=150),
    Column(N_("Kind"), lambda r: _(KIND_LABELS.get(r.kind, r.kind)), width=130),
    Column(N_("To"), lambda r: r.recipients, width=150),
    Column(N_("Subject"), lambda r: r.subject, width=190),
    Column(N_("Sent / next attempt"), _timing, width=125, samples=datetime_samples),
    Column(N_("Last error"), lambda r: r.last_error),
)
