"""Suspension and resumption by the client.

Allowed when the plan lets clients resume/suspend services, or the client's group allows it.
Unless "charge client after suspension" is set, suspending refunds the unused days
`[today, expires_on)` of the service (and of its add-ons) at their daily cost; resuming charges the
same amounts again and moves `expires_on` (and the add-ons' paid-until dates) forward by the days
the service was suspended, so the client pays for no downtime. With the option set, nothing is
refunded and the paid term runs on while the service is suspended.

Decisions:
- Only an active, paid service can be suspended by the client (not one kept over a weekend after
  expiry); the daily run leaves a client-suspended service alone (no renewal, no deletion, no
  daily charge).
- A refund never exceeds what was booked for the current term.
- Resuming after the paid term ended during the suspension (only possible with "charge client
  after suspension") is refused: renew instead.
- For a service charged daily the unused part is the day already paid (today), refunded exactly as
  it was charged.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sslbill_desktop.services.billing.addons import addon_note, unused_addon_value, unused_refunded_note
from sslbill_desktop.services.billing.charge_daily import DailyRate
from sslbill_desktop.services.billing.money import book
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.periods import ONE_DAY
from sslbill_desktop.services.billing.pricing import daily_cost, require_funds
from sslbill_desktop.services.billing.refusals import Refusal, Rule, refuse
from sslbill_desktop.services.billing.state import (
    Entry,
    EntryKind,
    Outcome,
    ServiceState,
    ServiceStatus,
    SuspensionReason,
    Transition,
)
from sslbill_desktop.services.billing.terms import ClientGroup, TariffTerms


def _may_suspend(terms: TariffTerms, group: ClientGroup | None) -> Refusal | None:
    if terms.allow_client_suspend or (group is not None and group.allow_suspend):
        return None
    return refuse(Rule.CLIENT_SUSPEND_NOT_ALLOWED, plan=terms.key)


def unused_service_value(state: ServiceState, terms: TariffTerms, on: date) -> Decimal:
    """What the unused days `[on, expires_on)` of the service are worth, booked, at most `term_paid`."""
    if state.expires_on <= on:
        return Decimal(0)
    if terms.charge_daily:
        price = terms.prices.get(state.period, state.period_price)
        anchor = state.daily_anchor or state.ordered_on
        rate = DailyRate(price, state.period, anchor, terms.daily_cost_by_order_period, terms.currency)
        # days paid under a previous plan (before the anchor) are not refunded
        return rate.amount(rate.spans(max(on, anchor), state.expires_on - ONE_DAY))
    days = (state.expires_on - on).days
    value = book(daily_cost(state) * days, terms.currency)
    return min(value, max(state.term_paid, Decimal(0)))


def suspend_by_client(
    state: ServiceState, terms: TariffTerms, on: date, *, group: ClientGroup | None = None
) -> Outcome | Refusal:
    """The client suspends the service; its unused days are refunded unless the plan charges downtime."""
    if state.status is ServiceStatus.DELETED:
        return refuse(Rule.DELETED)
    refusal = _may_suspend(terms, group)
    if refusal is not None:
        return refusal
    if state.status is not ServiceStatus.ACTIVE:
        return refuse(Rule.NOT_ACTIVE)
    if state.expires_on <= on:
        return refuse(Rule.EXPIRED, date=state.expires_on.isoformat())
    suspended = replace(
        state, status=ServiceStatus.SUSPENDED, suspension=SuspensionReason.CLIENT, suspended_on=on
    )
    if terms.charge_after_suspension:
        return Outcome((), replace(suspended, suspension_credit=None), (Transition.SUSPENDED,))
    lines: list[Entry] = []
    unused = (state.expires_on - on).days
    refund = unused_service_value(state, terms, on)
    if refund:
        note = Note.plural(
            "suspended by the client: {n} day unused refunded",
            "suspended by the client: {n} days unused refunded",
            unused,
        )
        lines.append(Entry.explained(on, EntryKind.REFUND, -refund, note))
    addons = []
    for held in state.addons:
        value = unused_addon_value(state, terms, held, on)
        if value:
            days = max(0, (held.paid_until - on).days)
            note = addon_note(terms.addon_name(held.key), held.quantity, unused_refunded_note(days))
            lines.append(Entry.explained(on, EntryKind.REFUND, -value, note))
        addons.append(replace(held, paid=held.paid - value, credit=value))
    new_state = replace(
        suspended, suspension_credit=refund, term_paid=state.term_paid - refund, addons=tuple(addons)
    )
    return Outcome(tuple(lines), new_state, (Transition.SUSPENDED,))


def resume_by_client(
    state: ServiceState, terms: TariffTerms, on: date, balance: Decimal, *, group: ClientGroup | None = None
) -> Outcome | Refusal:
    """The client resumes a service it suspended; what suspension refunded is charged again."""
    if state.status is ServiceStatus.DELETED:
        return refuse(Rule.DELETED)
    refusal = _may_suspend(terms, group)
    if refusal is not None:
        return refusal
    if state.suspension is not SuspensionReason.CLIENT or state.suspended_on is None:
        return refuse(Rule.NOT_CLIENT_SUSPENDED)
    resumed = replace(state, status=ServiceStatus.ACTIVE, suspension=None, suspended_on=None)
    if state.suspension_credit is None:
        if state.expires_on <= on:
            return refuse(Rule.TERM_ENDED, date=state.expires_on.isoformat())
        return Outcome((), resumed, (Transition.RESUMED,))
    shift = on - state.suspended_on
    unused = (state.expires_on - state.suspended_on).days
    lines: list[Entry] = []
    if state.suspension_credit:
        note = Note.plural(
            "resumed: {n} day unused charged again", "resumed: {n} days unused charged again", unused
        )
        lines.append(Entry.explained(on, EntryKind.RENEWAL, state.suspension_credit, note))
    addons = []
    for held in state.addons:
        if held.credit:
            days = max(0, (held.paid_until - state.suspended_on).days)
            detail = Note.plural("resumed, {n} day charged again", "resumed, {n} days charged again", days)
            note = addon_note(terms.addon_name(held.key), held.quantity, detail)
            lines.append(Entry.explained(on, EntryKind.ADDON, held.credit, note))
        addons.append(
            replace(held, paid=held.paid + held.credit, credit=Decimal(0), paid_until=held.paid_until + shift)
        )
    new_state = replace(
        resumed,
        expires_on=state.expires_on + shift,
        term_paid=state.term_paid + state.suspension_credit,
        suspension_credit=None,
        addons=tuple(addons),
    )
    return require_funds(Outcome(tuple(lines), new_state, (Transition.RESUMED,)), balance, terms.currency)
