"""Products → Tariff plans → Import: thin pages over `TariffImportFlow`.

1. The processing module (product type SSL certificate, fixed) → Next.
2. The plans, one after another: the module's price list is read in the background (never on the
   GUI thread; a failure is shown with Retry) into a searchable table with each product's upstream
   cost per period. Pick a row or type an id, choose the provider (its remembered markup is filled
   in), optionally a markup, and Import: the plan is created disabled and listed below; Import
   again for the next one. An id the price list does not have is refused at the page. An id
   already imported for the provider says so and opens the existing plan. Finish imports the plan
   entered, if any, and closes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.i18n import _, format_datetime, format_money
from sslbill_desktop.services.ispmanager.records import PriceListEntry
from sslbill_desktop.services.tariff_import import (
    ImportResult,
    MarkupKind,
    PriceListSnapshot,
    load_price_list,
)
from sslbill_desktop.services.tariff_import_flow import (
    MODULE,
    PLANS,
    ImportChoices,
    TariffImportFlow,
    import_choices,
)
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views import errors, messages
from sslbill_desktop.views.dialogs.checked_form import REASON_STYLE
from sslbill_desktop.views.dialogs.tariff_plan import TariffPlanDialog, open_tariff_dialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.widgets.money_edit import MoneyEdit
from sslbill_desktop.views.wizards.flow_page import FlowPage, FlowWizard
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

TARIFF_PLAN = "tariff_plan"
#: The periods the price table shows a column for (the upstream sells these).
COST_PERIODS = (12, 24, 36)


def entry_cells(entry: PriceListEntry, currency: str) -> list[str]:
    """The texts of one price-list row: id, name and the cost per period (or a dash)."""

    def cost(months: int) -> str:
        value = entry.cost(months)
        return format_money(value, entry.currency or currency or "USD") if value is not None else "—"

    return [entry.id, entry.name, *(cost(m) for m in COST_PERIODS)]


def price_list_cells(snapshot: PriceListSnapshot) -> dict[str, list[str]]:
    """Every row's texts by product id (Babel's formatting is slow: run it off the GUI thread)."""
    return {entry.id: entry_cells(entry, snapshot.currency) for entry in snapshot.entries}


class ModulePage(FlowPage):
    def __init__(self, flow: TariffImportFlow, choices: ImportChoices) -> None:
        super().__init__(flow, MODULE)
        self.setTitle(_("Import tariff plans"))
        self.setSubTitle(_("Choose the processing module whose price list the plans come from."))
        self.module_combo = QComboBox()
        for module in choices.modules:
            self.module_combo.addItem(f"{module.name} — {module.url}", module.id)
        form = QFormLayout()
        form.addRow(_("Product type:"), QLabel(_("SSL certificate")))
        form.addRow(_("Processing module:"), self.module_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if not choices.modules:
            note = QLabel(
                _("There is no SSL processing module yet: add one under Integration → Processing modules.")
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self._error_label)
        self.module_combo.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())

    def values(self) -> dict[str, Any]:
        return {"module_id": self.module_combo.currentData()}

    def choose(self, module_id: int) -> None:
        self.module_combo.setCurrentIndex(max(self.module_combo.findData(module_id), 0))


class PlansPage(FlowPage):
    """Import plans one after another."""

    def __init__(
        self,
        workspace: Workspace,
        flow: TariffImportFlow,
        choices: ImportChoices,
    ) -> None:
        super().__init__(flow, PLANS)
        self._workspace = workspace
        self._import_flow = flow
        self._choices = choices
        self._importing = False
        self._cells: dict[str, list[str]] = {}
        self.loaded = False
        #: The dialog of an existing plan opened after a duplicate import (tests look at it).
        self.opened_dialog: TariffPlanDialog | None = None
        self.setTitle(_("Import tariff plans"))
        self._init_widgets()
        self._init_layout()
        self._connect()

    def _init_widgets(self) -> None:
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet(REASON_STYLE)
        self.retry_button = QPushButton(_("Retry"))
        self.retry_button.hide()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(_("Search the price list by name or id…"))
        self.search_edit.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 2 + len(COST_PERIODS))
        self.table.setHorizontalHeaderLabels([_("Id"), _("Name"), *(period_text(m) for m in COST_PERIODS)])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(170)
        self.product_edit = QLineEdit()
        self.product_edit.setPlaceholderText(_("the upstream id, e.g. 1011"))
        self.product_edit.setMaximumWidth(200)
        self.product_name = QLabel()
        self.provider_combo = QComboBox()
        for provider in self._choices.providers:
            self.provider_combo.addItem(f"{provider.name} ({provider.currency})", provider.id)
        self.markup_kind = QComboBox()
        self.markup_kind.addItem(_("No markup"), "")
        self.markup_kind.addItem(_("Percent"), MarkupKind.PERCENT.value)
        self.markup_kind.addItem(_("Fixed amount"), MarkupKind.FIXED.value)
        self.markup_edit = MoneyEdit(digits=2)
        self.price_label = QLabel()
        self.import_button = QPushButton(_("Import"))
        self.import_button.setDefault(False)
        self.log = QListWidget()
        self.log.setMaximumHeight(110)

    def _init_layout(self) -> None:
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_label, 1)
        status_row.addWidget(self.retry_button)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.product_edit)
        plan_row.addWidget(self.product_name, 1)
        markup_row = QHBoxLayout()
        markup_row.addWidget(self.markup_kind)
        markup_row.addWidget(self.markup_edit)
        markup_row.addWidget(self.price_label, 1)
        form = QFormLayout()
        form.addRow(_("Product type:"), QLabel(_("SSL certificate")))
        form.addRow(_("Tariff plan:"), plan_row)
        form.addRow(_("Provider:"), self.provider_combo)
        form.addRow(_("Markup:"), markup_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(status_row)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self._error_label)
        layout.addWidget(QLabel(_("Imported (disabled until you enable them):")))
        layout.addWidget(self.log)

    def _connect(self) -> None:
        self.retry_button.clicked.connect(self.load)
        self.search_edit.textChanged.connect(self._fill_table)
        self.table.itemSelectionChanged.connect(self._on_row_selected)
        self.product_edit.textChanged.connect(lambda _t: self._changed())
        self.provider_combo.currentIndexChanged.connect(lambda _i: self._on_provider_changed())
        self.markup_kind.currentIndexChanged.connect(lambda _i: self._changed())
        self.markup_edit.value_changed.connect(self._changed)
        self.import_button.clicked.connect(self.import_plan)

    # --- the price list -----------------------------------------------------------------------

    def initializePage(self) -> None:
        self._on_provider_changed()
        self.load()

    def load(self) -> None:
        """Read the module's price list in the background."""
        module_id = self._import_flow.module_id
        if module_id is None:
            return
        self.loaded = False
        self._import_flow.set_price_list(None)
        self.retry_button.hide()
        self.status_label.setText(_("Reading the price list…"))
        self.table.setRowCount(0)
        db, actor = self._workspace.db, self._workspace.actor

        def read() -> tuple[PriceListSnapshot, dict[str, list[str]]]:
            snapshot = load_price_list(db, actor, module_id)
            return snapshot, price_list_cells(snapshot)  # formatting 1,000 prices takes a while

        run_in_background(
            read,
            on_success=lambda result: self.set_price_list(*result),
            on_failure=self._load_failed,
            parent=self,
        )

    def set_price_list(self, snapshot: PriceListSnapshot, cells: dict[str, list[str]] | None = None) -> None:
        """Show a price list read from the upstream (the background read ends here); `cells`
        are its rows' texts by product id when they were formatted off the GUI thread."""
        self._cells = cells if cells is not None else price_list_cells(snapshot)
        self._import_flow.set_price_list(snapshot)
        self.loaded = True
        self.status_label.setText(
            _("{n} SSL certificates in the price list, read {time}; costs in {currency}.").format(
                n=len(snapshot.entries),
                time=format_datetime(snapshot.fetched_at, "short"),
                currency=snapshot.currency or "?",
            )
        )
        self._fill_table()
        self._changed()

    def _load_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            errors.present(self, exc)
            return
        self.status_label.setText(_("The price list could not be read: {reason}").format(reason=exc))
        self.retry_button.show()
        self._changed()

    def _fill_table(self) -> None:
        snapshot = self._import_flow.price_list
        entries = snapshot.search(self.search_edit.text()) if snapshot is not None else []
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for column, text in enumerate(self._cells.get(entry.id) or entry_cells(entry, "")):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.setUpdatesEnabled(True)

    def _on_row_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            item = self.table.item(rows[0].row(), 0)
            if item is not None:
                self.product_edit.setText(item.text())

    # --- the plan's values --------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {
            "product_id": self.product_edit.text().strip(),
            "provider_id": self.provider_combo.currentData(),
            "markup_kind": self.markup_kind.currentData(),
            "markup": self.markup_edit.field_value(),
        }

    def has_input(self) -> bool:
        return bool(self.product_edit.text().strip())

    def _on_provider_changed(self) -> None:
        provider = next(
            (p for p in self._choices.providers if p.id == self.provider_combo.currentData()), None
        )
        markup = provider.markup if provider is not None else None
        self.markup_kind.setCurrentIndex(
            max(self.markup_kind.findData(markup.kind.value if markup else ""), 0)
        )
        self.markup_edit.set_value(markup.value if markup else None)
        self._changed()

    def _changed(self) -> None:
        values = self.values()
        entry = (
            self._import_flow.price_list.find(values["product_id"]) if self._import_flow.price_list else None
        )
        self.product_name.setText(entry.name if entry is not None else "")
        self.markup_edit.setEnabled(bool(values["markup_kind"]))
        self._show_price(entry, values)
        problems = self._flow.errors(values, PLANS) if values["product_id"] else {}
        self.show_error(next(iter(problems.values()), ""))
        self.import_button.setEnabled(not self._importing and self._import_flow.can_import(values))
        self.completeChanged.emit()

    def _show_price(self, entry: PriceListEntry | None, values: dict[str, Any]) -> None:
        provider = next((p for p in self._choices.providers if p.id == values["provider_id"]), None)
        yearly = entry.cost(12) if entry is not None else None
        if yearly is None or provider is None:
            self.price_label.setText("")
            return
        try:
            markup = self._import_flow.markup(values)
        except ValidationError:
            self.price_label.setText("")
            return
        price = markup.apply(yearly, provider.currency) if markup else yearly
        self.price_label.setText(
            _("yearly price {price}").format(price=format_money(Decimal(price), provider.currency))
        )

    # --- importing ----------------------------------------------------------------------------

    def import_plan(self) -> None:
        values = self.values()
        if self._importing or not self._import_flow.can_import(values):
            return
        self._importing = True
        self.import_button.setEnabled(False)
        db, actor = self._workspace.db, self._workspace.actor
        run_in_background(
            lambda: self._import_flow.import_current(db, actor, values),
            on_success=self._imported,
            on_failure=self._import_failed,
            parent=self,
        )

    def _imported(self, result: ImportResult) -> None:
        self._importing = False
        self.show_result(result)
        if result.created:
            self.product_edit.clear()
        self._changed()

    def show_result(self, result: ImportResult, *, dialog_parent: QWidget | None = None) -> None:
        """Log an import; a duplicate is told and its plan opened (over `dialog_parent`, by
        default the wizard)."""
        self._import_flow.record(result)
        if result.created:
            self.log.addItem(result.message)
            for warning in result.warnings:
                self.log.addItem("⚠ " + warning)
            self.log.scrollToBottom()
            announce(TARIFF_PLAN)
            return
        messages.inform(
            self, result.message + "\n" + _("The existing plan is opened."), title=_("Already imported")
        )
        parent = dialog_parent or self.wizard() or self

        def opened(dialog: TariffPlanDialog) -> None:
            self.opened_dialog = dialog

        open_tariff_dialog(self._workspace, result.plan_id, parent, on_opened=opened)

    def _import_failed(self, exc: BaseException) -> None:
        self._importing = False
        if isinstance(exc, ValidationError):
            self.show_error(exc.detail)
        else:
            errors.present(self, exc)
        self._changed()


class TariffImportWizard(FlowWizard):
    """See the module documentation."""

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        choices: ImportChoices | None = None,
    ) -> None:
        choices = choices or import_choices(workspace.db, workspace.actor)
        flow = TariffImportFlow({p.id: p.currency for p in choices.providers})
        super().__init__(flow, parent)
        self.setWindowTitle(_("Import tariff plans"))
        self._workspace = workspace
        self._import_flow = flow
        self.module_page = ModulePage(flow, choices)
        self.plans_page = PlansPage(workspace, flow, choices)
        self.add_flow_page(self.module_page)
        self.add_flow_page(self.plans_page)
        self.resize(820, 700)

    def finish(self) -> ImportResult | None:
        values = self._import_flow.values(PLANS)
        if not str(values.get("product_id") or "").strip():
            return None
        return self._import_flow.import_current(self._workspace.db, self._workspace.actor, values)

    def finished_ok(self, result: Any) -> None:
        if isinstance(result, ImportResult):  # the wizard closes: a plan opens over its parent
            parent = self.parentWidget()
            self.plans_page.show_result(result, dialog_parent=parent if parent is not None else None)
        if self._import_flow.imported:
            announce(TARIFF_PLAN)

    @property
    def imported(self) -> list[ImportResult]:
        return list(self._import_flow.imported)
