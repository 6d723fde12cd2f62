"""Placing orders: charged exactly when bought, through the upstream journal."""

from __future__ import annotations

from decimal import Decimal

from tests.services.orders.support import TODAY, World, balance, client, ledger, order, order_row, plan


def test_an_order_is_bought_upstream_and_charged_once(world: World, simulator) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")

    result = order(world, client_id, plan_id)

    (placed,) = result.orders
    assert placed.outcome == "requested"
    (certificate,) = simulator.certificates()
    assert certificate.cn == "shop.example.com"
    assert certificate.pricelist_id == "1011"
    row = order_row(world, placed.order_id)
    assert (row.status, row.upstream_status, row.upstream_certificate_id) == (
        "active",
        "requested",
        certificate.id,
    )
    assert row.ordered_on == TODAY
    assert row.pending is None
    assert ledger(world, client_id) == [("order", Decimal("20.00"), "12 months")]
    assert balance(world, client_id) == Decimal("80.00")
