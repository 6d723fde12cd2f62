"""An order's life through the services: ordered, issued, renewed on time and late, deleted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sslbill_desktop.services import order_actions, order_sync
from sslbill_desktop.services.orders import get_order
from tests.services.orders.support import (
    World,
    balance,
    client,
    ledger,
    order,
    plan,
    point_smtp_at,
)


def test_order_issue_renew_late_renew_and_delete_book_to_the_cent(
    world: World, simulator, smtp_server
) -> None:
    point_smtp_at(world, smtp_server)
    plan_id = plan(world, late_fee_policy="percent", late_fee_percent=Decimal(50))
    client_id = client(world, deposit="100.00")

    (placed,) = order(world, client_id, plan_id).orders
    simulator.issue_all()
    record = order_sync.sync_order(world.db, world.admin, placed.order_id)
    assert record.is_issued
    assert record.certificate is not None and "shop.example.com" in record.certificate.sans
    (mail,) = smtp_server.messages
    assert "shop.example.com" in mail["Subject"]

    record = order_actions.renew_order(
        world.db, world.admin, record.id, version=record.version, on=date(2027, 11, 1)
    )
    assert record.expires_on == date(2028, 11, 26)
    record = order_actions.renew_order(
        world.db, world.admin, record.id, version=record.version, on=date(2028, 11, 30)
    )
    assert record.expires_on == date(2029, 11, 30)
    record = order_actions.delete_order(
        world.db, world.admin, record.id, version=record.version, on=date(2029, 5, 30)
    )
    assert record.is_deleted
    assert simulator.certificates() == []
    assert ledger(world, client_id) == [
        ("order", Decimal("20.00"), "12 months"),
        ("renewal", Decimal("20.00"), "12 months"),
        ("renewal", Decimal("20.00"), "12 months"),
        ("late_fee", Decimal("0.14"), "late fee 50% × 5 days × 20.00/366"),
        ("refund", Decimal("-10.08"), "deleted: 184 days unused refunded"),
    ]
    assert balance(world, client_id) == Decimal("49.94")
    assert get_order(world.db, world.admin, record.id).status == "deleted"
