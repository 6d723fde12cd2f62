"""What the ispmanager billing answers, as typed, immutable values (money is `Decimal`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import IntEnum
from typing import Any


class CertificateStatus(IntEnum):
    """The upstream's `item_status` codes for certificates (others are kept as plain ints)."""

    REQUEST_SENT = 3
    ENROLLED = 4
    ISSUED = 5
    FAILED = 6


@dataclass(frozen=True)
class Account:
    """The signed-in ispmanager account (`func=whoami`)."""

    name: str
    balance: Decimal
    currency: str


@dataclass(frozen=True)
class PricePeriod:
    """One order period of a plan; `cost` None means the plan is not sold for that period."""

    months: int
    cost: Decimal | None


@dataclass(frozen=True)
class PriceListEntry:
    """One certificate plan of the upstream price list (`func=pricelist.export`)."""

    id: str
    name: str
    siteinfo: dict[str, str]
    periods: tuple[PricePeriod, ...]
    currency: str = ""

    def cost(self, months: int) -> Decimal | None:
        """The cost for `months`, or None when that period is not sold."""
        for period in self.periods:
            if period.months == months:
                return period.cost
        return None

    @property
    def sold_periods(self) -> tuple[int, ...]:
        return tuple(p.months for p in self.periods if p.cost is not None)


@dataclass(frozen=True)
class Certificate:
    """One certificate item of the account (`func=certificate`)."""

    id: str
    cn: str
    sans: tuple[str, ...]
    pricelist_id: str
    pricelist_name: str
    created: datetime | None
    expires: date | None
    status: int
    status_text: str
    #: True when the upstream gave only the creation date, without a time.
    created_date_only: bool = False

    @property
    def issued(self) -> bool:
        return self.status == CertificateStatus.ISSUED


@dataclass(frozen=True)
class Contact:
    """An administrative or technical contact of a certificate order."""

    first_name: str = ""
    last_name: str = ""
    job_title: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class CertificateOrder:
    """Everything the upstream needs to order one certificate. No private key: only the CSR."""

    pricelist_id: str
    period_months: int
    common_name: str
    csr: str
    approver_email: str = ""
    sans: tuple[str, ...] = ()
    #: The numeric country code the upstream's `field_country` expects.
    country: str = ""
    state: str = ""
    locality: str = ""
    organization: str = ""
    organization_unit: str = ""
    email: str = ""
    admin: Contact = field(default_factory=Contact)
    tech: Contact = field(default_factory=Contact)

    def to_json(self) -> dict[str, Any]:
        """Plain data for the journal (nothing secret is in an order)."""
        return {
            "pricelist_id": self.pricelist_id,
            "period_months": self.period_months,
            "common_name": self.common_name,
            "csr": self.csr,
            "approver_email": self.approver_email,
            "sans": list(self.sans),
            "country": self.country,
            "state": self.state,
            "locality": self.locality,
            "organization": self.organization,
            "organization_unit": self.organization_unit,
            "email": self.email,
            "admin": _contact_json(self.admin),
            "tech": _contact_json(self.tech),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CertificateOrder:
        return cls(
            pricelist_id=str(data["pricelist_id"]),
            period_months=int(data["period_months"]),
            common_name=str(data["common_name"]),
            csr=str(data["csr"]),
            approver_email=str(data.get("approver_email", "")),
            sans=tuple(str(x) for x in data.get("sans", ())),
            country=str(data.get("country", "")),
            state=str(data.get("state", "")),
            locality=str(data.get("locality", "")),
            organization=str(data.get("organization", "")),
            organization_unit=str(data.get("organization_unit", "")),
            email=str(data.get("email", "")),
            admin=_contact_from_json(data.get("admin")),
            tech=_contact_from_json(data.get("tech")),
        )


def _contact_json(contact: Contact) -> dict[str, str]:
    return {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "job_title": contact.job_title,
        "email": contact.email,
        "phone": contact.phone,
    }


def _contact_from_json(data: Any) -> Contact:
    if not isinstance(data, dict):
        return Contact()
    return Contact(
        first_name=str(data.get("first_name", "")),
        last_name=str(data.get("last_name", "")),
        job_title=str(data.get("job_title", "")),
        email=str(data.get("email", "")),
        phone=str(data.get("phone", "")),
    )


@dataclass(frozen=True)
class OrderResult:
    """The upstream's answer to an order: the new certificate item's id."""

    id: str


@dataclass(frozen=True)
class RenewResult:
    """The upstream's answer to a renewal (`service.prolong`)."""

    id: str
    expires: date | None


@dataclass(frozen=True)
class CertificateDetails:
    """One certificate with its order data (`func=certificate.edit` without `sok`)."""

    certificate: Certificate
    csr: str
    approver_email: str
    admin: Contact
    tech: Contact


@dataclass(frozen=True)
class IssuedCertificate:
    """The issued certificate and its CA chain, both PEM."""

    certificate_pem: str
    chain_pem: str
