"""Prices of periods and terms, the daily cost of a service, and the checks every charge shares.

Decisions:
- The *daily cost* of a service is its current period's list price divided by the days of that
  period's window (`daily_cost(state)`): 3.10 for August 1 -> September 1 is 0.10 a day,
  36.50 for a 365-day year too. The late fee, the weekend days kept active, a tariff change and
  a client suspension all use it.
- A charge is booked only when the balance covers the whole operation (`balance >= total`), so a
  balance that starts at zero or more never goes negative.
- A zero amount (a free period, no setup fee) books no entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sslbill_desktop.services.billing.money import book, format_amount
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.periods import Term, term_from
from sslbill_desktop.services.billing.refusals import Refusal, Rule, period_phrase, refuse
from sslbill_desktop.services.billing.state import Entry, EntryKind, Outcome, ServiceState
from sslbill_desktop.services.billing.terms import YEARLY, TariffTerms


def daily_cost(state: ServiceState) -> Fraction:
    """The current period's price / the days of that period, exact."""
    return Fraction(state.period_price) / state.period_days


def order_price_or_refusal(terms: TariffTerms, months: int) -> Decimal | Refusal:
    price = terms.order_price(months)
    if price is not None:
        return price
    if terms.disable_yearly and months == YEARLY and YEARLY in terms.prices:
        return refuse(Rule.YEARLY_DISABLED, plan=terms.key)
    return refuse(Rule.PERIOD_NOT_SOLD, plan=terms.key, period=period_phrase(months))


def plan_available(terms: TariffTerms, on: date) -> Refusal | None:
    """Refused when the plan is disabled or on/after its end date (no order, no renewal)."""
    if not terms.enabled:
        return refuse(Rule.PLAN_DISABLED, plan=terms.key)
    if terms.end_date is not None and on >= terms.end_date:
        return refuse(Rule.PLAN_ENDED, plan=terms.key, date=terms.end_date.isoformat())
    return None


def term_for(terms: TariffTerms, start: date, months: int) -> Term:
    """The term a payment for `months` from `start` buys on this plan (aligned or not)."""
    return term_from(start, months, calendar_charges=terms.calendar_charges, prorata_day=terms.prorata_day)


def charge(on: date, kind: EntryKind, amount: Fraction | Decimal, currency: str, note: Note) -> Entry | None:
    """The booked entry for an exact amount, explained by `note`, or None when it rounds to zero."""
    booked = book(amount, currency)
    if not booked:
        return None
    return Entry.explained(on, kind, booked, note)


def entries(*items: Entry | None) -> tuple[Entry, ...]:
    return tuple(item for item in items if item is not None)


def total(items: Iterable[Entry]) -> Decimal:
    return sum((item.amount for item in items), Decimal(0))


def require_funds(outcome: Outcome, balance: Decimal, currency: str) -> Outcome | Refusal:
    """The outcome, or a refusal when the balance does not cover what it charges."""
    due = outcome.total
    if due > 0 and balance < due:
        return refuse(
            Rule.INSUFFICIENT_BALANCE,
            balance=format_amount(balance, currency),
            amount=format_amount(due, currency),
        )
    return outcome
