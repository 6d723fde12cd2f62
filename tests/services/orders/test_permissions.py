"""Sales staff order and renew; only administrators delete orders, change plans' configuration
and handle private keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sslbill_desktop.services import order_actions, order_sync, tariffs
from sslbill_desktop.services.daily_run import run_daily
from sslbill_desktop.services.errors import PermissionDenied
from tests.services.orders.support import World, client, order, plan


def test_a_sales_user_orders_and_renews_but_cannot_delete_orders_or_change_plans(
    world: World, sales, simulator, tmp_path: Path
) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")

    (placed,) = order(world, client_id, plan_id, actor=sales).orders
    assert placed.outcome == "requested"
    simulator.issue_all()
    record = order_sync.sync_order(world.db, sales, placed.order_id)
    record = order_actions.renew_order(
        world.db, sales, record.id, version=record.version, on=date(2027, 11, 1)
    )
    assert record.expires_on == date(2028, 11, 26)

    with pytest.raises(PermissionDenied):
        order_actions.delete_order(world.db, sales, record.id, version=record.version, on=date(2027, 12, 1))
    with pytest.raises(PermissionDenied):
        order_actions.quote_delete(world.db, sales, record.id, date(2027, 12, 1))
    with pytest.raises(PermissionDenied):
        order_actions.delete_order_key(world.db, sales, record.id)
    with pytest.raises(PermissionDenied):
        order_actions.export_order_key(world.db, sales, record.id, tmp_path / "key.pem")
    with pytest.raises(PermissionDenied):
        run_daily(world.db, sales, date(2027, 12, 1))
    current = tariffs.get_tariff(world.db, sales, plan_id)
    with pytest.raises(PermissionDenied):
        tariffs.update_tariff(world.db, sales, plan_id, version=current.version, values=current.settings)
    with pytest.raises(PermissionDenied):
        tariffs.disable_tariff(world.db, sales, plan_id, version=current.version)
    assert len(simulator.certificates()) == 1
    assert not (tmp_path / "key.pem").exists()
