"""Deposits and the running balance of a ledger (for the replay, its table and the price preview)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sslbill_desktop.services.billing.money import book
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.state import Entry, EntryKind


def deposit(on: date, amount: Decimal, currency: str, note: str = "") -> Entry:
    """A client's payment: a negative entry (the balance goes up)."""
    if amount <= 0:
        raise ValueError("a deposit must be more than zero")
    return Entry(on, EntryKind.DEPOSIT, -book(amount, currency), note)


def balance_after(opening: Decimal, entries: Iterable[Entry]) -> Decimal:
    """The opening balance minus the sum of the entries."""
    return opening - sum((entry.amount for entry in entries), Decimal(0))


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One line of a ledger table: the entry and the balance after it."""

    date: date
    kind: EntryKind
    amount: Decimal
    note: str
    balance: Decimal
    explanation: Note | None = field(default=None, compare=False)


def ledger_rows(opening: Decimal, entries: Iterable[Entry]) -> list[LedgerRow]:
    """The entries with the running balance after each."""
    rows: list[LedgerRow] = []
    balance = opening
    for entry in entries:
        balance -= entry.amount
        rows.append(LedgerRow(entry.date, entry.kind, entry.amount, entry.note, balance, entry.explanation))
    return rows
