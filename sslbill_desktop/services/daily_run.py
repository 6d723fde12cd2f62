"""The daily run (BILLING.md) over the database: `run_daily(db, actor, day)`.

For the date `day`, in this order:

1. Open upstream operations are settled first (`journal.reconcile_all`): a renewal a crashed run
   left on its way is completed or undone before anything else is decided.
2. The due services — selected by queries, not by reading every order: active services whose
   paid term has ended (`expires_on <= day`: renew, or suspend / keep over a weekend; a service
   charged daily is due every day), and services suspended for expiry whose plan deletes them
   and whose deletion date has come (or, charged daily, that may be resumed) — go through the
   billing engine in batches of one transaction each, every service with its mark (order, day);
   a batch that fails is done again one service per transaction, so one service's error costs
   no other its day. A renewal whose certificate must be renewed upstream goes through the
   journal (the charge is booked when the upstream confirms; a refusal upstream leaves the
   service unrenewed that day; an upstream that cannot be reached is tried once per run and
   the renewals wait for the next run).
   Suspension and deletion notices go to the clients; auto-deleted certificates are deleted
   upstream. Services charged daily whose certificate's upstream term ends have it renewed
   upstream (nothing is booked: the client pays by the day).
3. Renewal reminders (`order_settings`: days before expiry) and reissue reminders (the reissue
   planner) are queued, once each.
4. Every processing module with a minimal balance has its upstream balance read; when it is under
   the minimum, its department is alerted (once per module and day).
5. The outbox sends what was queued, and retries earlier failed sends whose next attempt is due.

Idempotent per (service, day): a service's mark is written in the transaction that books its
day, so running the same day again — on this workstation or another, or after a crash — books
nothing twice and queues no notice twice. On PostgreSQL one workstation runs it at a time (a
session advisory lock; the second is told who is running it); on SQLite a run still marked
running by a live process refuses a second one. Returns a `DailyRunSummary`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from sslbill_desktop.models.base import utcnow
from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.clients import ClientAccount
from sslbill_desktop.models.daily_runs import (
    MARK_RENEWING,
    RUN_FAILED,
    RUN_FINISHED,
    RUN_RUNNING,
    DailyRun,
    DailyRunMark,
)
from sslbill_desktop.models.journal import JOURNAL_SENT, JOURNAL_UNKNOWN, JournalEntry
from sslbill_desktop.models.orders import ORDER_ACTIVE, ORDER_SUSPENDED, Order
from sslbill_desktop.models.outbox import OutboxMessage
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import journal, notifications, order_completions, outbox, upstream
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing import (
    Outcome,
    ProductTypeSettings,
    ServiceState,
    SuspensionReason,
    TariffTerms,
    Transition,
    run_daily_for,
)
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import Conflict, UserError
from sslbill_desktop.services.i18n import _, format_money
from sslbill_desktop.services.ispmanager.errors import (
    ProtocolError,
    PurchaseOutcomeUnknown,
    UpstreamError,
    UpstreamNotFound,
    UpstreamUnavailable,
)
from sslbill_desktop.services.ledger import book_entries, get_account
from sslbill_desktop.services.order_books import (
    OPERATION_AUTO_RENEWAL,
    OPERATION_UPSTREAM_RENEWAL,
    Pending,
    actor_named,
    apply_state,
    pending_of,
    product_type,
    terms_for,
    upstream_months,
)
from sslbill_desktop.services.order_notices import OrderNotices
from sslbill_desktop.services.order_settings import settings_in
from sslbill_desktop.services.sql_lists import chunks

log = logging.getLogger(__name__)

assert order_completions  # the journal's handlers for automatic renewals are registered

#: PostgreSQL advisory-lock key of the daily run (one workstation at a time).
DAILY_RUN_LOCK_KEY = 0x551B12
#: How many due services are read per query.
BATCH = 500
#: A run marked running by another host is taken as alive for this long (SQLite).
FOREIGN_RUN_ALIVE = timedelta(hours=6)


class DailyRunBusy(UserError):
    """Another workstation is running the daily processing."""


@dataclass
class DailyRunSummary:
    """What a run did (counts of what is new this time; a second run of a day counts zeros)."""

    day: date
    run_id: int | None = None
    due: int = 0
    renewed: int = 0
    renewals_waiting: int = 0
    renewals_refused: int = 0
    #: Certificates of services charged daily renewed upstream.
    certificates_renewed: int = 0
    suspended: int = 0
    kept_active: int = 0
    deleted: int = 0
    charged: int = 0
    reactivated: int = 0
    renewal_reminders: int = 0
    reissue_reminders: int = 0
    low_balance_alerts: int = 0
    reconciled: int = 0
    messages_sent: int = 0
    #: What was booked, by currency (charges positive).
    booked: dict[str, Decimal] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    COUNTS = (
        "due",
        "renewed",
        "renewals_waiting",
        "renewals_refused",
        "certificates_renewed",
        "suspended",
        "kept_active",
        "deleted",
        "charged",
        "reactivated",
        "renewal_reminders",
        "reissue_reminders",
        "low_balance_alerts",
        "reconciled",
        "messages_sent",
    )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"day": self.day.isoformat(), "run_id": self.run_id}
        data.update({name: getattr(self, name) for name in self.COUNTS})
        data["booked"] = {currency: str(amount) for currency, amount in sorted(self.booked.items())}
        data["errors"] = list(self.errors)
        return data

    @property
    def nothing_new(self) -> bool:
        return not any(getattr(self, name) for name in self.COUNTS if name != "messages_sent")

    def lines(self) -> list[str]:
        """The summary as sentences for the command line and the GUI."""
        lines = [
            _("Daily processing for {day}: {due} services due.").format(
                day=self.day.isoformat(), due=self.due
            ),
            _("Renewed: {renewed}; waiting for the upstream: {waiting}; refused upstream: {refused}.").format(
                renewed=self.renewed, waiting=self.renewals_waiting, refused=self.renewals_refused
            ),
            _("Suspended: {suspended}; kept active over the weekend: {kept}; deleted: {deleted}.").format(
                suspended=self.suspended, kept=self.kept_active, deleted=self.deleted
            ),
            _(
                "Charged daily: {charged}; resumed: {resumed}; certificates renewed upstream: {renewed}."
            ).format(charged=self.charged, resumed=self.reactivated, renewed=self.certificates_renewed),
            _(
                "Renewal reminders: {renewal}; reissue reminders: {reissue}; low-balance alerts: {alerts}."
            ).format(
                renewal=self.renewal_reminders, reissue=self.reissue_reminders, alerts=self.low_balance_alerts
            ),
        ]
        if self.booked:
            booked = ", ".join(
                format_money(amount, currency) for currency, amount in sorted(self.booked.items())
            )
            lines.append(_("Booked: {amounts}.").format(amounts=booked))
        if self.nothing_new:
            lines.append(_("Nothing new: this day had been processed already."))
        lines.extend(_("Problem: {error}").format(error=error) for error in self.errors)
        return lines


# --- one workstation at a time ------------------------------------------------------------------


def _running_elsewhere(db: Database, now: datetime) -> DailyRun | None:
    with db.uow() as s:
        for run in s.scalars(select(DailyRun).where(DailyRun.status == RUN_RUNNING).order_by(DailyRun.id)):
            if _owner_alive(run.owner, run.started_at, now):
                s.expunge(run)
                return run
            run.status = RUN_FAILED
            run.error = _("interrupted (its process stopped before the end)")
            run.finished_at = now
    return None


def _owner_alive(owner: str, started_at: datetime, now: datetime) -> bool:
    host, _sep, rest = owner.partition(":")
    pid_text, _sep, token = rest.partition(":")
    if token == journal.PROCESS_TOKEN:
        return True
    if host == journal.HOST_NAME and pid_text.isdigit():
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return now - started_at < FOREIGN_RUN_ALIVE


def _busy(run: DailyRun | None) -> DailyRunBusy:
    if run is None:
        return DailyRunBusy(_("Another workstation is running the daily processing now. Try again later."))
    return DailyRunBusy(
        _("The daily processing for {day} is running on {owner} (started by {who}). Try again later.").format(
            day=run.day.isoformat(), owner=run.owner.split(":", 1)[0], who=run.started_by
        )
    )


@contextmanager
def _exclusive(db: Database, now: datetime) -> Iterator[None]:
    """Hold the daily run's lock (PostgreSQL: advisory; SQLite: the run records)."""
    connection: Connection | None = None
    if db.is_postgresql:
        connection = db.engine.connect()
        acquired = connection.execute(
            text("SELECT pg_try_advisory_lock(:k)"), {"k": DAILY_RUN_LOCK_KEY}
        ).scalar()
        connection.commit()
        if not acquired:
            connection.close()
            with db.uow() as s:
                run = s.scalar(
                    select(DailyRun).where(DailyRun.status == RUN_RUNNING).order_by(DailyRun.id.desc())
                )
                if run is not None:
                    s.expunge(run)
            raise _busy(run)
    try:
        other = _running_elsewhere(db, now)
        if other is not None and connection is None:
            raise _busy(other)
        yield
    finally:
        if connection is not None:
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": DAILY_RUN_LOCK_KEY})
            connection.commit()
            connection.close()


# --- the due services ---------------------------------------------------------------------------


@dataclass
class _Catalog:
    """Plans' terms and the product type, read once per run."""

    db: Database
    product: ProductTypeSettings
    terms: dict[tuple[int, str], TariffTerms] = field(default_factory=dict)

    def of(self, plan_id: int, currency: str) -> TariffTerms:
        key = (plan_id, currency)
        if key not in self.terms:
            with self.db.uow() as s:
                self.terms[key] = terms_for(s, plan_id, currency)
        return self.terms[key]


def _deletion_conditions(db: Database, catalog: _Catalog, day: date) -> list[Any]:
    """Per plan: suspended-for-expiry services whose deletion date has come (charged daily: all).
    Only plans that have services suspended for expiry need a condition (the days until deletion
    are the plan's, whatever the currency its terms are read in)."""
    conditions: list[Any] = []
    with db.uow() as s:
        plans = list(s.execute(select(TariffPlan.id, TariffPlan.charge_daily)))
        currencies = {
            int(plan_id): str(currency)
            for plan_id, currency in s.execute(
                select(Order.tariff_plan_id, func.min(Order.currency))
                .where(Order.status == ORDER_SUSPENDED, Order.suspension == SuspensionReason.EXPIRED.value)
                .group_by(Order.tariff_plan_id)
            )
        }
    for plan_id, charge_daily in plans:
        if charge_daily:
            conditions.append(Order.tariff_plan_id == plan_id)
            continue
        if plan_id not in currencies:
            continue
        after = catalog.of(plan_id, str(currencies[plan_id])).auto_delete_after(catalog.product)
        if after is not None:
            conditions.append(
                and_(Order.tariff_plan_id == plan_id, Order.expires_on <= day - timedelta(days=after))
            )
    return conditions


def _due_query(day: date, deletion: list[Any]) -> Any:
    marked = exists().where(DailyRunMark.order_id == Order.id, DailyRunMark.day == day)
    suspended_due = (
        and_(
            Order.status == ORDER_SUSPENDED,
            Order.suspension == SuspensionReason.EXPIRED.value,
            or_(*deletion),
        )
        if deletion
        else None
    )
    active_due = and_(Order.status == ORDER_ACTIVE, Order.expires_on <= day)
    return (
        select(Order.id)
        .where(
            Order.state.is_not(None),
            Order.pending.is_(None),
            or_(Order.last_run_on.is_(None), Order.last_run_on < day),
            or_(active_due, suspended_due) if suspended_due is not None else active_due,
            ~marked,
        )
        .order_by(Order.id)
    )


def _due_ids(db: Database, query: Any) -> Iterator[list[int]]:
    last = 0
    while True:
        with db.uow() as s:
            ids = [int(i) for i in s.scalars(query.where(Order.id > last).limit(BATCH))]
        if not ids:
            return
        yield ids
        last = ids[-1]


# --- one service --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Renewal:
    order_id: int
    module_id: int
    certificate_id: str
    months: int
    amount: Decimal
    currency: str


def _mark_outcome(outcome: Outcome) -> str:
    return outcome.transitions[0].value if outcome.transitions else "nothing"


def _count(summary: DailyRunSummary, outcome: Outcome) -> None:
    for transition in outcome.transitions:
        if transition is Transition.RENEWED:
            summary.renewed += 1
        elif transition is Transition.SUSPENDED:
            summary.suspended += 1
        elif transition is Transition.KEPT_ACTIVE:
            summary.kept_active += 1
        elif transition is Transition.DELETED:
            summary.deleted += 1
        elif transition is Transition.CHARGED:
            summary.charged += 1
        elif transition is Transition.REACTIVATED:
            summary.reactivated += 1


@dataclass
class _ServiceDay:
    """What one service's day did, counted in the summary once its transaction is committed."""

    order_id: int
    outcome: Outcome | None = None
    renewal: _Renewal | None = None
    mails: list[outbox.OutgoingMail] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)
    deleted_upstream: tuple[int, str] | None = None
    #: The currency of what was booked.
    currency: str = ""
    #: Why the service's day could not be booked (it is left for the next run).
    error: str = ""


@dataclass
class _Day:
    """What every service of the run shares: the day, the run, the plans' terms, the notices."""

    db: Database
    actor: Actor
    day: date
    run_id: int
    catalog: _Catalog
    notices: OrderNotices


def _decide(
    s: Session, day: _Day, order: Order | None, accounts: dict[tuple[int, str], ClientAccount]
) -> _ServiceDay | None:
    """Decide and book one service's day in the caller's transaction, with its mark (order, day):
    the mark's primary key refuses a second booking of the day when the transaction is flushed.
    None when the service is not due after all."""
    if order is None or order.pending is not None or order.state is None:
        return None
    state = ServiceState.from_dict(order.state)
    if state.last_run_on is not None and state.last_run_on >= day.day:
        return None
    terms = day.catalog.of(order.tariff_plan_id, order.currency)
    account = accounts.get((order.client_id, order.currency))
    if account is None:
        account = accounts[(order.client_id, order.currency)] = get_account(
            s, order.client_id, order.currency
        )
    outcome = run_daily_for(state, terms, day.catalog.product, account.balance, day.day)
    renewing = Transition.RENEWED in outcome.transitions and (
        order.upstream_expires_on is None or order.upstream_expires_on < outcome.state.expires_on
    )
    if renewing:
        if not order.upstream_certificate_id:
            raise UserError(_("order {id} has no upstream certificate to renew").format(id=order.id))
        s.add(DailyRunMark(order_id=order.id, day=day.day, outcome=MARK_RENEWING, run_id=day.run_id))
        order.pending = Pending(
            OPERATION_AUTO_RENEWAL, day.day, outcome.entries, outcome.state, day.actor.login, day.run_id
        ).to_json()
        return _ServiceDay(
            order.id,
            renewal=_Renewal(
                order.id,
                order.processing_module_id,
                order.upstream_certificate_id,
                upstream_months(outcome.state.period),
                outcome.total,
                order.currency,
            ),
        )
    s.add(
        DailyRunMark(order_id=order.id, day=day.day, outcome=_mark_outcome(outcome)[:32], run_id=day.run_id)
    )
    if outcome.entries:
        book_entries(s, account, list(outcome.entries), order.id, actor=actor_named(day.actor.login))
    apply_state(order, outcome.state)
    done = _ServiceDay(order.id, outcome=outcome, currency=order.currency)
    if Transition.SUSPENDED in outcome.transitions:
        done.mails.append(day.notices.suspension(s, order, outcome.state))
    if Transition.DELETED in outcome.transitions:
        done.mails.append(day.notices.deletion(s, order))
        if order.upstream_certificate_id:
            done.deleted_upstream = (order.processing_module_id, order.upstream_certificate_id)
    return done


def _queue_mails(s: Session, done: list[_ServiceDay]) -> None:
    """Queue the services' notices together (each once: their keys say so)."""
    mails = [(item, mail) for item in done for mail in item.mails]
    if not mails:
        return
    ids = outbox.enqueue_many(s, [mail for _item, mail in mails])
    for (item, _mail), message_id in zip(mails, ids, strict=True):
        if message_id is not None:
            item.message_ids.append(message_id)


#: The order columns the daily run does not need (the certificate and its request).
_UNUSED_COLUMNS = (Order.csr_pem, Order.certificate_pem, Order.chain_pem)


def _process_batch(
    day: _Day, ids: list[int], cancelled: Callable[[], bool] | None
) -> tuple[list[_ServiceDay | None], bool]:
    """The batch's services in ONE transaction (their orders and accounts read together, their
    bookings, marks and notices written together); the services' days, and whether the run was
    stopped. On any error the batch is done again one service per transaction, so that one
    service's failure costs no other its day."""
    cleared = 0  # services the run was not stopped before
    stopped = False
    try:
        with day.db.uow() as s:
            orders = {
                o.id: o
                for o in s.scalars(
                    select(Order).where(Order.id.in_(ids)).options(*(defer(c) for c in _UNUSED_COLUMNS))
                )
            }
            client_ids = sorted({o.client_id for o in orders.values()})
            accounts = {
                (a.client_id, a.currency): a
                for a in s.scalars(select(ClientAccount).where(ClientAccount.client_id.in_(client_ids)))
            }
            day.notices.cache.prime_clients(s, client_ids)
            done: list[_ServiceDay | None] = []
            for order_id in ids:
                if cancelled is not None and cancelled():
                    stopped = True
                    break
                cleared += 1
                done.append(_decide(s, day, orders.get(order_id), accounts))
            _queue_mails(s, [item for item in done if item is not None])
            s.flush()  # a mark written by another run refuses the batch here, before the commit
        return done, stopped
    except Exception as exc:  # every failure is met again below, service by service
        log.info("daily run %s: a batch failed (%s); its services one by one", day.day, type(exc).__name__)
    return _process_one_by_one(day, ids, cleared, stopped, cancelled)


def _process_one_by_one(
    day: _Day, ids: list[int], cleared: int, stopped: bool, cancelled: Callable[[], bool] | None
) -> tuple[list[_ServiceDay | None], bool]:
    """The services of a failed batch, each in its own transaction: a service that fails is left
    for the next run (its error is reported), the others get their day. The first `cleared`
    were already cleared to run; `stopped`: the run was stopped after them."""
    done: list[_ServiceDay | None] = []
    for index, order_id in enumerate(ids):
        if index >= cleared and (stopped or (cancelled is not None and cancelled())):
            return done, True
        try:
            with day.db.uow() as s:
                item = _decide(s, day, s.get(Order, order_id), {})
                if item is not None:
                    _queue_mails(s, [item])
                s.flush()
        except IntegrityError:
            item = None  # another run marked this service's day first
        except (Conflict, UserError) as exc:
            item = _ServiceDay(order_id, error=_("order {id}: {reason}").format(id=order_id, reason=str(exc)))
        done.append(item)
    return done, False


def _counted(
    summary: DailyRunSummary, item: _ServiceDay, queued: list[int], deleted_upstream: list[tuple[int, str]]
) -> None:
    """Count a committed service's day in the summary."""
    if item.error:
        summary.errors.append(item.error)
    queued.extend(item.message_ids)
    if item.deleted_upstream is not None:
        deleted_upstream.append(item.deleted_upstream)
    outcome = item.outcome
    if outcome is not None:
        _count(summary, outcome)
        if outcome.entries:
            currency = item.currency
            summary.booked[currency] = summary.booked.get(currency, Decimal(0)) + outcome.total


def _count_fallback(db: Database, order_id: int, summary: DailyRunSummary) -> None:
    """Count what became of a service whose automatic renewal failed (suspended, or kept)."""
    with db.uow() as s:
        row = s.execute(select(Order.state, Order.pending).where(Order.id == order_id)).first()
    if row is None or not row.state or row.pending is not None:
        return
    state = ServiceState.from_dict(row.state)
    if state.status.value == ORDER_SUSPENDED:
        summary.suspended += 1
    elif state.kept_days:
        summary.kept_active += 1


def _orphaned_renewals(db: Database, run_id: int) -> list[_Renewal]:
    """Automatic renewals that an earlier run decided but never sent: it was killed after the
    order took the renewal as pending and before the journal entry was written, or the upstream
    could not be reached that day.

    Nothing of such a renewal left the workstation (an entry is committed before any request is
    sent), and only one daily run runs at a time, so a pending automatic renewal of another run
    with no open journal entry is an orphan: it is sent now, as that run would have sent it.
    """
    open_entry = exists().where(
        JournalEntry.subject_id == Order.id,
        JournalEntry.purpose == OPERATION_AUTO_RENEWAL,
        JournalEntry.state.in_((JOURNAL_SENT, JOURNAL_UNKNOWN)),
    )
    found: list[_Renewal] = []
    with db.uow() as s:
        for order in s.scalars(
            select(Order).where(Order.pending.is_not(None), ~open_entry).order_by(Order.id)
        ):
            pending = pending_of(order)
            if pending is None or pending.operation != OPERATION_AUTO_RENEWAL or pending.run_id == run_id:
                continue
            if not order.upstream_certificate_id:
                continue
            log.warning("order %s: resuming the automatic renewal of run %s", order.id, pending.run_id)
            found.append(
                _Renewal(
                    order.id,
                    order.processing_module_id,
                    order.upstream_certificate_id,
                    upstream_months(pending.state.period),
                    sum((e.amount for e in pending.entries), Decimal(0)),
                    order.currency,
                )
            )
    return found


def _still_pending(db: Database, order_id: int) -> bool:
    """Whether the order still holds its automatic renewal: the call failed before the journal
    wrote anything (the journal's completion clears it otherwise)."""
    with db.uow() as s:
        row = s.execute(select(Order.pending).where(Order.id == order_id)).first()
    return row is not None and row.pending is not None


def _send_renewal(
    db: Database, actor: Actor, renewal: _Renewal, summary: DailyRunSummary, unreachable: dict[int, str]
) -> None:
    """Send one automatic renewal through the journal and count what became of it.

    When the module's upstream cannot be reached before anything is written (no connection, a
    reply that is not the API's), the renewal stays with the order and the next run sends it
    again (`_orphaned_renewals`); the module is then not tried again in this run (`unreachable`:
    module id → the reason), so that a day with the upstream down costs one attempt, not one per
    service."""
    reason = unreachable.get(renewal.module_id)
    if reason is None:
        try:
            journal.renew_certificate(
                db,
                actor,
                renewal.module_id,
                renewal.certificate_id,
                renewal.months,
                purpose=OPERATION_AUTO_RENEWAL,
                subject_id=renewal.order_id,
            )
        except PurchaseOutcomeUnknown as exc:
            summary.renewals_waiting += 1
            summary.errors.append(_("order {id}: {reason}").format(id=renewal.order_id, reason=str(exc)))
            return
        except (UpstreamUnavailable, ProtocolError) as exc:
            if not _still_pending(db, renewal.order_id):  # the journal wrote it and saw it refused
                _refused(db, renewal, summary, str(exc))
                return
            reason = unreachable[renewal.module_id] = str(exc)
        except UpstreamError as exc:
            if _still_pending(db, renewal.order_id):  # refused before anything was written
                _release(db, renewal, summary, str(exc))
            else:
                _refused(db, renewal, summary, str(exc))
            return
        except UserError as exc:  # before anything was sent (no password, module gone)
            _release(db, renewal, summary, str(exc))
            return
        else:
            summary.renewed += 1
            summary.booked[renewal.currency] = (
                summary.booked.get(renewal.currency, Decimal(0)) + renewal.amount
            )
            return
    summary.renewals_waiting += 1
    summary.errors.append(
        _(
            "order {id}: the renewal was not sent — the upstream could not be reached ({reason}); "
            "the next daily run sends it."
        ).format(id=renewal.order_id, reason=reason)
    )


def _refused(db: Database, renewal: _Renewal, summary: DailyRunSummary, reason: str) -> None:
    summary.renewals_refused += 1
    _count_fallback(db, renewal.order_id, summary)
    summary.errors.append(
        _("order {id}: the upstream refused the renewal: {reason}").format(id=renewal.order_id, reason=reason)
    )


def _release(db: Database, renewal: _Renewal, summary: DailyRunSummary, reason: str) -> None:
    """The renewal could not be sent and will not be by itself: the service is not renewed today."""
    with db.uow() as s:
        released = order_completions.release(s, renewal.order_id, OPERATION_AUTO_RENEWAL, reason)
    if released:
        summary.renewals_refused += 1
        _count_fallback(db, renewal.order_id, summary)
    summary.errors.append(
        _("order {id}: the renewal could not be sent: {reason}").format(id=renewal.order_id, reason=reason)
    )


# --- certificates of services charged daily ----------------------------------------------------


def _daily_certificates(db: Database, actor: Actor, day: date, summary: DailyRunSummary) -> None:
    """Renew upstream the certificates of active services charged daily whose upstream term ends
    by `day` (the client pays by the day; the certificate is bought a year at a time). A renewal
    whose outcome is still unknown is not sent again (the journal settles it first)."""
    open_entry = exists().where(
        JournalEntry.subject_id == Order.id,
        JournalEntry.purpose == OPERATION_UPSTREAM_RENEWAL,
        JournalEntry.state.in_((JOURNAL_SENT, JOURNAL_UNKNOWN)),
    )
    with db.uow() as s:
        due = [
            (int(i), int(m), str(c), int(p))
            for i, m, c, p in s.execute(
                select(Order.id, Order.processing_module_id, Order.upstream_certificate_id, Order.period)
                .join(TariffPlan, TariffPlan.id == Order.tariff_plan_id)
                .where(
                    TariffPlan.charge_daily.is_(True),
                    Order.status == ORDER_ACTIVE,
                    Order.upstream_certificate_id.is_not(None),
                    Order.upstream_expires_on <= day,
                    ~open_entry,
                )
                .order_by(Order.id)
            )
        ]
    for order_id, module_id, certificate_id, period in due:
        try:
            journal.renew_certificate(
                db,
                actor,
                module_id,
                certificate_id,
                upstream_months(period),
                purpose=OPERATION_UPSTREAM_RENEWAL,
                subject_id=order_id,
            )
        except UserError as exc:
            summary.errors.append(
                _("order {id}: its certificate could not be renewed upstream: {reason}").format(
                    id=order_id, reason=exc
                )
            )
        else:
            summary.certificates_renewed += 1


# --- reminders and alerts -----------------------------------------------------------------------


def _renewal_reminders(
    db: Database, day: date, summary: DailyRunSummary, queued: list[int], notices: OrderNotices
) -> None:
    with db.uow() as s:
        days = settings_in(s).renewal_reminder_days
    for before in days:
        target = day + timedelta(days=before)
        with db.uow() as s:
            rows = list(
                s.scalars(
                    select(Order)
                    .join(TariffPlan, TariffPlan.id == Order.tariff_plan_id)
                    .where(
                        Order.status == ORDER_ACTIVE,
                        Order.expires_on == target,
                        Order.pending.is_(None),
                        TariffPlan.charge_daily.is_(False),
                    )
                    .order_by(Order.id)
                    .options(*(defer(c) for c in _UNUSED_COLUMNS))
                )
            )
            notices.cache.prime_clients(s, [order.client_id for order in rows])
            mails = []
            for order in rows:
                state = ServiceState.from_dict(order.state) if order.state else None
                if state is None:
                    continue
                mails.append(notices.renewal_reminder(s, order, state, before))
            for message_id in outbox.enqueue_many(s, mails):
                if message_id is not None:
                    summary.renewal_reminders += 1
                    queued.append(message_id)


def reissue_key(order_id: int, certificate_ends_on: date) -> str:
    """The outbox's once-only key of a reissue reminder (the one `notifications` uses too)."""
    return f"reissue-due:{order_id}:{certificate_ends_on.isoformat()}"


def _queued_keys(db: Database, keys: list[str]) -> set[str]:
    with db.uow() as s:
        found = outbox.queued_keys(s, keys)
    return found


@lru_cache(maxsize=1024)  # the reminders of a day share a few dates
def _long_date(value: date, language: str) -> str:
    from babel.dates import format_date

    try:
        return str(format_date(value, format="long", locale=language))
    except (ValueError, LookupError):
        return str(format_date(value, format="long", locale="en"))


def _reissue_reminders(
    db: Database, day: date, summary: DailyRunSummary, queued: list[int], cache: notifications.NoticeCache
) -> None:
    """Remind each certificate's department of every reissue due by `day`, once per certificate:
    those queued before are skipped with one query, the new ones queued in one transaction."""
    from sslbill_desktop.models.infrastructure import Department
    from sslbill_desktop.services.domains import to_unicode
    from sslbill_desktop.services.notifications import NotificationKind
    from sslbill_desktop.services.reissue_planner import due_reminders

    def reminded(due: dict[int, date]) -> set[int]:
        keys = {reissue_key(order_id, ends_on): order_id for order_id, ends_on in due.items()}
        return {keys[key] for key in _queued_keys(db, list(keys))}

    due = {
        reissue_key(r.order_id, r.certificate_ends_on): r for r in due_reminders(db, day, reminded=reminded)
    }
    if not due:
        return
    with db.uow() as s:
        languages = {
            int(i): str(lang) for i, lang in s.execute(select(Department.id, Department.task_language))
        }
        mails = []
        for key, row in due.items():
            if row.department_id is None:
                continue
            language = languages.get(row.department_id, "en")
            values = {
                "domain": to_unicode(row.common_name),
                "order_id": str(row.order_id),
                "expiry_date": _long_date(row.certificate_ends_on, language),
                "term_end": _long_date(row.term_ends_on, language),
                "due_date": _long_date(row.reissue_due_on, language),
            }
            mail = notifications.department_alert(
                s,
                NotificationKind.REISSUE_DUE,
                row.department_id,
                values,
                provider_id=row.provider_id,
                service_id=row.order_id,
                dedupe_key=key,
                cache=cache,
            )
            if mail is not None:
                mails.append(mail)
        for message_id in outbox.enqueue_many(s, mails):
            if message_id is not None:
                summary.reissue_reminders += 1
                queued.append(message_id)


def _low_balance_alerts(db: Database, actor: Actor, day: date, summary: DailyRunSummary) -> None:
    with db.uow() as s:
        modules = [
            (int(i), n)
            for i, n in s.execute(
                select(ProcessingModule.id, ProcessingModule.name)
                .where(ProcessingModule.minimal_balance.is_not(None))
                .order_by(ProcessingModule.id)
            )
        ]
    for module_id, _name in modules:
        try:
            record = upstream.refresh_balance(db, actor, module_id)
        except UserError as exc:
            summary.errors.append(
                _("processing module {id}: the balance could not be read: {reason}").format(
                    id=module_id, reason=exc
                )
            )
            continue
        if not record.below_minimum:
            continue
        try:
            message_id = notifications.low_balance_alert(db, module_id, balance=record.balance, on=day)
        except UserError as exc:
            summary.errors.append(str(exc))
            continue
        if message_id is not None:
            summary.low_balance_alerts += 1


# --- the run ------------------------------------------------------------------------------------


def _start(db: Database, actor: Actor, day: date, now: datetime) -> int:
    with db.uow() as s:
        run = DailyRun(
            day=day, status=RUN_RUNNING, started_at=now, started_by=actor.login, owner=journal.OWNER
        )
        s.add(run)
        s.flush()
        return int(run.id)


def _finish(db: Database, run_id: int, summary: DailyRunSummary, error: str = "") -> None:
    with db.uow() as s:
        run = s.get(DailyRun, run_id)
        if run is not None:
            run.status = RUN_FAILED if error else RUN_FINISHED
            run.finished_at = utcnow()
            run.summary = summary.to_dict()
            run.error = error[:1000]


def count_due(db: Database, day: date) -> int:
    """How many services the run for `day` would look at now (for a progress bar)."""
    catalog = _Catalog(db, _product(db))
    query = _due_query(day, _deletion_conditions(db, catalog, day))
    with db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _product(db: Database) -> ProductTypeSettings:
    with db.uow() as s:
        return product_type(s)


def run_daily(
    db: Database,
    actor: Actor,
    day: date,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    reconcile: bool = True,
) -> DailyRunSummary:
    """Run the day (see the module documentation)."""
    require(actor, Permission.RUN_DAILY)
    now = utcnow()
    summary = DailyRunSummary(day)
    with _exclusive(db, now):
        run_id = _start(db, actor, day, now)
        summary.run_id = run_id
        try:
            _run(db, actor, day, summary, progress, cancelled, reconcile)
        except BaseException as exc:
            _finish(db, run_id, summary, error=str(exc) if isinstance(exc, UserError) else type(exc).__name__)
            raise
        _finish(db, run_id, summary)
    log.info("daily run %s: %s", day.isoformat(), summary.to_dict())
    return summary


def _run(
    db: Database,
    actor: Actor,
    day: date,
    summary: DailyRunSummary,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    reconcile: bool,
) -> None:
    if reconcile:
        results = journal.reconcile_all(db)
        summary.reconciled = sum(1 for r in results if r.after != r.before)
        summary.errors.extend(f"{r.reference}: {r.message}" for r in results if r.message)
    unreachable: dict[int, str] = {}
    for orphan in _orphaned_renewals(db, summary.run_id or 0):
        _send_renewal(db, actor, orphan, summary, unreachable)
    catalog = _Catalog(db, _product(db))
    query = _due_query(day, _deletion_conditions(db, catalog, day))
    with db.uow() as s:
        total = int(s.scalar(select(func.count()).select_from(query.subquery())) or 0)
    summary.due = total
    notices = OrderNotices(terms=lambda _s, plan_id, currency: catalog.of(plan_id, currency))
    run = _Day(db, actor, day, summary.run_id or 0, catalog, notices)
    queued: list[int] = []
    deleted_upstream: list[tuple[int, str]] = []
    done = 0
    for batch in _due_ids(db, query):
        days, stopped = _process_batch(run, batch, cancelled)
        for item in days:
            if item is not None:
                _counted(summary, item, queued, deleted_upstream)
                if item.renewal is not None:
                    _send_renewal(db, actor, item.renewal, summary, unreachable)
            done += 1
            if progress is not None:
                progress(done, total)
        if stopped:
            summary.errors.append(_("Stopped before the end; run the day again to finish it."))
            return
    for module_id, certificate_id in deleted_upstream:
        try:
            upstream.client_for(db, module_id).delete_certificate(certificate_id)
        except UpstreamNotFound:
            pass
        except UserError as exc:
            summary.errors.append(
                _("certificate {id} could not be deleted upstream: {reason}").format(
                    id=certificate_id, reason=exc
                )
            )
    _daily_certificates(db, actor, day, summary)
    _renewal_reminders(db, day, summary, queued, notices)
    _reissue_reminders(db, day, summary, queued, notices.cache)
    _low_balance_alerts(db, actor, day, summary)
    report = outbox.deliver(db, _deliverable(db, [i for i in queued if i]))
    # Earlier sends that failed and whose next attempt is due go out with today's.
    retried = outbox.retry_outbox(db, utcnow())
    summary.messages_sent = len(report.sent) + len(retried.sent)


def _deliverable(db: Database, message_ids: list[int]) -> list[int]:
    """The queued messages whose provider has an SMTP server set up (the others wait in the outbox,
    saying why, without an attempt for each)."""
    from sslbill_desktop.models.smtp import SmtpSettings

    found: list[int] = []
    with db.uow() as s:
        for chunk in chunks(message_ids):
            found.extend(
                int(i)
                for i in s.scalars(
                    select(OutboxMessage.id)
                    .join(SmtpSettings, SmtpSettings.provider_id == OutboxMessage.provider_id)
                    .where(OutboxMessage.id.in_(chunk))
                    .order_by(OutboxMessage.id)
                )
            )
    return found
