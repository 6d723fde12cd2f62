"""The ordering policy's rules that do not involve money: plan availability, groups, limits.

`ordering.check_order_policy` runs these and then the balance check; a tariff change runs the
availability and group rules for the new plan.

Decisions:
- "Allowed groups" applies only when the list is not empty; a client without a group is then
  refused. A forbidden group is refused whatever the allowed list says.
- "Max services per client" counts the client's services of this plan that are not deleted, and
  refuses when `count + quantity` would exceed it (unless the group ignores the number of services).
- With simultaneous ordering off, one service at a time; on, at most `max_simultaneous` (no limit
  when blank).
"""

from __future__ import annotations

from datetime import date

from sslbill_desktop.services.billing.pricing import order_price_or_refusal, plan_available
from sslbill_desktop.services.billing.refusals import Refusal, Rule, refuse
from sslbill_desktop.services.billing.terms import ClientGroup, TariffTerms


def check_group(terms: TariffTerms, group: ClientGroup | None) -> Refusal | None:
    """Refused when the client's group is forbidden, or not among the allowed groups."""
    key = group.key if group is not None else None
    if key is not None and key in terms.forbidden_groups:
        return refuse(Rule.GROUP_FORBIDDEN, group=key, plan=terms.key)
    if terms.allowed_groups and key not in terms.allowed_groups:
        return refuse(Rule.GROUP_NOT_ALLOWED, plan=terms.key, groups=", ".join(sorted(terms.allowed_groups)))
    return None


def check_service_limit(
    terms: TariffTerms, group: ClientGroup | None, services_of_plan: int, quantity: int = 1
) -> Refusal | None:
    """Refused when the client would hold more than `max_services_per_client` of this plan."""
    limit = terms.max_services_per_client
    if limit is None or (group is not None and group.ignore_service_limit):
        return None
    if services_of_plan + quantity > limit:
        return refuse(Rule.SERVICE_LIMIT, count=services_of_plan, limit=limit, plan=terms.key)
    return None


def check_quantity(terms: TariffTerms, quantity: int) -> Refusal | None:
    """Refused when more services are ordered at once than the plan allows."""
    if quantity < 1:
        raise ValueError("at least one service is ordered")
    if not terms.simultaneous_order:
        if quantity > 1:
            return refuse(Rule.SIMULTANEOUS_ORDER_OFF, plan=terms.key)
        return None
    if terms.max_simultaneous is not None and quantity > terms.max_simultaneous:
        return refuse(Rule.SIMULTANEOUS_LIMIT, limit=terms.max_simultaneous, plan=terms.key)
    return None


def check_order_rules(
    terms: TariffTerms,
    *,
    on: date,
    period: int,
    quantity: int = 1,
    group: ClientGroup | None = None,
    services_of_plan: int = 0,
) -> Refusal | None:
    """Every ordering rule except the balance, in the order a client meets them."""
    refusal = plan_available(terms, on)
    if refusal is None:
        price = order_price_or_refusal(terms, period)
        refusal = price if isinstance(price, Refusal) else None
    return (
        refusal
        or check_group(terms, group)
        or check_service_limit(terms, group, services_of_plan, quantity)
        or check_quantity(terms, quantity)
    )
