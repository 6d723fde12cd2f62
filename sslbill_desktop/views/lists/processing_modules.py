"""Integration → Processing modules: the ispmanager accounts certificates are bought from.

Each module shows its upstream balance. The balances are read in the background when the page
opens and with "Refresh balances" — the window never waits for the network — and the last value
and its time stay on the module, so the list still shows them offline. A module under its minimal
balance is marked (a warning icon, red text and a tooltip saying what to do); a module whose
balance could not be read says why in its tooltip. Add and Edit open the processing module
wizard; Delete is refused, with the reason, while tariff plans use the module.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QVBoxLayout, QWidget

from sslbill_desktop.services import data_centers, departments, processing
from sslbill_desktop.services.i18n import N_, _, format_datetime, format_money, ngettext
from sslbill_desktop.services.processing import BalanceOutcome, ProcessingModuleRecord
from sslbill_desktop.views import errors
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.column_widths import datetime_samples
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, PagedTableModel, RowPage, page_of
from sslbill_desktop.views.lists.read_only_view import add_view_verb
from sslbill_desktop.views.workers import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

ENTITY = processing.ENTITY
LOW_BALANCE_COLOR = QColor("#b3261e")
BALANCE_COLUMN = 1
STATUS_STYLE = "color: #8a5300;"


def money(amount: Decimal | None, currency: str) -> str:
    """An amount in the account's currency ("$1,000.00"); "—" when unknown."""
    if amount is None:
        return "—"
    if len(currency) == 3 and currency.isalpha():
        try:
            return format_money(amount, currency.upper())
        except (ValueError, LookupError):
            pass
    return f"{amount} {currency}".strip()


def when(row: ProcessingModuleRecord) -> str:
    if row.last_balance_at is None:
        return _("never read")
    return format_datetime(row.last_balance_at.astimezone(), "short")


class BalanceModel(PagedTableModel[ProcessingModuleRecord]):
    """Marks the balance of modules under their minimal balance and explains refresh failures."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The last refresh's failure per module id.
        self.failures: dict[int, str] = {}

    def balance_tooltip(self, row: ProcessingModuleRecord) -> str:
        parts: list[str] = []
        if row.below_minimum:
            parts.append(
                _(
                    "Below the minimal balance of {minimum}: top up the ispmanager account, or "
                    "renewals and new orders may fail."
                ).format(minimum=money(row.minimal_balance, row.upstream_currency))
            )
        failure = self.failures.get(row.id)
        if failure:
            parts.append(
                _("The balance could not be refreshed: {reason} Shown: the value of {time}.").format(
                    reason=failure, time=when(row)
                )
            )
        if not parts:
            parts.append(_("Read from the ispmanager account at {time}.").format(time=when(row)))
        return "\n".join(parts)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if index.isValid() and index.column() == BALANCE_COLUMN:
            row = self.row_at(index.row())
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.balance_tooltip(row)
            if role == Qt.ItemDataRole.DecorationRole:
                style = QApplication.style()
                if row.below_minimum:
                    return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                if row.id in self.failures:
                    return style.standardIcon(QStyle.StandardPixmap.SP_BrowserStop)
            if role == Qt.ItemDataRole.ForegroundRole and row.below_minimum:
                return QBrush(LOW_BALANCE_COLOR)
        return super().data(index, role)


class ProcessingModulePage(ListPage[ProcessingModuleRecord]):
    entities = frozenset({ENTITY, data_centers.ENTITY, departments.ENTITY})
    columns = (
        Column(N_("Name"), lambda r: r.title, width=180),
        Column(
            N_("Balance"), lambda r: money(r.last_balance, r.upstream_currency), align_right=True, width=130
        ),
        Column(N_("Balance as of"), when, width=140, samples=datetime_samples),
        Column(
            N_("Minimal balance"),
            lambda r: money(r.minimal_balance, r.upstream_currency),
            align_right=True,
            width=130,
        ),
        Column(N_("Data center"), lambda r: r.data_center or "—", width=130),
        Column(N_("Department"), lambda r: r.department or "—", width=160),
        Column(N_("Username"), lambda r: r.username, width=120),
        Column(N_("URL"), lambda r: r.url, width=220),
        Column(N_("Sorting"), lambda r: str(r.sorting)),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self._refresh_task: BackgroundTask | None = None
        super().__init__(workspace, parent)
        self._status_label = QLabel()
        self._status_label.setWordWrap(True)
        self._status_label.setStyleSheet(STATUS_STYLE)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self._status_label)
        add_view_verb(self, self.edit_row)
        self._refresh_action = self.add_verb(
            _("Refresh balances"),
            lambda _rows: self.refresh_balances(),
            needs_selection=False,
            changes_data=False,
            shortcut="F5",
        )
        self.refresh_balances()

    def _init_model(self) -> None:
        self._model = BalanceModel(self.columns, self.load, key=self.key, muted=self.is_muted)

    @property
    def balance_model(self) -> BalanceModel:
        model = self._model
        assert isinstance(model, BalanceModel)
        return model

    # --- rows ---------------------------------------------------------------------------------

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[ProcessingModuleRecord]:
        rows = processing.list_processing_modules(self.workspace.db, self.workspace.actor)
        return page_of(
            rows,
            filter_text,
            offset,
            limit,
            lambda r: " ".join(r.name.values()),
            lambda r: r.username,
            lambda r: r.url,
        )

    def describe(self, row: ProcessingModuleRecord) -> str:
        return row.title

    # --- balances -----------------------------------------------------------------------------

    @property
    def refreshing(self) -> bool:
        return self._refresh_task is not None

    def status_text(self) -> str:
        return self._status_label.text()

    def refresh_balances(self) -> None:
        """Read every module's balance in the background (never blocking the window)."""
        if self._refresh_task is not None or not self._model.total:
            return
        db, actor = self.workspace.db, self.workspace.actor
        self._status_label.setText(_("Reading the balances from the ispmanager accounts…"))
        self._refresh_action.setEnabled(False)
        task: BackgroundTask | None = None

        def work() -> list[BalanceOutcome]:
            return processing.refresh_balances(
                db, actor, should_stop=lambda: task is not None and task.cancelled
            )

        task = run_in_background(
            work, on_success=self._balances_read, on_failure=self._refresh_failed, parent=self
        )
        self._refresh_task = task

    def _balances_read(self, outcomes: list[BalanceOutcome]) -> None:
        self._refresh_task = None
        self._refresh_action.setEnabled(True)
        self.balance_model.failures = {o.module_id: o.error for o in outcomes if o.error}
        failed = [o for o in outcomes if o.error]
        if failed:
            text = ngettext(
                "The balance of {n} module could not be read; the last known value is shown ({detail}).",
                "The balances of {n} modules could not be read; the last known values are shown ({detail}).",
                len(failed),
            ).format(n=len(failed), detail="; ".join(f"{o.title}: {o.error}" for o in failed))
        else:
            text = ""
        low = [o for o in outcomes if o.balance is not None and o.balance.below_minimum]
        if low:
            names = ", ".join(o.title for o in low)
            text = (text + " " if text else "") + ngettext(
                "Under its minimal balance: {names}.", "Under their minimal balances: {names}.", len(low)
            ).format(names=names)
        self._status_label.setText(text)
        self._status_label.setVisible(bool(text))
        announce(ENTITY)  # the list (and any other page showing modules) reloads the stored values

    def _refresh_failed(self, exc: BaseException) -> None:
        self._refresh_task = None
        self._refresh_action.setEnabled(True)
        self._status_label.setText("")
        errors.present(self, exc)

    # --- verbs --------------------------------------------------------------------------------

    def add_row(self) -> None:
        from sslbill_desktop.views.wizards.processing_module import ProcessingModuleWizard

        wizard = ProcessingModuleWizard(self.workspace, None, self)
        wizard.saved.connect(self._select_saved)
        self.open_dialog(wizard)

    def edit_row(self, row: ProcessingModuleRecord) -> None:
        from sslbill_desktop.views.wizards.processing_module import ProcessingModuleWizard

        self.open_dialog(ProcessingModuleWizard(self.workspace, row, self))

    def delete_rows(self, rows: list[ProcessingModuleRecord]) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def delete() -> None:
            for row in rows:
                processing.delete_processing_module(db, actor, row.id, version=row.version)

        run_in_background(
            delete, on_success=lambda _r: announce(ENTITY), on_failure=self._deletion_failed, parent=self
        )

    def _deletion_failed(self, exc: BaseException) -> None:
        announce(ENTITY)
        errors.present(self, exc)

    def _select_saved(self, record: ProcessingModuleRecord) -> None:
        self.reload()
        self.select_key(record.id)
