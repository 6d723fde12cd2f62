"""Renew an order: the period, and the renewal's lines (late fee, kept weekend days) first."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QWidget

from sslbill_desktop.services import order_actions
from sslbill_desktop.services.i18n import _, format_date
from sslbill_desktop.services.order_actions import ActionQuote
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views.dialogs.order_actions.quote_dialog import QuoteDialog

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


class RenewDialog(QuoteDialog):
    def __init__(
        self,
        workspace: Workspace,
        record: OrderRecord,
        periods: list[int],
        on: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Renew {domain}").format(domain=record.domain or record.id),
            _("Renew"),
            _("Paid until {date}. Renewing charges the client's balance.").format(
                date=format_date(record.expires_on) if record.expires_on else "—"
            ),
            parent,
        )
        self._workspace, self._record, self._on = workspace, record, on
        self._period = QComboBox()
        for months in periods:
            self._period.addItem(period_text(months), months)
        current = self._period.findData(record.period)
        self._period.setCurrentIndex(max(0, current))
        self.form.addRow(_("Period:"), self._period)
        self._period.currentIndexChanged.connect(lambda _index: self.refresh())
        self.refresh()

    def choose_period(self, months: int) -> None:
        self._period.setCurrentIndex(self._period.findData(months))

    def quote(self) -> ActionQuote:
        w = self._workspace
        return order_actions.quote_renew(w.db, w.actor, self._record.id, self._on, self._period.currentData())

    def act(self) -> Any:
        w = self._workspace
        return order_actions.renew_order(
            w.db,
            w.actor,
            self._record.id,
            version=self._record.version,
            on=self._on,
            period=self._period.currentData(),
        )
