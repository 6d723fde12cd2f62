"""Orders as plain data for the pages: list rows, the details record, and the words for statuses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sslbill_desktop.models.orders import (
    ORDER_ACTIVE,
    ORDER_DELETED,
    ORDER_NEW,
    ORDER_SUSPENDED,
    UPSTREAM_FAILED,
    UPSTREAM_ISSUED,
    UPSTREAM_PENDING,
    UPSTREAM_REFUSED,
    UPSTREAM_REQUESTED,
    UPSTREAM_SENDING,
)
from sslbill_desktop.services.billing import ServiceState
from sslbill_desktop.services.certificate_info import CertificateInfo
from sslbill_desktop.services.contacts import ClientContacts
from sslbill_desktop.services.csr import ParsedRequest
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.keys import KeyRecord

STATUS_LABELS: dict[str, str] = {
    ORDER_NEW: N_("New"),
    ORDER_ACTIVE: N_("Active"),
    ORDER_SUSPENDED: N_("Suspended"),
    ORDER_DELETED: N_("Deleted"),
}
UPSTREAM_LABELS: dict[str, str] = {
    UPSTREAM_PENDING: N_("Parameters pending"),
    UPSTREAM_SENDING: N_("Being ordered"),
    UPSTREAM_REQUESTED: N_("Requested"),
    UPSTREAM_ISSUED: N_("Issued"),
    UPSTREAM_FAILED: N_("Failed"),
    UPSTREAM_REFUSED: N_("Refused upstream"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def upstream_label(status: str) -> str:
    return _(UPSTREAM_LABELS.get(status, status))


@dataclass(frozen=True)
class OrderRow:
    """One line of Orders → SSL certificates."""

    id: int
    version: int
    status: str
    upstream_status: str
    #: The common name as people read it (Unicode), "" while parameters are pending.
    domain: str
    client_id: int
    client_name: str
    plan_id: int
    plan_title: str
    period: int
    expires_on: date | None
    upstream_certificate_id: str | None
    currency: str
    parameters_pending: bool
    #: An operation is on its way upstream.
    in_flight: bool
    created_at: datetime

    @property
    def status_text(self) -> str:
        return status_label(self.status)

    @property
    def upstream_text(self) -> str:
        return upstream_label(self.upstream_status)


@dataclass(frozen=True)
class OrderCursor:
    """Where the next page of a list starts (keyset paging): the last row's sort value and id."""

    value: object
    id: int


@dataclass(frozen=True)
class OrderPage:
    rows: list[OrderRow]
    #: Rows matching the filter in all, counted for the first page only (a later page: -1).
    total: int
    #: Give it back for the next page; None when this was the last one.
    cursor: OrderCursor | None


@dataclass(frozen=True)
class HeldAddonRow:
    key: str
    title: str
    quantity: int
    paid_until: date


@dataclass(frozen=True)
class AddonChoice:
    key: str
    title: str
    unit: str
    #: The unit price for the service's period (None: not sold for it).
    price: Decimal | None


@dataclass(frozen=True)
class OrderRecord:
    """Everything the order's details show."""

    id: int
    version: int
    status: str
    upstream_status: str
    suspension: str | None
    parameters_pending: bool
    client_id: int
    client_name: str
    client_email: str
    plan_id: int
    plan_title: str
    processing_module_id: int
    currency: str
    period: int
    common_name: str
    sans: tuple[str, ...]
    approver_email: str
    contacts: ClientContacts
    csr_pem: str
    request: ParsedRequest | None
    request_error: str
    key: KeyRecord | None
    upstream_certificate_id: str | None
    upstream_status_text: str
    upstream_expires_on: date | None
    certificate_pem: str | None
    chain_pem: str | None
    certificate: CertificateInfo | None
    last_sync_at: datetime | None
    last_sync_error: str
    last_error: str
    ordered_on: date | None
    expires_on: date | None
    deleted_on: date | None
    state: ServiceState | None
    addons: tuple[HeldAddonRow, ...]
    addon_choices: tuple[AddonChoice, ...]
    #: The first day the order may be deleted (its minimum order period).
    earliest_deletion: date | None
    can_suspend: bool
    in_flight: bool
    balance: Decimal
    created_at: datetime
    created_by: str

    @property
    def domain(self) -> str:
        from sslbill_desktop.services.domains import to_unicode

        return to_unicode(self.common_name) if self.common_name else ""

    @property
    def status_text(self) -> str:
        return status_label(self.status)

    @property
    def upstream_text(self) -> str:
        return upstream_label(self.upstream_status)

    @property
    def is_deleted(self) -> bool:
        return self.status == ORDER_DELETED

    @property
    def is_active(self) -> bool:
        return self.status == ORDER_ACTIVE

    @property
    def is_suspended(self) -> bool:
        return self.status == ORDER_SUSPENDED

    @property
    def is_charged(self) -> bool:
        return self.state is not None

    @property
    def is_issued(self) -> bool:
        return self.upstream_status == UPSTREAM_ISSUED

    @property
    def has_failed(self) -> bool:
        return self.upstream_status == UPSTREAM_FAILED
