"""A tariff plan's options in words: the labels of every choice (for the dialog's combo boxes)
and the policies as sentences (for the PDF tariff sheet and the CSV export).

Labels are marked with `N_` and translated where shown (`label(value)`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from sslbill_desktop.services.billing.terms import (
    AddonCancelPolicy,
    AddonOrderPolicy,
    ChangePolicy,
    LateFeePolicy,
    PeriodUnit,
    ProductTypeSettings,
    RenewFrom,
    WeekendPolicy,
)
from sslbill_desktop.services.i18n import N_, _, format_date, format_money, ngettext
from sslbill_desktop.services.tariff_input import TariffInput

LABELS: dict[StrEnum, str] = {
    LateFeePolicy.NONE: N_("Without fee"),
    LateFeePolicy.FIXED: N_("Fixed amount"),
    LateFeePolicy.PERCENT: N_("Percent from the price for late renewal"),
    LateFeePolicy.RENEW_FROM_SUSPENSION: N_("Renew from suspension date"),
    WeekendPolicy.PRODUCT_TYPE: N_("Use product type settings"),
    WeekendPolicy.SUSPEND: N_("Suspend services"),
    WeekendPolicy.DO_NOT_SUSPEND: N_("Do not suspend services"),
    ChangePolicy.CHANGE_PERIOD: N_("Change period"),
    ChangePolicy.ADD_FUNDS_REFUND: N_("Add funds/refund"),
    ChangePolicy.FORBIDDEN: N_("Tariff cannot be changed"),
    ChangePolicy.CHARGE_ONLY: N_("Extra charge only, no refund upon downgrade"),
    ChangePolicy.FULL_PAYMENT: N_("Full payment for a new tariff plan"),
    RenewFrom.CURRENT_DATE: N_("Current date"),
    RenewFrom.EXPIRATION_DATE: N_("Service expiration date"),
    AddonOrderPolicy.UNTIL_EXPIRATION: N_("Price before a service expiration date"),
    AddonOrderPolicy.FULL_PERIOD: N_("Full price over the whole period"),
    AddonCancelPolicy.REFUND: N_("Refund for the remaining service term"),
    AddonCancelPolicy.NO_REFUND: N_("Remove without compensation"),
    PeriodUnit.DAYS: N_("days"),
    PeriodUnit.MONTHS: N_("months"),
}


def label(value: StrEnum | str, enum: type[StrEnum] | None = None) -> str:
    """The translated label of a choice (given as the member, or its string with `enum`)."""
    member = enum(value) if enum is not None and not isinstance(value, StrEnum) else value
    return _(LABELS[member]) if isinstance(member, StrEnum) and member in LABELS else str(value)


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """`(value, translated label)` for every member, in declaration order."""
    return [(member.value, _(LABELS[member])) for member in enum]


def period_text(months: int) -> str:
    """ "1 month", "1 year", "2 years", "6 months"."""
    if months % 12 == 0:
        years = months // 12
        return ngettext("{n} year", "{n} years", years).format(n=years)
    return ngettext("{n} month", "{n} months", months).format(n=months)


def _yes(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def policy_lines(
    settings: TariffInput,
    *,
    currency: str,
    product_type: ProductTypeSettings,
    group_names: Mapping[int, str] | None = None,
) -> list[tuple[str, str]]:
    """The plan's rules as `(what, in words)` lines, in the order of the source's blocks.

    Options that are off say so briefly; a child option is described only with its parent on.
    """
    groups = group_names or {}
    lines: list[tuple[str, str]] = []
    add = lines.append

    if settings.charge_daily:
        how = (
            _("Charged daily; the daily cost is the order period's price divided by its days")
            if settings.daily_cost_by_order_period
            else _("Charged daily; the daily cost is the monthly price divided by 30")
        )
    elif settings.calendar_charges:
        how = _(
            "Paid per period, aligned to calendar months: ordered before day {day} of a month, the term "
            "runs to the end of that month; on or after it, to the end of the next month"
        ).format(day=settings.prorata_day)
    else:
        how = _("Paid per period, from the order date")
    add((_("Billing"), how))
    setup = settings.setup_fee
    if setup:
        add((_("Setup fee"), _("{amount} with the first order").format(amount=_money(setup, currency))))
    if settings.special_renewal and any(p.renewal_price not in (None, "") for p in settings.prices):
        add((_("Renewal"), _("Renewals have their own prices (see the price table)")))
    else:
        add((_("Renewal"), _("Renewals cost the order price")))
    add((_("Late renewal fee"), _late_fee(settings, currency)))
    add((_("Suspend service on weekends"), _weekends(settings, product_type)))
    add((_("Auto-deletion period"), _auto_delete(settings, product_type)))
    if settings.allow_client_suspend:
        charged = (
            _("the downtime is charged")
            if settings.charge_after_suspension
            else _("the downtime is refunded")
        )
        add(
            (
                _("Suspend and resume"),
                _("Clients may suspend and resume the service; {charged}").format(charged=charged),
            )
        )
    else:
        add((_("Suspend and resume"), _("Clients cannot suspend or resume the service")))
    change = ChangePolicy(settings.change_policy)
    change_text = label(change)
    if change is ChangePolicy.FULL_PAYMENT:
        change_text = _("{policy}; the service is renewed from the {start}").format(
            policy=change_text, start=label(RenewFrom(settings.renew_from)).lower()
        )
    add((_("Tariff change"), change_text))
    if settings.addons:
        add((_("Additional resources"), label(AddonOrderPolicy(settings.addon_order_policy))))
        add((_("Add-on cancellation"), label(AddonCancelPolicy(settings.addon_cancel_policy))))
    if settings.minimum_order_period and settings.minimum_order_length:
        length = int(settings.minimum_order_length)
        unit = PeriodUnit(settings.minimum_order_unit)
        text = (
            ngettext("{n} day", "{n} days", length)
            if unit is PeriodUnit.DAYS
            else ngettext("{n} month", "{n} months", length)
        ).format(n=length)
        add((_("Minimum order period"), text))
    if settings.max_services_per_client not in (None, ""):
        add((_("Services per client"), _("At most {n}").format(n=settings.max_services_per_client)))
    if settings.simultaneous_order:
        if settings.max_simultaneous not in (None, ""):
            simultaneous = _("Up to {n} services in one order").format(n=settings.max_simultaneous)
        else:
            simultaneous = _("Several services in one order")
    else:
        simultaneous = _("One service per order")
    add((_("Simultaneous order"), simultaneous))
    if settings.allowed_groups:
        add((_("Only for client groups"), ", ".join(groups.get(g, str(g)) for g in settings.allowed_groups)))
    if settings.forbidden_groups:
        add((_("Not for client groups"), ", ".join(groups.get(g, str(g)) for g in settings.forbidden_groups)))
    add((_("Quick order"), _yes(settings.quick_order)))
    if settings.end_date is not None:
        add(
            (
                _("Tariff plan end date"),
                _("Orders and renewals until {date}").format(date=format_date(settings.end_date)),
            )
        )
    return lines


def _money(value: object, currency: str) -> str:
    from decimal import Decimal

    return format_money(Decimal(str(value)), currency)


def _late_fee(settings: TariffInput, currency: str) -> str:
    policy = LateFeePolicy(settings.late_fee_policy)
    if policy is LateFeePolicy.FIXED and settings.late_fee_amount not in (None, ""):
        return _("{amount} added to a late renewal").format(amount=_money(settings.late_fee_amount, currency))
    if policy is LateFeePolicy.PERCENT and settings.late_fee_percent not in (None, ""):
        return _("{percent} percent of the daily cost for each overdue day").format(
            percent=_percent(settings.late_fee_percent)
        )
    if policy is LateFeePolicy.RENEW_FROM_SUSPENSION:
        return _("A late renewal runs from the old expiry date, not from the renewal date")
    return _("Without fee")


def _percent(value: object) -> str:
    from decimal import Decimal

    return format(Decimal(str(value)).normalize(), "f")


def _weekends(settings: TariffInput, product_type: ProductTypeSettings) -> str:
    policy = WeekendPolicy(settings.suspend_on_weekends)
    if policy is WeekendPolicy.PRODUCT_TYPE:
        return _("{policy} (the product type's setting)").format(
            policy=label(product_type.suspend_on_weekends)
        )
    return label(policy)


def _auto_delete(settings: TariffInput, product_type: ProductTypeSettings) -> str:
    days = settings.auto_delete_days
    source = ""
    if days in (None, ""):
        days = product_type.auto_delete_days
        source = " " + _("(the product type's setting)")
    if days is None:
        return _("Expired services are not deleted") + source
    number = int(days)
    return ngettext("{n} day after expiry", "{n} days after expiry", number).format(n=number) + source
