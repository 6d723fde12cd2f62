"""Clients and their accounts (one account per currency).

Added early (issue 6) so that a provider's currency change can be refused while money is in
flight; issue 8 builds the client screens and the billing on top of these tables.

- A client belongs to one provider (the brand that sells to it) and optionally to a client group.
- A client has one account per currency. When the provider's currency changes, every client gets
  a new account in the new currency and keeps its old-currency accounts with their balances.
- `ClientAccount.balance` is kept equal to minus the sum of the account's ledger entries (charges
  are positive, deposits and refunds negative, see `ledger.py`); the code that appends an entry
  updates the balance in the same transaction. A negative balance is an uncovered expense.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, Money, TimestampMixin, VersionedMixin


class Client(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "clients"
    __table_args__ = (Index("ix_clients_provider_id", "provider_id"),)

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    company: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(50), nullable=False, default="")
    #: ISO 3166 alpha-2 code, or blank.
    country: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    #: The language the client's notifications are written in (a workspace localization).
    language: Mapped[str] = mapped_column(String(16), nullable=False, default="en")
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id", ondelete="RESTRICT"), nullable=False)
    client_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("client_groups.id", ondelete="RESTRICT"), nullable=True
    )
    #: Contact persons for certificate orders (administrative, technical): free-form JSON.
    contacts: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)


class ClientAccount(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "client_accounts"
    __table_args__ = (UniqueConstraint("client_id", "currency", name="uq_client_accounts_client_currency"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), nullable=False)
    #: ISO 4217 code.
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    #: What the client has left to spend: minus the sum of the ledger entries of this account.
    balance: Mapped[Decimal] = mapped_column(Money(), nullable=False, default=Decimal(0))
