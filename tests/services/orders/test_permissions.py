"""Sales staff order, look after and renew orders; only administrators change an order otherwise
(contacts, plan, add-ons, suspension, reissue), delete orders, change plans' configuration and
handle private keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sslbill_desktop.services import order_actions, order_sync, orders, tariffs
from sslbill_desktop.services.auth import Actor
from sslbill_desktop.services.contacts import Person
from sslbill_desktop.services.daily_run import run_daily
from sslbill_desktop.services.errors import PermissionDenied
from sslbill_desktop.services.order_records import OrderRecord
from tests.services.orders.support import World, client, contacts, ledger, order, plan


def test_a_sales_user_orders_and_renews_but_cannot_delete_orders_or_change_plans(
    world: World, sales, simulator, tmp_path: Path
) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")

    (placed,) = order(world, client_id, plan_id, actor=sales).orders
    assert placed.outcome == "requested"
    simulator.issue_all()
    record = order_sync.sync_order(world.db, sales, placed.order_id)
    assert order_actions.renewal_periods(world.db, sales, record.id, date(2027, 11, 1)) == [12, 24]
    quote = order_actions.quote_renew(world.db, sales, record.id, date(2027, 11, 1))
    assert quote.expires_on == date(2028, 11, 26)
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


ON = date(2027, 5, 28)

#: Every change of an order other than renewing, called as `fn(world, actor, record, other_plan)`.
ADMIN_ONLY: dict[str, Callable[[World, Actor, OrderRecord, int], Any]] = {
    "plan_change_options": lambda w, a, r, _p: order_actions.plan_change_options(w.db, a, r.id, ON),
    "quote_change_plan": lambda w, a, r, p: order_actions.quote_change_plan(
        w.db, a, r.id, plan_id=p, period=12, on=ON
    ),
    "change_plan": lambda w, a, r, p: order_actions.change_plan(
        w.db, a, r.id, version=r.version, plan_id=p, period=12, on=ON
    ),
    "quote_add_addon": lambda w, a, r, _p: order_actions.quote_add_addon(
        w.db, a, r.id, key="addon1", quantity=1, on=ON
    ),
    "add_addon": lambda w, a, r, _p: order_actions.add_addon(
        w.db, a, r.id, version=r.version, key="addon1", quantity=1, on=ON
    ),
    "quote_cancel_addon": lambda w, a, r, _p: order_actions.quote_cancel_addon(
        w.db, a, r.id, key="addon1", on=ON
    ),
    "remove_addon": lambda w, a, r, _p: order_actions.remove_addon(
        w.db, a, r.id, version=r.version, key="addon1", on=ON
    ),
    "quote_suspend": lambda w, a, r, _p: order_actions.quote_suspend(w.db, a, r.id, ON),
    "suspend_order": lambda w, a, r, _p: order_actions.suspend_order(w.db, a, r.id, version=r.version, on=ON),
    "quote_resume": lambda w, a, r, _p: order_actions.quote_resume(w.db, a, r.id, ON),
    "resume_order": lambda w, a, r, _p: order_actions.resume_order(w.db, a, r.id, version=r.version, on=ON),
    "reissue_order": lambda w, a, r, _p: order_actions.reissue_order(
        w.db, a, r.id, version=r.version, csr_mode="generate", key_algorithm_value="ec-p256"
    ),
    "update_contacts": lambda w, a, r, _p: orders.update_contacts(
        w.db,
        a,
        r.id,
        version=r.version,
        contacts=replace(contacts(), tech=Person("Tina", "Tech", "SRE", "tina@example.com", "+49 30 5555")),
    ),
}


@pytest.mark.parametrize("action", sorted(ADMIN_ONLY))
def test_a_sales_user_is_refused_every_change_of_an_order_but_renewal(
    world: World, sales, simulator, action: str
) -> None:
    premium = plan(world, "Premium", prices={12: "40.00"})
    client_id = client(world, "Retail Ltd", group=world.retail, deposit="100.00")
    (placed,) = order(world, client_id, plan(world)).orders
    simulator.issue_all()
    record = order_sync.sync_order(world.db, world.admin, placed.order_id)
    if action in ("quote_cancel_addon", "remove_addon"):
        record = order_actions.add_addon(
            world.db, world.admin, record.id, version=record.version, key="addon1", quantity=1, on=ON
        )
    if action in ("quote_resume", "resume_order"):
        record = order_actions.suspend_order(world.db, world.admin, record.id, version=record.version, on=ON)
    books, requests = ledger(world, client_id), simulator.requests()

    with pytest.raises(PermissionDenied) as refused:
        ADMIN_ONLY[action](world, sales, record, premium)

    assert str(refused.value) == (
        "Your role (Sales) does not allow you to manage orders. Ask an administrator."
    )
    assert orders.get_order(world.db, world.admin, record.id) == record
    assert ledger(world, client_id) == books and simulator.requests() == requests
    ADMIN_ONLY[action](world, world.admin, record, premium)  # an administrator may
