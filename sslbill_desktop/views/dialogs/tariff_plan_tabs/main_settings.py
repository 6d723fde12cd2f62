"""Main settings: name per localization, certificate authority, the charging options and their
children, quick order, and the activation notification and service agreement templates."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QWidget

from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_input import TariffInput
from sslbill_desktop.views.dialogs.tariff_plan_tabs.base import Register, TariffTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.inputs import NumberEdit, ReferenceCombo, as_int
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit


class ModuleCombo(QComboBox):
    """The certificate authority: one of the processing modules."""

    def __init__(self, form: TariffForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for choice in form.modules:
            self.addItem(choice.name, choice.id)

    def field_value(self) -> int | None:
        data = self.currentData()
        return int(data) if data else None

    def set_value(self, ident: int | None) -> None:
        index = self.findData(ident)
        self.setCurrentIndex(max(index, 0))


class MainSettingsTab(TariffTab):
    title = N_("Main settings")

    def __init__(self, form: TariffForm, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(form, register, parent)
        languages = list(form.languages.codes)
        self.name_edit = LocalizedEdit(languages, placeholder=_("Name"))
        self.add_field("name", _("Name:"), self.name_edit, required=True)
        self.module_combo = ModuleCombo(form)
        self.add_field("processing_module_id", _("Certificate authority:"), self.module_combo, required=True)

        self.charge_daily = QCheckBox(_("Charge daily"))
        self.charge_daily.setToolTip(
            _("The client is charged once a day for the certificate instead of per period.")
        )
        self.add_field("charge_daily", "", self.charge_daily)
        self.daily_by_period = QCheckBox(_("Calculate daily cost depending on order period"))
        self.daily_by_period.setToolTip(
            _(
                "The daily cost is the period's price divided by the days of the period, so every period "
                "costs exactly its price (a 31-day January costs the monthly price, not 31/30 of it)."
            )
        )
        self.add_child("daily_cost_by_order_period", "", self.daily_by_period)

        self.allow_suspend = QCheckBox(_("Allow clients to resume/suspend services"))
        self.add_field("allow_client_suspend", "", self.allow_suspend)
        self.charge_after_suspension = QCheckBox(_("Charge client after suspension"))
        self.charge_after_suspension.setToolTip(
            _("On: the client pays for the downtime. Off: the unused days are refunded on suspension.")
        )
        self.add_child("charge_after_suspension", "", self.charge_after_suspension)

        self.calendar = QCheckBox(_("Calendar-based charges"))
        self.calendar.setToolTip(_("The service term is aligned with calendar months."))
        self.add_field("calendar_charges", "", self.calendar)
        self.prorata_day = NumberEdit(1, 31)
        self.prorata_day.setToolTip(
            _(
                "Ordered before this day of the month, the term runs to the end of the month; on or after "
                "it, to the end of the next month. With day 15, an order on July 12 is active until "
                "August 1, one on July 17 until September 1."
            )
        )
        self.add_child("prorata_day", _("Pro-rata day:"), self.prorata_day)

        self.quick_order = QCheckBox(_("Quick order"))
        self.quick_order.setToolTip(
            _("Order a certificate without its parameters; they are filled in later from the order.")
        )
        self.add_field("quick_order", "", self.quick_order)
        messages = [(c.id, c.name) for c in form.message_templates]
        documents = [(c.id, c.name) for c in form.document_templates]
        self.activation_combo = ReferenceCombo(messages, _("(none)"))
        self.activation_combo.setToolTip(_("Message templates are added under Settings → Message templates."))
        self.add_field("activation_template_id", _("Service activation notification:"), self.activation_combo)
        self.agreement_combo = ReferenceCombo(documents, _("(none)"))
        self.agreement_combo.setToolTip(
            _("Document templates are added under Settings → Document templates.")
        )
        self.add_field("agreement_template_id", _("Service agreement:"), self.agreement_combo)

    def set_values(self, settings: TariffInput) -> None:
        self.name_edit.set_value(dict(settings.name))
        self.module_combo.set_value(settings.processing_module_id)
        self.charge_daily.setChecked(settings.charge_daily)
        self.daily_by_period.setChecked(settings.daily_cost_by_order_period)
        self.allow_suspend.setChecked(settings.allow_client_suspend)
        self.charge_after_suspension.setChecked(settings.charge_after_suspension)
        self.calendar.setChecked(settings.calendar_charges)
        self.prorata_day.setValue(as_int(settings.prorata_day, 15))
        self.quick_order.setChecked(settings.quick_order)
        self.activation_combo.set_value(settings.activation_template_id)
        self.agreement_combo.set_value(settings.agreement_template_id)

    def values(self) -> dict[str, Any]:
        charge_daily = self.charge_daily.isChecked()
        return {
            "name": self.name_edit.value(),
            "processing_module_id": self.module_combo.field_value(),
            "charge_daily": charge_daily,
            "daily_cost_by_order_period": self.daily_by_period.isChecked(),
            "allow_client_suspend": self.allow_suspend.isChecked(),
            "charge_after_suspension": self.charge_after_suspension.isChecked(),
            # not available with charge daily: the box keeps its tick but means nothing then
            "calendar_charges": self.calendar.isChecked() and not charge_daily,
            "prorata_day": self.prorata_day.field_value(),
            "quick_order": self.quick_order.isChecked(),
            "activation_template_id": self.activation_combo.field_value(),
            "agreement_template_id": self.agreement_combo.field_value(),
        }

    def update_dependencies(self, values: TariffInput) -> None:
        self.daily_by_period.setEnabled(values.charge_daily)
        self.charge_after_suspension.setEnabled(values.allow_client_suspend)
        self.calendar.setEnabled(not values.charge_daily)
        self.calendar.setToolTip(
            _("Not available with Charge daily.")
            if values.charge_daily
            else _("The service term is aligned with calendar months.")
        )
        self.prorata_day.setEnabled(values.calendar_charges)
