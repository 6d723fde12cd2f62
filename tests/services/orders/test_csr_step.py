"""The CSR step: generated here (the key stored encrypted) or pasted (names matched, weak keys refused)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from sslbill_desktop.models.keys import PrivateKey
from sslbill_desktop.services import orders
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.order_placing import OrderRequest, place_order
from sslbill_desktop.services.ordering import OrderFlow
from tests.services.orders.csrs import csr
from tests.services.orders.support import TODAY, World, client, contacts, order_row, plan


def flow_at_csr(world: World, cn: str = "shop.example.com", sans: str = "") -> OrderFlow:
    plan_id = plan(world)
    flow = OrderFlow(world.db, world.admin, TODAY)
    flow.go_next({"client_id": client(world, deposit="100")})
    flow.go_next({"plan_id": plan_id})
    flow.go_next({"period": 12})
    flow.go_next({"common_name": cn, "sans": sans})
    return flow


def test_a_pasted_csr_for_the_orders_names_passes(world: World) -> None:
    flow = flow_at_csr(world, sans="www.shop.example.com")
    assert flow.errors({"csr_mode": "paste", "csr": csr("shop.example.com", ("www.shop.example.com",))}) == {}
    assert flow.errors({"csr_mode": "paste", "csr": csr("shop.example.com")}) == {}


@pytest.mark.parametrize(
    ("pem", "message"),
    [
        (
            lambda: csr("other.example.com"),
            "its common name is other.example.com, but the order is for shop.example.com",
        ),
        (lambda: csr("shop.example.com", ("evil.example.com",)), "it also names evil.example.com"),
        (lambda: csr("shop.example.com", rsa_bits=1024), "its RSA key has 1024 bits, which is too weak"),
        (lambda: "hello", "not a certificate signing request"),
    ],
)
def test_a_pasted_csr_with_a_wrong_name_or_a_weak_key_is_refused_on_the_csr_step(
    world: World, pem, message
) -> None:
    flow = flow_at_csr(world)
    problems = flow.errors({"csr_mode": "paste", "csr": pem()})
    assert list(problems) == ["csr"]
    assert problems["csr"].startswith(message)


def test_placing_generates_a_key_per_certificate_and_keeps_it_encrypted(world: World, simulator) -> None:
    plan_id = plan(world, simultaneous_order=True, max_simultaneous=3)
    client_id = client(world, deposit="100")
    result = place_order(
        world.db,
        world.admin,
        OrderRequest(
            client_id,
            plan_id,
            12,
            TODAY,
            quantity=2,
            common_name="shop.example.com",
            csr_mode="generate",
            key_algorithm="rsa-2048",
            contacts=contacts(),
            approver_email="admin@example.com",
        ),
    )
    assert result.bought == 2 and result.charged == Decimal("40.00")
    first, second = (order_row(world, placed.order_id) for placed in result.orders)
    assert first.private_key_id != second.private_key_id
    record = orders.get_order(world.db, world.admin, first.id)
    assert record.request is not None and record.request.key_description == "RSA 2048 bits"
    assert record.key is not None and record.key.public_key_sha256 == record.request.public_key_sha256
    with world.db.uow() as s:
        stored = s.scalars(select(PrivateKey.key_ciphertext)).all()
    assert all(b"PRIVATE KEY" not in blob for blob in stored if blob)


def test_placing_with_a_pasted_csr_stores_no_key_and_sends_the_csr(world: World, simulator) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100")
    pem = csr("shop.example.com")
    result = place_order(
        world.db,
        world.admin,
        OrderRequest(
            client_id,
            plan_id,
            12,
            TODAY,
            common_name="shop.example.com",
            csr_mode="paste",
            csr_pem=pem,
            contacts=contacts(),
            approver_email="admin@example.com",
        ),
    )
    row = order_row(world, result.orders[0].order_id)
    assert row.private_key_id is None and row.csr_pem.strip() == pem.strip()
    with pytest.raises(ValidationError) as error:
        place_order(
            world.db,
            world.admin,
            OrderRequest(
                client_id,
                plan_id,
                12,
                TODAY,
                common_name="shop.example.com",
                csr_mode="paste",
                csr_pem=csr("shop.example.com", rsa_bits=1024),
                contacts=contacts(),
                approver_email="admin@example.com",
            ),
        )
    assert error.value.field == "csr"
    assert len(simulator.certificates()) == 1
