"""Products → Tariff plans → Edit: one dialog, the source's blocks as tabs, every option.

Tabs: Main settings, Additional settings, Prices (with the margin guard), Policy, Service order
configuration, Add-ons, Price preview. The dialog opens from a `TariffForm` (plain data loaded by
`services.tariff_form`, no network); the upstream's price list is then read in the background to
offer the certificate types and fresh costs. When it cannot be read the stored costs and their
date are shown and nothing waits.

Every change of any input: the child options are enabled only with their parents, the problems
are shown on the tab where they occur (and the tab is marked), Save is disabled while there are
any, and the margin guard and the price preview are recomputed from the unsaved values. Saving
goes through `services.tariffs.update_tariff`; another workstation's earlier save is refused with
the conflict message. With `read_only_reason` (sales staff) everything is shown and nothing can
be changed — the preview's scenario stays usable.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from sslbill_desktop.services import tariffs
from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.i18n import _, language_name
from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_import import PriceListSnapshot, load_price_list
from sslbill_desktop.services.tariff_input import TariffInput
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.services.tariffs import TariffRecord, UpstreamCosts
from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.checked_form import CheckedFormDialog, watch
from sslbill_desktop.views.dialogs.tariff_plan_tabs.additional_settings import AdditionalSettingsTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.addons import AddonsTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.base import TariffTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.main_settings import MainSettingsTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.order_configuration import OrderConfigurationTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.policy import PolicyTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.price_preview import PricePreviewTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.prices import PricesTab
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

TARIFF_PLAN = tariffs.ENTITY
PROBLEM_MARK = " ⚠"


def _base_name(field: str) -> str:
    """`addons[0].name.en` → `addons`; `prices.12.renewal` → `prices`; `labels[3]` → `labels`."""
    return field.split(".", 1)[0].split("[", 1)[0]


class TariffPlanDialog(CheckedFormDialog):
    """See the module documentation."""

    def __init__(
        self,
        workspace: Workspace,
        form: TariffForm,
        parent: QWidget | None = None,
        *,
        on_saved: Callable[[TariffRecord], None] | None = None,
        today: date | None = None,
        load_upstream: bool = True,
    ) -> None:
        record = form.record
        super().__init__(
            _("Tariff plan {name}").format(name=record.title),
            parent,
            save_text=_("OK"),
            read_only_reason=form.read_only_reason,
        )
        self._workspace = workspace
        self.form = form
        self._on_saved = on_saved
        self._field_tabs: dict[str, TariffTab] = {}
        self._fresh: PriceListSnapshot | None = None
        self._load_upstream = load_upstream
        self._listed_module: int | None = None
        self._updating = False
        self._init_tabs(today or date.today())
        self._load(record.settings)
        self._finish_init()
        self._on_any_change()
        self.resize(980, 720)
        if load_upstream:
            self.load_price_list()

    # --- construction -------------------------------------------------------------------------

    def _init_tabs(self, today: date) -> None:
        form, register = self.form, self._register_field
        self.main_tab = MainSettingsTab(form, register)
        self.additional_tab = AdditionalSettingsTab(form, register)
        self.prices_tab = PricesTab(form, register)
        self.policy_tab = PolicyTab(form, register)
        self.order_tab = OrderConfigurationTab(form, register)
        self.addons_tab = AddonsTab(form, register)
        self.preview_tab = PricePreviewTab(form, register, self.form.preview, today)
        self.tabs: list[TariffTab] = [
            self.main_tab,
            self.additional_tab,
            self.prices_tab,
            self.policy_tab,
            self.order_tab,
            self.addons_tab,
            self.preview_tab,
        ]
        self.tab_widget = QTabWidget()
        for tab in self.tabs:
            self.tab_widget.addTab(tab, _(tab.title))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        for index in reversed(range(layout.count())):  # the tabs take the height, not a spacer
            item = layout.itemAt(index)
            if item is not None and item.spacerItem() is not None:
                layout.removeItem(item)
        layout.insertWidget(layout.indexOf(self._error_label), self.tab_widget, 1)

    def _register_field(self, tab: TariffTab, name: str, label: str, widget: QWidget) -> None:
        self._fields[name] = (label, widget)
        self._field_tabs[name] = tab
        watch(widget, self._on_any_change)

    def _load(self, settings: TariffInput) -> None:
        self._updating = True
        try:
            for tab in self.tabs:
                tab.set_values(settings)
        finally:
            self._updating = False

    # --- the values ---------------------------------------------------------------------------

    def current_input(self) -> TariffInput:
        """Everything the dialog shows now, as the service's input."""
        values: dict[str, Any] = {}
        for tab in self.tabs:
            values.update(tab.values())
        return TariffInput(**values)

    def upstream_in_view(self) -> tuple[UpstreamCosts, bool]:
        """The upstream costs of the chosen certificate type: fresh from the list read in the
        background when it has the type, else the stored ones; and whether they are fresh."""
        snapshot = self._fresh
        entry = self.additional_tab.selected_entry()
        module_id = self.main_tab.module_combo.field_value()
        if snapshot is not None and entry is not None and snapshot.module_id == module_id:
            costs = {p.months: p.cost for p in entry.periods}
            return UpstreamCosts(entry.currency or snapshot.currency, snapshot.fetched_at, costs), True
        return self.form.record.upstream, False

    # --- reacting to changes ------------------------------------------------------------------

    def _on_any_change(self) -> None:
        if self._updating:
            return
        values = self.current_input()
        self._apply_dependencies(values)
        module_id = values.processing_module_id
        if self._load_upstream and self._listed_module is not None and module_id != self._listed_module:
            self.load_price_list()  # another certificate authority: its own list of certificates
        upstream, fresh = self.upstream_in_view()
        self.prices_tab.show_margins(self.form.margins(values, upstream), upstream, fresh)
        self.preview_tab.refresh(values)
        self._refresh_check()

    def _apply_dependencies(self, values: TariffInput) -> None:
        if self.read_only or self._busy:
            return
        for tab in self.tabs:
            tab.update_dependencies(values)

    def _problems(self) -> Sequence[ValidationError]:
        problems = self.form.problems(self.current_input())
        by_tab: dict[int, list[str]] = {}
        for problem in problems:
            tab = self._field_tabs.get(problem.field) or self._field_tabs.get(_base_name(problem.field))
            if tab is not None:
                by_tab.setdefault(id(tab), []).append(self.describe(problem))
        for index, tab in enumerate(self.tabs):
            texts = by_tab.get(id(tab), [])
            tab.show_problems(texts)
            self.tab_widget.setTabText(index, _(tab.title) + (PROBLEM_MARK if texts else ""))
        return problems

    def describe(self, problem: ValidationError) -> str:
        """ "Name (Русский): ...", "Price per period (2 years): ...", "Add-ons: ..."."""
        entry = self._field_entry(problem.field)
        caption = (entry[0] if entry else problem.field).rstrip(": ")
        details = []
        parts = problem.field.split(".")
        if len(parts) > 1 and parts[-1] in self.form.languages.codes:
            details.append(language_name(parts[-1]))
        for part in parts[1:]:
            if part.isdigit():
                details.append(period_text(int(part)))
        if "[" in parts[0]:
            index = parts[0].split("[", 1)[1].rstrip("]")
            if index.isdigit():
                details.insert(0, "#" + str(int(index) + 1))
        if details:
            caption = "{caption} ({details})".format(caption=caption, details=", ".join(details))
        return f"{caption}: {problem.detail}"

    def _field_entry(self, field: str) -> tuple[str, QWidget] | None:
        return self._fields.get(field) or self._fields.get(_base_name(field))

    def _show_field_error(self, field: str, message: str) -> None:
        tab = self._field_tabs.get(field) or self._field_tabs.get(_base_name(field))
        if tab is not None:
            self.tab_widget.setCurrentWidget(tab)
        super()._show_field_error(field, message)

    def tab_problems(self, tab: TariffTab) -> str:
        """The problems shown on a tab (empty when none)."""
        return tab.problems_text()

    def _set_busy(self, busy: bool) -> None:
        super()._set_busy(busy)
        if not busy and not self.read_only:
            self._apply_dependencies(self.current_input())

    def _make_read_only(self, reason: str) -> None:
        super()._make_read_only(reason)
        for tab in self.tabs:
            tab.set_read_only(True)

    # --- the upstream list --------------------------------------------------------------------

    def load_price_list(self) -> None:
        """Read the chosen module's price list in the background (never waits on the network)."""
        module_id = self.main_tab.module_combo.field_value()
        if module_id is None:
            return
        self._listed_module = module_id
        db, actor = self._workspace.db, self._workspace.actor
        self.additional_tab.show_loading()
        run_in_background(
            lambda: load_price_list(db, actor, module_id),
            on_success=self._price_list_loaded,
            on_failure=self._price_list_failed,
            parent=self,
        )

    def _price_list_loaded(self, snapshot: PriceListSnapshot) -> None:
        if snapshot.module_id == self._listed_module:  # not a late answer for a module left since
            self.set_price_list(snapshot)

    def set_price_list(self, snapshot: PriceListSnapshot) -> None:
        """Use a price list read from the upstream: its certificate types and fresh costs."""
        self._fresh = snapshot
        self._updating = True
        try:
            self.additional_tab.set_price_list(snapshot)
        finally:
            self._updating = False
        self._on_any_change()

    def _price_list_failed(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            errors.present(self, exc)
            return
        self.additional_tab.set_price_list_failed(str(exc))

    # --- saving -------------------------------------------------------------------------------

    def _save(self) -> None:
        db, actor, record = self._workspace.db, self._workspace.actor, self.form.record
        values = self.current_input()
        upstream, fresh = self.upstream_in_view()
        self._submit(
            lambda: tariffs.update_tariff(
                db,
                actor,
                record.id,
                version=record.version,
                values=values,
                upstream=upstream if fresh else None,
            ),
            on_saved=self._on_saved,
            changes=(TARIFF_PLAN,),
        )


def open_tariff_dialog(
    workspace: Workspace,
    plan_id: int,
    parent: QWidget,
    *,
    on_opened: Callable[[TariffPlanDialog], None] | None = None,
    on_saved: Callable[[TariffRecord], None] | None = None,
) -> None:
    """Load the plan's form in the background, then open its dialog window-modally."""
    from PySide6.QtCore import Qt

    from sslbill_desktop.services.tariff_form import tariff_form

    db, actor = workspace.db, workspace.actor

    def opened(form: TariffForm) -> None:
        dialog = TariffPlanDialog(workspace, form, parent, on_saved=on_saved)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        if on_opened is not None:
            on_opened(dialog)

    run_in_background(lambda: tariff_form(db, actor, plan_id), on_success=opened, parent=parent)
