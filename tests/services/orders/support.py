"""Helpers and fixtures for the order tests: a provider with its set-up, plans on the simulator,
clients with money, and orders placed through the real services.

The fixtures are imported by `conftest.py` here and in `tests/views/orders/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.models.orders import Order
from sslbill_desktop.services import clients, payments
from sslbill_desktop.services.auth import Actor
from sslbill_desktop.services.contacts import ClientContacts, Organisation, Person
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.demo_catalog import SAN_ADDON, AddonSpec, PlanSpec, add_plan
from sslbill_desktop.services.demo_setup import DemoSetup, seed_demo_setup
from sslbill_desktop.services.domains import approver_emails
from sslbill_desktop.services.order_placing import OrderRequest, PlacementResult, place_order

TODAY = date(2026, 11, 26)


@dataclass(frozen=True)
class World:
    """What an order test works in."""

    db: Database
    admin: Actor
    setup: DemoSetup
    module_id: int

    @property
    def provider_id(self) -> int:
        return self.setup.provider_id

    @property
    def retail(self) -> int:
        return self.setup.client_group_ids[0]

    @property
    def resellers(self) -> int:
        return self.setup.client_group_ids[1]


@pytest.fixture
def world(database: Database, admin: Actor, simulator_module: int) -> World:
    return World(database, admin, seed_demo_setup(database), simulator_module)


def plan(world: World, name: str = "RapidSSL", *, certificate_type: str = "1011", **kwargs: Any) -> int:
    """A plan on the simulator's product `certificate_type` (default: 12 months at 20.00)."""
    prices = kwargs.pop("prices", {12: "20.00", 24: "36.00"})
    addons = kwargs.pop(
        "addons", (AddonSpec(SAN_ADDON.key, SAN_ADDON.name, SAN_ADDON.unit, {12: "5.00", 24: "9.00"}),)
    )
    spec_fields = {
        k: kwargs.pop(k)
        for k in ("enabled", "renewal_prices", "labels", "allowed_groups", "forbidden_groups", "end_date")
        if k in kwargs
    }
    spec = PlanSpec(
        {"en": name},
        certificate_type,
        prices,
        addons=addons,
        options=kwargs,
        upstream_product_id=f"{certificate_type}-{name}",
        **spec_fields,
    )
    return add_plan(world.db, provider_id=world.provider_id, module_id=world.module_id, spec=spec)


def contacts() -> ClientContacts:
    return ClientContacts(
        Person("Ada", "Admin", "CTO", "ada@example.com", "+49 30 1234567"),
        Person("Tom", "Tech", "Engineer", "tom@example.com", "+49 30 7654321"),
        Organisation("Example GmbH", "IT", "DE", "Berlin", "Berlin", "it@example.com"),
    )


def client(world: World, name: str = "Example GmbH", *, group: int | None = None, deposit: str = "0") -> int:
    record = clients.create_client(
        world.db,
        world.admin,
        clients.ClientInput(
            name=name,
            email=f"{name.split(maxsplit=1)[0].lower()}@example.com",
            country="DE",
            provider_id=world.provider_id,
            client_group_id=group,
            contacts=contacts(),
        ),
    )
    if Decimal(deposit) > 0:
        pay(world, record.id, deposit)
    return record.id


def pay(world: World, client_id: int, amount: str) -> None:
    record = clients.get_client(world.db, world.admin, client_id)
    payments.record_payment(world.db, world.admin, record.accounts[0].id, amount=amount, received_on=TODAY)


def balance(world: World, client_id: int) -> Decimal:
    record = clients.get_client(world.db, world.admin, client_id)
    return record.accounts[0].balance


def ledger(world: World, client_id: int) -> list[tuple[str, Decimal, str]]:
    """(kind, amount, note) of the client's entries, oldest first, payments left out."""
    from sslbill_desktop.models.clients import ClientAccount

    with world.db.uow() as s:
        rows = s.execute(
            select(LedgerEntry.kind, LedgerEntry.amount, LedgerEntry.note)
            .join(ClientAccount, ClientAccount.id == LedgerEntry.account_id)
            .where(ClientAccount.client_id == client_id, LedgerEntry.kind != "deposit")
            .order_by(LedgerEntry.id)
        )
        return [(kind, amount, note) for kind, amount, note in rows]


def order(
    world: World,
    client_id: int,
    plan_id: int,
    *,
    actor: Actor | None = None,
    on: date = TODAY,
    cn: str = "shop.example.com",
    sans: tuple[str, ...] = (),
    period: int = 12,
    quantity: int = 1,
) -> PlacementResult:
    """Order through the real service with a generated ECDSA key (fast)."""
    return place_order(
        world.db,
        actor or world.admin,
        OrderRequest(
            client_id=client_id,
            plan_id=plan_id,
            period=period,
            on=on,
            quantity=quantity,
            common_name=cn,
            sans=sans,
            csr_mode="generate",
            key_algorithm="ec-p256",
            contacts=contacts(),
            approver_email=approver_emails(cn)[0],
        ),
    )


def order_row(world: World, order_id: int) -> Order:
    with world.db.uow() as s:
        row = s.get(Order, order_id)
        assert row is not None
        s.expunge(row)
        return row


def count(world: World, model: Any) -> int:
    with world.db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def point_smtp_at(world: World, server: Any) -> None:
    """Send the provider's notifications through `server` (a plain local SMTP server)."""
    from sslbill_desktop.services import smtp_settings

    current = smtp_settings.get_smtp_settings(world.db, world.admin, world.provider_id)
    smtp_settings.save_smtp_settings(
        world.db,
        world.admin,
        world.provider_id,
        version=current.version,
        host=server.host,
        port=server.port,
        security="none",
    )
