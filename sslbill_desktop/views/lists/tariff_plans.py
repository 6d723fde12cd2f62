"""Products → Tariff plans: import, edit, enable/disable, delete, export.

Sorted by sort, then name; filtered by label, provider and state beside the text filter. The
margin column shows each plan's lowest margin against the stored upstream costs (flagged when a
period is sold at a loss or the upstream currency differs). Everything reads stored data: the
list opens, and the PDF and CSV exports work, with the upstream unreachable.

Enable asks for confirmation, as the source does; a plan priced below its upstream cost for an
offered period needs a second, explicit confirmation naming the loss (the service refuses without
it). Sales staff see the list and open plans read-only ("View"); every changing verb is disabled.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from sslbill_desktop.services import providers, tariffs
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import N_, _, format_datetime, format_money, ngettext, pgettext
from sslbill_desktop.services.tariff_export import export_csv, tariff_sheets
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.services.tariffs import LossNotAccepted, TariffRow, TariffState
from sslbill_desktop.views import errors, messages
from sslbill_desktop.views.dialogs.tariff_plan import TARIFF_PLAN, TariffPlanDialog, open_tariff_dialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.column_widths import datetime_samples
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage
from sslbill_desktop.views.lists.read_only_view import add_view_verb
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

#: Asks where to save a file: `(parent, title, suggested file name, filter) -> path or None`.
SavePathChooser = Callable[[QWidget, str, str, str], Path | None]


def choose_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    path, _selected = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return Path(path) if path else None


def _state(row: TariffRow) -> str:
    return _("Enabled") if row.enabled else pgettext("tariff plan", "Disabled")


def _yearly(row: TariffRow) -> str:
    price = row.yearly_price
    return format_money(price, row.currency) if price is not None else "—"


def _periods(row: TariffRow) -> str:
    return ", ".join(f"{period_text(m)} {format_money(p, row.currency)}" for m, p in row.prices)


def margin_text(row: TariffRow) -> str:
    """The lowest margin, flagged: "▼ −$1.00 loss", "+$4.00", "USD ≠ EUR", "—"."""
    if row.currency_mismatch:
        return _("{upstream} ≠ {currency}").format(upstream=row.upstream_currency, currency=row.currency)
    margin = row.lowest_margin
    if margin is None:
        return "—"
    amount = format_money(abs(margin), row.currency)
    if row.loss:
        return _("▼ −{amount} loss").format(amount=amount)
    return f"+{amount}"


def _costs_at(row: TariffRow) -> str:
    return format_datetime(row.costs_at, "short") if row.costs_at is not None else "—"


class TariffPlanPage(ListPage[TariffRow]):
    entities = frozenset({TARIFF_PLAN, "provider"})
    can_add = False  # plans come from the upstream: Import
    columns = (
        Column(N_("Name"), lambda r: r.title, width=200),
        Column(N_("Provider"), lambda r: r.provider_name, width=120),
        Column(N_("Upstream id"), lambda r: r.upstream_product_id, width=90),
        Column(N_("Yearly price"), _yearly, align_right=True, width=100),
        Column(N_("Margin"), margin_text, align_right=True, width=110),
        Column(N_("Costs as of"), _costs_at, width=130, samples=datetime_samples),
        Column(N_("State"), _state, width=80),
        Column(N_("Sort"), lambda r: str(r.sorting), align_right=True, width=50),
        Column(N_("Labels"), lambda r: ", ".join(r.labels), width=120),
        Column(N_("Periods"), _periods),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self._label_filter = QComboBox()
        self._provider_filter = QComboBox()
        self._state_filter = QComboBox()
        self.save_path_chooser: SavePathChooser = choose_save_path
        super().__init__(workspace, parent)
        self._init_filters()
        add_view_verb(self, self.view_row)
        self.import_action = self.add_verb(
            _("Import"), lambda _rows: self.import_plans(), needs_selection=False
        )
        self.toggle_action = self.add_verb(
            _("Enable"),
            lambda rows: self.toggle(rows[0]),
            text_for=lambda r: _("Disable") if r.enabled else _("Enable"),
        )
        self.pdf_action = self.add_verb(_("Export PDF"), self.export_pdf, changes_data=False)
        self.csv_action = self.add_verb(
            _("Export CSV"), lambda _rows: self.export_csv(), needs_selection=False, changes_data=False
        )

    # --- filters ------------------------------------------------------------------------------

    def _init_filters(self) -> None:
        self._state_filter.addItem(_("All states"), "")
        self._state_filter.addItem(_("Enabled"), TariffState.ENABLED.value)
        self._state_filter.addItem(pgettext("tariff plan", "Disabled"), TariffState.DISABLED.value)
        self._refill_filters()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("Label:")))
        row.addWidget(self._label_filter)
        row.addWidget(QLabel(_("Provider:")))
        row.addWidget(self._provider_filter)
        row.addWidget(QLabel(_("State:")))
        row.addWidget(self._state_filter)
        row.addStretch(1)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(1, row)
        for combo in (self._label_filter, self._provider_filter, self._state_filter):
            combo.currentIndexChanged.connect(lambda _i: self.reload())

    def _refill_filters(self) -> None:
        db, actor = self.workspace.db, self.workspace.actor
        try:
            labels = tariffs.tariff_labels(db, actor)
            provider_rows = providers.list_providers(db, actor)
        except UserError as exc:
            errors.present(self, exc)
            return
        for combo, items in (
            (self._label_filter, [(_("All labels"), ""), *((label, label) for label in labels)]),
            (self._provider_filter, [(_("All providers"), 0), *((p.name, p.id) for p in provider_rows)]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def set_filters(self, *, label: str = "", provider_id: int = 0, state: str = "") -> None:
        """Choose the filters (tests, screenshots)."""
        self._label_filter.setCurrentIndex(max(self._label_filter.findData(label), 0))
        self._provider_filter.setCurrentIndex(max(self._provider_filter.findData(provider_id), 0))
        self._state_filter.setCurrentIndex(max(self._state_filter.findData(state), 0))
        self.reload()

    def _on_changed(self, entity: str) -> None:
        if entity in self.entities:
            self._refill_filters()
        super()._on_changed(entity)

    # --- ListPage -----------------------------------------------------------------------------

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[TariffRow]:
        rows = tariffs.list_tariffs(
            self.workspace.db,
            self.workspace.actor,
            label=str(self._label_filter.currentData() or "") or None,
            provider_id=int(self._provider_filter.currentData() or 0) or None,
            state=str(self._state_filter.currentData() or "") or None,
            text=filter_text,
        )
        return RowPage(rows[offset : offset + limit], len(rows))

    def is_muted(self, row: TariffRow) -> bool:
        return not row.enabled

    def describe(self, row: TariffRow) -> str:
        return row.title

    def add_row(self) -> None:  # no Add verb: plans are imported
        self.import_plans()

    def edit_row(self, row: TariffRow) -> None:
        self.open_plan(row.id)

    def view_row(self, row: TariffRow) -> None:
        self.open_plan(row.id)

    def open_plan(self, plan_id: int, on_opened: Callable[[TariffPlanDialog], None] | None = None) -> None:
        """Open the plan's dialog (read-only for staff who may not change plans)."""
        open_tariff_dialog(self.workspace, plan_id, self, on_opened=on_opened)

    def delete_rows(self, rows: list[TariffRow]) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def delete() -> None:
            for row in rows:
                tariffs.delete_tariff(db, actor, row.id, version=row.version)

        run_in_background(
            delete,
            on_success=lambda _r: announce(TARIFF_PLAN),
            on_failure=self._failed_after_change,
            parent=self,
        )

    def _failed_after_change(self, exc: BaseException) -> None:
        announce(TARIFF_PLAN)  # some rows may have changed already
        errors.present(self, exc)

    # --- import -------------------------------------------------------------------------------

    def import_plans(self) -> None:
        from sslbill_desktop.views.wizards.tariff_import import TariffImportWizard

        wizard = TariffImportWizard(self.workspace, self)
        self.open_dialog(wizard)

    # --- enable / disable ---------------------------------------------------------------------

    def toggle(self, row: TariffRow) -> None:
        if row.enabled:
            self._disable(row)
        else:
            self._enable(row)

    def _enable(self, row: TariffRow) -> None:
        if not messages.confirm(
            self,
            _("Enable the tariff plan {name}? Clients can then order it.").format(name=row.title),
            yes=_("Enable"),
            no=_("Cancel"),
        ):
            return
        db, actor = self.workspace.db, self.workspace.actor

        def failed(exc: BaseException) -> None:
            if isinstance(exc, LossNotAccepted) and messages.confirm(
                self,
                _("{problem}\n\nEnable {name} anyway and sell at a loss?").format(
                    problem=str(exc), name=row.title
                ),
                title=_("Priced below the upstream cost"),
                yes=_("Enable at a loss"),
                no=_("Cancel"),
            ):
                run_in_background(
                    lambda: tariffs.enable_tariff(db, actor, row.id, version=row.version, accept_loss=True),
                    on_success=lambda _r: announce(TARIFF_PLAN),
                    on_failure=self._failed_after_change,
                    parent=self,
                )
            elif not isinstance(exc, LossNotAccepted):
                self._failed_after_change(exc)

        run_in_background(
            lambda: tariffs.enable_tariff(db, actor, row.id, version=row.version),
            on_success=lambda _r: announce(TARIFF_PLAN),
            on_failure=failed,
            parent=self,
        )

    def _disable(self, row: TariffRow) -> None:
        if not messages.confirm(
            self,
            _(
                "Disable the tariff plan {name}? It can no longer be ordered or renewed; "
                "services keep running."
            ).format(name=row.title),
            yes=_("Disable"),
            no=_("Cancel"),
        ):
            return
        db, actor = self.workspace.db, self.workspace.actor
        run_in_background(
            lambda: tariffs.disable_tariff(db, actor, row.id, version=row.version),
            on_success=lambda _r: announce(TARIFF_PLAN),
            on_failure=self._failed_after_change,
            parent=self,
        )

    # --- export -------------------------------------------------------------------------------

    def export_pdf(self, rows: list[TariffRow]) -> None:
        """The selected plans as a PDF tariff sheet (from stored data only)."""
        suggested = "tariff-sheet.pdf" if len(rows) != 1 else f"{rows[0].title}.pdf".replace("/", "-")
        path = self.save_path_chooser(self, _("Export the tariff sheet"), suggested, _("PDF files (*.pdf)"))
        if path is None:
            return
        db, actor = self.workspace.db, self.workspace.actor
        ids = [row.id for row in rows]

        def write(sheets: list) -> None:  # type: ignore[type-arg]
            from sslbill_desktop.views.tariff_sheet_pdf import write_tariff_sheet

            try:
                pages = write_tariff_sheet(sheets, path)
            except OSError as exc:
                messages.error(
                    self,
                    _("The PDF could not be written to {path}: {reason}").format(
                        path=path, reason=exc.strerror
                    ),
                )
                return
            messages.inform(
                self,
                ngettext(
                    "The tariff sheet of {n} plan was saved to {path} ({pages} pages).",
                    "The tariff sheet of {n} plans was saved to {path} ({pages} pages).",
                    len(sheets),
                ).format(n=len(sheets), path=path, pages=pages),
            )

        run_in_background(lambda: tariff_sheets(db, actor, ids), on_success=write, parent=self)

    def export_csv(self) -> None:
        """Every plan as CSV."""
        path = self.save_path_chooser(
            self, _("Export the tariff plans"), "tariff-plans.csv", _("CSV files (*.csv)")
        )
        if path is None:
            return
        db, actor = self.workspace.db, self.workspace.actor

        def produce() -> int:
            text = export_csv(db, actor)
            path.write_text(text, encoding="utf-8")
            return len(list(csv.reader(io.StringIO(text)))) - 1

        def done(count: int) -> None:
            messages.inform(
                self,
                ngettext(
                    "{n} tariff plan was exported to {path}.",
                    "{n} tariff plans were exported to {path}.",
                    count,
                ).format(n=count, path=path),
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OSError):
                messages.error(
                    self,
                    _("The CSV could not be written to {path}: {reason}").format(
                        path=path, reason=exc.strerror
                    ),
                )
            else:
                errors.present(self, exc)

        run_in_background(produce, on_success=done, on_failure=failed, parent=self)
