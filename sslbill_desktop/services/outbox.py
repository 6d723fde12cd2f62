"""The outbox: queue notification e-mails, send them, retry the failures with a growing delay.

Flow (`notifications.py` is the usual caller)::

    with db.uow() as s:                       # the change being reported, and its message
        message_id = outbox.enqueue(s, OutgoingMail(...), now=now)
    outbox.deliver(db, [message_id], now=now)  # after the commit: try at once

    outbox.retry_outbox(db, now)               # later (the daily run, the outbox page, a timer)

A message is *claimed* before it is sent, with a conditional UPDATE that pushes its
`next_attempt_at` a lease ahead: two workstations retrying at once never send it twice. A failed
attempt stores the reason (scrubbed of the password) and the next attempt time:
`first_delay × 2^(attempts-1)`, at most `max_delay`; after `max_attempts` the message is
`failed` and waits for someone to press Retry. Messages of one provider share one SMTP
connection per run.

Nothing reads the clock when `now` is given; the GUI passes None (the current time).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime as email_date
from email.utils import make_msgid, parseaddr
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from sslbill_desktop.models.base import utcnow
from sslbill_desktop.models.outbox import (
    OUTBOX_FAILED,
    OUTBOX_QUEUED,
    OUTBOX_SENT,
    OUTBOX_STATES,
    OutboxMessage,
)
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import audit
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import SecretStoreError, ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.smtp_settings import Transport, password_for, transport_for
from sslbill_desktop.services.smtp_transport import SendError, SmtpConnection, scrub, secret_forms
from sslbill_desktop.services.sql_lists import chunks

log = logging.getLogger(__name__)

MAX_ERROR_LENGTH = 1000


@dataclass(frozen=True)
class OutboxSettings:
    first_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(hours=6)
    max_attempts: int = 12
    #: How long a claimed message is left alone by other workstations while it is being sent.
    lease: timedelta = timedelta(minutes=10)
    timeout: float = 20.0
    #: How many due messages one `retry_outbox` run takes.
    batch: int = 200


_settings = OutboxSettings()


def set_outbox_settings(settings: OutboxSettings) -> OutboxSettings:
    """Replace the delays and limits (tests); returns the previous settings."""
    global _settings
    previous, _settings = _settings, settings
    return previous


def outbox_settings() -> OutboxSettings:
    return _settings


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    delay: timedelta = _settings.first_delay * (2 ** max(0, attempts - 1))
    return min(delay, _settings.max_delay)


@dataclass(frozen=True)
class OutgoingMail:
    """A message to queue. `sender` and `recipients` are addresses ("Name <a@b>" allowed)."""

    kind: str
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body: str
    language: str = "en"
    provider_id: int | None = None
    client_id: int | None = None
    department_id: int | None = None
    service_id: int | None = None
    #: Queue at most one message with this key (e.g. "renewal-reminder:42:2027-08-01").
    dedupe_key: str | None = None


@dataclass(frozen=True)
class OutboxRecord:
    id: int
    kind: str
    state: str
    provider_id: int | None
    client_id: int | None
    department_id: int | None
    service_id: int | None
    sender: str
    recipients: str
    subject: str
    body: str
    language: str
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str
    sent_at: datetime | None


@dataclass(frozen=True)
class OutboxPage:
    rows: list[OutboxRecord]
    total: int


@dataclass(frozen=True)
class DeliveryReport:
    sent: tuple[int, ...] = ()
    #: Messages that failed this time (still queued or, after the last attempt, failed).
    failed: tuple[int, ...] = ()


def _record(row: OutboxMessage) -> OutboxRecord:
    return OutboxRecord(
        row.id,
        row.kind,
        row.state,
        row.provider_id,
        row.client_id,
        row.department_id,
        row.service_id,
        row.sender,
        row.recipients,
        row.subject,
        row.body,
        row.language,
        row.attempts,
        row.created_at,
        row.next_attempt_at,
        row.last_attempt_at,
        row.last_error,
        row.sent_at,
    )


# --- queueing -------------------------------------------------------------------------------------


def enqueue(s: Session, mail: OutgoingMail, *, now: datetime | None = None) -> int | None:
    """Queue `mail` in the caller's unit of work; its id, or None when `dedupe_key` was queued before."""
    if not mail.recipients:
        raise ValueError("a message needs a recipient")
    if mail.dedupe_key is not None:
        existing = s.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == mail.dedupe_key))
        if existing is not None:
            return None
    row = _row_of(mail, now or utcnow())
    s.add(row)
    s.flush()  # two workstations queueing the same key at once: the unique key refuses the second
    return row.id


def _values_of(mail: OutgoingMail, moment: datetime) -> dict[str, Any]:
    return {
        "kind": mail.kind,
        "provider_id": mail.provider_id,
        "client_id": mail.client_id,
        "department_id": mail.department_id,
        "service_id": mail.service_id,
        "sender": mail.sender,
        "recipients": ", ".join(mail.recipients),
        "subject": mail.subject[:500],
        "body": mail.body,
        "language": mail.language,
        "state": OUTBOX_QUEUED,
        "attempts": 0,
        "next_attempt_at": moment,
        "created_at": moment,
        "updated_at": moment,
        "last_error": "",
        "dedupe_key": mail.dedupe_key,
    }


def _row_of(mail: OutgoingMail, moment: datetime) -> OutboxMessage:
    return OutboxMessage(**_values_of(mail, moment))


def queued_keys(s: Session, keys: Sequence[str]) -> set[str]:
    """Those of these once-only keys that a queued (or sent) message already holds."""
    found: set[str] = set()
    for chunk in chunks(keys):
        found.update(
            str(k)
            for k in s.scalars(select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk)))
        )
    return found


def enqueue_many(
    s: Session, mails: Sequence[OutgoingMail], *, now: datetime | None = None
) -> list[int | None]:
    """`enqueue` for many messages at once (the keys queued before are looked up together, the
    new rows written together); their ids in the order given, None where a key was queued before
    (or earlier in `mails`)."""
    for mail in mails:
        if not mail.recipients:
            raise ValueError("a message needs a recipient")
    taken = queued_keys(s, [m.dedupe_key for m in mails if m.dedupe_key is not None])
    moment = now or utcnow()
    new: list[dict[str, Any] | None] = []
    for mail in mails:
        if mail.dedupe_key is not None:
            if mail.dedupe_key in taken:
                new.append(None)
                continue
            taken.add(mail.dedupe_key)
        new.append(_values_of(mail, moment))
    rows = [values for values in new if values is not None]
    if not rows:
        return [None] * len(new)
    # One INSERT for them all (two workstations queueing the same key at once: the unique key
    # refuses the second); the new ids come back in the order of the rows.
    ids = iter(
        list(s.scalars(insert(OutboxMessage).returning(OutboxMessage.id, sort_by_parameter_order=True), rows))
    )
    return [None if values is None else int(next(ids)) for values in new]


# --- sending --------------------------------------------------------------------------------------


def _email(row: OutboxMessage, reply_to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = row.sender
    message["To"] = row.recipients
    if reply_to and reply_to.lower() != parseaddr(row.sender)[1].lower():
        message["Reply-To"] = reply_to
    message["Subject"] = row.subject
    message["Date"] = email_date(row.created_at)
    domain = parseaddr(row.sender)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}", domain=domain)
    message.set_content(row.body, charset="utf-8")
    return message


#: How many messages are claimed (and, when nothing was sent, finished) per transaction.
CLAIM_BATCH = 200


@dataclass(frozen=True)
class _Claimed:
    """A message taken for this attempt: the e-mail (built only when there is a transport)."""

    id: int
    transport: Transport | None
    message: EmailMessage | None


def _claim_many(db: Database, message_ids: Sequence[int], now: datetime) -> list[_Claimed]:
    """Take these messages for this attempt, in one transaction, with conditional UPDATEs of
    up to 500 at a time that return what they took (a message that is not due, or that another
    workstation took, is left out)."""
    wanted = list(dict.fromkeys(message_ids))
    with db.uow() as s:
        claimed: set[int] = set()
        for chunk in chunks(wanted):
            claimed.update(
                int(i)
                for i in s.scalars(
                    update(OutboxMessage)
                    .where(
                        OutboxMessage.id.in_(chunk),
                        OutboxMessage.state == OUTBOX_QUEUED,
                        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
                    )
                    .values(
                        next_attempt_at=now + _settings.lease,
                        last_attempt_at=now,
                        attempts=OutboxMessage.attempts + 1,
                        updated_at=utcnow(),
                    )
                    .returning(OutboxMessage.id)
                    .execution_options(synchronize_session=False)
                )
            )
        taken = [i for i in wanted if i in claimed]
        if not taken:
            return []
        rows = {row.id: row for row in s.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(taken)))}
        transports: dict[int, tuple[Transport | None, str]] = {}
        found: list[_Claimed] = []
        for message_id in taken:
            row = rows.get(message_id)
            if row is None:
                continue
            if row.provider_id is not None and row.provider_id not in transports:
                provider = s.get(Provider, row.provider_id)
                transports[row.provider_id] = (
                    (transport_for(s, provider.id), provider.support_email or "")
                    if provider is not None
                    else (None, "")
                )
            transport, reply_to = (
                transports.get(row.provider_id, (None, "")) if row.provider_id else (None, "")
            )
            found.append(
                _Claimed(row.id, transport, _email(row, reply_to) if transport is not None else None)
            )
        return found


def _finish_row(row: OutboxMessage, now: datetime, error: str | None, secrets: Sequence[str]) -> None:
    if error is None:
        row.state, row.sent_at, row.next_attempt_at, row.last_error = OUTBOX_SENT, now, None, ""
        return
    row.last_error = scrub(error, secrets)[:MAX_ERROR_LENGTH]
    if row.attempts >= _settings.max_attempts:
        row.state, row.next_attempt_at = OUTBOX_FAILED, None
    else:
        row.next_attempt_at = now + retry_delay(row.attempts)


def _finish(db: Database, message_id: int, now: datetime, error: str | None, secrets: Sequence[str]) -> None:
    with db.uow() as s:
        row = s.get(OutboxMessage, message_id)
        if row is not None:
            _finish_row(row, now, error, secrets)


def _finish_unsent(db: Database, errors: Sequence[tuple[int, str]], now: datetime) -> None:
    """Record, in one transaction, the attempts that failed before anything was sent."""
    if not errors:
        return
    with db.uow() as s:
        rows = {
            row.id: row
            for row in s.scalars(select(OutboxMessage).where(OutboxMessage.id.in_([i for i, _e in errors])))
        }
        for message_id, error in errors:
            row = rows.get(message_id)
            if row is not None:
                _finish_row(row, now, error, ())


def _no_transport_reason() -> str:
    return _("no SMTP server is set up for this provider (Settings → Outbox → SMTP settings)")


def deliver(db: Database, message_ids: Iterable[int], now: datetime | None = None) -> DeliveryReport:
    """Try to send these messages now (those that are due and not taken by someone else).

    They are claimed `CLAIM_BATCH` at a time in one transaction. A message that goes out is
    marked sent in a transaction of its own right after (a crash then re-sends at most that one);
    the attempts that failed before anything was sent (no SMTP server set up, no password) are
    recorded together."""
    moment = now or utcnow()
    ids = list(message_ids)
    sent: list[int] = []
    failed: list[int] = []
    connections: dict[Transport, tuple[SmtpConnection | None, str | None, list[str]]] = {}
    try:
        for batch in chunks(ids, CLAIM_BATCH):
            unsent: list[tuple[int, str]] = []
            try:
                for claim in _claim_many(db, batch, moment):
                    message_id, transport = claim.id, claim.transport
                    error: str | None = None
                    secrets: list[str] = []
                    if transport is None or claim.message is None:
                        unsent.append((message_id, _no_transport_reason()))
                        failed.append(message_id)
                        log.info("outbox %s not sent: %s", message_id, unsent[-1][1])
                        continue
                    cached = connections.get(transport)
                    if cached is None:
                        try:
                            password = password_for(transport)
                            cached = (
                                SmtpConnection(transport.config, password, timeout=_settings.timeout),
                                None,
                                secret_forms(password, transport.config.username),
                            )
                        except SecretStoreError as exc:
                            cached = (None, str(exc), [])
                        connections[transport] = cached
                    connection, setup_error, secrets = cached
                    if connection is None:
                        unsent.append((message_id, setup_error or ""))
                        failed.append(message_id)
                        log.info("outbox %s not sent: %s", message_id, setup_error)
                        continue
                    try:
                        refused = connection.send(claim.message)
                    except SendError as exc:
                        error = exc.reason
                    else:
                        if refused:
                            log.warning("outbox %s: recipients refused: %s", message_id, ", ".join(refused))
                    _finish(db, message_id, moment, error, secrets)
                    (failed if error is not None else sent).append(message_id)
                    if error is not None:
                        log.info("outbox %s not sent: %s", message_id, scrub(error, secrets))
            finally:
                _finish_unsent(db, unsent, moment)
    finally:
        for connection, _error, _secrets in connections.values():
            if connection is not None:
                connection.close()
    return DeliveryReport(tuple(sent), tuple(failed))


def due_messages(db: Database, now: datetime, limit: int | None = None) -> list[int]:
    with db.uow() as s:
        return list(
            s.scalars(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.state == OUTBOX_QUEUED,
                    or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
                )
                .order_by(OutboxMessage.provider_id, OutboxMessage.id)
                .limit(limit or _settings.batch)
            )
        )


def retry_outbox(db: Database, now: datetime) -> DeliveryReport:
    """Send every queued message whose next attempt is due at `now`."""
    return deliver(db, due_messages(db, now), now)


def send_due(db: Database, actor: Actor, now: datetime | None = None) -> DeliveryReport:
    """`retry_outbox` on behalf of a staff member (the outbox page's "Send due now")."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    return retry_outbox(db, now or utcnow())


# --- the outbox page ------------------------------------------------------------------------------


def _check_state(state: str | None) -> None:
    if state is not None and state not in OUTBOX_STATES:
        raise ValidationError("state", _("not an outbox state: {state}").format(state=state))


def list_outbox(
    db: Database,
    actor: Actor,
    *,
    state: str | None = None,
    filter_text: str = "",
    offset: int = 0,
    limit: int = 200,
) -> OutboxPage:
    """Messages newest first; `filter_text` matches recipients and subject."""
    require(actor, Permission.READ_CONFIGURATION)
    _check_state(state)
    needle = filter_text.strip().lower()
    with db.uow() as s:
        conditions = []
        if state is not None:
            conditions.append(OutboxMessage.state == state)
        if needle:
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            conditions.append(
                or_(
                    func.lower(OutboxMessage.recipients).like(pattern, escape="\\"),
                    func.lower(OutboxMessage.subject).like(pattern, escape="\\"),
                )
            )
        query = select(OutboxMessage).where(*conditions).order_by(OutboxMessage.id.desc())
        rows = [_record(r) for r in s.scalars(query.offset(max(0, offset)).limit(max(0, min(limit, 1000))))]
        total = s.scalar(select(func.count()).select_from(OutboxMessage).where(*conditions)) or 0
        return OutboxPage(rows, int(total))


def get_message(db: Database, actor: Actor, message_id: int) -> OutboxRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(load(s, OutboxMessage, message_id))


def counts(db: Database, actor: Actor) -> dict[str, int]:
    """How many messages are in each state."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        found: dict[str, int] = {
            str(state): int(n)
            for state, n in s.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state))
        }
    return {state: int(found.get(state, 0)) for state in OUTBOX_STATES}


def retry_now(
    db: Database, actor: Actor, message_ids: Iterable[int], now: datetime | None = None
) -> DeliveryReport:
    """Send these unsent messages now; a `failed` one gets a fresh series of attempts."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    moment = now or utcnow()
    ids = [int(i) for i in message_ids]
    with db.uow() as s:
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.state == OUTBOX_FAILED)
            .values(state=OUTBOX_QUEUED, attempts=0, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.state == OUTBOX_QUEUED)
            .values(next_attempt_at=moment)
            .execution_options(synchronize_session=False)
        )
        audit.record(s, actor, "retry", "outbox", None, summary=", ".join(map(str, ids))[:500])
    return deliver(db, ids, moment)


def delete_messages(db: Database, actor: Actor, message_ids: Iterable[int]) -> int:
    """Remove messages from the outbox (sent ones to tidy up, unsent ones to give up on them)."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    ids = [int(i) for i in message_ids]
    with db.uow() as s:
        result = s.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        removed = int(getattr(result, "rowcount", 0) or 0)
        audit.record(s, actor, "delete", "outbox", None, summary=", ".join(map(str, ids))[:500])
        return removed
