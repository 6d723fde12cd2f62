"""Refusals: an operation the rules do not allow returns a `Refusal` naming the rule, and books nothing.

`Rule` values are stable identifiers (store them, test them); `Refusal.message` is the translated
sentence for the person at the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sslbill_desktop.services.i18n import N_, _


class Rule(StrEnum):
    PLAN_DISABLED = "plan_disabled"
    PLAN_ENDED = "plan_ended"
    PERIOD_NOT_SOLD = "period_not_sold"
    YEARLY_DISABLED = "yearly_disabled"
    GROUP_FORBIDDEN = "group_forbidden"
    GROUP_NOT_ALLOWED = "group_not_allowed"
    SERVICE_LIMIT = "service_limit"
    SIMULTANEOUS_ORDER_OFF = "simultaneous_order_off"
    SIMULTANEOUS_LIMIT = "simultaneous_limit"
    INSUFFICIENT_BALANCE = "insufficient_balance"
    MINIMUM_ORDER_PERIOD = "minimum_order_period"
    DELETE_NOT_ALLOWED = "delete_not_allowed"
    CHANGE_FORBIDDEN = "change_forbidden"
    SAME_TARIFF = "same_tariff"
    CHARGE_MODE_MISMATCH = "charge_mode_mismatch"
    NOT_ACTIVE = "not_active"
    DELETED = "deleted"
    EXPIRED = "expired"
    DAILY_NOT_RENEWABLE = "daily_not_renewable"
    RENEWAL_IN_PAST = "renewal_in_past"
    CLIENT_SUSPEND_NOT_ALLOWED = "client_suspend_not_allowed"
    NOT_CLIENT_SUSPENDED = "not_client_suspended"
    RESUME_FIRST = "resume_first"
    TERM_ENDED = "term_ended"
    ADDON_UNKNOWN = "addon_unknown"
    ADDON_NO_PRICE = "addon_no_price"
    ADDON_NOT_HELD = "addon_not_held"
    ADDON_NOT_ON_NEW_PLAN = "addon_not_on_new_plan"
    SERVICE_EXISTS = "service_exists"
    NO_SERVICE = "no_service"


#: The sentence for each rule, with `{placeholders}` filled by `refuse()`.
MESSAGES: dict[Rule, str] = {
    Rule.PLAN_DISABLED: N_("the tariff plan {plan} is disabled"),
    Rule.PLAN_ENDED: N_("the tariff plan {plan} ended on {date}"),
    Rule.PERIOD_NOT_SOLD: N_("the tariff plan {plan} has no price for {period}"),
    Rule.YEARLY_DISABLED: N_("the yearly period is disabled on the tariff plan {plan}"),
    Rule.GROUP_FORBIDDEN: N_("the client group {group} may not order or change to the tariff plan {plan}"),
    Rule.GROUP_NOT_ALLOWED: N_("the tariff plan {plan} is only for the client groups {groups}"),
    Rule.SERVICE_LIMIT: N_(
        "the client already has {count} of at most {limit} services of the tariff plan {plan}"
    ),
    Rule.SIMULTANEOUS_ORDER_OFF: N_("only one service of the tariff plan {plan} can be ordered at a time"),
    Rule.SIMULTANEOUS_LIMIT: N_("at most {limit} services of the tariff plan {plan} can be ordered at once"),
    Rule.INSUFFICIENT_BALANCE: N_("the balance {balance} does not cover {amount}"),
    Rule.MINIMUM_ORDER_PERIOD: N_("the service cannot be deleted before {date} (minimum order period)"),
    Rule.DELETE_NOT_ALLOWED: N_("clients of this group may not delete services"),
    Rule.CHANGE_FORBIDDEN: N_("the tariff plan cannot be changed"),
    Rule.SAME_TARIFF: N_("the service already has this tariff plan and period"),
    Rule.CHARGE_MODE_MISMATCH: N_(
        "a service charged daily can only change to a plan charged daily, "
        "and a service paid per period to a plan paid per period"
    ),
    Rule.NOT_ACTIVE: N_("the service is not active"),
    Rule.DELETED: N_("the service has been deleted"),
    Rule.EXPIRED: N_("the service expired on {date}: renew it first"),
    Rule.DAILY_NOT_RENEWABLE: N_("a service charged daily is paid day by day and is not renewed"),
    Rule.RENEWAL_IN_PAST: N_(
        "renewed from the suspension date the service would expire on {date}, which has passed: "
        "renew it for a longer period"
    ),
    Rule.CLIENT_SUSPEND_NOT_ALLOWED: N_(
        "clients may not suspend or resume services of the tariff plan {plan}"
    ),
    Rule.NOT_CLIENT_SUSPENDED: N_("the service was not suspended by the client"),
    Rule.RESUME_FIRST: N_("the service was suspended by the client: resume it first"),
    Rule.TERM_ENDED: N_("the paid term ended on {date} while the service was suspended: renew it instead"),
    Rule.ADDON_UNKNOWN: N_("the tariff plan {plan} has no add-on {addon}"),
    Rule.ADDON_NO_PRICE: N_("the add-on {addon} has no price for {period}"),
    Rule.ADDON_NOT_HELD: N_("the service has no add-on {addon}"),
    Rule.ADDON_NOT_ON_NEW_PLAN: N_("the tariff plan {plan} has no add-on {addon}: cancel it first"),
    Rule.SERVICE_EXISTS: N_("a service has already been ordered"),
    Rule.NO_SERVICE: N_("no service has been ordered yet"),
}


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an operation was not done: the rule's id and a translated sentence."""

    rule: Rule
    message: str

    def __str__(self) -> str:
        return self.message


def refuse(rule: Rule, **values: object) -> Refusal:
    """A `Refusal` for `rule`, its message translated now and filled with `values`."""
    return Refusal(rule, _(MESSAGES[rule]).format(**values))


def period_phrase(months: int) -> str:
    """ "1 month", "12 months", translated (for refusal messages)."""
    from sslbill_desktop.services.i18n import ngettext

    return ngettext("{n} month", "{n} months", months).format(n=months)
