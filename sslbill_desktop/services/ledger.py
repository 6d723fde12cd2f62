"""Booking money on client accounts, and reading the ledger back.

The ledger is append-only (`models/ledger.py`): nothing here updates or deletes an entry. Every
function that appends entries also moves `ClientAccount.balance` in the same transaction, so that
`balance == -(sum of the account's entries)` always holds (charges positive, deposits and
refunds negative). The account row is versioned: two workstations booking on the same account at
the same moment cannot both win — the second gets `Conflict` and its whole unit of work is rolled
back (the daily run retries such a service later).

For part B (orders, the daily run), inside a unit of work::

    account = ledger.get_account(s, client_id, currency)          # opened when missing
    ledger.book_entries(s, account, outcome.entries, actor=actor, service_id=service.id)

`book_entries` takes the billing engine's `Entry` objects as they are: amounts are rounded half-up
to the currency's minor unit with `billing.money.book` (a no-op for engine output, which is
already booked), zero amounts are skipped, the kind must be a ledger kind. Each entry's
`explanation` (a `billing.notes.Note`) is stored beside its English `note`, and `LedgerRow`
gives it back (None for staff's notes and for entries booked before explanations were kept: show
`note` then; `views.explanations.explanation_text` does).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import Session

from sslbill_desktop.models.base import Money
from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.models.ledger import (
    KIND_ADDON,
    KIND_CORRECTION,
    KIND_DAILY,
    KIND_DEPOSIT,
    KIND_LATE_FEE,
    KIND_ORDER,
    KIND_REFUND,
    KIND_RENEWAL,
    KIND_SETUP_FEE,
    KIND_TARIFF_CHANGE,
    LEDGER_KINDS,
    LedgerEntry,
)
from sslbill_desktop.services.auth import SYSTEM, Actor, Permission, require
from sslbill_desktop.services.billing.money import book
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.state import Entry
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.i18n import N_

MAX_NOTE_LENGTH = 500

KIND_LABELS: dict[str, str] = {
    KIND_ORDER: N_("Order"),
    KIND_SETUP_FEE: N_("Setup fee"),
    KIND_RENEWAL: N_("Renewal"),
    KIND_LATE_FEE: N_("Late fee"),
    KIND_DAILY: N_("Daily charge"),
    KIND_TARIFF_CHANGE: N_("Tariff change"),
    KIND_ADDON: N_("Add-on"),
    KIND_REFUND: N_("Refund"),
    KIND_DEPOSIT: N_("Payment"),
    KIND_CORRECTION: N_("Correction"),
}


@dataclass(frozen=True)
class AccountRecord:
    id: int
    client_id: int
    currency: str
    balance: Decimal
    version: int


@dataclass(frozen=True)
class LedgerRow:
    """One entry as the ledger view shows it, with the account's balance after it."""

    id: int
    account_id: int
    on_date: date
    kind: str
    #: Charges positive, deposits and refunds negative (BILLING.md's sign).
    amount: Decimal
    currency: str
    note: str
    service_id: int | None
    payment_id: int | None
    corrects_id: int | None
    created_at: datetime
    created_by: str
    balance_after: Decimal
    #: The billing engine's explanation of `note`, to show in the user's language (None: show `note`).
    explanation: Note | None = None

    @property
    def balance_change(self) -> Decimal:
        """What the entry did to the balance: a payment is +, a charge is -."""
        return -self.amount


@dataclass(frozen=True)
class LedgerPage:
    rows: list[LedgerRow]
    total: int


@dataclass(frozen=True)
class BalanceMismatch:
    account_id: int
    stored: Decimal
    from_entries: Decimal


def account_record(account: ClientAccount) -> AccountRecord:
    return AccountRecord(account.id, account.client_id, account.currency, account.balance, account.version)


# --- inside a unit of work (for other services) --------------------------------------------------


def get_account(s: Session, client_id: int, currency: str, *, create: bool = True) -> ClientAccount:
    """The client's account in `currency`; opened (balance 0) when missing and `create` is set."""
    account = s.scalar(
        select(ClientAccount).where(ClientAccount.client_id == client_id, ClientAccount.currency == currency)
    )
    if account is None:
        if not create:
            raise LookupError(f"client {client_id} has no {currency} account")
        account = ClientAccount(client_id=client_id, currency=currency, balance=Decimal(0))
        s.add(account)
        s.flush()
    return account


def _note(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MAX_NOTE_LENGTH else text[: MAX_NOTE_LENGTH - 1] + "…"


def explanation_json(explanation: Note | None) -> dict[str, Any] | None:
    """What the `explanation` column keeps for a note (None for none)."""
    return explanation.to_json() if explanation is not None else None


def explanation_of(data: object) -> Note | None:
    """The note an `explanation` column holds; None when empty or unreadable (the English `note`
    is shown then, so a row written by a newer version never breaks the ledger)."""
    if data is None:
        return None
    try:
        return Note.from_json(data)
    except (ValueError, TypeError):
        return None


def append_entry(
    s: Session,
    account: ClientAccount,
    *,
    on_date: date,
    kind: str,
    amount: Decimal,
    note: str = "",
    explanation: Note | None = None,
    actor: Actor = SYSTEM,
    service_id: int | None = None,
    payment_id: int | None = None,
    corrects_id: int | None = None,
) -> LedgerEntry:
    """Append one entry and move the balance by `-amount`. `amount` is booked (rounded) first.

    `explanation` is the billing engine's note behind `note` (None for staff's own words)."""
    if kind not in LEDGER_KINDS:
        raise ValueError(f"not a ledger kind: {kind!r}")
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise TypeError("a ledger amount must be a finite Decimal")
    booked = book(amount, account.currency)
    entry = LedgerEntry(
        account_id=account.id,
        on_date=on_date,
        kind=kind,
        amount=booked,
        currency=account.currency,
        note=_note(note),
        explanation=explanation_json(explanation),
        service_id=service_id,
        payment_id=payment_id,
        corrects_id=corrects_id,
        created_by=actor.login,
    )
    s.add(entry)
    account.balance = account.balance - booked
    s.flush()
    return entry


def book_entries(
    s: Session,
    account: ClientAccount,
    entries: Sequence[Entry],
    service_id: int | None = None,
    *,
    actor: Actor = SYSTEM,
    payment_id: int | None = None,
) -> list[LedgerEntry]:
    """Book the billing engine's entries on `account` (see the module documentation).

    Returns the new rows (zero amounts are skipped). The balance moves by minus their sum.
    """
    booked: list[LedgerEntry] = []
    for entry in entries:
        amount = book(entry.amount, account.currency)
        if amount == 0:
            continue
        booked.append(
            append_entry(
                s,
                account,
                on_date=entry.date,
                kind=str(entry.kind),
                amount=amount,
                note=entry.note,
                explanation=entry.explanation,
                actor=actor,
                service_id=service_id,
                payment_id=payment_id,
            )
        )
    return booked


def balance_from_entries(s: Session, account_id: int) -> Decimal:
    """Minus the sum of the account's entries (what `ClientAccount.balance` must equal)."""
    total = s.scalar(
        select(type_coerce(func.coalesce(func.sum(LedgerEntry.amount), 0), Money())).where(
            LedgerEntry.account_id == account_id
        )
    )
    return -(total if isinstance(total, Decimal) else Decimal(0))


# --- use cases ------------------------------------------------------------------------------------


def list_accounts(db: Database, actor: Actor, client_id: int) -> list[AccountRecord]:
    """The client's accounts, by currency."""
    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        client = load(s, Client, client_id)
        rows = s.scalars(
            select(ClientAccount).where(ClientAccount.client_id == client.id).order_by(ClientAccount.currency)
        )
        return [account_record(a) for a in rows]


def list_ledger(
    db: Database, actor: Actor, account_id: int, *, offset: int = 0, limit: int = 200
) -> LedgerPage:
    """The account's entries, newest first, each with the balance after it."""
    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        account = load(s, ClientAccount, account_id)
        running = (
            select(
                LedgerEntry.id.label("entry_id"),
                type_coerce(func.sum(LedgerEntry.amount).over(order_by=LedgerEntry.id), Money()).label(
                    "running_sum"
                ),
            )
            .where(LedgerEntry.account_id == account.id)
            .subquery()
        )
        query = (
            select(LedgerEntry, running.c.running_sum)
            .join(running, running.c.entry_id == LedgerEntry.id)
            .order_by(LedgerEntry.id.desc())
            .offset(max(0, offset))
            .limit(max(0, limit))
        )
        rows = [
            LedgerRow(
                id=e.id,
                account_id=e.account_id,
                on_date=e.on_date,
                kind=e.kind,
                amount=e.amount,
                currency=e.currency,
                note=e.note,
                service_id=e.service_id,
                payment_id=e.payment_id,
                corrects_id=e.corrects_id,
                created_at=e.created_at,
                created_by=e.created_by,
                balance_after=-running_sum,
                explanation=explanation_of(e.explanation),
            )
            for e, running_sum in s.execute(query)
        ]
        total = s.scalar(
            select(func.count()).select_from(LedgerEntry).where(LedgerEntry.account_id == account.id)
        )
        return LedgerPage(rows, int(total or 0))


def check_balances(db: Database) -> list[BalanceMismatch]:
    """Accounts whose stored balance differs from their entries (empty when all is consistent)."""
    with db.uow() as s:
        sums = {
            account_id: total
            for account_id, total in s.execute(
                select(LedgerEntry.account_id, type_coerce(func.sum(LedgerEntry.amount), Money())).group_by(
                    LedgerEntry.account_id
                )
            )
        }
        mismatches = []
        for account in s.scalars(select(ClientAccount).order_by(ClientAccount.id)):
            expected = -sums.get(account.id, Decimal(0))
            if account.balance != expected:
                mismatches.append(BalanceMismatch(account.id, account.balance, expected))
        return mismatches
