"""Prices per order period: a row per period with "offered", the price, and optionally the special
renewal price, the upstream cost and the margin (the tariff dialog's Prices tab); the same widget
without those columns prices an add-on.

A period is offered when its box is ticked; its price (and renewal price) inputs are enabled only
then. A required period (one year for a plan) is always offered. Amounts are `MoneyEdit`s in the
plan's currency; `prices()` returns the offered rows as `PeriodPrice`s with each amount as the
edit gives it (a `Decimal`, None when blank, or the text when it is not an amount), so the
service's check names the bad one (`prices.12`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from sslbill_desktop.services.i18n import _, format_money
from sslbill_desktop.services.margins import MarginReport, comparable_cost
from sslbill_desktop.services.tariff_input import STANDARD_PERIODS, PeriodPrice
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views.widgets.money_edit import MoneyEdit

LOSS_STYLE = "color: #b3261e; font-weight: bold;"
GAIN_STYLE = "color: #1e7b34;"
QUIET_STYLE = "color: #5f6368;"


class PeriodPricesEdit(QWidget):
    """See the module documentation."""

    changed = Signal()

    def __init__(
        self,
        currency: str,
        parent: QWidget | None = None,
        *,
        periods: Iterable[int] = STANDARD_PERIODS,
        required: Iterable[int] = (),
        with_renewal: bool = False,
        with_margins: bool = False,
    ) -> None:
        super().__init__(parent)
        self._currency = currency
        self._required = frozenset(required)
        self._with_renewal = with_renewal
        self._with_margins = with_margins
        self._renewal_enabled = False
        self._read_only = False
        self._rows: dict[
            int, tuple[QCheckBox, MoneyEdit, MoneyEdit | None, QLabel | None, QLabel | None]
        ] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(14)
        self._init_header()
        for months in sorted(set(periods) | self._required):
            self._add_row(months)

    # --- construction -------------------------------------------------------------------------

    def _init_header(self) -> None:
        titles = [_("Period"), _("Price")]
        if self._with_renewal:
            titles.append(_("Renewal price"))
        if self._with_margins:
            titles += [_("Upstream cost"), _("Margin")]
        for column, title in enumerate(titles):
            label = QLabel(f"<b>{title}</b>")
            self._grid.addWidget(label, 0, column)
        self._grid.setColumnStretch(len(titles), 1)

    def _add_row(self, months: int) -> None:
        row = len(self._rows) + 1
        check = QCheckBox(period_text(months))
        check.setObjectName(f"offered_{months}")
        price = MoneyEdit(self._currency)
        price.setObjectName(f"price_{months}")
        price.setAccessibleName(_("Price for {period}").format(period=period_text(months)))
        self._grid.addWidget(check, row, 0)
        self._grid.addWidget(price, row, 1)
        column = 2
        renewal: MoneyEdit | None = None
        cost: QLabel | None = None
        margin: QLabel | None = None
        if self._with_renewal:
            renewal = MoneyEdit(self._currency, placeholder=_("as ordered"))
            renewal.setObjectName(f"renewal_{months}")
            renewal.setAccessibleName(_("Renewal price for {period}").format(period=period_text(months)))
            self._grid.addWidget(renewal, row, column)
            column += 1
        if self._with_margins:
            cost, margin = QLabel("—"), QLabel("—")
            cost.setStyleSheet(QUIET_STYLE)
            self._grid.addWidget(cost, row, column, Qt.AlignmentFlag.AlignRight)
            self._grid.addWidget(margin, row, column + 1)
        if months in self._required:  # always ticked; shown like the others, not greyed
            check.setChecked(True)
            check.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            check.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            check.setToolTip(_("This period always has a price."))
        self._rows[months] = (check, price, renewal, cost, margin)
        check.toggled.connect(self._on_offered_toggled)
        price.value_changed.connect(self.changed)
        if renewal is not None:
            renewal.value_changed.connect(self.changed)
        self._update_row(months)

    # --- access -------------------------------------------------------------------------------

    def periods(self) -> list[int]:
        return sorted(self._rows)

    def offered_check(self, months: int) -> QCheckBox:
        return self._rows[months][0]

    def price_edit(self, months: int) -> MoneyEdit:
        return self._rows[months][1]

    def renewal_edit(self, months: int) -> MoneyEdit:
        edit = self._rows[months][2]
        if edit is None:
            raise KeyError(f"no renewal column for {months} months")
        return edit

    def cost_label(self, months: int) -> QLabel:
        label = self._rows[months][3]
        if label is None:
            raise KeyError("no margin columns")
        return label

    def margin_label(self, months: int) -> QLabel:
        label = self._rows[months][4]
        if label is None:
            raise KeyError("no margin columns")
        return label

    # --- values -------------------------------------------------------------------------------

    def set_prices(self, prices: Sequence[PeriodPrice]) -> None:
        given = {p.months: p for p in prices}
        for months in sorted(given):
            if months not in self._rows:
                self._add_row(months)
        for months, (check, price, renewal, _cost, _margin) in self._rows.items():
            item = given.get(months)
            check.setChecked(item is not None or months in self._required)
            price.set_value(item.price if item is not None else None)
            if renewal is not None:
                renewal.set_value(item.renewal_price if item is not None else None)
            self._update_row(months)

    def prices(self) -> tuple[PeriodPrice, ...]:
        result = []
        for months, (check, price, renewal, _cost, _margin) in sorted(self._rows.items()):
            if not check.isChecked():
                continue
            renewal_value = renewal.field_value() if renewal is not None else None
            result.append(PeriodPrice(months, price.field_value(), renewal_value))
        return tuple(result)

    def field_value(self) -> tuple[PeriodPrice, ...]:
        return self.prices()

    def set_renewal_enabled(self, enabled: bool) -> None:
        """Renewal prices are editable only with "renewal with special price"."""
        self._renewal_enabled = enabled
        for months in self._rows:
            self._update_row(months)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for months in self._rows:
            self._update_row(months)

    def setEnabled(self, enabled: bool) -> None:
        super().setEnabled(enabled)
        for months in self._rows:
            self._update_row(months)

    def _on_offered_toggled(self, _checked: bool) -> None:
        for months in self._rows:
            self._update_row(months)
        self.changed.emit()

    def _update_row(self, months: int) -> None:
        check, price, renewal, _cost, _margin = self._rows[months]
        offered = check.isChecked()
        if months in self._required:
            check.setChecked(True)
        else:
            check.setEnabled(not self._read_only)
        price.setEnabled(offered)
        price.setReadOnly(self._read_only)
        if renewal is not None:
            renewal.setEnabled(offered and self._renewal_enabled)
            renewal.setReadOnly(self._read_only)

    # --- margins ------------------------------------------------------------------------------

    def set_margins(self, report: MarginReport, costs: Mapping[int, Decimal | None]) -> None:
        """Show each period's upstream cost and, for offered periods, the margin of its prices."""
        if not self._with_margins:
            return
        rows = {row.months: row for row in report.rows}
        for months, (_check, _price, _renewal, cost_label, margin_label) in self._rows.items():
            assert cost_label is not None and margin_label is not None
            cost, basis = comparable_cost(months, costs, self._currency)
            money = report.upstream_currency or self._currency
            if cost is None:
                cost_label.setText("—")
                cost_label.setToolTip(_("The upstream does not sell this period."))
            else:
                cost_label.setText(format_money(cost, money))
                cost_label.setToolTip(
                    _("{share} of the upstream's price for {period}").format(
                        share=f"{months}/{basis}", period=period_text(basis or months)
                    )
                    if basis != months
                    else _("What the upstream charges for {period}").format(period=period_text(months))
                )
            self._show_margin(margin_label, rows.get(months), report)

    def _show_margin(self, label: QLabel, row: object, report: MarginReport) -> None:
        from sslbill_desktop.services.margins import MarginRow

        if not isinstance(row, MarginRow):
            label.setText("")
            label.setToolTip("")
            return
        if report.currency_mismatch:
            label.setText(_("not comparable"))
            label.setStyleSheet(LOSS_STYLE)
            label.setToolTip(_("The upstream sells in another currency."))
            return
        if row.margin is None:
            label.setText("—")
            label.setStyleSheet(QUIET_STYLE)
            label.setToolTip(_("Nothing to compare with."))
            return
        parts = [_signed(row.margin, self._currency)]
        if row.margin_percent is not None:
            parts.append(f"({row.margin_percent}%)")
        if row.renewal_margin is not None:
            parts.append(_("renewal {margin}").format(margin=_signed(row.renewal_margin, self._currency)))
        label.setText(" ".join(parts))
        label.setStyleSheet(LOSS_STYLE if row.loss else GAIN_STYLE)
        label.setToolTip(
            _("Below the upstream cost: a loss") if row.loss else _("Sell price minus upstream cost")
        )


def _signed(amount: Decimal, currency: str) -> str:
    text = format_money(abs(amount), currency)
    return f"−{text}" if amount < 0 else f"+{text}"
