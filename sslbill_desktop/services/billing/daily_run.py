"""The daily run for one service and one date: renew, suspend, delete, charge the day.

In this order (BILLING.md):
1. Auto-renew: an active service whose `expires_on` has come (is that date, or earlier for a
   service kept active over a weekend) is renewed from `expires_on` for its current period when
   the balance covers the renewal (add-ons included).
2. Otherwise it is suspended — except that with "Suspend service on weekends = Do not suspend"
   (the plan's value, or the product type's when the plan defers to it) it stays active on
   Saturday and Sunday and is suspended on Monday; the kept days are charged when it is renewed.
3. Auto-deletion: a service still suspended (for not being renewed) `auto_delete_days` after
   `expires_on` is deleted (blank on the plan: the product type's value; blank there: never).
4. A service charged daily is charged its day (with its add-ons); with too little balance it is
   suspended as in 2.

Every step is idempotent per (service, date): `last_run_on` records the last date processed, and a
run for that date or an earlier one returns the state unchanged and books nothing.

Decisions:
- A service charged daily that was suspended for lack of funds is resumed by the daily run as soon
  as the balance covers the weekend days it was kept active (if any) and the day; the days it was
  suspended are not charged.
- A service charged daily keeps being charged after its plan's end date (the end date stops
  orders and renewals; a daily charge continues an existing service).
- Missed dates are caught up: an active daily-charged service run for a later date pays every
  unpaid day up to it; a periodic service whose `expires_on` has passed is handled as in 1-2.
- A client-suspended service is left alone; a deleted one too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sslbill_desktop.services.billing.addons import daily_addon_entries
from sslbill_desktop.services.billing.charge_daily import DailyRate, DaySpan
from sslbill_desktop.services.billing.late_fees import kept_days_note
from sslbill_desktop.services.billing.periods import ONE_DAY, is_weekend
from sslbill_desktop.services.billing.pricing import total
from sslbill_desktop.services.billing.refusals import Refusal
from sslbill_desktop.services.billing.renewal import auto_renew
from sslbill_desktop.services.billing.state import (
    Entry,
    EntryKind,
    Outcome,
    ServiceState,
    ServiceStatus,
    SuspensionReason,
    Transition,
)
from sslbill_desktop.services.billing.terms import ProductTypeSettings, TariffTerms, WeekendPolicy


def run_daily_for(
    state: ServiceState,
    terms: TariffTerms,
    product_type: ProductTypeSettings,
    balance: Decimal,
    day: date,
) -> Outcome:
    """Process `day` for one service: what to book and the state after it (never a refusal)."""
    if terms.key != state.tariff:
        raise ValueError(f"the service is on tariff {state.tariff!r}, not {terms.key!r}")
    if (
        state.status is ServiceStatus.DELETED
        or day < state.ordered_on
        or (state.last_run_on is not None and day <= state.last_run_on)
    ):
        return Outcome((), state)
    if state.suspension is SuspensionReason.CLIENT:
        outcome = Outcome((), state)
    elif terms.charge_daily:
        outcome = _run_charged_daily(state, terms, product_type, balance, day)
    else:
        outcome = _run_paid_per_period(state, terms, product_type, balance, day)
    return Outcome(outcome.entries, replace(outcome.state, last_run_on=day), outcome.transitions)


def _keep_or_suspend(
    state: ServiceState, terms: TariffTerms, product_type: ProductTypeSettings, day: date
) -> tuple[ServiceState, Transition]:
    if is_weekend(day) and terms.weekend_policy(product_type) is WeekendPolicy.DO_NOT_SUSPEND:
        return replace(state, kept_days=(day - state.expires_on).days + 1), Transition.KEPT_ACTIVE
    suspended = replace(
        state, status=ServiceStatus.SUSPENDED, suspension=SuspensionReason.EXPIRED, suspended_on=day
    )
    return suspended, Transition.SUSPENDED


def _delete_if_due(
    state: ServiceState, terms: TariffTerms, product_type: ProductTypeSettings, day: date
) -> tuple[ServiceState, Transition] | None:
    if state.status is not ServiceStatus.SUSPENDED or state.suspension is not SuspensionReason.EXPIRED:
        return None
    after = terms.auto_delete_after(product_type)
    if after is None or day < state.expires_on + timedelta(days=after):
        return None
    deleted = replace(state, status=ServiceStatus.DELETED, deleted_on=day, addons=())
    return deleted, Transition.DELETED


def _run_paid_per_period(
    state: ServiceState,
    terms: TariffTerms,
    product_type: ProductTypeSettings,
    balance: Decimal,
    day: date,
) -> Outcome:
    transitions: list[Transition] = []
    if state.status is ServiceStatus.ACTIVE and state.expires_on <= day:
        renewed = auto_renew(state, terms, day, balance)
        if not isinstance(renewed, Refusal):
            return renewed
        state, transition = _keep_or_suspend(state, terms, product_type, day)
        transitions.append(transition)
    deletion = _delete_if_due(state, terms, product_type, day)
    if deletion is not None:
        state, transition = deletion
        transitions.append(transition)
    return Outcome((), state, tuple(transitions))


def _run_charged_daily(
    state: ServiceState,
    terms: TariffTerms,
    product_type: ProductTypeSettings,
    balance: Decimal,
    day: date,
) -> Outcome:
    deletion = _delete_if_due(state, terms, product_type, day)
    if deletion is not None:
        deleted, transition = deletion
        return Outcome((), deleted, (transition,))
    if state.expires_on > day:
        return Outcome((), state)
    lines = _daily_lines(state, terms, day)
    if lines is None or total(lines) > balance:
        if state.status is not ServiceStatus.ACTIVE:
            return Outcome((), state)
        kept_or_suspended, transition = _keep_or_suspend(state, terms, product_type, day)
        return Outcome((), kept_or_suspended, (transition,))
    transitions = [Transition.CHARGED]
    if state.status is not ServiceStatus.ACTIVE:
        transitions.insert(0, Transition.REACTIVATED)
    charged = replace(
        state,
        status=ServiceStatus.ACTIVE,
        suspension=None,
        suspended_on=None,
        kept_days=0,
        expires_on=day + ONE_DAY,
        term_paid=total(line for line in lines if line.kind is EntryKind.DAILY),
    )
    return Outcome(lines, charged, tuple(transitions))


def _daily_lines(state: ServiceState, terms: TariffTerms, day: date) -> tuple[Entry, ...] | None:
    """What a daily-charged service owes on `day`: kept weekend days, then the unpaid days to `day`.

    None when its plan no longer prices its period (it is then suspended).
    """
    price = terms.prices.get(state.period)
    if price is None:
        return None
    anchor = state.daily_anchor or state.ordered_on
    rate = DailyRate(price, state.period, anchor, terms.daily_cost_by_order_period, terms.currency)
    ranges: list[tuple[date, date, bool]] = []  # first, last, kept
    if state.kept_days:
        ranges.append((state.expires_on, state.expires_on + timedelta(days=state.kept_days - 1), True))
    if state.status is ServiceStatus.ACTIVE:
        first_unpaid = state.expires_on + timedelta(days=state.kept_days)
    else:
        first_unpaid = day
    if first_unpaid <= day:
        ranges.append((first_unpaid, day, False))
    lines: list[Entry] = []
    for first, last, kept in ranges:
        spans: list[DaySpan] = rate.spans(first, last)
        if kept:
            amount = rate.amount(spans)
            if amount:
                lines.append(Entry.explained(day, EntryKind.DAILY, amount, kept_days_note(state.kept_days)))
        else:
            for span in spans:
                if span.units:
                    lines.append(
                        Entry.explained(day, EntryKind.DAILY, rate.amount([span]), rate.explain(span))
                    )
        addon_lines = daily_addon_entries(state, terms, day, first, last)
        if isinstance(addon_lines, Refusal):
            return None
        lines.extend(addon_lines)
    return tuple(lines)
