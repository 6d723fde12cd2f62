"""Between an order row, the billing engine and the ledger (used inside a unit of work).

- `terms_for(s, plan_id, currency)`, `group_for(s, client)`, `product_type(s)`: what the engine
  needs, read from the database (the engine's plan key is the plan id, its group key the group id).
- `apply_state(order, state)`: store the engine's `ServiceState` on the row and repeat the
  columns the daily run and the list select on (status, expiry, suspension, last run).
- `book(s, order, entries, actor)`: book the engine's entries on the client's account in the
  order's currency (`services.ledger` keeps the balance).
- `Pending`: the one operation in flight upstream — what will be booked and the state after it —
  kept on the order between "sent" and the journal's completion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.client_groups import ClientGroup as ClientGroupRow
from sslbill_desktop.models.clients import Client
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.models.orders import Order
from sslbill_desktop.services import ledger
from sslbill_desktop.services.auth import Actor, Role
from sslbill_desktop.services.billing import (
    ClientGroup,
    Entry,
    EntryKind,
    ProductTypeSettings,
    ServiceState,
    TariffTerms,
)
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.product_types import settings_in
from sslbill_desktop.services.tariff_terms import group_of, terms_of


def terms_for(s: Session, plan_id: int, currency: str) -> TariffTerms:
    """The plan's terms, priced in `currency` (the order's)."""
    return terms_of(load(s, TariffPlan, plan_id), currency)


def group_for(s: Session, client: Client) -> ClientGroup | None:
    if client.client_group_id is None:
        return None
    row = s.get(ClientGroupRow, client.client_group_id)
    return group_of(row) if row is not None else None


def product_type(s: Session) -> ProductTypeSettings:
    return settings_in(s)


def state_of(order: Order) -> ServiceState | None:
    return ServiceState.from_dict(order.state) if order.state else None


def apply_state(order: Order, state: ServiceState) -> None:
    """Store `state` on the order and repeat the columns that are queried."""
    order.state = state.to_dict()
    order.status = state.status.value
    order.suspension = state.suspension.value if state.suspension else None
    order.period = state.period
    order.tariff_plan_id = int(state.tariff)
    order.ordered_on = state.ordered_on
    order.expires_on = state.expires_on
    order.last_run_on = state.last_run_on
    order.deleted_on = state.deleted_on


def state_columns(state: ServiceState) -> dict[str, Any]:
    """The same columns as `apply_state`, for a Core UPDATE."""
    return {
        "state": state.to_dict(),
        "status": state.status.value,
        "suspension": state.suspension.value if state.suspension else None,
        "period": state.period,
        "tariff_plan_id": int(state.tariff),
        "ordered_on": state.ordered_on,
        "expires_on": state.expires_on,
        "last_run_on": state.last_run_on,
        "deleted_on": state.deleted_on,
    }


def balance(s: Session, client_id: int, currency: str) -> Decimal:
    """The client's balance in `currency` (an account is opened when missing)."""
    return ledger.get_account(s, client_id, currency).balance


def book(s: Session, order: Order, entries: Iterable[Entry], actor: Actor) -> list[LedgerEntry]:
    """Book the engine's entries for `order` on the client's account in the order's currency."""
    account = ledger.get_account(s, order.client_id, order.currency)
    return ledger.book_entries(s, account, list(entries), order.id, actor=actor)


#: The shortest period an upstream certificate is bought or renewed for (the price list sells
#: 12, 24 and 36 months): a plan sold by the month buys a one-year certificate.
SHORTEST_UPSTREAM_MONTHS = 12


def upstream_months(period: int) -> int:
    """The upstream period bought for a service period of `period` months."""
    return max(period, SHORTEST_UPSTREAM_MONTHS)


def actor_named(login: str) -> Actor:
    """The actor recorded on bookings made on someone's behalf later (the journal's completion)."""
    return Actor(staff_id=None, login=login or "system", role=Role.ADMIN)


# --- entries as JSON ----------------------------------------------------------------------------


def entries_to_json(entries: Iterable[Entry]) -> list[dict[str, Any]]:
    """The entries as JSON-safe values, each with its explanation (when it has one)."""
    result: list[dict[str, Any]] = []
    for e in entries:
        item: dict[str, Any] = {
            "date": e.date.isoformat(),
            "kind": e.kind.value,
            "amount": str(e.amount),
            "note": e.note,
        }
        if e.explanation is not None:
            item["explanation"] = e.explanation.to_json()
        result.append(item)
    return result


def entries_from_json(data: Iterable[Mapping[str, Any]]) -> tuple[Entry, ...]:
    """What `entries_to_json` wrote (an order's pending operation of an older version has no
    explanations: its notes show in English)."""
    return tuple(
        Entry(
            date.fromisoformat(str(e["date"])),
            EntryKind(e["kind"]),
            Decimal(str(e["amount"])),
            str(e["note"]),
            ledger.explanation_of(e.get("explanation")),
        )
        for e in data
    )


def total(entries: Sequence[Entry]) -> Decimal:
    return sum((e.amount for e in entries), Decimal(0))


# --- the operation in flight --------------------------------------------------------------------

OPERATION_ORDER = "order"
OPERATION_RENEWAL = "renewal"
OPERATION_AUTO_RENEWAL = "auto_renewal"
#: The upstream certificate of a service charged daily renewed (nothing booked: paid by the day).
OPERATION_UPSTREAM_RENEWAL = "upstream_renewal"


@dataclass(frozen=True)
class Pending:
    """An operation sent upstream whose outcome books `entries` and leaves `state`."""

    operation: str
    on: date
    entries: tuple[Entry, ...]
    state: ServiceState
    by: str
    #: The daily run that started an automatic renewal.
    run_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "on": self.on.isoformat(),
            "entries": entries_to_json(self.entries),
            "state": self.state.to_dict(),
            "by": self.by,
            "run_id": self.run_id,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Pending:
        run_id = data.get("run_id")
        return cls(
            operation=str(data["operation"]),
            on=date.fromisoformat(str(data["on"])),
            entries=entries_from_json(data.get("entries", ())),
            state=ServiceState.from_dict(data["state"]),
            by=str(data.get("by", "")),
            run_id=int(run_id) if run_id is not None else None,
        )


def pending_of(order: Order) -> Pending | None:
    return Pending.from_json(order.pending) if order.pending else None
