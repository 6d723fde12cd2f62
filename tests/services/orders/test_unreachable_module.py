"""When a purchase cannot even be sent (the module's password is not in the keyring), nothing is
charged and nothing stays half-done."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sslbill_desktop.services import credentials, order_actions, orders
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.daily_run import run_daily
from sslbill_desktop.services.errors import SecretStoreError
from tests.services.orders.support import World, balance, client, ledger, order, order_row, plan


def test_without_the_modules_password_orders_are_refused_and_renewals_not_made(
    world: World, simulator
) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")
    (bought,) = order(world, client_id, plan_id).orders
    credentials.delete_module_password(world.module_id)

    result = order(world, client_id, plan_id, cn="second.example.com")
    (refused,) = result.orders
    assert refused.outcome == "refused" and "keyring" in result.problem.lower()
    assert order_row(world, refused.order_id).pending is None
    record = orders.get_order(world.db, world.admin, bought.order_id)
    with pytest.raises(SecretStoreError):
        order_actions.renew_order(
            world.db, world.admin, record.id, version=record.version, on=date(2027, 11, 1)
        )
    assert order_row(world, bought.order_id).pending is None

    summary = run_daily(world.db, SYSTEM, date(2027, 11, 26))

    assert summary.renewals_refused == 1 and summary.suspended == 1
    row = order_row(world, bought.order_id)
    assert (row.status, row.pending) == ("suspended", None)
    assert ledger(world, client_id) == [("order", Decimal("20.00"), "12 months")]
    assert balance(world, client_id) == Decimal("80.00")
    assert len(simulator.certificates()) == 1
