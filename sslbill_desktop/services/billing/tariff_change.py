"""Changing the tariff plan (and/or period) of a service.

`remaining` is the unused part `[today, expires_on)` of the current term, valued at the old plan's
daily cost (`period_price / period_days`); `new_daily` is the new plan's price for the new period
divided by the days of that period's window, measured from the same start as the current period
(so for the same period length both plans are measured on the same days).

- change period: no money moves; `expires_on` becomes today + `remaining * old_daily / new_daily`
  days, rounded down (a cheaper plan runs longer).
- add funds/refund: the price difference for the remaining days is charged (`tariff_change`) or
  refunded (`refund`); `expires_on` is unchanged.
- forbidden: refused, "the tariff plan cannot be changed".
- extra charge only: as add funds/refund, but a downgrade refunds nothing.
- full payment: the full price of the new plan for the chosen period is charged (`tariff_change`,
  scaled for a calendar-aligned term) with its add-ons; the new term starts on "renew from": the
  current date or the service's expiration date.

Decisions:
- The policy and "renew from" of the plan being left apply (they are options of the plan the
  service is on).
- Only an active service can change its plan. The new plan must be orderable by the client
  (enabled, before its end date, the period sold, the group allowed, the per-client limit).
- Held add-ons must exist on the new plan (else refused: cancel them first); they keep their paid
  terms and cost the new plan's add-on prices from the next renewal. Full payment charges them for
  the new term.
- Full payment refunds nothing of the old term; with "renew from expiration date" the old term is
  used up first (the new term starts at `max(expires_on, today)`).
- A refund never exceeds what was booked for the current term.
- Between a plan charged daily and a plan paid per period the change is refused (the two keep
  different books). Between two plans charged daily no money moves: the day already paid stays
  paid, and the new plan's periods follow from the next unpaid day.
- Changing to a free period with "change period" leaves `expires_on` unchanged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from sslbill_desktop.services.billing.new_term import begin_term
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.periods import period_days
from sslbill_desktop.services.billing.policy import check_group, check_service_limit
from sslbill_desktop.services.billing.pricing import (
    charge,
    daily_cost,
    entries,
    order_price_or_refusal,
    plan_available,
    require_funds,
    term_for,
)
from sslbill_desktop.services.billing.refusals import Refusal, Rule, refuse
from sslbill_desktop.services.billing.state import (
    Entry,
    EntryKind,
    Outcome,
    Quote,
    ServiceState,
    ServiceStatus,
    Transition,
)
from sslbill_desktop.services.billing.terms import ChangePolicy, ClientGroup, RenewFrom, TariffTerms
from sslbill_desktop.services.i18n import N_


def quote_tariff_change(
    state: ServiceState,
    old_terms: TariffTerms,
    new_terms: TariffTerms,
    on: date,
    period: int | None = None,
    *,
    group: ClientGroup | None = None,
    services_of_plan: int = 0,
) -> Quote | Refusal:
    """What changing to `new_terms` for `period` months (default: the current period) costs.

    `services_of_plan` counts the client's other services of the new plan (for its per-client limit).
    """
    months = state.period if period is None else period
    new_price = _check_change(state, old_terms, new_terms, on, months, group, services_of_plan)
    if isinstance(new_price, Refusal):
        return new_price
    changed = replace(state, tariff=new_terms.key, period=months, period_price=new_price)
    if old_terms.charge_daily:
        anchor = state.expires_on  # the next unpaid day
        return Quote((), replace(changed, daily_anchor=anchor, period_start=anchor))
    policy = old_terms.change_policy
    if policy is ChangePolicy.FULL_PAYMENT:
        return _full_payment(state, old_terms, new_terms, on, months, new_price)
    remaining = max(0, (state.expires_on - on).days)
    old_daily = daily_cost(state)
    new_daily = Fraction(new_price) / period_days(state.period_start, months)
    if policy is ChangePolicy.CHANGE_PERIOD:
        if remaining == 0 or new_daily == 0:
            return Quote((), changed)
        days = int(remaining * old_daily / new_daily)  # rounded down
        return Quote((), replace(changed, expires_on=on + timedelta(days=days)))
    difference = remaining * (new_daily - old_daily)
    what = Note.plural(
        "{old} → {new}: price difference for {n} day remaining",
        "{old} → {new}: price difference for {n} days remaining",
        remaining,
        old=old_terms.name,
        new=new_terms.name,
    )
    line: Entry | None = None
    if difference > 0:
        line = charge(on, EntryKind.TARIFF_CHANGE, difference, new_terms.currency, what)
    elif difference < 0 and policy is ChangePolicy.ADD_FUNDS_REFUND:
        refund = charge(on, EntryKind.REFUND, difference, new_terms.currency, what)
        if refund is not None:
            amount = max(refund.amount, -max(state.term_paid, Decimal(0)))
            line = replace(refund, amount=amount) if amount else None
    paid = line.amount if line else Decimal(0)
    return Quote(entries(line), replace(changed, term_paid=state.term_paid + paid))


def change_tariff(
    state: ServiceState,
    old_terms: TariffTerms,
    new_terms: TariffTerms,
    on: date,
    balance: Decimal,
    period: int | None = None,
    *,
    group: ClientGroup | None = None,
    services_of_plan: int = 0,
) -> Outcome | Refusal:
    """Change the service to `new_terms` on `on` under the old plan's change policy."""
    quote = quote_tariff_change(
        state, old_terms, new_terms, on, period, group=group, services_of_plan=services_of_plan
    )
    if isinstance(quote, Refusal):
        return quote
    outcome = Outcome(quote.lines, quote.state, (Transition.TARIFF_CHANGED,))
    return require_funds(outcome, balance, new_terms.currency)


def _full_payment(
    state: ServiceState,
    old_terms: TariffTerms,
    new_terms: TariffTerms,
    on: date,
    months: int,
    new_price: Decimal,
) -> Quote | Refusal:
    continuing = old_terms.renew_from is RenewFrom.EXPIRATION_DATE and state.expires_on > on
    start = state.expires_on if continuing else on
    term = term_for(new_terms, start, months)
    note = Note(N_("{plan}: {term} (full payment)"), {"plan": new_terms.name, "term": term.explanation})
    line = charge(on, EntryKind.TARIFF_CHANGE, Fraction(new_price) * term.factor, new_terms.currency, note)
    begun = begin_term(state, new_terms, on, term, price=new_price, charged=line, continuing=continuing)
    if isinstance(begun, Refusal):
        return begun
    addon_lines, on_term = begun
    return Quote((*entries(line), *addon_lines), replace(on_term, tariff=new_terms.key))


def _check_change(
    state: ServiceState,
    old_terms: TariffTerms,
    new_terms: TariffTerms,
    on: date,
    months: int,
    group: ClientGroup | None,
    services_of_plan: int,
) -> Decimal | Refusal:
    """The new plan's price for `months`, or why the change is refused."""
    if old_terms.change_policy is ChangePolicy.FORBIDDEN:
        return refuse(Rule.CHANGE_FORBIDDEN)
    if state.status is ServiceStatus.DELETED:
        return refuse(Rule.DELETED)
    if state.status is not ServiceStatus.ACTIVE:
        return refuse(Rule.NOT_ACTIVE)
    if new_terms.key == state.tariff and months == state.period:
        return refuse(Rule.SAME_TARIFF)
    if old_terms.charge_daily != new_terms.charge_daily:
        return refuse(Rule.CHARGE_MODE_MISMATCH)
    refusal = plan_available(new_terms, on)
    if refusal is not None:
        return refusal
    price = order_price_or_refusal(new_terms, months)
    if isinstance(price, Refusal):
        return price
    refusal = check_group(new_terms, group)
    if refusal is None and new_terms.key != state.tariff:
        refusal = check_service_limit(new_terms, group, services_of_plan)
    if refusal is not None:
        return refusal
    for held in state.addons:
        if held.key not in new_terms.addons:
            return refuse(Rule.ADDON_NOT_ON_NEW_PLAN, plan=new_terms.key, addon=held.key)
    return price
