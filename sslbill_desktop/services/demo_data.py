"""Demo data in bulk: `generate(db, size, seed)` fills the database with `size` certificate orders
across clients, plans and states, with a realistic spread of expiry dates — for trying the
program on a large workspace and for measuring the order list.

Fast: rows are written with bulk INSERTs (100,000 orders, their clients, payments and ledger
entries in well under a minute on SQLite), not through the one-order-at-a-time services. The
books stay right: every client's balance is its payment minus its charges, each charge a ledger
entry of its order, and each order's billing state the engine's (`quote_order` on its start date).
No upstream is called: the orders carry made-up upstream ids ("demo-…"), and their certificates
no PEM (the small demo of `demo_orders.py` has real ones). The same `seed` gives the same data.

The spread (share of orders): active and issued 55 %, expiring within two weeks 8 %, active and
still requested 7 %, suspended for non-payment 10 %, deleted 12 %, quick orders waiting for
their parameters 3 %, refused upstream 2 %, failed at the CA 3 %.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, insert, select, text, update

from sslbill_desktop.models.base import utcnow
from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.models.ledger import KIND_DEPOSIT, LedgerEntry
from sslbill_desktop.models.orders import (
    ORDER_NEW,
    UPSTREAM_FAILED,
    UPSTREAM_ISSUED,
    UPSTREAM_PENDING,
    UPSTREAM_REFUSED,
    UPSTREAM_REQUESTED,
    Order,
)
from sslbill_desktop.models.payments import PAYMENT_PAID, Payment
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services.billing import (
    Refusal,
    ServiceState,
    quote_order,
)
from sslbill_desktop.services.billing.money import book
from sslbill_desktop.services.billing.periods import add_months
from sslbill_desktop.services.contacts import ClientContacts, Organisation, Person
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.demo_catalog import ensure_demo_plans
from sslbill_desktop.services.demo_common import demo_module_id, state_of_kind
from sslbill_desktop.services.demo_setup import seed_demo_setup
from sslbill_desktop.services.domains import approver_emails
from sslbill_desktop.services.ledger import explanation_json
from sslbill_desktop.services.order_books import state_columns
from sslbill_desktop.services.order_settings import DEFAULT_CA_MAXIMUM, OrderSettings
from sslbill_desktop.services.tariff_terms import terms_of

#: (state, share): what the orders are, in proportion.
SPREAD: tuple[tuple[str, float], ...] = (
    ("issued", 0.55),
    ("expiring", 0.08),
    ("requested", 0.07),
    ("suspended", 0.10),
    ("deleted", 0.12),
    ("pending", 0.03),
    ("refused", 0.02),
    ("failed", 0.03),
)
ORDERS_PER_CLIENT = 20
BATCH = 5000

_FIRST = ("Anna", "Boris", "Chen", "Dana", "Emil", "Fatima", "Georg", "Hana", "Ivan", "Julia", "Karl", "Lena")
_LAST = ("Smith", "Petrova", "Wei", "Schmidt", "Novak", "Haddad", "Berg", "Sato", "Ivanov", "Rossi", "Keller")
_WORDS = (
    "shop", "blog", "mail", "cloud", "portal", "store", "news", "travel", "bakery", "garage", "studio",
    "clinic", "school", "market", "photo", "games", "bank", "hotel", "books", "music",
)  # fmt: skip
_TLDS = ("com", "net", "org", "de", "nl", "co.uk", "io", "ru", "fr", "example")


@dataclass(frozen=True)
class GeneratedData:
    clients: int
    orders: int
    by_state: dict[str, int]


@dataclass(frozen=True)
class _Plan:
    id: int
    module_id: int
    currency: str
    periods: tuple[int, ...]
    quick: bool
    terms: Any


def _plans(db: Database, on: date) -> tuple[int, list[_Plan]]:
    setup = seed_demo_setup(db)
    with db.uow() as s:
        module_id = demo_module_id(s, setup.department_id)
    ensure_demo_plans(db, provider_id=setup.provider_id, module_id=module_id)
    with db.uow() as s:
        provider = s.get(Provider, setup.provider_id)
        assert provider is not None
        plans = []
        for plan in s.scalars(select(TariffPlan).where(TariffPlan.provider_id == setup.provider_id)):
            terms = terms_of(plan, provider.currency)
            periods = terms.orderable_periods()
            if plan.enabled and periods and not terms.charge_daily:
                plans.append(
                    _Plan(
                        plan.id,
                        plan.processing_module_id,
                        provider.currency,
                        periods,
                        plan.quick_order,
                        terms,
                    )
                )
    return setup.provider_id, plans


class _Ids:
    """Explicit ids for bulk INSERTs (much faster than RETURNING), sequences moved on afterwards."""

    def __init__(self, s: Any, model: Any) -> None:
        self._s, self._table = s, model.__table__
        self.next = int(s.scalar(select(func.coalesce(func.max(self._table.c.id), 0)))) + 1

    def take(self, count: int) -> list[int]:
        ids = list(range(self.next, self.next + count))
        self.next += count
        return ids

    def insert(self, rows: list[dict[str, Any]]) -> list[int]:
        """Insert `rows` (all with the same keys) with new ids; the ids, in order."""
        ids = self.take(len(rows))
        for ident, row in zip(ids, rows, strict=True):
            row["id"] = ident
        if rows:
            self._s.execute(insert(self._table), rows)
            if self._s.get_bind().dialect.name == "postgresql":
                self._s.execute(
                    text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v)"),
                    {"t": self._table.name, "v": self.next - 1},
                )
        return ids


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _contacts(name: str, company: str, email: str) -> dict[str, Any]:
    first, _space, last = name.partition(" ")
    person = Person(first, last, "IT", email, "+1 555 0100")
    return ClientContacts(person, person, Organisation(company, "", "US", "", "Springfield", email)).to_json()


def _domain(rng: random.Random, number: int) -> str:
    return f"{rng.choice(_WORDS)}{number}.{rng.choice(_TLDS)}"


def _states(rng: random.Random, size: int) -> Iterator[str]:
    names = [name for name, _share in SPREAD]
    weights = [share for _name, share in SPREAD]
    for _number in range(size):
        yield rng.choices(names, weights)[0]


def _window(kind: str, rng: random.Random, on: date, period: int) -> tuple[date, date]:
    """(start, expires_on) of an order in `kind`, relative to `on`."""
    months_days = period * 30
    if kind == "expiring":
        expires = on + timedelta(days=rng.randint(1, 14))
    elif kind == "suspended":
        expires = on - timedelta(days=rng.randint(1, 12))
    elif kind == "deleted":
        expires = on - timedelta(days=rng.randint(20, 900))
    else:
        expires = on + timedelta(days=rng.randint(15, months_days))
    return add_months(expires, -period), expires


def _state(
    plan: _Plan, kind: str, start: date, expires: date, period: int
) -> tuple[ServiceState, Sequence[Any]]:
    quote = quote_order(plan.terms, start, period)
    if isinstance(quote, Refusal):  # pragma: no cover - the demo plans sell every period they list
        raise ValueError(quote.message)
    return state_of_kind(quote.state, kind, expires), quote.lines


def _certificate_dates(start: date, expires: date, on: date) -> tuple[datetime, datetime]:
    """The current certificate: issued at the start, reissued 30 days before each one ended."""
    settings = OrderSettings(ca_maximum=DEFAULT_CA_MAXIMUM)
    issued = start
    while issued + timedelta(days=settings.maximum_days(issued)) < min(expires, on):
        issued = issued + timedelta(days=settings.maximum_days(issued) - 30)  # reissued before the end
    end = min(expires, issued + timedelta(days=settings.maximum_days(issued)))
    return datetime.combine(issued, time(9), UTC), datetime.combine(end, time(9), UTC)


#: Every column an order row is written with (executemany needs the same keys in every row).
_ORDER_DEFAULTS: dict[str, Any] = {
    "status": ORDER_NEW,
    "upstream_status": UPSTREAM_PENDING,
    "suspension": None,
    "common_name": "",
    "private_key_id": None,
    "agreement_accepted_at": None,
    "upstream_certificate_id": None,
    "upstream_expires_on": None,
    "certificate_pem": None,
    "chain_pem": None,
    "certificate_not_before": None,
    "certificate_not_after": None,
    "last_sync_at": None,
    "ordered_on": None,
    "expires_on": None,
    "last_run_on": None,
    "deleted_on": None,
    "state": None,
    "pending": None,
}


def _order_row(
    plan: _Plan, client: tuple[int, int, dict[str, Any]], kind: str, number: int, rng: random.Random, on: date
) -> tuple[dict[str, Any], list[Any]]:
    client_id, _account_id, contacts = client
    period = rng.choice(plan.periods)
    row: dict[str, Any] = dict(_ORDER_DEFAULTS)
    row.update(
        {
            "client_id": client_id,
            "tariff_plan_id": plan.id,
            "processing_module_id": plan.module_id,
            "currency": plan.currency,
            "period": period,
            "contacts": contacts,
            "sans": [],
            "csr_pem": "",
            "approver_email": "",
            "upstream_status_text": "",
            "last_sync_error": "",
            "last_error": "",
            "created_by": "demo",
            "parameters_pending": False,
            "version": 1,
        }
    )
    if kind == "pending":
        row.update(status=ORDER_NEW, upstream_status=UPSTREAM_PENDING, parameters_pending=True)
        return row, []
    if kind == "refused":
        row.update(
            status=ORDER_NEW,
            upstream_status=UPSTREAM_REFUSED,
            common_name=_domain(rng, number),
            last_error="Not enough money on the account",
        )
        return row, []
    domain = _domain(rng, number)
    start, expires = _window(kind, rng, on, period)
    state, lines = _state(plan, kind, start, expires, period)
    row.update(state_columns(state))
    row.update(
        common_name=domain,
        approver_email=approver_emails(domain)[0],
        upstream_certificate_id=f"demo-{number}",
        upstream_expires_on=add_months(start, max(period, 12)),
        upstream_status={
            "failed": UPSTREAM_FAILED,
            "requested": UPSTREAM_REQUESTED,
        }.get(kind, UPSTREAM_ISSUED),
    )
    if row["upstream_status"] == UPSTREAM_ISSUED:
        row["certificate_not_before"], row["certificate_not_after"] = _certificate_dates(start, expires, on)
    return row, list(lines)


def generate(db: Database, size: int, seed: int = 0, *, on: date | None = None) -> GeneratedData:
    """Add `size` orders (and their clients, payments and charges) to the database."""
    if size < 0:
        raise ValueError("the size cannot be negative")
    on = on or date.today()
    rng = random.Random(seed)
    provider_id, plans = _plans(db, on)
    currency = plans[0].currency if plans else "USD"
    client_count = max(1, (size + ORDERS_PER_CLIENT - 1) // ORDERS_PER_CLIENT)
    with db.uow() as s:
        first_number = int(s.scalar(select(func.count()).select_from(Order)) or 0) + 1
        clients = _insert_clients(s, rng, provider_id, client_count, currency)
    by_state: dict[str, int] = {}
    charges: dict[int, Decimal] = {}
    kinds = _states(rng, size)
    number = first_number
    remaining = size
    while remaining > 0:
        count = min(BATCH, remaining)
        orders: list[dict[str, Any]] = []
        lines_of: list[tuple[int, list[Any]]] = []
        for _index in range(count):
            kind = next(kinds)
            client = clients[rng.randrange(len(clients))]
            row, lines = _order_row(rng.choice(plans), client, kind, number, rng, on)
            orders.append(row)
            lines_of.append((client[1], lines))
            by_state[kind] = by_state.get(kind, 0) + 1
            number += 1
        with db.uow() as s:
            now = utcnow()
            for order in orders:
                order.update(created_at=now, updated_at=now)
            ids = _Ids(s, Order).insert(orders)
            entries = []
            for order_id, (account_id, lines) in zip(ids, lines_of, strict=True):
                for line in lines:
                    amount = book(line.amount, currency)
                    if amount:
                        charges[account_id] = charges.get(account_id, Decimal(0)) + amount
                        entries.append(
                            _entry(
                                account_id,
                                line.date,
                                line.kind.value,
                                amount,
                                line.note,
                                order_id,
                                currency,
                                explanation_json(line.explanation),
                            )
                        )
            if entries:
                s.execute(insert(LedgerEntry), entries)
        remaining -= count
    with db.uow() as s:
        _pay(s, clients, charges, on, rng, currency)
    return GeneratedData(len(clients), size, by_state)


def _entry(
    account_id: int,
    on: date,
    kind: str,
    amount: Decimal,
    note: str,
    order_id: int | None,
    currency: str,
    explanation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "on_date": on,
        "kind": kind,
        "amount": amount,
        "currency": currency,
        "note": note,
        "explanation": explanation,
        "service_id": order_id,
        "created_at": utcnow(),
        "created_by": "demo",
    }


def _insert_clients(
    s: Any, rng: random.Random, provider_id: int, count: int, currency: str
) -> list[tuple[int, int, dict[str, Any]]]:
    rows: list[dict[str, Any]] = []
    for number in range(count):
        name = _name(rng)
        company = (
            f"{rng.choice(_WORDS).title()} {rng.choice(('Ltd', 'GmbH', 'LLC', 'BV', 'OOO'))} {number + 1}"
        )
        email = f"{name.split(' ', 1)[0].lower()}.{number + 1}@example.com"
        rows.append(
            {
                "name": name,
                "company": company,
                "email": email,
                "phone": "+1 555 0100",
                "country": "US",
                "language": "en",
                "provider_id": provider_id,
                "client_group_id": None,
                "contacts": _contacts(name, company, email),
                "version": 1,
            }
        )
    now = utcnow()
    for row in rows:
        row.update(created_at=now, updated_at=now)
    ids = _Ids(s, Client).insert(rows)
    accounts = [
        {
            "client_id": i,
            "currency": currency,
            "balance": Decimal(0),
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for i in ids
    ]
    account_ids = _Ids(s, ClientAccount).insert(accounts)
    return [(i, a, row["contacts"]) for i, a, row in zip(ids, account_ids, rows, strict=True)]


def _pay(
    s: Any,
    clients: list[tuple[int, int, dict[str, Any]]],
    charges: dict[int, Decimal],
    on: date,
    rng: random.Random,
    currency: str,
) -> None:
    """Each client paid what it was charged and a bit more (or a bit less: some owe money)."""
    payments: list[dict[str, Any]] = []
    balances: dict[int, Decimal] = {}
    for _client_id, account_id, _contacts in clients:
        spent = charges.get(account_id, Decimal(0))
        extra = Decimal(rng.choice((0, 0, 5, 20, 50, 100, 250)))
        amount = spent + extra
        if amount <= 0:
            continue
        payments.append(
            {
                "account_id": account_id,
                "amount": amount,
                "currency": currency,
                "state": PAYMENT_PAID,
                "method": "bank transfer",
                "note": "demo",
                "paid_at": datetime.combine(on, time(9), UTC),
                "version": 1,
            }
        )
        balances[account_id] = amount - spent
    if not payments:
        return
    now = utcnow()
    for payment in payments:
        payment.update(created_at=now, updated_at=now)
    ids = _Ids(s, Payment).insert(payments)
    entries = []
    for payment_id, payment in zip(ids, payments, strict=True):
        entry = _entry(
            payment["account_id"], on, KIND_DEPOSIT, -payment["amount"], "demo payment", None, currency
        )
        entry["payment_id"] = payment_id
        entries.append(entry)
    s.execute(insert(LedgerEntry), entries)
    accounts: Any = ClientAccount.__table__
    s.execute(
        update(accounts)
        .where(accounts.c.id == bindparam("account"))
        .values(balance=bindparam("new_balance")),
        [{"account": a, "new_balance": b} for a, b in balances.items()],
    )
