"""Payments: money a client has announced or sent, before and after it reaches the account.

A payment is a mutable document (its state moves `new` -> `paid` or `cancelled`); the ledger is
not. When a payment is `paid`, a `deposit` ledger entry that points back to it is appended. A
payment in `new` state is an *active payment*: money is on its way in a currency the account was
opened in, so the provider's currency must not change under it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, Money, TimestampMixin, UTCDateTime, VersionedMixin

PAYMENT_NEW = "new"
PAYMENT_PAID = "paid"
PAYMENT_CANCELLED = "cancelled"
#: States in which a payment is still "active" (not finished either way).
ACTIVE_PAYMENT_STATES: frozenset[str] = frozenset({PAYMENT_NEW})


class Payment(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_state", "state"),)

    account_id: Mapped[int] = mapped_column(
        ForeignKey("client_accounts.id", ondelete="RESTRICT"), nullable=False
    )
    amount: Mapped[Decimal] = mapped_column(Money(), nullable=False)
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False, default=PAYMENT_NEW)
    #: How the client pays (bank transfer, cash...): free text for now.
    method: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    note: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
