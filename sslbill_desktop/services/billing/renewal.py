"""Renewal of a service paid per period: manual (`renew_service`) and automatic (the daily run).

- On time (before `expires_on`): the new term extends from `expires_on`.
- Late (on or after `expires_on`): the new term starts on the renewal date, or at the old
  `expires_on` with the "renew from suspension date" late fee policy; the late fee and the weekend
  days kept active are charged (see `late_fees`).
- The period price is the special renewal price when set for that period (`renewal`), scaled for a
  calendar-aligned term that does not start on the 1st. Held add-ons are renewed with it.
- A renewal makes a suspended service active again; a deleted service, a service charged daily
  and a plan on or after its end date cannot be renewed; the balance must cover everything.

Decisions:
- An automatic renewal (daily run) always extends from `expires_on` and never charges a late fee,
  even for a service kept active over a weekend: the new term covers the kept days.
- With "renew from suspension date", a renewal whose new term would already have ended is refused
  (the client would pay for time that has passed): renew for a longer period.
- A service suspended by the client with a refund must be resumed, not renewed; one suspended
  without a refund ("charge client after suspension") can be renewed.
- A renewal before `expires_on` continues the paid stretch: `starts_on` stays, and what was paid
  for the unused rest of the old term still counts towards refunds.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sslbill_desktop.services.billing.late_fees import is_late, kept_days_entry, late_fee_entry
from sslbill_desktop.services.billing.new_term import begin_term
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.pricing import (
    charge,
    entries,
    order_price_or_refusal,
    plan_available,
    require_funds,
    term_for,
)
from sslbill_desktop.services.billing.refusals import Refusal, Rule, refuse
from sslbill_desktop.services.billing.state import (
    EntryKind,
    Outcome,
    Quote,
    ServiceState,
    ServiceStatus,
    SuspensionReason,
    Transition,
)
from sslbill_desktop.services.billing.terms import LateFeePolicy, TariffTerms
from sslbill_desktop.services.i18n import N_


def quote_renewal(
    state: ServiceState, terms: TariffTerms, on: date, period: int | None = None, *, automatic: bool = False
) -> Quote | Refusal:
    """What renewing the service on `on` for `period` months (default: its current period) costs."""
    months = state.period if period is None else period
    refusal = _check_renewable(state, terms, on)
    if refusal is not None:
        return refusal
    list_price = order_price_or_refusal(terms, months)
    if isinstance(list_price, Refusal):
        return list_price
    price = terms.renewal_prices.get(months, list_price)
    late = not automatic and is_late(state, on)
    if late and terms.late_fee.policy is not LateFeePolicy.RENEW_FROM_SUSPENSION:
        start = on
    else:
        start = state.expires_on
    term = term_for(terms, start, months)
    if late and term.expires_on <= on:
        return refuse(Rule.RENEWAL_IN_PAST, date=term.expires_on.isoformat())
    note = term.explanation
    if months in terms.renewal_prices:
        note = Note(N_("{term} at the renewal price"), {"term": note})
    renewal = charge(on, EntryKind.RENEWAL, Fraction(price) * term.factor, terms.currency, note)
    fee = late_fee_entry(state, terms, on) if late else None
    kept = kept_days_entry(state, terms, on, term.starts_on)
    # renewed before expiry: the old term still has unused days, and the new one follows it
    continuing = on < state.expires_on
    begun = begin_term(state, terms, on, term, price=price, charged=renewal, continuing=continuing)
    if isinstance(begun, Refusal):
        return begun
    addon_lines, on_term = begun
    new_state = replace(
        on_term, status=ServiceStatus.ACTIVE, suspension=None, suspended_on=None, suspension_credit=None
    )
    return Quote((*entries(renewal, fee, kept), *addon_lines), new_state)


def renew_service(
    state: ServiceState, terms: TariffTerms, on: date, balance: Decimal, period: int | None = None
) -> Outcome | Refusal:
    """Renew the service on `on` (manually) for `period` months, default its current period."""
    quote = quote_renewal(state, terms, on, period)
    if isinstance(quote, Refusal):
        return quote
    return require_funds(Outcome(quote.lines, quote.state, (Transition.RENEWED,)), balance, terms.currency)


def auto_renew(state: ServiceState, terms: TariffTerms, on: date, balance: Decimal) -> Outcome | Refusal:
    """The daily run's renewal from `expires_on` for the current period, if the balance covers it."""
    quote = quote_renewal(state, terms, on, automatic=True)
    if isinstance(quote, Refusal):
        return quote
    return require_funds(Outcome(quote.lines, quote.state, (Transition.RENEWED,)), balance, terms.currency)


def _check_renewable(state: ServiceState, terms: TariffTerms, on: date) -> Refusal | None:
    if state.status is ServiceStatus.DELETED:
        return refuse(Rule.DELETED)
    if terms.charge_daily:
        return refuse(Rule.DAILY_NOT_RENEWABLE)
    if state.suspension is SuspensionReason.CLIENT and state.suspension_credit is not None:
        return refuse(Rule.RESUME_FIRST)
    return plan_available(terms, on)
