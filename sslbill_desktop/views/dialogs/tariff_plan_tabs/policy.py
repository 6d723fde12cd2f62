"""Policy: client groups, minimum order period, limits, simultaneous order, late renewal fee,
auto-deletion, weekends, tariff change, add-on policies, end date and staff notes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPlainTextEdit, QWidget

from sslbill_desktop.services.billing.terms import (
    AddonCancelPolicy,
    AddonOrderPolicy,
    ChangePolicy,
    LateFeePolicy,
    PeriodUnit,
    RenewFrom,
    WeekendPolicy,
)
from sslbill_desktop.services.i18n import N_, _, ngettext
from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_input import TariffInput
from sslbill_desktop.services.tariff_words import label
from sslbill_desktop.views.dialogs.tariff_plan_tabs.base import Register, TariffTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.inputs import (
    ChoiceCombo,
    GroupChecklist,
    OptionalDateEdit,
    OptionalNumberEdit,
)
from sslbill_desktop.views.widgets.money_edit import MoneyEdit


def _product_type_days(days: int | None) -> str:
    if days is None:
        return _("blank: the product type's setting (never deleted)")
    return ngettext(
        "blank: the product type's setting ({n} day)", "blank: the product type's setting ({n} days)", days
    ).format(n=days)


class PolicyTab(TariffTab):
    title = N_("Policy")

    def __init__(self, form: TariffForm, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(form, register, parent)
        groups = [(c.id, c.name) for c in form.client_groups]
        self.allowed_groups = GroupChecklist(groups)
        self.allowed_groups.setToolTip(
            _("Only these groups may order and change to the plan (none ticked: all).")
        )
        self.add_field("allowed_groups", _("Allow for client groups:"), self.allowed_groups)
        self.forbidden_groups = GroupChecklist(groups)
        self.forbidden_groups.setToolTip(_("These groups may not order or change to the plan."))
        self.add_field("forbidden_groups", _("Forbid to client groups:"), self.forbidden_groups)

        self.minimum_period = QCheckBox(_("Minimum order period"))
        self.minimum_period.setToolTip(_("A service cannot be deleted before this period has passed."))
        self.add_field("minimum_order_period", "", self.minimum_period)
        self.minimum_length = OptionalNumberEdit(digits=4)
        self.minimum_unit = ChoiceCombo(PeriodUnit)
        length_row = QWidget()
        row = QHBoxLayout(length_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.minimum_length)
        row.addWidget(self.minimum_unit)
        row.addStretch(1)
        self.form_layout.addRow("    " + _("Minimum period length:"), length_row)
        self.register_field("minimum_order_length", _("Minimum period length:"), self.minimum_length)
        self.register_field("minimum_order_unit", _("Minimum period length:"), self.minimum_unit)

        self.max_services = OptionalNumberEdit(_("no limit"))
        self.add_field(
            "max_services_per_client", _("Number of services available for order:"), self.max_services
        )
        self.simultaneous = QCheckBox(_("Simultaneous services order"))
        self.simultaneous.setToolTip(_("The client can order several services of the plan at once."))
        self.add_field("simultaneous_order", "", self.simultaneous)
        self.max_simultaneous = OptionalNumberEdit(digits=4)
        self.max_simultaneous.setToolTip(
            _("Large numbers of services ordered at once may slow the program down.")
        )
        self.add_child("max_simultaneous", _("Maximum number of services:"), self.max_simultaneous)

        self.late_fee = ChoiceCombo(LateFeePolicy)
        self.add_field("late_fee_policy", _("Late renewal fee:"), self.late_fee)
        self.late_amount = MoneyEdit(form.currency)
        self.late_amount.setToolTip(_("Added to the price of a late renewal."))
        self.add_child("late_fee_amount", _("Fixed amount:"), self.late_amount)
        self.late_percent = MoneyEdit(digits=2, placeholder="50")
        self.late_percent.setToolTip(
            _(
                "A percentage of the daily cost for each overdue day. Expired September 1, renewed "
                "September 5, daily cost $0.10: 5 × $0.10 = $0.50; at 50 % the fee is $0.25."
            )
        )
        self.add_child("late_fee_percent", _("Percent:"), self.late_percent)

        self.auto_delete = OptionalNumberEdit(
            _product_type_days(form.product_type.auto_delete_days), digits=4
        )
        self.auto_delete.setMinimumWidth(260)
        self.auto_delete.setMaximumWidth(360)
        self.add_field("auto_delete_days", _("Auto-deletion period, days:"), self.auto_delete)
        self.weekends = ChoiceCombo(WeekendPolicy)
        self.weekends.setItemText(
            0,
            _("{use} ({value})").format(
                use=label(WeekendPolicy.PRODUCT_TYPE), value=label(form.product_type.suspend_on_weekends)
            ),
        )
        self.add_field("suspend_on_weekends", _("Suspend service on weekends:"), self.weekends)

        self.change_policy = ChoiceCombo(ChangePolicy)
        self.add_field("change_policy", _("Tariff change policy:"), self.change_policy)
        self.renew_from = ChoiceCombo(RenewFrom)
        self.renew_from.setToolTip(_("Where the new term starts with full payment for the new plan."))
        self.add_child("renew_from", _("Renew from:"), self.renew_from)
        self.addon_order = ChoiceCombo(AddonOrderPolicy)
        self.add_field("addon_order_policy", _("Additional resources order policy:"), self.addon_order)
        self.addon_cancel = ChoiceCombo(AddonCancelPolicy)
        self.add_field("addon_cancel_policy", _("Add-on cancellation policy:"), self.addon_cancel)
        self.end_date = OptionalDateEdit(_("Ends on"))
        self.end_date.setToolTip(_("From this date the plan can be neither ordered nor renewed."))
        self.add_field("end_date", _("Tariff plan end date:"), self.end_date)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(_("Visible only to staff"))
        self.notes.setMaximumHeight(90)
        self.add_field("notes", _("Notes:"), self.notes)

    def set_values(self, settings: TariffInput) -> None:
        self.allowed_groups.set_value(settings.allowed_groups)
        self.forbidden_groups.set_value(settings.forbidden_groups)
        self.minimum_period.setChecked(settings.minimum_order_period)
        self.minimum_length.set_value(settings.minimum_order_length)
        self.minimum_unit.set_value(settings.minimum_order_unit)
        self.max_services.set_value(settings.max_services_per_client)
        self.simultaneous.setChecked(settings.simultaneous_order)
        self.max_simultaneous.set_value(settings.max_simultaneous)
        self.late_fee.set_value(settings.late_fee_policy)
        self.late_amount.set_value(settings.late_fee_amount)
        self.late_percent.set_value(settings.late_fee_percent)
        self.auto_delete.set_value(settings.auto_delete_days)
        self.weekends.set_value(settings.suspend_on_weekends)
        self.change_policy.set_value(settings.change_policy)
        self.renew_from.set_value(settings.renew_from)
        self.addon_order.set_value(settings.addon_order_policy)
        self.addon_cancel.set_value(settings.addon_cancel_policy)
        self.end_date.set_value(settings.end_date)
        self.notes.setPlainText(settings.notes)

    def values(self) -> dict[str, Any]:
        return {
            "allowed_groups": self.allowed_groups.field_value(),
            "forbidden_groups": self.forbidden_groups.field_value(),
            "minimum_order_period": self.minimum_period.isChecked(),
            "minimum_order_length": self.minimum_length.field_value(),
            "minimum_order_unit": self.minimum_unit.field_value(),
            "max_services_per_client": self.max_services.field_value(),
            "simultaneous_order": self.simultaneous.isChecked(),
            "max_simultaneous": self.max_simultaneous.field_value(),
            "late_fee_policy": self.late_fee.field_value(),
            "late_fee_amount": self.late_amount.field_value(),
            "late_fee_percent": self.late_percent.field_value(),
            "auto_delete_days": self.auto_delete.field_value(),
            "suspend_on_weekends": self.weekends.field_value(),
            "change_policy": self.change_policy.field_value(),
            "renew_from": self.renew_from.field_value(),
            "addon_order_policy": self.addon_order.field_value(),
            "addon_cancel_policy": self.addon_cancel.field_value(),
            "end_date": self.end_date.field_value(),
            "notes": self.notes.toPlainText(),
        }

    def update_dependencies(self, values: TariffInput) -> None:
        self.minimum_length.setEnabled(values.minimum_order_period)
        self.minimum_unit.setEnabled(values.minimum_order_period)
        self.max_simultaneous.setEnabled(values.simultaneous_order)
        policy = LateFeePolicy(values.late_fee_policy)
        self.late_amount.setEnabled(policy is LateFeePolicy.FIXED)
        self.late_percent.setEnabled(policy is LateFeePolicy.PERCENT)
        self.renew_from.setEnabled(ChangePolicy(values.change_policy) is ChangePolicy.FULL_PAYMENT)
        has_addons = bool(values.addons)
        for combo in (self.addon_order, self.addon_cancel):
            combo.setEnabled(has_addons)
            combo.setToolTip("" if has_addons else _("Add the plan's add-ons on the Add-ons tab first."))
