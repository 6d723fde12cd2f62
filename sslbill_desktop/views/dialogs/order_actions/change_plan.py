"""Change an order's plan (to a plan selling the same certificate type) or period, with the
engine's price under the old plan's change policy shown before confirming."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QWidget

from sslbill_desktop.services import order_actions
from sslbill_desktop.services.i18n import _, format_money
from sslbill_desktop.services.order_actions import ActionQuote, PlanOption
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views.dialogs.order_actions.quote_dialog import QuoteDialog

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


class ChangePlanDialog(QuoteDialog):
    def __init__(
        self,
        workspace: Workspace,
        record: OrderRecord,
        options: list[PlanOption],
        on: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Change the plan of {domain}").format(domain=record.domain or record.id),
            _("Change plan"),
            _("Now: {plan}, {period}. The plan's change policy decides what is charged or refunded.").format(
                plan=record.plan_title, period=period_text(record.period)
            ),
            parent,
        )
        self._workspace, self._record, self._on = workspace, record, on
        self._options = {o.id: o for o in options}
        self._plan = QComboBox()
        for option in options:
            self._plan.addItem(option.title, option.id)
        self._period = QComboBox()
        self.form.addRow(_("Tariff plan:"), self._plan)
        self.form.addRow(_("Period:"), self._period)
        self._plan.currentIndexChanged.connect(lambda _index: self._fill_periods())
        self._period.currentIndexChanged.connect(lambda _index: self.refresh())
        self._fill_periods()

    def _fill_periods(self) -> None:
        option = self._options.get(self._plan.currentData())
        self._period.blockSignals(True)
        self._period.clear()
        for months, price in option.prices if option is not None else ():
            self._period.addItem(
                f"{period_text(months)} — {format_money(price, self._record.currency)}", months
            )
        index = self._period.findData(self._record.period)
        self._period.setCurrentIndex(max(0, index))
        self._period.blockSignals(False)
        self.refresh()

    def choose(self, plan_id: int, months: int) -> None:
        self._plan.setCurrentIndex(self._plan.findData(plan_id))
        self._period.setCurrentIndex(self._period.findData(months))

    def quote(self) -> ActionQuote:
        w = self._workspace
        return order_actions.quote_change_plan(
            w.db,
            w.actor,
            self._record.id,
            plan_id=self._plan.currentData(),
            period=self._period.currentData(),
            on=self._on,
        )

    def act(self) -> Any:
        w = self._workspace
        return order_actions.change_plan(
            w.db,
            w.actor,
            self._record.id,
            version=self._record.version,
            plan_id=self._plan.currentData(),
            period=self._period.currentData(),
            on=self._on,
        )
