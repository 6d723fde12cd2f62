"""What the upstream journal does when an order's purchase or renewal ends.

Registered at import time (`services/journal.py`'s protocol): each handler runs inside the
transaction that marks the journal entry `done` or `failed`, so the client's charge is booked
exactly when the certificate is bought — now, or at a later start-up's reconciliation — and never
otherwise. The order carries what to book (`order_books.Pending`), written before the request
left.

- `order`: done — the order's charge is booked, the service becomes active, the upstream id is
  kept; failed — the order is marked `refused` (nothing was bought, nothing is charged).
- `renewal` (by staff): done — the renewal is booked; failed — nothing is booked.
- `auto_renewal` (the daily run): done — as a renewal, and the day's mark says `renewed`;
  failed — the service is handled as not renewed that day (suspended, or kept active over a
  weekend), as if the balance had not covered it.
- `upstream_renewal` (the daily run, for a service charged daily whose certificate's upstream
  term ends): done — the new upstream expiry is kept; nothing is booked (the client pays by the
  day); failed — the reason is kept on the order.

Import this module (any order service does) before `journal.reconcile_all` runs, or the
reconciliation of an order would find no handler.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal

from sqlalchemy import update
from sqlalchemy.orm import Session

from sslbill_desktop.models.daily_runs import DailyRunMark
from sslbill_desktop.models.orders import (
    ORDER_NEW,
    UPSTREAM_REFUSED,
    UPSTREAM_REQUESTED,
    Order,
)
from sslbill_desktop.services import audit, journal
from sslbill_desktop.services.billing import Transition, run_daily_for
from sslbill_desktop.services.billing.periods import add_months
from sslbill_desktop.services.journal import JournalRecord
from sslbill_desktop.services.order_books import (
    OPERATION_AUTO_RENEWAL,
    OPERATION_ORDER,
    OPERATION_RENEWAL,
    OPERATION_UPSTREAM_RENEWAL,
    Pending,
    actor_named,
    apply_state,
    book,
    pending_of,
    product_type,
    state_of,
    terms_for,
    upstream_months,
)

log = logging.getLogger(__name__)

ENTITY = "order"


class MissingPending(RuntimeError):
    """The journal finished an operation the order does not wait for (a bug; the entry stays open)."""


def _pending(s: Session, record: JournalRecord, operation: str) -> tuple[Order, Pending]:
    order = s.get(Order, record.subject_id) if record.subject_id is not None else None
    if order is None:
        raise MissingPending(f"journal {record.reference}: order {record.subject_id} does not exist")
    pending = pending_of(order)
    if pending is None or pending.operation != operation:
        raise MissingPending(f"journal {record.reference}: order {order.id} is not waiting for {operation}")
    return order, pending


def _order_done(s: Session, record: JournalRecord) -> None:
    order, pending = _pending(s, record, OPERATION_ORDER)
    actor = actor_named(pending.by)
    book(s, order, pending.entries, actor)
    apply_state(order, pending.state)
    order.pending = None
    order.upstream_certificate_id = record.upstream_id
    order.upstream_status = UPSTREAM_REQUESTED
    # What the upstream sells from the purchase on; the status sync reads the real date.
    order.upstream_expires_on = add_months(pending.on, upstream_months(pending.state.period))
    order.last_error = ""
    s.flush()
    audit.record(
        s,
        actor,
        "order",
        ENTITY,
        order.id,
        after={"upstream_certificate_id": record.upstream_id, "journal": record.reference},
        summary=order.common_name,
    )


def _order_failed(s: Session, record: JournalRecord) -> None:
    order, _pending_order = _pending(s, record, OPERATION_ORDER)
    order.pending = None
    order.status = ORDER_NEW
    order.upstream_status = UPSTREAM_REFUSED
    order.last_error = record.error[:1000]
    s.flush()


def _renewal_done(s: Session, record: JournalRecord, operation: str) -> Order:
    order, pending = _pending(s, record, operation)
    actor = actor_named(pending.by)
    book(s, order, pending.entries, actor)
    apply_state(order, pending.state)
    order.pending = None
    order.last_error = ""
    if record.expires is not None:
        order.upstream_expires_on = record.expires
    s.flush()
    audit.record(
        s,
        actor,
        "renew",
        ENTITY,
        order.id,
        after={"expires_on": pending.state.expires_on.isoformat(), "journal": record.reference},
        summary=order.common_name,
    )
    return order


def _manual_renewal_done(s: Session, record: JournalRecord) -> None:
    _renewal_done(s, record, OPERATION_RENEWAL)


def _manual_renewal_failed(s: Session, record: JournalRecord) -> None:
    order, _pending_renewal = _pending(s, record, OPERATION_RENEWAL)
    order.pending = None
    order.last_error = record.error[:1000]
    s.flush()


def _mark(s: Session, order_id: int, pending: Pending, outcome: str) -> None:
    s.execute(
        update(DailyRunMark)
        .where(DailyRunMark.order_id == order_id, DailyRunMark.day == pending.on)
        .values(outcome=outcome)
        .execution_options(synchronize_session=False)
    )


def _auto_renewal_done(s: Session, record: JournalRecord) -> None:
    order, pending = _pending(s, record, OPERATION_AUTO_RENEWAL)
    _renewal_done(s, record, OPERATION_AUTO_RENEWAL)
    _mark(s, order.id, pending, Transition.RENEWED.value)


def _auto_renewal_failed(s: Session, record: JournalRecord) -> None:
    """Not renewed upstream: the day goes on as if the balance had not covered the renewal."""
    order, pending = _pending(s, record, OPERATION_AUTO_RENEWAL)
    _not_renewed(s, order, pending, record.error)


def _not_renewed(s: Session, order: Order, pending: Pending, reason: str) -> None:
    from sslbill_desktop.services.order_notices import queue_suspension

    order.pending = None
    order.last_error = reason[:1000]
    state = state_of(order)
    if state is None:  # pragma: no cover - a renewal is only sent for a service with a state
        raise MissingPending(f"order {order.id} has no billing state")
    # A disabled plan renews nothing: the engine then suspends (or keeps over a weekend).
    terms = replace(terms_for(s, order.tariff_plan_id, order.currency), enabled=False)
    outcome = run_daily_for(state, terms, product_type(s), Decimal(0), pending.on)
    apply_state(order, outcome.state)
    transition = outcome.transitions[0] if outcome.transitions else Transition.SUSPENDED
    _mark(s, order.id, pending, f"renewal_failed_{transition.value}"[:32])
    s.flush()
    if Transition.SUSPENDED in outcome.transitions:
        queue_suspension(s, order, outcome.state)
    log.warning("order %s: automatic renewal refused upstream (%s)", order.id, reason)


def _upstream_renewal_done(s: Session, record: JournalRecord) -> None:
    """A certificate of a service charged daily was renewed upstream (the client pays by the day)."""
    order = s.get(Order, record.subject_id) if record.subject_id is not None else None
    if order is None:
        raise MissingPending(f"journal {record.reference}: order {record.subject_id} does not exist")
    if record.expires is not None:
        order.upstream_expires_on = record.expires
    order.last_error = ""
    s.flush()


def _upstream_renewal_failed(s: Session, record: JournalRecord) -> None:
    order = s.get(Order, record.subject_id) if record.subject_id is not None else None
    if order is not None:
        order.last_error = record.error[:1000]
        s.flush()


# --- an operation that never reached the journal ------------------------------------------------


def journal_entry_open(s: Session, purpose: str, order_id: int) -> bool:
    """Whether a journal entry of `purpose` for the order is still on its way (sent or unknown)."""
    from sqlalchemy import func, select

    from sslbill_desktop.models.journal import JOURNAL_SENT, JOURNAL_UNKNOWN, JournalEntry

    return bool(
        s.scalar(
            select(func.count())
            .select_from(JournalEntry)
            .where(
                JournalEntry.purpose == purpose,
                JournalEntry.subject_id == order_id,
                JournalEntry.state.in_((JOURNAL_SENT, JOURNAL_UNKNOWN)),
            )
        )
    )


def release(s: Session, order_id: int, operation: str, reason: str) -> bool:
    """Give up an operation that failed before the journal wrote it (a missing password, a module
    gone): nothing was sent, so nothing is booked — the order is marked refused, a renewal is
    dropped, an automatic renewal is handled as not renewed. False when the journal has the
    operation after all (reconciliation settles it)."""
    order = s.get(Order, order_id)
    if order is None or order.pending is None or journal_entry_open(s, operation, order_id):
        return False
    pending = Pending.from_json(order.pending)
    if pending.operation != operation:
        return False
    if operation == OPERATION_AUTO_RENEWAL:
        _not_renewed(s, order, pending, reason)
        return True
    order.pending = None
    order.last_error = reason[:1000]
    if operation == OPERATION_ORDER:
        order.status = ORDER_NEW
        order.upstream_status = UPSTREAM_REFUSED
    s.flush()
    return True


def register() -> None:
    """Register the handlers (idempotent)."""
    journal.register_completion(OPERATION_ORDER, done=_order_done, failed=_order_failed)
    journal.register_completion(OPERATION_RENEWAL, done=_manual_renewal_done, failed=_manual_renewal_failed)
    journal.register_completion(OPERATION_AUTO_RENEWAL, done=_auto_renewal_done, failed=_auto_renewal_failed)
    journal.register_completion(
        OPERATION_UPSTREAM_RENEWAL, done=_upstream_renewal_done, failed=_upstream_renewal_failed
    )


register()
