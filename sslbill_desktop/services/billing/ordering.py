"""A new order: its price with explanation lines, the ordering policy, and the booked order.

- A service paid per period books the period price (`order`; scaled for a calendar-aligned first
  term, "20/31 of July") and the setup fee (`setup_fee`).
- A service charged daily books its first day (`daily`) and the setup fee; its periods follow from
  the order date.

Decisions:
- The setup fee is charged with every new order and never with a renewal or a tariff change.
- The balance must cover the whole order (price and setup fee, times the quantity ordered at once).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from sslbill_desktop.services.billing.charge_daily import DailyRate
from sslbill_desktop.services.billing.money import format_amount
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.periods import ONE_DAY
from sslbill_desktop.services.billing.policy import check_order_rules
from sslbill_desktop.services.billing.pricing import charge, entries, order_price_or_refusal, term_for
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
from sslbill_desktop.services.billing.terms import ClientGroup, TariffTerms
from sslbill_desktop.services.i18n import N_


def quote_order(terms: TariffTerms, on: date, period: int) -> Quote | Refusal:
    """What ordering `period` months on `on` costs, line by line, and the service it creates.

    Only the period's price is checked; `check_order_policy` applies the ordering rules.
    """
    price = order_price_or_refusal(terms, period)
    if isinstance(price, Refusal):
        return price
    setup = charge(on, EntryKind.SETUP_FEE, terms.setup_fee, terms.currency, Note(N_("setup fee")))
    if terms.charge_daily:
        rate = DailyRate(price, period, on, terms.daily_cost_by_order_period, terms.currency)
        spans = rate.spans(on, on)
        first_day = Entry.explained(on, EntryKind.DAILY, rate.amount(spans), rate.explain(spans[0]))
        lines = entries(first_day if first_day.amount else None, setup)
        state = ServiceState(
            tariff=terms.key,
            status=ServiceStatus.ACTIVE,
            period=period,
            ordered_on=on,
            starts_on=on,
            expires_on=on + ONE_DAY,
            period_start=on,
            period_price=price,
            term_paid=first_day.amount,
            daily_anchor=on,
        )
        return Quote(lines, state)
    term = term_for(terms, on, period)
    order = charge(on, EntryKind.ORDER, Fraction(price) * term.factor, terms.currency, term.explanation)
    state = ServiceState(
        tariff=terms.key,
        status=ServiceStatus.ACTIVE,
        period=period,
        ordered_on=on,
        starts_on=on,
        expires_on=term.expires_on,
        period_start=term.window_start,
        period_price=price,
        term_paid=order.amount if order else Decimal(0),
    )
    return Quote(entries(order, setup), state)


def check_order_policy(
    terms: TariffTerms,
    *,
    on: date,
    period: int,
    balance: Decimal,
    quantity: int = 1,
    group: ClientGroup | None = None,
    services_of_plan: int = 0,
) -> Refusal | None:
    """None when the order may be placed, else a `Refusal` naming the first rule it breaks.

    The rules, in order: plan disabled or past its end date; period not sold; client group
    forbidden or not allowed; max services per client (unless the group ignores it); simultaneous
    ordering; and the balance covering `quantity` times the price with the setup fee.
    """
    refusal = check_order_rules(
        terms, on=on, period=period, quantity=quantity, group=group, services_of_plan=services_of_plan
    )
    if refusal is not None:
        return refusal
    quote = quote_order(terms, on, period)
    if isinstance(quote, Refusal):
        return quote
    due = quote.total * quantity
    if due > 0 and balance < due:
        return refuse(
            Rule.INSUFFICIENT_BALANCE,
            balance=format_amount(balance, terms.currency),
            amount=format_amount(due, terms.currency),
        )
    return None


def order_service(
    terms: TariffTerms,
    on: date,
    period: int,
    balance: Decimal,
    *,
    group: ClientGroup | None = None,
    services_of_plan: int = 0,
) -> Outcome | Refusal:
    """Order one service: the policy is checked, then the order's entries and the new state."""
    refusal = check_order_policy(
        terms, on=on, period=period, balance=balance, group=group, services_of_plan=services_of_plan
    )
    if refusal is not None:
        return refusal
    quote = quote_order(terms, on, period)
    if isinstance(quote, Refusal):  # pragma: no cover - the policy check quoted the same order
        return quote
    return Outcome(quote.lines, quote.state, (Transition.ORDERED,))
