"""Orders → SSL certificates: every certificate order, filterable and sortable, paging through
any number of them (keyset paging in the service: the 500th page opens as fast as the first).

Verbs: "Order certificate…" (the order wizard; sales and admins), "Details…" (double-click: the
order's details with every action), "Renew…" (sales may), "Sync status" (asks the upstream about
every certificate still waiting), and "Delete…" (admins). Click a column header to sort by it;
the filter box matches domain, client and upstream id, the combo narrows to one status. The
statuses are synced in the background every few minutes while the page is open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from sslbill_desktop.services import order_sync, orders
from sslbill_desktop.services.auth import Permission
from sslbill_desktop.services.i18n import N_, _, format_date
from sslbill_desktop.services.order_records import STATUS_LABELS, UPSTREAM_LABELS, OrderCursor, OrderRow
from sslbill_desktop.services.orders import (
    SORT_CLIENT,
    SORT_CREATED,
    SORT_DOMAIN,
    SORT_EXPIRES,
    SORT_STATUS,
    OrderQuery,
)
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views import errors
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.column_widths import date_samples, label_samples
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

ORDERS = "order"
#: How often the page asks the upstream about waiting certificates while it is open.
SYNC_INTERVAL_MS = 5 * 60 * 1000


def _expires(row: OrderRow) -> str:
    return format_date(row.expires_on) if row.expires_on else "—"


def _status(row: OrderRow) -> str:
    text = row.status_text
    return f"{text} …" if row.in_flight else text


#: Column number -> the service's sort order (None: not sortable).
SORT_BY_COLUMN: dict[int, str | None] = {
    0: SORT_CREATED,
    1: SORT_DOMAIN,
    2: SORT_CLIENT,
    3: None,
    4: SORT_STATUS,
    5: None,
    6: SORT_EXPIRES,
    7: None,
}


class OrdersPage(ListPage[OrderRow]):
    entities = frozenset({ORDERS, "client", "tariff_plan"})
    edit_permission = "place_orders"
    can_delete = False  # the admins' Delete verb below asks the service for the refund first
    columns = (
        Column(N_("No."), lambda r: str(r.id), align_right=True, width=40),
        Column(N_("Domain"), lambda r: r.domain or _("(parameters pending)"), width=170),
        Column(N_("Client"), lambda r: r.client_name, width=110),
        Column(N_("Tariff plan"), lambda r: f"{r.plan_title}, {period_text(r.period)}", width=175),
        Column(N_("Status"), _status, width=80, samples=label_samples(STATUS_LABELS.values())),
        Column(
            N_("Certificate"),
            lambda r: r.upstream_text,
            width=100,
            samples=label_samples(UPSTREAM_LABELS.values()),
        ),
        Column(N_("Paid until"), _expires, width=95, samples=date_samples),
        Column(N_("Upstream id"), lambda r: r.upstream_certificate_id or ""),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self._query = OrderQuery()
        self._cursor: OrderCursor | None = None
        self._total = 0
        self._status_filter = QComboBox()
        super().__init__(workspace, parent)
        self.verb(_("Add")).setText(_("Order certificate…"))
        self.verb(_("Edit")).setText(_("Details…"))
        self.add_verb(
            _("Renew…"),
            lambda rows: self.open_details(rows[0], action="renew"),
            applies_to=lambda r: r.status in ("active", "suspended") and not r.in_flight,
        )
        self.add_verb(
            _("Sync status"), lambda _rows: self.sync_now(), needs_selection=False, changes_data=False
        )
        can_delete = workspace.actor.can(Permission.DELETE_ORDERS)
        self.add_verb(
            _("Delete…"),
            lambda rows: self.open_details(rows[0], action="delete"),
            applies_to=lambda r: can_delete and r.status != "deleted" and not r.in_flight,
        )
        if workspace.actor.can(Permission.RUN_DAILY):
            self.add_verb(_("Run daily processing…"), lambda _rows: self.run_daily(), needs_selection=False)
        self._init_filters()
        self._init_sorting()
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(SYNC_INTERVAL_MS)
        self._sync_timer.timeout.connect(lambda: self.sync_now(quiet=True))
        self._sync_timer.start()

    # --- filters and sorting ------------------------------------------------------------------

    def _init_filters(self) -> None:
        self._status_filter.setMaximumWidth(220)
        self._status_filter.addItem(_("All statuses"), None)
        for status, label in STATUS_LABELS.items():
            self._status_filter.addItem(_(label), f"status:{status}")
        for status, label in UPSTREAM_LABELS.items():
            self._status_filter.addItem(
                _("Certificate: {status}").format(status=_(label)), f"upstream:{status}"
            )
        page_layout = self.layout()  # its first row: the toolbar and the filter box (ListPage's layout)
        first = page_layout.itemAt(0) if page_layout is not None else None
        top = first.layout() if first is not None else None
        if isinstance(top, QHBoxLayout):
            top.insertWidget(1, self._status_filter)
        else:  # pragma: no cover - ListPage always has that row
            self._toolbar.addWidget(self._status_filter)
        self._status_filter.currentIndexChanged.connect(self._filter_changed)

    def _init_sorting(self) -> None:
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(6, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._sort_clicked)
        self.fit_columns()  # room for the sort arrow

    def _filter_changed(self, _index: int) -> None:
        choice = self._status_filter.currentData()
        status = upstream = None
        if isinstance(choice, str):
            kind, _colon, value = choice.partition(":")
            status, upstream = (value, None) if kind == "status" else (None, value)
        self._query = OrderQuery(
            status=status, upstream_status=upstream, sort=self._query.sort, descending=self._query.descending
        )
        self.reload()

    def _sort_clicked(self, column: int) -> None:
        sort = SORT_BY_COLUMN.get(column)
        if sort is None:
            self._show_sort()
            return
        descending = sort == self._query.sort and not self._query.descending
        self.set_sort(sort, descending)

    def set_sort(self, sort: str, descending: bool = False) -> None:
        self._query = OrderQuery(
            status=self._query.status,
            upstream_status=self._query.upstream_status,
            sort=sort,
            descending=descending,
        )
        self._show_sort()
        self.reload()

    def _show_sort(self) -> None:
        column = next((c for c, s in SORT_BY_COLUMN.items() if s == self._query.sort), 6)
        order = Qt.SortOrder.DescendingOrder if self._query.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(column, order)

    def set_status_filter(self, status: str | None) -> None:
        index = self._status_filter.findData(f"status:{status}") if status else 0
        self._status_filter.setCurrentIndex(max(0, index))

    # --- loading ------------------------------------------------------------------------------

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[OrderRow]:
        query = OrderQuery(
            text=filter_text,
            status=self._query.status,
            upstream_status=self._query.upstream_status,
            sort=self._query.sort,
            descending=self._query.descending,
        )
        after = None if offset == 0 else self._cursor
        if offset and after is None:  # the last page was loaded already
            return RowPage([], self._total)
        page = orders.list_orders(self.workspace.db, self.workspace.actor, query, after=after, limit=limit)
        self._cursor = page.cursor
        if page.total >= 0:
            self._total = page.total
        return RowPage(page.rows, self._total)

    def is_muted(self, row: OrderRow) -> bool:
        return row.status == "deleted"

    def describe(self, row: OrderRow) -> str:
        return row.domain or _("order {id}").format(id=row.id)

    # --- verbs --------------------------------------------------------------------------------

    def add_row(self) -> None:
        from sslbill_desktop.views.wizards.order import OrderWizard

        self.open_dialog(OrderWizard(self.workspace, self))

    def edit_row(self, row: OrderRow) -> None:
        self.open_details(row)

    def open_details(self, row: OrderRow, action: str | None = None) -> None:
        from sslbill_desktop.views.dialogs.order_details import OrderDetailsDialog, load_order

        record = load_order(self, self.workspace, row.id)
        if record is None:
            return
        dialog = OrderDetailsDialog(self.workspace, record, self)
        self.open_dialog(dialog)
        if action is not None:
            dialog.start_action(action)

    def run_daily(self) -> None:
        from sslbill_desktop.views.daily_run_action import DailyRunDialog

        self.open_dialog(DailyRunDialog(self.workspace, self))

    def sync_now(self, *, quiet: bool = False) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def done(result: order_sync.SyncResult) -> None:
            if result.issued or result.failed or result.checked:
                announce(ORDERS)
            if not quiet and result.errors:
                errors.present(self, _user_error("\n".join(result.errors[:5])))

        failure: Callable[[BaseException], None] | None = (lambda _exc: None) if quiet else None
        run_in_background(
            lambda: order_sync.sync_orders(db, actor), on_success=done, on_failure=failure, parent=self
        )


def _user_error(text: str) -> BaseException:
    from sslbill_desktop.services.errors import UserError

    return UserError(text)
