"""Additional resources (add-ons): order, cancel, and their share of renewals.

An add-on has a price per unit per period (months). Ordered mid-term:

- "until expiration": it costs the part of its period price that covers `[today, expires_on)`
  — a certificate valid until November 30 (a 30-day monthly term), add-on ordered November 15:
  15/30 of the monthly price;
- "full period": the full price of the last paid or renewed period (the service's current
  `period`), whatever remains of it.

Cancelled: "refund" returns the unused part `[today, paid_until)` at the lot's daily cost, never
more than was paid for it in the current term; "no refund" removes it without compensation.

Decisions:
- Add-ons are renewed with the service: every renewal (manual or automatic) charges each held
  add-on its price for the renewal period, scaled like the service for a calendar-aligned term,
  as `addon` entries. A renewal is refused when an add-on has no price for the period.
- Ordering an add-on the service already holds adds units to the same lot; cancelling removes the
  whole lot.
- An add-on needs an active, paid service (not expired, not kept over a weekend, not suspended).
- On a service charged daily, add-ons are charged day by day with the service, at their price for
  the service's period spread like the service's own price; ordering one charges its share of the
  days already paid (today), whatever the order policy, and cancelling refunds exactly what was
  charged for those days (with the refund policy).
- The day of an action counts as unused: an add-on cancelled on the day it was ordered is refunded
  in full (with the refund policy).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sslbill_desktop.services.billing.charge_daily import DailyRate
from sslbill_desktop.services.billing.money import book
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.periods import ONE_DAY, Term
from sslbill_desktop.services.billing.pricing import charge, entries, require_funds
from sslbill_desktop.services.billing.refusals import Refusal, Rule, period_phrase, refuse
from sslbill_desktop.services.billing.state import (
    Entry,
    EntryKind,
    HeldAddon,
    Outcome,
    Quote,
    ServiceState,
    ServiceStatus,
    Transition,
)
from sslbill_desktop.services.billing.terms import (
    AddonCancelPolicy,
    AddonOrderPolicy,
    AddonTerms,
    TariffTerms,
)
from sslbill_desktop.services.i18n import N_


def addon_note(name: str, quantity: int, detail: Note) -> Note:
    """ "SAN × 2: 15/30 days until 2027-12-01" — an add-on lot's line."""
    return Note(N_("{addon} × {quantity}: {detail}"), {"addon": name, "quantity": quantity, "detail": detail})


def unused_refunded_note(days: int) -> Note:
    """ "5 days unused refunded"."""
    return Note.plural("{n} day unused refunded", "{n} days unused refunded", days)


def addon_price(terms: TariffTerms, key: str, months: int) -> Decimal | Refusal:
    """The plan's unit price of add-on `key` for `months`, or why there is none."""
    addon: AddonTerms | None = terms.addons.get(key)
    if addon is None:
        return refuse(Rule.ADDON_UNKNOWN, plan=terms.key, addon=key)
    price = addon.price(months)
    if price is None:
        return refuse(Rule.ADDON_NO_PRICE, addon=key, period=period_phrase(months))
    return price


def daily_addon_rate(
    state: ServiceState, terms: TariffTerms, unit_price: Decimal, quantity: int
) -> DailyRate:
    """How a daily-charged service's add-on lot is spread over the days."""
    anchor = state.daily_anchor or state.ordered_on
    return DailyRate(
        unit_price * quantity, state.period, anchor, terms.daily_cost_by_order_period, terms.currency
    )


def daily_addon_entries(
    state: ServiceState, terms: TariffTerms, on: date, first: date, last: date
) -> tuple[Entry, ...] | Refusal:
    """The `addon` entries for days `first..last` of a daily-charged service's add-ons."""
    lines: list[Entry] = []
    for held in state.addons:
        price = addon_price(terms, held.key, state.period)
        if isinstance(price, Refusal):
            return price
        rate = daily_addon_rate(state, terms, price, held.quantity)
        for span in rate.spans(first, last):
            if span.units:
                note = addon_note(terms.addon_name(held.key), held.quantity, rate.explain(span))
                lines.append(Entry.explained(on, EntryKind.ADDON, rate.amount([span]), note))
    return tuple(lines)


def charge_addons_for_term(
    state: ServiceState, terms: TariffTerms, on: date, term: Term, *, continuing: bool
) -> tuple[tuple[Entry, ...], tuple[HeldAddon, ...]] | Refusal:
    """Each held add-on's price for a new term (a renewal, or a full-payment tariff change).

    `continuing` keeps what was paid for the previous term (the new term follows it without a gap).
    """
    lines: list[Entry] = []
    held_after: list[HeldAddon] = []
    for held in state.addons:
        price = addon_price(terms, held.key, term.months)
        if isinstance(price, Refusal):
            return price
        line = charge(
            on,
            EntryKind.ADDON,
            Fraction(price) * held.quantity * term.factor,
            terms.currency,
            addon_note(terms.addon_name(held.key), held.quantity, term.explanation),
        )
        paid = line.amount if line else Decimal(0)
        lines.extend(entries(line))
        held_after.append(
            replace(
                held,
                unit_price=price,
                period=term.months,
                period_days=term.window_days,
                paid_until=term.expires_on,
                paid=(held.paid + paid) if continuing else paid,
                credit=Decimal(0),
            )
        )
    return tuple(lines), tuple(held_after)


def _check_orderable(state: ServiceState, on: date) -> Refusal | None:
    if state.status is ServiceStatus.DELETED:
        return refuse(Rule.DELETED)
    if state.status is not ServiceStatus.ACTIVE:
        return refuse(Rule.NOT_ACTIVE)
    if state.expires_on <= on:
        return refuse(Rule.EXPIRED, date=state.expires_on.isoformat())
    return None


def quote_addon(
    state: ServiceState, terms: TariffTerms, key: str, quantity: int, on: date
) -> Quote | Refusal:
    """What ordering `quantity` units of add-on `key` on `on` costs, and the state after it."""
    if quantity < 1:
        raise ValueError("at least one unit of an add-on is ordered")
    refusal = _check_orderable(state, on)
    if refusal is not None:
        return refusal
    price = addon_price(terms, key, state.period)
    if isinstance(price, Refusal):
        return price
    name = terms.addon_name(key)
    line: Entry | None
    if terms.charge_daily:
        rate = daily_addon_rate(state, terms, price, quantity)
        spans = rate.spans(max(on, rate.anchor), state.expires_on - ONE_DAY)
        amount = rate.amount(spans)
        note = addon_note(name, quantity, rate.explain(spans[0])) if amount else None
        line = Entry.explained(on, EntryKind.ADDON, amount, note) if note is not None else None
        period_days = spans[0].period.days if spans else state.period_days
    elif terms.addon_order_policy is AddonOrderPolicy.FULL_PERIOD:
        detail = Note.plural("full price of {n} month", "full price of {n} months", state.period)
        line = charge(
            on, EntryKind.ADDON, price * quantity, terms.currency, addon_note(name, quantity, detail)
        )
        period_days = state.period_days
    else:
        days = (state.expires_on - on).days
        period_days = state.period_days
        detail = Note(
            N_("{covered}/{days} days until {date}"),
            {"covered": days, "days": period_days, "date": state.expires_on},
        )
        amount_exact = Fraction(price) * quantity * days / period_days
        line = charge(on, EntryKind.ADDON, amount_exact, terms.currency, addon_note(name, quantity, detail))
    paid = line.amount if line else Decimal(0)
    held = state.addon(key)
    lot = HeldAddon(
        key=key,
        quantity=quantity + (held.quantity if held else 0),
        unit_price=price,
        period=state.period,
        period_days=period_days,
        paid_until=state.expires_on,
        paid=paid + (held.paid if held else Decimal(0)),
    )
    others = tuple(h for h in state.addons if h.key != key)
    return Quote(entries(line), replace(state, addons=(*others, lot)))


def order_addon(
    state: ServiceState, terms: TariffTerms, key: str, quantity: int, on: date, balance: Decimal
) -> Outcome | Refusal:
    """Order units of an add-on for the service (the balance must cover the charge)."""
    quote = quote_addon(state, terms, key, quantity, on)
    if isinstance(quote, Refusal):
        return quote
    return require_funds(
        Outcome(quote.lines, quote.state, (Transition.ADDON_ORDERED,)), balance, terms.currency
    )


def unused_addon_value(state: ServiceState, terms: TariffTerms, held: HeldAddon, on: date) -> Decimal:
    """What the unused part `[on, paid_until)` of a lot is worth, booked, at most what was paid."""
    if terms.charge_daily:
        last_paid = held.paid_until - ONE_DAY
        if last_paid < on:
            return Decimal(0)
        rate = daily_addon_rate(state, terms, held.unit_price, held.quantity)
        return rate.amount(rate.spans(max(on, rate.anchor), last_paid))
    days = max(0, (held.paid_until - on).days)
    value = book(Fraction(held.unit_price) * held.quantity * days / held.period_days, terms.currency)
    return min(value, max(held.paid, Decimal(0)))


def cancel_addon(state: ServiceState, terms: TariffTerms, key: str, on: date) -> Outcome | Refusal:
    """Remove add-on `key` from the service, refunding its unused part when the plan says so."""
    if state.status is ServiceStatus.DELETED:
        return refuse(Rule.DELETED)
    held = state.addon(key)
    if held is None:
        return refuse(Rule.ADDON_NOT_HELD, addon=key)
    line: Entry | None = None
    if terms.addon_cancel_policy is AddonCancelPolicy.REFUND:
        value = unused_addon_value(state, terms, held, on)
        days = max(0, (held.paid_until - on).days)
        if value:
            note = addon_note(terms.addon_name(key), held.quantity, unused_refunded_note(days))
            line = Entry.explained(on, EntryKind.REFUND, -value, note)
    remaining = tuple(h for h in state.addons if h.key != key)
    return Outcome(entries(line), replace(state, addons=remaining), (Transition.ADDON_CANCELLED,))
