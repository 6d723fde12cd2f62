"""The ledger: append-only money movements of client accounts.

An entry is never changed or deleted; a correction is a new entry. Amounts follow BILLING.md:
charges are positive, refunds and deposits negative, and an account's balance is minus the sum
of its entries. `kind` and `note` are what the billing engine returned for the charge ("20/31 of
July"); `on_date` is the business date the entry belongs to (billing never reads the clock).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

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
    #: The service (certificate order) the entry is for. The services table comes with the
    #: ordering issue, which adds the foreign key.
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: The payment a `deposit` entry credits.
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("payments.id", ondelete="RESTRICT"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    #: The staff login (or "system") that booked it.
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
