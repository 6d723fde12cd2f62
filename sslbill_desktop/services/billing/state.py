"""A service's billing state, booked entries and outcomes: plain frozen dataclasses.

Every operation takes a `ServiceState` (or, for an order, none) and returns an `Outcome` with the
entries to book and the new state, or a `Refusal`. Nothing is mutated; the caller books the entries
and stores the state (`ServiceState.to_dict()` gives a JSON-friendly form for a database column).

Sign convention of `Entry.amount`: charges are positive, refunds and deposits negative; a client's
balance is its opening balance minus the sum of its entries.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.periods import period_days
from sslbill_desktop.services.billing.refusals import Refusal


class ServiceStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DELETED = "deleted"


class SuspensionReason(StrEnum):
    EXPIRED = "expired"  # not renewed, or a daily charge not covered
    CLIENT = "client"  # suspended by the client


class EntryKind(StrEnum):
    ORDER = "order"
    SETUP_FEE = "setup_fee"
    RENEWAL = "renewal"
    LATE_FEE = "late_fee"
    DAILY = "daily"
    TARIFF_CHANGE = "tariff_change"
    ADDON = "addon"
    REFUND = "refund"
    DEPOSIT = "deposit"


class Transition(StrEnum):
    """What happened to a service in an operation (for notifications and the audit log)."""

    ORDERED = "ordered"
    RENEWED = "renewed"
    CHARGED = "charged"
    KEPT_ACTIVE = "kept_active"
    SUSPENDED = "suspended"
    REACTIVATED = "reactivated"
    DELETED = "deleted"
    RESUMED = "resumed"
    TARIFF_CHANGED = "tariff_changed"
    ADDON_ORDERED = "addon_ordered"
    ADDON_CANCELLED = "addon_cancelled"


@dataclass(frozen=True, slots=True)
class Entry:
    """One ledger line: a charge (positive), a refund or deposit (negative), and why.

    `note` is the English text (what `simulate` prints and the ledger keeps); `explanation` is
    the same as a `Note`, to be shown in another language (None for a line the engine did not
    explain, such as a deposit). Two entries are equal whatever their explanations.
    """

    date: date
    kind: EntryKind
    amount: Decimal
    note: str = ""
    explanation: Note | None = field(default=None, compare=False)

    @classmethod
    def explained(cls, on: datetime.date, kind: EntryKind, amount: Decimal, explanation: Note) -> Entry:
        """An entry whose `note` is the English text of `explanation`."""
        return cls(on, kind, amount, explanation.render(), explanation)


@dataclass(frozen=True, slots=True)
class HeldAddon:
    """Units of an add-on the service holds, and what was paid for them for the current term.

    `unit_price` is the add-on's price for `period` months when it was last paid; `period_days`
    the days of that period's window, so the daily cost of the lot is
    `unit_price * quantity / period_days`. `paid` is what was booked for the lot in the current
    term (refunds never exceed it). `credit` is what a client suspension refunded and resuming
    charges again.
    """

    key: str
    quantity: int
    unit_price: Decimal
    period: int
    period_days: int
    paid_until: date
    paid: Decimal
    credit: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class ServiceState:
    """Everything the rules need to know about one service, and nothing else.

    - `starts_on` / `expires_on`: the current paid term `[starts_on, expires_on)`; for a service
      charged daily `expires_on` is the day after the last day paid.
    - `period`, `period_start`, `period_price`: the current (last paid) period — its length in
      months, the start of its window and its list price. The *daily cost* of the service is
      `period_price / period_days` (see `daily_cost`).
    - `term_paid`: what was booked for the current term's service price (refunds never exceed it).
    - `suspension`, `suspended_on`, `kept_days`: why and since when it is suspended; how many
      weekend days it was kept active after `expires_on` (charged when it is renewed).
    - `suspension_credit`: what a client suspension refunded (charged again on resume); None when
      nothing was refunded ("charge client after suspension").
    - `daily_anchor`: for a service charged daily, the date its periods follow from.
    - `last_run_on`: the last date the daily run processed (a run for it or before it does nothing).
    """

    tariff: str
    status: ServiceStatus
    period: int
    ordered_on: date
    starts_on: date
    expires_on: date
    period_start: date
    period_price: Decimal
    term_paid: Decimal
    suspension: SuspensionReason | None = None
    suspended_on: date | None = None
    kept_days: int = 0
    suspension_credit: Decimal | None = None
    addons: tuple[HeldAddon, ...] = ()
    daily_anchor: date | None = None
    last_run_on: date | None = None
    deleted_on: date | None = None

    @property
    def period_days(self) -> int:
        return period_days(self.period_start, self.period)

    @property
    def is_active(self) -> bool:
        return self.status is ServiceStatus.ACTIVE

    def addon(self, key: str) -> HeldAddon | None:
        return next((held for held in self.addons if held.key == key), None)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form (dates ISO, amounts strings) that `from_dict` reads back."""
        return {
            "tariff": self.tariff,
            "status": self.status.value,
            "period": self.period,
            "ordered_on": self.ordered_on.isoformat(),
            "starts_on": self.starts_on.isoformat(),
            "expires_on": self.expires_on.isoformat(),
            "period_start": self.period_start.isoformat(),
            "period_price": str(self.period_price),
            "term_paid": str(self.term_paid),
            "suspension": self.suspension.value if self.suspension else None,
            "suspended_on": _iso(self.suspended_on),
            "kept_days": self.kept_days,
            "suspension_credit": None if self.suspension_credit is None else str(self.suspension_credit),
            "addons": [
                {
                    "key": held.key,
                    "quantity": held.quantity,
                    "unit_price": str(held.unit_price),
                    "period": held.period,
                    "period_days": held.period_days,
                    "paid_until": held.paid_until.isoformat(),
                    "paid": str(held.paid),
                    "credit": str(held.credit),
                }
                for held in self.addons
            ],
            "daily_anchor": _iso(self.daily_anchor),
            "last_run_on": _iso(self.last_run_on),
            "deleted_on": _iso(self.deleted_on),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServiceState:
        credit = data.get("suspension_credit")
        return cls(
            tariff=str(data["tariff"]),
            status=ServiceStatus(data["status"]),
            period=int(data["period"]),
            ordered_on=date.fromisoformat(data["ordered_on"]),
            starts_on=date.fromisoformat(data["starts_on"]),
            expires_on=date.fromisoformat(data["expires_on"]),
            period_start=date.fromisoformat(data["period_start"]),
            period_price=Decimal(data["period_price"]),
            term_paid=Decimal(data["term_paid"]),
            suspension=SuspensionReason(data["suspension"]) if data.get("suspension") else None,
            suspended_on=_date_or_none(data.get("suspended_on")),
            kept_days=int(data.get("kept_days", 0)),
            suspension_credit=None if credit is None else Decimal(credit),
            addons=tuple(
                HeldAddon(
                    key=str(item["key"]),
                    quantity=int(item["quantity"]),
                    unit_price=Decimal(item["unit_price"]),
                    period=int(item["period"]),
                    period_days=int(item["period_days"]),
                    paid_until=date.fromisoformat(item["paid_until"]),
                    paid=Decimal(item["paid"]),
                    credit=Decimal(item.get("credit", "0")),
                )
                for item in data.get("addons", ())
            ),
            daily_anchor=_date_or_none(data.get("daily_anchor")),
            last_run_on=_date_or_none(data.get("last_run_on")),
            deleted_on=_date_or_none(data.get("deleted_on")),
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an operation did: the entries to book (in order) and the service's new state."""

    entries: tuple[Entry, ...]
    state: ServiceState
    transitions: tuple[Transition, ...] = ()

    @property
    def total(self) -> Decimal:
        """The sum of the entries' amounts (what the client's balance goes down by)."""
        return sum((entry.amount for entry in self.entries), Decimal(0))


@dataclass(frozen=True, slots=True)
class Quote:
    """A price with its explanation lines, computed without booking (wizard summary, preview).

    `lines` are exactly the entries the operation would book on that date; `state` is the service
    as it would be afterwards (its `expires_on` is the new expiry date).
    """

    lines: tuple[Entry, ...]
    state: ServiceState

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


#: What most operations return.
Result = Outcome | Refusal


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date_or_none(value: object) -> date | None:
    return None if value is None else date.fromisoformat(str(value))
