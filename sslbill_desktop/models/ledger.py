"""The ledger: append-only money movements of client accounts.

An entry is never changed or deleted (the ORM refuses both with `AppendOnlyError`); a correction
is a new entry of kind `correction`, with the entry it corrects in `corrects_id` when it corrects
one, and staff's explanation in `note`. Amounts follow BILLING.md: charges are positive, refunds
and deposits negative, and an account's balance is minus the sum of its entries. `kind` and
`note` are what the billing engine returned for the charge ("20/31 of July"); `explanation` is the
same note as a message template with typed arguments (`billing.notes.Note.to_json()`), so that it
can be shown in the user's language — NULL for staff's own notes and for entries booked before it
existed (they show `note`). `on_date` is the business date the entry belongs to (billing never
reads the clock).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Connection, Date, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, Mapper, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, Money, UTCDateTime, utcnow

# Entry kinds, as in BILLING.md.
KIND_ORDER = "order"
KIND_SETUP_FEE = "setup_fee"
KIND_RENEWAL = "renewal"
KIND_LATE_FEE = "late_fee"
KIND_DAILY = "daily"
KIND_TARIFF_CHANGE = "tariff_change"
KIND_ADDON = "addon"
KIND_REFUND = "refund"
KIND_DEPOSIT = "deposit"
#: A manual correction by staff (not a kind of the billing engine).
KIND_CORRECTION = "correction"
LEDGER_KINDS: frozenset[str] = frozenset(
    {
        KIND_ORDER,
        KIND_SETUP_FEE,
        KIND_RENEWAL,
        KIND_LATE_FEE,
        KIND_DAILY,
        KIND_TARIFF_CHANGE,
        KIND_ADDON,
        KIND_REFUND,
        KIND_DEPOSIT,
        KIND_CORRECTION,
    }
)


class LedgerEntry(IdMixin, Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_entries_account_date", "account_id", "on_date"),
        Index("ix_ledger_entries_service_id", "service_id"),
    )

    account_id: Mapped[int] = mapped_column(
        ForeignKey("client_accounts.id", ondelete="RESTRICT"), nullable=False
    )
    on_date: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    #: The account's currency, repeated so that an entry reads right on its own.
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    #: The billing engine's explanation of `note` (template and typed arguments), or NULL.
    explanation: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    #: The service (certificate order) the entry is for. The services table comes with the
    #: ordering issue, which adds the foreign key.
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: The payment a `deposit` entry credits.
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments.id", ondelete="RESTRICT"), nullable=True
    )
    #: The entry a `correction` corrects (None when it corrects nothing in particular).
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("ledger_entries.id", ondelete="RESTRICT"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    #: The staff login (or "system") that booked it.
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")


class AppendOnlyError(RuntimeError):
    """Code tried to change or delete a ledger entry (a bug: book a correction instead)."""


@event.listens_for(LedgerEntry, "before_update")
def _refuse_update(_mapper: Mapper[LedgerEntry], _connection: Connection, target: LedgerEntry) -> None:
    raise AppendOnlyError(f"ledger entry {target.id} cannot be changed: book a correction instead")


@event.listens_for(LedgerEntry, "before_delete")
def _refuse_delete(_mapper: Mapper[LedgerEntry], _connection: Connection, target: LedgerEntry) -> None:
    raise AppendOnlyError(f"ledger entry {target.id} cannot be deleted: the ledger is append-only")
