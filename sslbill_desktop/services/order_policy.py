"""The ordering policy, step by step, in the words of the person at the keyboard.

The billing engine decides (`services/billing/policy.py`, `ordering.py`); this module asks it the
questions that belong to each step of the order wizard, and names the rule and the plan, group
and client in each refusal ("Maximum number of services per client: the client already has 1 of
at most 1 services of the tariff plan AlphaSSL"), where the engine only knows ids.

- `plan_refusal`: the plan is disabled or past its end date, the client's group may not order it,
  the client already holds the maximum of it;
- `period_refusal`: the period is not sold (or the yearly period is disabled), more services at
  once than the plan allows, the per-client limit with that quantity, and the balance against
  the price of the period with the setup fee (times the quantity);
- the balance against the whole order (extra names included) is checked on the summary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sslbill_desktop.services.billing import ClientGroup, Refusal, Rule, TariffTerms, check_order_policy
from sslbill_desktop.services.billing.money import format_amount
from sslbill_desktop.services.billing.policy import check_group, check_quantity, check_service_limit
from sslbill_desktop.services.billing.pricing import order_price_or_refusal, plan_available
from sslbill_desktop.services.billing.refusals import refuse
from sslbill_desktop.services.i18n import N_, _

#: The source document's name of each ordering rule.
RULE_LABELS: dict[Rule, str] = {
    Rule.PLAN_DISABLED: N_("Tariff plan disabled"),
    Rule.PLAN_ENDED: N_("Tariff plan end date"),
    Rule.PERIOD_NOT_SOLD: N_("Order period"),
    Rule.YEARLY_DISABLED: N_("Disable the Yearly period"),
    Rule.GROUP_FORBIDDEN: N_("Forbidden client groups"),
    Rule.GROUP_NOT_ALLOWED: N_("Allowed client groups"),
    Rule.SERVICE_LIMIT: N_("Max services per client"),
    Rule.SIMULTANEOUS_ORDER_OFF: N_("Simultaneous services order"),
    Rule.SIMULTANEOUS_LIMIT: N_("Maximum number of services"),
    Rule.INSUFFICIENT_BALANCE: N_("Balance"),
    Rule.MINIMUM_ORDER_PERIOD: N_("Minimum order period"),
    Rule.ADDON_UNKNOWN: N_("Additional resources"),
    Rule.ADDON_NO_PRICE: N_("Additional resources"),
}


@dataclass(frozen=True)
class Names:
    """How the refusal names the plan and the client groups (the engine knows their ids)."""

    plan: str
    #: Client group id (as the engine's key) -> name.
    groups: Mapping[str, str]


def explain(refusal: Refusal) -> str:
    """ "Rule: what is wrong" — the rule's name first, so the person knows which one."""
    label = RULE_LABELS.get(refusal.rule)
    return _("{rule}: {reason}").format(rule=_(label), reason=refusal.message) if label else refusal.message


def _named(
    terms: TariffTerms, group: ClientGroup | None, names: Names
) -> tuple[TariffTerms, ClientGroup | None]:
    def name(key: str) -> str:
        return names.groups.get(key, key)

    named_terms = replace(
        terms,
        key=names.plan,
        allowed_groups=frozenset(name(g) for g in terms.allowed_groups),
        forbidden_groups=frozenset(name(g) for g in terms.forbidden_groups),
    )
    named_group = replace(group, key=name(group.key)) if group is not None else None
    return named_terms, named_group


def plan_refusal(
    terms: TariffTerms, on: date, group: ClientGroup | None, services_of_plan: int, names: Names
) -> Refusal | None:
    named, named_group = _named(terms, group, names)
    return (
        plan_available(named, on)
        or check_group(named, named_group)
        or check_service_limit(named, named_group, services_of_plan, 1)
    )


def period_refusal(
    terms: TariffTerms,
    on: date,
    period: int,
    quantity: int,
    group: ClientGroup | None,
    services_of_plan: int,
    balance: Decimal,
    names: Names,
) -> Refusal | None:
    named, named_group = _named(terms, group, names)
    price = order_price_or_refusal(named, period)
    if isinstance(price, Refusal):
        return price
    refusal = check_quantity(named, quantity) or check_service_limit(
        named, named_group, services_of_plan, quantity
    )
    if refusal is not None:
        return refusal
    return check_order_policy(
        named,
        on=on,
        period=period,
        balance=balance,
        quantity=quantity,
        group=named_group,
        services_of_plan=services_of_plan,
    )


def balance_refusal(due: Decimal, balance: Decimal, currency: str) -> Refusal | None:
    """Refused when the balance does not cover `due` (the whole order)."""
    if due > 0 and balance < due:
        return refuse(
            Rule.INSUFFICIENT_BALANCE,
            balance=format_amount(balance, currency),
            amount=format_amount(due, currency),
        )
    return None
