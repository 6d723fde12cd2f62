"""No duplicate purchases: the upstream journal and its reconciliation.

Every upstream call that spends money (an order, a renewal) goes through here:

1. An entry is written — our reference (a UUID), what is asked (no secrets: the CSR is public, the
   private key never leaves the workstation), state `sent`, the sending process as `owner` — and
   **committed before the request leaves**.
2. The reply decides. Success: in ONE transaction the entry becomes `done` with the upstream id and
   the completion handler registered for the entry's `purpose` books the caller's side (the
   client's charge, the order's upstream id). A clear refusal (not enough money, a bad value,
   a connection refused before anything was sent): the entry becomes `failed` — nothing was
   bought — and the handler's `failed` runs in that same transaction; the error is raised.
3. An unknown outcome (timeout, reset, 5xx, a reply we cannot read, "accepted then dropped") makes
   the entry `unknown`, and it is never sent again blindly: reconciliation lists the upstream's
   certificates and adopts the one that matches — same CN, same plan, created at or after the
   entry's time less a clock-skew margin, not adopted by another entry (for a renewal: the
   certificate's expiry moved past the one recorded before sending). Only when nothing matches,
   and at least `settle_seconds` after the last send (a slow upstream may still be working), is the
   request sent again, at most `max_sends` times per run; otherwise `PurchaseOutcomeUnknown` is
   raised and the entry waits.
4. `reconcile_all(db)` runs at start-up over `unknown` entries and over `sent` entries whose sender
   is gone (a crash: its process no longer exists on this host, or it is older than
   `stale_after`); `retry_entry` runs the same before a staff member's retry.

For the caller (the order service): register a handler once at import time —
`register_completion("order", done=book_order, failed=cancel_order)` — then call
`purchase_certificate(db, actor, module_id, order, purpose="order", subject_id=order_id)`.
`book_order(session, record)` runs inside the transaction that marks the entry done, whether that
happens now or in a later start-up's reconciliation, so a charge is booked exactly when the
purchase is. State changes are conditional updates (`WHERE state = ...`), so two workstations
never complete or resend one entry twice.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sslbill_desktop.models.journal import (
    JOURNAL_DONE,
    JOURNAL_FAILED,
    JOURNAL_SENT,
    JOURNAL_UNKNOWN,
    JournalEntry,
)
from sslbill_desktop.services import upstream
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import NotFound, UserError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ispmanager.client import IspmanagerClient
from sslbill_desktop.services.ispmanager.errors import (
    PurchaseOutcomeUnknown,
    UpstreamError,
    outcome_unknown,
)
from sslbill_desktop.services.ispmanager.records import Certificate, CertificateOrder

log = logging.getLogger(__name__)

OPERATION_ORDER = "order"
OPERATION_RENEW = "renew"

#: Who is sending: host, process id and a token unique to this process (pids are reused).
PROCESS_TOKEN = uuid.uuid4().hex[:12]
HOST_NAME = socket.gethostname()[:100]
OWNER = f"{HOST_NAME}:{os.getpid()}:{PROCESS_TOKEN}"


@dataclass(frozen=True)
class JournalSettings:
    #: Before resending after an unknown outcome, this long must have passed since the last send.
    settle_seconds: float = 30.0
    #: An upstream certificate created this much before the entry still matches it (clocks differ).
    clock_skew: timedelta = timedelta(minutes=10)
    #: Sends of one entry per run (the first included) before giving up with an unknown outcome.
    max_sends: int = 3
    #: A `sent` entry of a process we cannot check (another host) is abandoned after this long.
    stale_after: timedelta = timedelta(minutes=10)


_settings = JournalSettings()


def journal_settings() -> JournalSettings:
    return _settings


def set_journal_settings(settings: JournalSettings) -> JournalSettings:
    """Use `settings` from now on (tests shorten the waits); returns the previous ones."""
    global _settings
    previous, _settings = _settings, settings
    return previous


@dataclass(frozen=True)
class JournalRecord:
    """One journal entry as plain data (what handlers, the admin page and callers receive)."""

    id: int
    reference: str
    module_id: int
    operation: str
    purpose: str
    subject_id: int | None
    state: str
    upstream_id: str | None
    result: dict[str, Any]
    error: str
    attempts: int
    common_name: str
    pricelist_id: str
    request: dict[str, Any]
    created_at: datetime
    sent_at: datetime | None
    completed_at: datetime | None
    created_by: str
    owner: str

    @property
    def expires(self) -> date | None:
        """A renewal's new expiry date (from the upstream's reply or reconciliation)."""
        raw = self.result.get("expires")
        return date.fromisoformat(raw) if isinstance(raw, str) and raw else None


def _record(entry: JournalEntry) -> JournalRecord:
    return JournalRecord(
        id=entry.id,
        reference=entry.reference,
        module_id=entry.processing_module_id,
        operation=entry.operation,
        purpose=entry.purpose,
        subject_id=entry.subject_id,
        state=entry.state,
        upstream_id=entry.upstream_id,
        result=dict(entry.result or {}),
        error=entry.error,
        attempts=entry.attempts,
        common_name=entry.common_name,
        pricelist_id=entry.pricelist_id,
        request=dict(entry.request),
        created_at=entry.created_at,
        sent_at=entry.sent_at,
        completed_at=entry.completed_at,
        created_by=entry.created_by,
        owner=entry.owner,
    )


# --- completion handlers ------------------------------------------------------------------------

Handler = Callable[[Session, JournalRecord], None]


@dataclass(frozen=True)
class Completion:
    """What a purpose does when its entry ends: `done` books the purchase, `failed` undoes any
    hold. Both run inside the transaction that writes the entry's final state."""

    done: Handler
    failed: Handler | None = None


_completions: dict[str, Completion] = {}


def register_completion(purpose: str, done: Handler, failed: Handler | None = None) -> None:
    """Register the handlers for entries of `purpose` (once, at import time of the caller)."""
    _completions[purpose] = Completion(done, failed)


def unregister_completion(purpose: str) -> None:
    _completions.pop(purpose, None)


#: Modules that register completion handlers when imported. They are loaded before an entry is
#: finished, so an entry settled by start-up reconciliation (or any caller that never imported
#: them) still books its purchase in the same transaction.
HANDLER_MODULES: tuple[str, ...] = ("sslbill_desktop.services.order_completions",)


def _completion_for(purpose: str) -> Completion | None:
    if purpose not in _completions:
        import importlib

        for module in HANDLER_MODULES:
            importlib.import_module(module)
    return _completions.get(purpose)


# --- operations ---------------------------------------------------------------------------------


class _Undecidable(Exception):
    """Reconciliation cannot tell whether the purchase happened (so nothing may be resent)."""


class _Operation(Protocol):
    name: str

    def send(self, client: IspmanagerClient, request: dict[str, Any]) -> dict[str, Any]:
        """Make the call; the result to keep (`id` at least)."""

    def find(
        self, db: Database, client: IspmanagerClient, record: JournalRecord, settings: JournalSettings
    ) -> dict[str, Any] | None:
        """Look upstream for the outcome of an earlier send: a result, None, or `_Undecidable`."""


def _matches(cert: Certificate, record: JournalRecord, settings: JournalSettings) -> bool:
    if cert.cn.casefold() != record.common_name.casefold() or cert.pricelist_id != record.pricelist_id:
        return False
    if cert.created is None:
        return False
    since = record.created_at - settings.clock_skew
    if cert.created_date_only:
        return cert.created.date() >= since.date()
    return cert.created >= since


def _adopted_ids(db: Database, module_id: int, except_id: int) -> set[str]:
    with db.uow() as s:
        rows = s.scalars(
            select(JournalEntry.upstream_id).where(
                JournalEntry.processing_module_id == module_id,
                JournalEntry.operation == OPERATION_ORDER,
                JournalEntry.state == JOURNAL_DONE,
                JournalEntry.id != except_id,
                JournalEntry.upstream_id.is_not(None),
            )
        )
        return {str(r) for r in rows}


class _Order:
    name = OPERATION_ORDER

    def send(self, client: IspmanagerClient, request: dict[str, Any]) -> dict[str, Any]:
        result = client.order_certificate(CertificateOrder.from_json(request))
        return {"id": result.id}

    def find(
        self, db: Database, client: IspmanagerClient, record: JournalRecord, settings: JournalSettings
    ) -> dict[str, Any] | None:
        adopted = _adopted_ids(db, record.module_id, record.id)
        candidates = [
            c for c in client.certificates() if c.id not in adopted and _matches(c, record, settings)
        ]
        if not candidates:
            return None
        candidates.sort(key=lambda c: (c.created or record.created_at, c.id))
        return {"id": candidates[0].id, "adopted": True}


class _Renew:
    name = OPERATION_RENEW

    def send(self, client: IspmanagerClient, request: dict[str, Any]) -> dict[str, Any]:
        result = client.renew_certificate(str(request["certificate_id"]), int(request["period_months"]))
        return {"id": result.id, "expires": result.expires.isoformat() if result.expires else None}

    def find(
        self, db: Database, client: IspmanagerClient, record: JournalRecord, settings: JournalSettings
    ) -> dict[str, Any] | None:
        previous = record.request.get("previous_expires")
        if not previous:
            raise _Undecidable()
        details = client.certificate(str(record.request["certificate_id"]))
        expires = details.certificate.expires
        if expires is not None and expires > date.fromisoformat(previous):
            return {"id": details.certificate.id, "expires": expires.isoformat(), "adopted": True}
        return None


_OPERATIONS: dict[str, _Operation] = {OPERATION_ORDER: _Order(), OPERATION_RENEW: _Renew()}


# --- state changes (each one committed, each one conditional) -----------------------------------


def _now() -> datetime:
    return datetime.now(UTC)


def _error_text(error: BaseException) -> str:
    text = str(error) if isinstance(error, UserError) else type(error).__name__
    return text[:2000]


def _create(
    db: Database,
    actor: Actor,
    module_id: int,
    operation: str,
    request: dict[str, Any],
    *,
    common_name: str,
    pricelist_id: str,
    purpose: str,
    subject_id: int | None,
) -> JournalRecord:
    now = _now()
    with db.uow() as s:
        entry = JournalEntry(
            reference=str(uuid.uuid4()),
            processing_module_id=module_id,
            operation=operation,
            request=request,
            common_name=common_name,
            pricelist_id=pricelist_id,
            state=JOURNAL_SENT,
            error="",
            attempts=1,
            created_at=now,
            sent_at=now,
            created_by=actor.login,
            purpose=purpose,
            subject_id=subject_id,
            owner=OWNER,
        )
        s.add(entry)
        s.flush()
        record = _record(entry)
    log.info("journal %s: %s for module %s written (sent)", record.reference, operation, module_id)
    return record


def _reload(db: Database, entry_id: int) -> JournalRecord:
    with db.uow() as s:
        entry = s.get(JournalEntry, entry_id)
        if entry is None:
            raise NotFound(_("Journal entry {id} no longer exists.").format(id=entry_id))
        return _record(entry)


def _mark_unknown(db: Database, record: JournalRecord, error: BaseException) -> JournalRecord:
    with db.uow() as s:
        s.execute(
            update(JournalEntry)
            .where(JournalEntry.id == record.id, JournalEntry.state == JOURNAL_SENT)
            .values(state=JOURNAL_UNKNOWN, error=_error_text(error))
            .execution_options(synchronize_session=False)
        )
    log.warning("journal %s: outcome unknown (%s)", record.reference, type(error).__name__)
    return _reload(db, record.id)


def _finish(
    db: Database, record: JournalRecord, state: str, *, result: dict[str, Any] | None, error: str
) -> JournalRecord | None:
    """Write the final state and run the purpose's handler in the same transaction; None when
    another process finished the entry first."""
    with db.uow() as s:
        changed = s.execute(
            update(JournalEntry)
            .where(JournalEntry.id == record.id, JournalEntry.state.in_((JOURNAL_SENT, JOURNAL_UNKNOWN)))
            .values(
                state=state,
                upstream_id=str(result["id"]) if result and result.get("id") else None,
                result=result,
                error=error,
                completed_at=_now(),
            )
            .execution_options(synchronize_session=False)
        )
        if getattr(changed, "rowcount", 1) != 1:
            return None
        entry = s.get(JournalEntry, record.id, populate_existing=True)
        assert entry is not None
        final = _record(entry)
        completion = _completion_for(final.purpose)
        if completion is not None:
            handler = completion.done if state == JOURNAL_DONE else completion.failed
            if handler is not None:
                handler(s, final)
    log.info(
        "journal %s: %s%s", final.reference, state, f" ({final.upstream_id})" if final.upstream_id else ""
    )
    return final


def _finish_done(db: Database, record: JournalRecord, result: dict[str, Any]) -> JournalRecord:
    try:
        final = _finish(db, record, JOURNAL_DONE, result=result, error="")
    except Exception as exc:
        # The upstream did it, but booking it failed: leave the entry for reconciliation to adopt.
        with db.uow() as s:
            s.execute(
                update(JournalEntry)
                .where(JournalEntry.id == record.id, JournalEntry.state.in_((JOURNAL_SENT, JOURNAL_UNKNOWN)))
                .values(
                    state=JOURNAL_UNKNOWN,
                    error=_("the upstream confirmed item {id}, but recording it failed: {error}").format(
                        id=result.get("id"), error=_error_text(exc)
                    ),
                )
                .execution_options(synchronize_session=False)
            )
        raise
    return final if final is not None else _reload(db, record.id)


def _finish_failed(db: Database, record: JournalRecord, error: UpstreamError) -> None:
    """The upstream refused: nothing was bought. Even when the purpose's `failed` handler breaks,
    the entry is marked `failed`, so that it is never sent again behind the user's back."""
    try:
        _finish(db, record, JOURNAL_FAILED, result=None, error=_error_text(error))
    except Exception:
        with db.uow() as s:
            s.execute(
                update(JournalEntry)
                .where(JournalEntry.id == record.id, JournalEntry.state.in_((JOURNAL_SENT, JOURNAL_UNKNOWN)))
                .values(state=JOURNAL_FAILED, error=_error_text(error), completed_at=_now())
                .execution_options(synchronize_session=False)
            )
        raise


def _claim_resend(db: Database, record: JournalRecord) -> JournalRecord | None:
    """Take an `unknown` entry back to `sent` for one more send; None if someone else took it."""
    with db.uow() as s:
        changed = s.execute(
            update(JournalEntry)
            .where(JournalEntry.id == record.id, JournalEntry.state == JOURNAL_UNKNOWN)
            .values(state=JOURNAL_SENT, attempts=JournalEntry.attempts + 1, sent_at=_now(), owner=OWNER)
            .execution_options(synchronize_session=False)
        )
        if getattr(changed, "rowcount", 1) != 1:
            return None
    log.info("journal %s: nothing matched upstream, sending again", record.reference)
    return _reload(db, record.id)


# --- the protocol -------------------------------------------------------------------------------


def _look(
    db: Database,
    client: IspmanagerClient,
    operation: _Operation,
    record: JournalRecord,
    settings: JournalSettings,
) -> dict[str, Any] | None:
    """Look upstream for the entry's outcome; when nothing is there yet, wait until the last send
    is `settle_seconds` old and look once more."""
    found = operation.find(db, client, record, settings)
    if found is not None:
        return found
    sent_at = record.sent_at or record.created_at
    remaining = settings.settle_seconds - (_now() - sent_at).total_seconds()
    if remaining > 0:
        time.sleep(remaining)
        found = operation.find(db, client, record, settings)
    return found


def _drive(
    db: Database,
    client: IspmanagerClient,
    record: JournalRecord,
    settings: JournalSettings,
    *,
    send_first: bool,
) -> JournalRecord:
    """Bring one entry to `done` or `failed`, or raise `PurchaseOutcomeUnknown` leaving it `unknown`."""
    operation = _OPERATIONS[record.operation]
    sends = 0
    cause = record.error
    need_send = send_first
    while True:
        if need_send:
            sends += 1
            try:
                result = operation.send(client, record.request)
            except UpstreamError as exc:
                if not outcome_unknown(exc):
                    _finish_failed(db, record, exc)
                    raise
                record = _mark_unknown(db, record, exc)
                cause = str(exc)
            except Exception as exc:
                _mark_unknown(db, record, exc)
                raise
            else:
                return _finish_done(db, record, result)
        try:
            found = _look(db, client, operation, record, settings)
        except _Undecidable:
            raise PurchaseOutcomeUnknown(record.reference, cause) from None
        except UpstreamError as exc:
            raise PurchaseOutcomeUnknown(record.reference, str(exc)) from None
        if found is not None:
            log.info("journal %s: adopted upstream item %s", record.reference, found.get("id"))
            return _finish_done(db, record, found)
        if sends >= settings.max_sends:
            raise PurchaseOutcomeUnknown(record.reference, cause)
        claimed = _claim_resend(db, record)
        if claimed is None:
            current = _reload(db, record.id)
            if current.state in (JOURNAL_DONE, JOURNAL_FAILED):
                return current
            raise PurchaseOutcomeUnknown(record.reference, cause)
        record = claimed
        need_send = True


def purchase_certificate(
    db: Database,
    actor: Actor,
    module_id: int,
    order: CertificateOrder,
    *,
    purpose: str = "",
    subject_id: int | None = None,
    settings: JournalSettings | None = None,
) -> JournalRecord:
    """Order one certificate upstream through the journal; the `done` entry (`upstream_id` is the
    new certificate's id). Raises the upstream's refusal (entry `failed`, nothing bought) or
    `PurchaseOutcomeUnknown` (entry `unknown`, settled by reconciliation)."""
    require(actor, Permission.PLACE_ORDERS)
    client = upstream.client_for(db, module_id)
    record = _create(
        db,
        actor,
        module_id,
        OPERATION_ORDER,
        order.to_json(),
        common_name=order.common_name.strip().lower(),
        pricelist_id=order.pricelist_id,
        purpose=purpose,
        subject_id=subject_id,
    )
    return _drive(db, client, record, settings or _settings, send_first=True)


def renew_certificate(
    db: Database,
    actor: Actor,
    module_id: int,
    certificate_id: str,
    period_months: int,
    *,
    purpose: str = "",
    subject_id: int | None = None,
    settings: JournalSettings | None = None,
) -> JournalRecord:
    """Renew (prolong) an upstream certificate through the journal; the `done` entry, whose
    `expires` is the new expiry date. The current expiry is read first, so that an unknown outcome
    can be settled by seeing whether it moved."""
    require(actor, Permission.HANDLE_ORDERS)
    client = upstream.client_for(db, module_id)
    details = client.certificate(certificate_id)
    cert = details.certificate
    record = _create(
        db,
        actor,
        module_id,
        OPERATION_RENEW,
        {
            "certificate_id": cert.id,
            "period_months": period_months,
            "previous_expires": cert.expires.isoformat() if cert.expires else None,
        },
        common_name=cert.cn,
        pricelist_id=cert.pricelist_id,
        purpose=purpose,
        subject_id=subject_id,
    )
    return _drive(db, client, record, settings or _settings, send_first=True)


# --- reconciliation -----------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sender_gone(owner: str, sent_at: datetime | None, now: datetime, settings: JournalSettings) -> bool:
    """Whether the process that sent a `sent` entry can no longer finish it."""
    host, _sep, rest = owner.partition(":")
    pid_text, _sep, token = rest.partition(":")
    if token == PROCESS_TOKEN:
        return False  # ours: in flight in another thread
    if host == HOST_NAME and pid_text.isdigit() and not _pid_alive(int(pid_text)):
        return True
    return sent_at is None or now - sent_at > settings.stale_after


def _abandon(db: Database, record: JournalRecord) -> bool:
    """Mark a crashed sender's `sent` entry `unknown` (only if it still is that sender's)."""
    with db.uow() as s:
        changed = s.execute(
            update(JournalEntry)
            .where(
                JournalEntry.id == record.id,
                JournalEntry.state == JOURNAL_SENT,
                JournalEntry.owner == record.owner,
            )
            .values(
                state=JOURNAL_UNKNOWN,
                error=_("its sender stopped before recording the reply (a crash or a power cut)"),
            )
            .execution_options(synchronize_session=False)
        )
        return getattr(changed, "rowcount", 1) == 1


@dataclass(frozen=True)
class ReconcileResult:
    reference: str
    before: str
    after: str
    upstream_id: str | None
    message: str


def _reconcile(db: Database, record: JournalRecord, settings: JournalSettings) -> ReconcileResult:
    before = record.state
    if record.state == JOURNAL_SENT:
        if not _abandon(db, record):
            current = _reload(db, record.id)
            return ReconcileResult(record.reference, before, current.state, current.upstream_id, "")
        record = _reload(db, record.id)
    try:
        client = upstream.client_for(db, record.module_id)
        final = _drive(db, client, record, settings, send_first=False)
    except UserError as exc:
        current = _reload(db, record.id)
        return ReconcileResult(record.reference, before, current.state, current.upstream_id, str(exc))
    return ReconcileResult(record.reference, before, final.state, final.upstream_id, "")


def _open_entries(db: Database, settings: JournalSettings) -> list[JournalRecord]:
    now = _now()
    with db.uow() as s:
        entries = [
            _record(e)
            for e in s.scalars(
                select(JournalEntry)
                .where(JournalEntry.state.in_((JOURNAL_SENT, JOURNAL_UNKNOWN)))
                .order_by(JournalEntry.id)
            )
        ]
    return [
        e
        for e in entries
        if e.state == JOURNAL_UNKNOWN or sender_gone(e.owner, e.sent_at or e.created_at, now, settings)
    ]


def reconcile_all(db: Database, *, settings: JournalSettings | None = None) -> list[ReconcileResult]:
    """Settle every open entry: adopt what the upstream has, resend only what it has not. Runs at
    start-up (unattended, as the system); one entry's trouble does not stop the others."""
    settings = settings or _settings
    results: list[ReconcileResult] = []
    for record in _open_entries(db, settings):
        try:
            results.append(_reconcile(db, record, settings))
        except Exception as exc:  # a bug with one entry must not keep the others unsettled
            log.exception("journal %s: reconciliation failed", record.reference)
            results.append(
                ReconcileResult(record.reference, record.state, record.state, None, _error_text(exc))
            )
    if results:
        log.info(
            "journal reconciliation: %s",
            ", ".join(f"{r.reference} {r.before}->{r.after}" for r in results),
        )
    return results


def retry_entry(
    db: Database, actor: Actor, reference: str, *, settings: JournalSettings | None = None
) -> ReconcileResult:
    """A staff member's retry of an open entry: reconcile first, send again only if nothing matches."""
    require(actor, Permission.HANDLE_ORDERS)
    with db.uow() as s:
        entry = s.scalar(select(JournalEntry).where(JournalEntry.reference == reference))
        if entry is None:
            raise NotFound(_("Journal entry {reference} no longer exists.").format(reference=reference))
        record = _record(entry)
    settings = settings or _settings
    if record.state == JOURNAL_SENT and not sender_gone(record.owner, record.sent_at, _now(), settings):
        raise UserError(_("This purchase is being sent right now; wait for its outcome."))
    if record.state not in (JOURNAL_SENT, JOURNAL_UNKNOWN):
        return ReconcileResult(record.reference, record.state, record.state, record.upstream_id, "")
    return _reconcile(db, record, settings)


def list_journal(
    db: Database,
    actor: Actor,
    *,
    state: str | None = None,
    module_id: int | None = None,
    limit: int = 500,
) -> list[JournalRecord]:
    """The newest journal entries first (Orders → Upstream journal; admins)."""
    require(actor, Permission.READ_AUDIT)
    with db.uow() as s:
        query = select(JournalEntry).order_by(JournalEntry.id.desc()).limit(limit)
        if state is not None:
            query = query.where(JournalEntry.state == state)
        if module_id is not None:
            query = query.where(JournalEntry.processing_module_id == module_id)
        return [_record(e) for e in s.scalars(query)]
