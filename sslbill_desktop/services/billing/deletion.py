"""Deleting a service by hand (the daily run's auto-deletion is in `daily_run`).

Refused before the plan's minimum order period has passed (`ordered_on + length`, in days or
months), and, for a client, unless the client's group allows deleting services.

Decisions:
- Deletion refunds nothing: a certificate that was issued cannot be handed back to the
  certificate authority. Held add-ons go with the service.
- The minimum order period applies to staff deletions too; the daily run's auto-deletion of an
  unrenewed service ignores it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sslbill_desktop.services.billing.periods import add_months
from sslbill_desktop.services.billing.refusals import Refusal, Rule, refuse
from sslbill_desktop.services.billing.state import Outcome, ServiceState, ServiceStatus, Transition
from sslbill_desktop.services.billing.terms import ClientGroup, PeriodUnit, TariffTerms


def earliest_deletion(state: ServiceState, terms: TariffTerms) -> date:
    """The first day the service may be deleted (its order date without a minimum order period)."""
    minimum = terms.minimum_order_period
    if minimum is None:
        return state.ordered_on
    if minimum.unit is PeriodUnit.DAYS:
        return state.ordered_on + timedelta(days=minimum.length)
    return add_months(state.ordered_on, minimum.length)


def delete_service(
    state: ServiceState,
    terms: TariffTerms,
    on: date,
    *,
    by_client: bool = False,
    group: ClientGroup | None = None,
) -> Outcome | Refusal:
    """Delete the service on `on` (no entries are booked)."""
    if state.status is ServiceStatus.DELETED:
        return refuse(Rule.DELETED)
    if by_client and not (group is not None and group.allow_delete):
        return refuse(Rule.DELETE_NOT_ALLOWED)
    earliest = earliest_deletion(state, terms)
    if on < earliest:
        return refuse(Rule.MINIMUM_ORDER_PERIOD, date=earliest.isoformat())
    deleted = replace(state, status=ServiceStatus.DELETED, deleted_on=on, addons=())
    return Outcome((), deleted, (Transition.DELETED,))
