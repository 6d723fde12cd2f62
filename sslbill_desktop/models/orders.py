"""Certificate orders: one row per service a client bought (Orders → SSL certificates).

Two statuses live side by side:

- `status`, the billing status: `new` (not charged yet: its parameters are pending, or its
  purchase is on its way upstream, or the upstream refused it), then `active`, `suspended` or
  `deleted` as the billing engine says (`state` holds the engine's `ServiceState` as JSON, and
  `expires_on`, `suspension` and `last_run_on` repeat what the daily run selects on, so that it
  can query the due services without reading every row's JSON);
- `upstream_status`, where the certificate is at the certificate authority: `pending` (quick
  order: parameters to be filled in), `sending` (the purchase is in the upstream journal),
  `requested`, `issued`, `failed` (the CA refused it), `refused` (the upstream refused the
  purchase: nothing was bought, nothing charged).

`pending` is the one operation in flight through the upstream journal (an order or a renewal):
what will be booked and the state after it, written before the request leaves and booked by the
journal's completion handler in the transaction that marks the journal entry done. Names are
stored as certificates carry them (punycode, lower case). Contacts are the order's own copy of the
client's (`services.contacts.ClientContacts` JSON). A generated private key is in `private_keys`
(encrypted); a pasted CSR has none.

The list pages through any number of orders with keyset paging: each sort order has an index
ending in `id` (the expiry's also holds the columns the free-text filter reads). `state` and
`pending` store None as SQL NULL (not JSON null), so that the daily run can select on them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, TimestampMixin, UTCDateTime, VersionedMixin

# Billing status.
ORDER_NEW = "new"
ORDER_ACTIVE = "active"
ORDER_SUSPENDED = "suspended"
ORDER_DELETED = "deleted"
ORDER_STATUSES: tuple[str, ...] = (ORDER_NEW, ORDER_ACTIVE, ORDER_SUSPENDED, ORDER_DELETED)

# Upstream status.
UPSTREAM_PENDING = "pending"
UPSTREAM_SENDING = "sending"
UPSTREAM_REQUESTED = "requested"
UPSTREAM_ISSUED = "issued"
UPSTREAM_FAILED = "failed"
UPSTREAM_REFUSED = "refused"
UPSTREAM_STATUSES: tuple[str, ...] = (
    UPSTREAM_PENDING,
    UPSTREAM_SENDING,
    UPSTREAM_REQUESTED,
    UPSTREAM_ISSUED,
    UPSTREAM_FAILED,
    UPSTREAM_REFUSED,
)


class Order(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "certificate_orders"
    __table_args__ = (
        Index("ix_certificate_orders_status_expires", "status", "expires_on", "id"),
        Index("ix_certificate_orders_status", "status", "id"),
        # The list's default sort, and its free-text filter read from the index alone (the
        # filter's columns are in it: no row is read for an order that does not match).
        Index(
            "ix_certificate_orders_expires_list",
            "expires_on",
            "id",
            "common_name",
            "upstream_certificate_id",
            "client_id",
        ),
        Index("ix_certificate_orders_client", "client_id", "id"),
        Index("ix_certificate_orders_common_name", "common_name", "id"),
        Index("ix_certificate_orders_upstream_status", "upstream_status", "id"),
        Index("ix_certificate_orders_plan", "tariff_plan_id", "id"),
        Index("ix_certificate_orders_upstream_id", "processing_module_id", "upstream_certificate_id"),
        # The few orders with an operation under way (the daily run looks for orphaned renewals).
        Index(
            "ix_certificate_orders_pending",
            "id",
            sqlite_where=text("pending IS NOT NULL"),
            postgresql_where=text("pending IS NOT NULL"),
        ),
    )

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), nullable=False)
    tariff_plan_id: Mapped[int] = mapped_column(
        ForeignKey("tariff_plans.id", ondelete="RESTRICT"), nullable=False
    )
    #: Where the certificate is bought (the plan's module when it was ordered).
    processing_module_id: Mapped[int] = mapped_column(
        ForeignKey("processing_modules.id", ondelete="RESTRICT"), nullable=False
    )
    #: The client account's currency the order is charged in (the provider's when ordered).
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    #: The order period in months.
    period: Mapped[int] = mapped_column(Integer, nullable=False)

    status: Mapped[str] = mapped_column(String(16), nullable=False, default=ORDER_NEW)
    upstream_status: Mapped[str] = mapped_column(String(16), nullable=False, default=UPSTREAM_PENDING)
    #: Why it is suspended ("expired", "client"), as in `state`.
    suspension: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: A quick order whose certificate parameters are still to be filled in.
    parameters_pending: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    # The certificate's parameters.
    common_name: Mapped[str] = mapped_column(String(253), nullable=False, default="")
    #: Extra names (punycode), in the order given.
    sans: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    csr_pem: Mapped[str] = mapped_column(Text, nullable=False, default="")
    private_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("private_keys.id", ondelete="RESTRICT"), nullable=True
    )
    contacts: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    approver_email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    #: When the plan's service agreement was accepted (None: the plan has none).
    agreement_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    # Upstream.
    upstream_certificate_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    upstream_expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    upstream_status_text: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    certificate_pem: Mapped[str | None] = mapped_column(Text, nullable=True)
    chain_pem: Mapped[str | None] = mapped_column(Text, nullable=True)
    certificate_not_before: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    certificate_not_after: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_sync_error: Mapped[str] = mapped_column(String(500), nullable=False, default="")

    # Billing.
    #: The business date the service was ordered (charged); None while it is `new`.
    ordered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_run_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    deleted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    #: `ServiceState.to_dict()`; None while the order is `new`.
    state: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    #: The operation in flight upstream (see the module documentation); None when there is none.
    pending: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    #: Why the last purchase or renewal was refused upstream (shown on the order).
    last_error: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
