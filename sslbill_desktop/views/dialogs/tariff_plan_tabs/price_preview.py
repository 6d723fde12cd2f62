"""Price preview: a scenario replayed by the billing engine on the dialog's unsaved values.

Pick a scenario — order on a date for a period, renew late by N days, change to another plan on a
date, order an add-on on a date — and see the ledger with each line's explanation. The table is
recomputed whenever an option of the dialog changes (`refresh`). The scenario's inputs are not
options of the plan: they stay usable in a read-only dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import N_, _, format_date, format_money
from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_input import TariffInput
from sslbill_desktop.services.tariff_preview import (
    KIND_LABELS,
    MAX_LATE_DAYS,
    STATUS_LABELS,
    PreviewKind,
    PreviewResult,
    PreviewScenario,
)
from sslbill_desktop.services.tariff_terms import new_addon_key
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE
from sslbill_desktop.views.dialogs.tariff_plan_tabs.base import NOTE_STYLE, Register, TariffTab
from sslbill_desktop.views.explanations import explanation_text

Compute = Callable[[TariffInput, PreviewScenario], tuple[PreviewResult, list[ValidationError]]]
REFUSED_COLOR = QColor("#b3261e")
COLUMNS = (N_("Date"), N_("Line"), N_("Amount"), N_("Explanation"))


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(value: date) -> QDateEdit:
    edit = QDateEdit(_qdate(value))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMaximumWidth(160)
    return edit


class PricePreviewTab(TariffTab):
    title = N_("Price preview")

    def __init__(
        self,
        form: TariffForm,
        register: Register,
        compute: Compute,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(form, register, parent)
        self._compute = compute
        self._values: TariffInput | None = None
        self.result: PreviewResult | None = None
        self.kind_combo = QComboBox()
        for kind, text in KIND_LABELS.items():
            self.kind_combo.addItem(_(text), kind.value)
        self.form_layout.addRow(_("Scenario:"), self.kind_combo)
        self.order_date = _date_edit(today)
        self.form_layout.addRow(_("Order on:"), self.order_date)
        self.period_combo = QComboBox()
        self.form_layout.addRow(_("For:"), self.period_combo)
        self.late_days = QSpinBox()
        self.late_days.setRange(0, MAX_LATE_DAYS)
        self.late_days.setValue(5)
        self.late_days.setToolTip(
            _(
                "Overdue days as billing counts them: the expiry day and the renewal day both count; "
                "0 is on time."
            )
        )
        self.form_layout.addRow(_("Renew late by (days):"), self.late_days)
        self.change_date = _date_edit(today.replace(day=1) if today.day > 1 else today)
        self.form_layout.addRow(_("Change on:"), self.change_date)
        self.other_plan = QComboBox()
        for plan in form.other_plans:
            self.other_plan.addItem(plan.title, plan.key)
        if not form.other_plans:
            self.other_plan.setPlaceholderText(_("The provider has no other plan"))
        self.form_layout.addRow(_("To the plan:"), self.other_plan)
        self.change_period = QComboBox()
        self.form_layout.addRow(_("New period:"), self.change_period)
        self.addon_date = _date_edit(today)
        self.form_layout.addRow(_("Add-on ordered on:"), self.addon_date)
        self.addon_combo = QComboBox()
        self.form_layout.addRow(_("Add-on:"), self.addon_combo)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 1000)
        self.form_layout.addRow(_("Quantity:"), self.quantity)
        for widget in (
            self.kind_combo,
            self.period_combo,
            self.other_plan,
            self.change_period,
            self.addon_combo,
        ):
            widget.setMaximumWidth(420)
        for spin in (self.late_days, self.quantity):
            spin.setMaximumWidth(120)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(150)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.form_layout.addRow(self.table)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.form_layout.addRow(self.summary)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(ERROR_STYLE)
        self.note.hide()
        self.form_layout.addRow(self.note)
        explanation = self.add_note(
            _(
                "The same billing engine as `sslbill-desktop simulate`, on the values in this dialog, "
                "saved or not. The plan is treated as enabled and open to every client group, and the "
                "client's balance covers everything."
            )
        )
        explanation.setStyleSheet(NOTE_STYLE)
        self._connect()

    def _connect(self) -> None:
        for combo in (
            self.kind_combo,
            self.period_combo,
            self.other_plan,
            self.change_period,
            self.addon_combo,
        ):
            combo.currentIndexChanged.connect(lambda _i: self._recompute())
        for edit in (self.order_date, self.change_date, self.addon_date):
            edit.dateChanged.connect(lambda _d: self._recompute())
        for spin in (self.late_days, self.quantity):
            spin.valueChanged.connect(lambda _v: self._recompute())
        self.other_plan.currentIndexChanged.connect(lambda _i: self._fill_change_periods())

    # --- the dialog's hooks -------------------------------------------------------------------

    def set_values(self, settings: TariffInput) -> None:
        self.refresh(settings)

    def values(self) -> dict[str, Any]:
        return {}

    def refresh(self, values: TariffInput) -> None:
        """Recompute for the dialog's current values (called on every change)."""
        self._values = values
        self._fill_periods(values)
        self._fill_addons(values)
        self._fill_change_periods()
        self._recompute()

    # --- choices ------------------------------------------------------------------------------

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == items:
            return
        combo.blockSignals(True)
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(index if index >= 0 else (0 if items else -1))
        combo.blockSignals(False)

    def _fill_periods(self, values: TariffInput) -> None:
        months = sorted({p.months for p in values.prices if not (values.disable_yearly and p.months == 12)})
        items = [(period_text(m), m) for m in months]
        if not self.period_combo.count() and 12 in months:
            self._refill(self.period_combo, items)
            self.period_combo.setCurrentIndex(self.period_combo.findData(12))
        else:
            self._refill(self.period_combo, items)

    def _fill_addons(self, values: TariffInput) -> None:
        default = self.form.languages.default
        items = [
            (pick(addon.name, default) or _("New add-on"), addon.key or new_addon_key(index))
            for index, addon in enumerate(values.addons)
        ]
        self._refill(self.addon_combo, items)

    def _fill_change_periods(self) -> None:
        key = self.other_plan.currentData()
        plan = next((p for p in self.form.other_plans if p.key == key), None)
        months = list(plan.terms.orderable_periods()) if plan is not None else []
        self._refill(self.change_period, [(period_text(m), m) for m in months])

    # --- the replay ---------------------------------------------------------------------------

    def scenario(self) -> PreviewScenario:
        kind = PreviewKind(self.kind_combo.currentData())
        period = self.period_combo.currentData()
        return PreviewScenario(
            kind=kind,
            order_on=_date(self.order_date.date()),
            period=int(period) if period else 12,
            late_days=int(self.late_days.value()),
            change_on=_date(self.change_date.date()),
            other_plan=self.other_plan.currentData(),
            change_period=self.change_period.currentData(),
            addon_on=_date(self.addon_date.date()),
            addon=self.addon_combo.currentData(),
            quantity=int(self.quantity.value()),
        )

    def set_kind(self, kind: PreviewKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))

    def _show_rows_for(self, kind: PreviewKind) -> None:
        rows = {
            self.late_days: kind is PreviewKind.RENEW_LATE,
            self.change_date: kind is PreviewKind.CHANGE_PLAN,
            self.other_plan: kind is PreviewKind.CHANGE_PLAN,
            self.change_period: kind is PreviewKind.CHANGE_PLAN,
            self.addon_date: kind is PreviewKind.ORDER_ADDON,
            self.addon_combo: kind is PreviewKind.ORDER_ADDON,
            self.quantity: kind is PreviewKind.ORDER_ADDON,
        }
        for widget, visible in rows.items():
            self.form_layout.setRowVisible(widget, visible)

    def _recompute(self) -> None:
        scenario = self.scenario()
        self._show_rows_for(scenario.kind)
        if self._values is None:
            return
        if not self.period_combo.count():
            self._show(None, [], _("Give the plan a price for at least one period to see a preview."))
            return
        if scenario.kind is PreviewKind.CHANGE_PLAN and scenario.other_plan is None:
            self._show(None, [], _("The provider has no other tariff plan to change to."))
            return
        if scenario.kind is PreviewKind.ORDER_ADDON and scenario.addon is None:
            self._show(None, [], _("The plan has no add-ons: add one on the Add-ons tab."))
            return
        result, problems = self._compute(self._values, scenario)
        self._show(result, problems, "")

    def _show(self, result: PreviewResult | None, problems: list[ValidationError], message: str) -> None:
        self.result = result
        lines = result.lines if result is not None else ()
        self.table.setRowCount(len(lines))
        currency = self.form.currency
        for row, line in enumerate(lines):
            amount = format_money(line.amount, currency) if line.amount is not None else "—"
            cells = (
                format_date(line.date, "short"),
                line.kind,
                amount,
                explanation_text(line.explanation, line.note),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if line.refused:
                    item.setForeground(QBrush(REFUSED_COLOR))
                self.table.setItem(row, column, item)
        if result is None:
            self.summary.setText(message)
        else:
            state = ""
            if result.status is not None and result.expires_on is not None:
                state = " " + _(
                    "Afterwards the service is {status} until {date} (the first day not paid for)."
                ).format(status=_(STATUS_LABELS[result.status]), date=format_date(result.expires_on))
            self.summary.setText(
                _("The client pays {total} in all.").format(total=format_money(result.total, currency))
                + state
            )
        if problems:
            self.note.setText(
                _("Some values cannot be used yet, so the defaults stand in for them: {problems}").format(
                    problems="; ".join(str(p) for p in problems[:3])
                )
            )
        self.note.setVisible(bool(problems))

    def row_texts(self) -> list[tuple[str, str, str, str]]:
        """What the table shows, row by row (tests and screenshots)."""
        rows = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, column) for column in range(self.table.columnCount())]
            texts = [cell.text() if cell is not None else "" for cell in cells]
            rows.append((texts[0], texts[1], texts[2], texts[3]))
        return rows
