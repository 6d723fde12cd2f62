"""Late renewal: overdue days, the late fee, and the weekend days a service was kept active.

A renewal is late when its date is on or after `expires_on`; the overdue days are
`(renewal date - expires_on) + 1` (both the expiry day and the renewal day count).

- `none`: no fee. `fixed`: the amount is added (`late_fee`). `percent`: percent x overdue days x
  the daily cost of the current period ("late fee 50% × 5 days × 0.10").
- `renew_from_suspension`: no money; the new term starts at the old `expires_on`.

Weekend days a service was kept active after `expires_on` ("Suspend service on weekends = Do not
suspend") are charged at the daily cost when it is renewed, as one `daily` entry ("kept active
over the weekend: 2 days") — but only the days the new term does not cover: a renewal that starts
at the old `expires_on` (automatic renewal, renew from suspension date) pays for them as part of
the term.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from sslbill_desktop.services.billing.money import rate_value
from sslbill_desktop.services.billing.notes import Note, Percent
from sslbill_desktop.services.billing.pricing import charge, daily_cost
from sslbill_desktop.services.billing.state import Entry, EntryKind, ServiceState
from sslbill_desktop.services.billing.terms import LateFeePolicy, TariffTerms


def is_late(state: ServiceState, on: date) -> bool:
    return on >= state.expires_on


def overdue_days(state: ServiceState, on: date) -> int:
    """Days overdue on `on`: 0 when not late, else `(on - expires_on) + 1`."""
    if not is_late(state, on):
        return 0
    return (on - state.expires_on).days + 1


def late_fee_entry(state: ServiceState, terms: TariffTerms, on: date) -> Entry | None:
    """The `late_fee` entry a manual renewal on `on` books, or None."""
    days = overdue_days(state, on)
    fee = terms.late_fee
    if days == 0:
        return None
    if fee.policy is LateFeePolicy.FIXED:
        note = Note.plural("late fee, {n} day late", "late fee, {n} days late", days)
        return charge(on, EntryKind.LATE_FEE, fee.amount, terms.currency, note)
    if fee.policy is LateFeePolicy.PERCENT:
        amount = Fraction(fee.percent) / 100 * days * daily_cost(state)
        note = Note.plural(
            "late fee {percent} × {n} day × {rate}",
            "late fee {percent} × {n} days × {rate}",
            days,
            percent=Percent(fee.percent),
            rate=rate_value(state.period_price, state.period_days, terms.currency),
        )
        return charge(on, EntryKind.LATE_FEE, amount, terms.currency, note)
    return None


def kept_days_entry(state: ServiceState, terms: TariffTerms, on: date, new_term_start: date) -> Entry | None:
    """The `daily` entry for weekend days kept active that the new term does not cover."""
    days = min(state.kept_days, max(0, (new_term_start - state.expires_on).days))
    if days <= 0:
        return None
    return charge(on, EntryKind.DAILY, daily_cost(state) * days, terms.currency, kept_days_note(days))


def kept_days_note(days: int) -> Note:
    """ "kept active over the weekend: 2 days"."""
    return Note.plural(
        "kept active over the weekend: {n} day", "kept active over the weekend: {n} days", days
    )
