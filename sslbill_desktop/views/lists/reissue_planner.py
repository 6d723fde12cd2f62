"""Orders → Reissue planner: orders whose paid term outlives their certificate (from 2026 a
certificate lives at most 199 days while plans sell a year or more), soonest reissue first.

The certificate's end is its own `notAfter`, capped by the maximum validity in force when it was
issued (a workspace setting); for a certificate not issued yet it is estimated (marked "≈"). The
daily run reminds the module's department of every reissue due. "Details…" opens the order,
"Reissue…" (administrators) goes straight to its reissue.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import reissue_planner
from sslbill_desktop.services.auth import Permission
from sslbill_desktop.services.i18n import N_, _, format_date
from sslbill_desktop.services.reissue_planner import ReissueRow
from sslbill_desktop.views.lists.column_widths import date_samples
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def _certificate_end(row: ReissueRow) -> str:
    text = format_date(row.certificate_ends_on)
    return f"≈ {text}" if row.estimated else text


def _estimated_date_samples() -> list[str]:
    return [f"≈ {text}" for text in date_samples()]


class ReissuePlannerPage(ListPage[ReissueRow]):
    entities = frozenset({"order", "order_settings"})
    edit_permission = "handle_orders"
    can_add = False
    can_delete = False
    columns = (
        Column(N_("No."), lambda r: str(r.order_id), align_right=True, width=50),
        Column(N_("Domain"), lambda r: r.domain, width=170),
        Column(N_("Client"), lambda r: r.client_name, width=120),
        Column(N_("Tariff plan"), lambda r: r.plan_title, width=140),
        Column(N_("Certificate ends"), _certificate_end, width=115, samples=_estimated_date_samples),
        Column(N_("Paid until"), lambda r: format_date(r.term_ends_on), width=100, samples=date_samples),
        Column(N_("Reissue due"), lambda r: format_date(r.reissue_due_on), width=100, samples=date_samples),
        Column(N_("Reissues left"), lambda r: str(r.reissues_needed), align_right=True),
    )

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, on: date | None = None
    ) -> None:
        self.on = on or date.today()
        super().__init__(workspace, parent)
        self.verb(_("Edit")).setText(_("Details…"))
        if workspace.actor.can(Permission.MANAGE_ORDERS):  # sales see the plan, admins reissue
            self.add_verb(_("Reissue…"), lambda rows: self._open(rows[0], "reissue"))

    def key(self, row: ReissueRow) -> int:
        return row.order_id

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[ReissueRow]:
        rows = reissue_planner.plan_reissues(self.workspace.db, self.workspace.actor, self.on)
        return page_of(rows, filter_text, offset, limit, lambda r: r.domain, lambda r: r.client_name)

    def is_muted(self, row: ReissueRow) -> bool:
        return row.estimated

    def describe(self, row: ReissueRow) -> str:
        return row.domain

    def edit_row(self, row: ReissueRow) -> None:
        self._open(row, None)

    def _open(self, row: ReissueRow, action: str | None) -> None:
        from sslbill_desktop.views.dialogs.order_details import OrderDetailsDialog, load_order

        record = load_order(self, self.workspace, row.order_id)
        if record is None:
            return
        dialog = OrderDetailsDialog(self.workspace, record, self)
        self.open_dialog(dialog)
        if action is not None:
            dialog.start_action(action)
