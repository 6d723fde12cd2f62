"""Orders → Upstream journal (administrators): every upstream call that spent money, with its
state — sent, done, failed, or unknown (waiting for reconciliation, never resent blindly).

"Retry" reconciles one open entry (it is sent again only when the upstream has nothing that
matches); "Reconcile all" settles every open entry, as the start-up does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import journal, order_completions
from sslbill_desktop.services.i18n import N_, _, format_datetime, ngettext
from sslbill_desktop.services.journal import JournalRecord
from sslbill_desktop.views import messages
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.column_widths import datetime_samples, label_samples
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

assert order_completions  # reconciling an order's purchase books its charge: the handlers must be there

JOURNAL = "journal"
OPEN_STATES = frozenset({"sent", "unknown"})
STATE_LABELS = {
    "sent": N_("Sent"),
    "done": N_("Done"),
    "failed": N_("Failed"),
    "unknown": N_("Unknown: to reconcile"),
}
#: What the upstream was asked to do (`journal.OPERATION_*`).
OPERATION_LABELS = {
    "order": N_("Purchase"),
    "renew": N_("Renewal"),
}
#: What the call was for (`order_books.OPERATION_*`, the completion that books its outcome).
PURPOSE_LABELS = {
    "order": N_("New order"),
    "renewal": N_("Renewal"),
    "auto_renewal": N_("Automatic renewal"),
    "upstream_renewal": N_("Renewal of the upstream certificate"),
}


def _label(labels: dict[str, str], code: str) -> str:
    """The translated label of `code` (the code itself when it has none)."""
    return _(labels[code]) if code in labels else code


def _code_tip(code: str) -> str:
    return _("Code: {code}").format(code=code)


def _subject(row: JournalRecord) -> str:
    purpose = _label(PURPOSE_LABELS, row.purpose)
    if row.subject_id is None:
        return purpose
    return _("{purpose}, order {id}").format(purpose=purpose, id=row.subject_id)


def _subject_tip(row: JournalRecord) -> str:
    return f"{_subject(row)}\n{_code_tip(row.purpose)}"


class JournalPage(ListPage[JournalRecord]):
    entities = frozenset({JOURNAL, "order"})
    edit_permission = "read_audit"
    can_add = False
    can_edit = False
    can_delete = False
    columns = (
        Column(
            N_("Time"), lambda r: format_datetime(r.created_at, "short"), width=100, samples=datetime_samples
        ),
        Column(
            N_("Operation"),
            lambda r: _label(OPERATION_LABELS, r.operation),
            width=80,
            samples=label_samples(OPERATION_LABELS.values()),
            tooltip=lambda r: _code_tip(r.operation),
        ),
        Column(N_("For"), _subject, width=200, tooltip=_subject_tip),
        Column(N_("Domain"), lambda r: r.common_name, width=160),
        Column(N_("Product"), lambda r: r.pricelist_id, width=70),
        Column(
            N_("State"),
            lambda r: _label(STATE_LABELS, r.state),
            width=130,
            samples=label_samples(STATE_LABELS.values()),
            tooltip=lambda r: _code_tip(r.state),
        ),
        Column(N_("Upstream id"), lambda r: r.upstream_id or "", width=90),
        Column(N_("Sends"), lambda r: str(r.attempts), align_right=True, width=50),
        Column(N_("Problem"), lambda r: r.error),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.add_verb(
            _("Retry"), lambda rows: self._retry(rows[0]), applies_to=lambda r: r.state in OPEN_STATES
        )
        self.add_verb(_("Reconcile all"), lambda _rows: self._reconcile(), needs_selection=False)

    def key(self, row: JournalRecord) -> str:
        return row.reference

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[JournalRecord]:
        rows = journal.list_journal(self.workspace.db, self.workspace.actor, limit=2000)
        return page_of(
            rows,
            filter_text,
            offset,
            limit,
            lambda r: r.common_name,
            lambda r: r.state,
            lambda r: r.reference,
        )

    def is_muted(self, row: JournalRecord) -> bool:
        return row.state == "failed"

    def _retry(self, row: JournalRecord) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def done(result: journal.ReconcileResult) -> None:
            announce(JOURNAL, "order", "client")
            messages.inform(
                self,
                _("The entry is now {state}. {message}").format(
                    state=_label(STATE_LABELS, result.after), message=result.message
                ),
            )

        run_in_background(
            lambda: journal.retry_entry(db, actor, row.reference),
            on_success=done,
            progress=_("Reconciling…"),
            parent=self,
        )

    def _reconcile(self) -> None:
        db = self.workspace.db

        def done(results: list[journal.ReconcileResult]) -> None:
            announce(JOURNAL, "order", "client")
            messages.inform(
                self,
                ngettext("{n} open entry reconciled.", "{n} open entries reconciled.", len(results)).format(
                    n=len(results)
                ),
            )

        run_in_background(
            lambda: journal.reconcile_all(db), on_success=done, progress=_("Reconciling…"), parent=self
        )
