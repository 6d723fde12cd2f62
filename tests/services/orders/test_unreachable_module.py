"""When a purchase cannot even be sent (the module's password is not in the keyring), nothing is
charged and nothing stays half-done."""

from __future__ import annotations

import socket
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sslbill_desktop.services import credentials, journal, order_actions, orders, upstream
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


def _point_module_at(world: World, url: str) -> str:
    """Set the module's address; the one it had."""
    from sslbill_desktop.models.processing import ProcessingModule

    with world.db.uow() as s:
        module = s.get(ProcessingModule, world.module_id)
        assert module is not None
        previous, module.url = module.url, url
    upstream.close_all_clients()
    return previous


def _closed_port_url() -> str:
    with socket.socket() as sock:  # bound, never listening: a connection is refused at once
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/billmgr"


def test_an_unreachable_upstream_is_tried_once_and_its_renewals_wait_for_the_next_run(
    world: World, simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")
    first = order(world, client_id, plan_id).orders[0].order_id
    second = order(world, client_id, plan_id, cn="second.example.com").orders[0].order_id
    expires = {o: order_row(world, o).expires_on for o in (first, second)}
    attempts: list[int] = []
    real_renew = journal.renew_certificate

    def counting_renew(*args: Any, **kwargs: Any) -> Any:
        attempts.append(kwargs["subject_id"])
        return real_renew(*args, **kwargs)

    monkeypatch.setattr(journal, "renew_certificate", counting_renew)
    address = _point_module_at(world, _closed_port_url())

    down = run_daily(world.db, SYSTEM, date(2027, 11, 26))

    assert len(attempts) == 1  # the second renewal is not tried against a module found down
    assert (down.renewed, down.renewals_waiting, down.renewals_refused, down.suspended) == (0, 2, 0, 0)
    assert all("next daily run" in e for e in down.errors if "order" in e)
    for order_id in (first, second):
        row = order_row(world, order_id)
        assert row.status == "active" and row.pending is not None and row.expires_on == expires[order_id]
    assert balance(world, client_id) == Decimal("60.00")  # nothing booked while nothing was bought

    _point_module_at(world, address)
    up = run_daily(world.db, SYSTEM, date(2027, 11, 27))

    assert up.renewed == 2 and up.renewals_waiting == 0
    for order_id in (first, second):
        row = order_row(world, order_id)
        assert row.status == "active" and row.pending is None and row.expires_on > expires[order_id]
    assert balance(world, client_id) == Decimal("20.00")  # each renewal charged once
    assert len(simulator.certificates()) == 2  # renewed in place, none bought twice
