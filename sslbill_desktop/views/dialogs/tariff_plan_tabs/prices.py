"""Prices: the price per period (one year at least), disable the yearly period, the setup fee,
renewal with special price and the renewal prices — with the margin guard: for each period the
upstream cost, the sell price and the margin, in the provider's currency; a different upstream
currency is flagged, as the source requires the two to match."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from sslbill_desktop.services.i18n import N_, _, format_datetime
from sslbill_desktop.services.margins import MarginReport
from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_input import TariffInput
from sslbill_desktop.services.tariffs import UpstreamCosts
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE
from sslbill_desktop.views.dialogs.tariff_plan_tabs.base import NOTE_STYLE, Register, TariffTab
from sslbill_desktop.views.widgets.money_edit import MoneyEdit
from sslbill_desktop.views.widgets.period_prices import PeriodPricesEdit


class PricesTab(TariffTab):
    title = N_("Prices")

    def __init__(self, form: TariffForm, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(form, register, parent)
        currency = form.currency
        self.add_note(
            _("Prices are in {currency}, the currency of the provider {provider}.").format(
                currency=currency, provider=form.record.provider_name
            )
        )
        self.prices_edit = PeriodPricesEdit(currency, required=(12,), with_renewal=True, with_margins=True)
        self.add_field("prices", _("Price per period:"), self.prices_edit, required=True)
        self.costs_label = QLabel()
        self.costs_label.setWordWrap(True)
        self.costs_label.setStyleSheet(NOTE_STYLE)
        self.form_layout.addRow(self.costs_label)
        self.mismatch_label = QLabel()
        self.mismatch_label.setWordWrap(True)
        self.mismatch_label.setStyleSheet(ERROR_STYLE)
        self.mismatch_label.hide()
        self.form_layout.addRow(self.mismatch_label)
        self.loss_label = QLabel()
        self.loss_label.setWordWrap(True)
        self.loss_label.setStyleSheet(ERROR_STYLE)
        self.loss_label.hide()
        self.form_layout.addRow(self.loss_label)
        self.disable_yearly = QCheckBox(_('Disable the "Yearly" period'))
        self.disable_yearly.setToolTip(_("Clients cannot order the certificate for one year."))
        self.add_field("disable_yearly", "", self.disable_yearly)
        self.setup_fee = MoneyEdit(currency)
        self.setup_fee.setToolTip(_("Charged once, with the first order."))
        self.add_field("setup_fee", _("Setup fee:"), self.setup_fee)
        self.special_renewal = QCheckBox(_("Renewal with special price"))
        self.special_renewal.setToolTip(
            _("A separate price for renewals; enter it in the Renewal price column (blank: the order price).")
        )
        self.add_field("special_renewal", "", self.special_renewal)

    def set_values(self, settings: TariffInput) -> None:
        self.prices_edit.set_prices(settings.prices)
        self.disable_yearly.setChecked(settings.disable_yearly)
        self.setup_fee.set_value(settings.setup_fee if settings.setup_fee else None)
        self.special_renewal.setChecked(settings.special_renewal)

    def values(self) -> dict[str, Any]:
        return {
            "prices": self.prices_edit.prices(),
            "disable_yearly": self.disable_yearly.isChecked(),
            "setup_fee": self.setup_fee.field_value(),
            "special_renewal": self.special_renewal.isChecked(),
        }

    def update_dependencies(self, values: TariffInput) -> None:
        self.prices_edit.set_renewal_enabled(values.special_renewal)

    def show_margins(self, report: MarginReport, upstream: UpstreamCosts, fresh: bool) -> None:
        """The margin guard for the values in the dialog now."""
        self.prices_edit.set_margins(report, upstream.costs)
        if upstream.at is None:
            self.costs_label.setText(_("No upstream costs are known for this certificate type."))
        else:
            when = format_datetime(upstream.at, "short")
            self.costs_label.setText(
                _("Upstream costs in {currency}, read from the upstream {time}.").format(
                    currency=upstream.currency or "?", time=when
                )
                if fresh
                else _("Upstream costs in {currency} as stored on {time} (the last known).").format(
                    currency=upstream.currency or "?", time=when
                )
            )
        self.mismatch_label.setVisible(report.currency_mismatch)
        self.mismatch_label.setText(
            _(
                "The upstream sells in {upstream} but this plan's provider sells in {currency}: the "
                "currencies of the selling and reselling platforms must match. Margins cannot be computed."
            ).format(upstream=report.upstream_currency, currency=report.currency)
        )
        losses = report.loss_text()
        self.loss_label.setVisible(bool(losses))
        self.loss_label.setText(_("Below the upstream cost:") + "\n" + losses if losses else "")
