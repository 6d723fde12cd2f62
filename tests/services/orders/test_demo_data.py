"""Demo data: every state, the books right, and a large workspace generated in bulk."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from sslbill_desktop.models.orders import Order
from sslbill_desktop.services import orders, reissue_planner
from sslbill_desktop.services.demo_data import SPREAD, generate
from sslbill_desktop.services.demo_orders import seed_demo_orders
from sslbill_desktop.services.ledger import check_balances
from sslbill_desktop.services.orders import OrderQuery

ON = date(2026, 11, 26)


def test_the_demo_has_orders_in_every_state_with_the_books_right(database, admin) -> None:
    seeded = seed_demo_orders(database, ON)

    rows = orders.list_orders(database, admin, OrderQuery(), limit=100).rows
    states = {(r.status, r.upstream_status) for r in rows}
    assert {
        ("active", "issued"),
        ("active", "requested"),
        ("active", "failed"),
        ("suspended", "issued"),
        ("deleted", "issued"),
        ("new", "pending"),
        ("new", "refused"),
    } <= states
    assert any(r.expires_on is not None and 0 < (r.expires_on - ON).days <= 14 for r in rows)
    assert check_balances(database) == []
    issued = orders.get_order(database, admin, seeded.order_ids[0])
    assert issued.certificate is not None and "Demo CA" in issued.certificate.issuer
    assert reissue_planner.plan_reissues(database, admin, ON)
    assert seed_demo_orders(database, ON).order_ids == ()  # once


def test_generate_spreads_orders_over_states_and_keeps_every_balance(database, admin) -> None:
    result = generate(database, 1000, seed=7, on=ON)

    assert result.orders == 1000 and result.clients == 50
    assert set(result.by_state) == {name for name, _share in SPREAD}
    assert result.by_state["issued"] > result.by_state["deleted"] > result.by_state["refused"]
    assert check_balances(database) == []
    with database.uow() as s:
        statuses = Counter(s.scalars(select(Order.status)))
        expiries = [e for e in s.scalars(select(Order.expires_on)) if e is not None]
    assert statuses["active"] > 600
    assert min(expiries) < ON < max(expiries)
    assert len({e.month for e in expiries}) == 12


def test_the_same_seed_gives_the_same_orders(database, admin, tmp_path) -> None:
    from sslbill_desktop.services.db import Database

    other = Database(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    other.migrate()
    generate(database, 50, seed=9, on=ON)
    generate(other, 50, seed=9, on=ON)

    def fingerprint(db) -> list[tuple[str, object, Decimal | None]]:
        with db.uow() as s:
            return [(o.common_name, o.expires_on, None) for o in s.scalars(select(Order).order_by(Order.id))]

    assert fingerprint(database) == fingerprint(other)
    other.dispose()
