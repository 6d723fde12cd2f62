"""Orders and renewals through a fault-injecting upstream: after recovery, no certificate bought
twice, no charge without a certificate, no certificate without a charge (issue 9 scales this up)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from sslbill_desktop.models.journal import JournalEntry
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.models.orders import Order
from sslbill_desktop.services import journal, order_actions, order_sync
from sslbill_desktop.services.ispmanager.errors import UpstreamError
from sslbill_desktop.services.ledger import check_balances
from tests.services.orders.support import World, client, order, plan

FAULTS = ("reset", "http_502", "drop_after_commit", "garbled", "missing_keys", "html")


def charges_by_order(world: World) -> dict[int, Decimal]:
    with world.db.uow() as s:
        rows = s.execute(
            select(LedgerEntry.service_id, func.count())
            .where(LedgerEntry.service_id.is_not(None))
            .group_by(LedgerEntry.service_id)
        )
        return {int(order_id): count for order_id, count in rows}


def test_faulty_purchases_settle_to_exactly_one_charge_per_certificate(world: World, simulator) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="1000.00")
    for number, kind in enumerate(FAULTS):
        simulator.set_fault(
            kind,
            funcs=["certificate.order.param", "service.prolong"],
            times=None,
            probability=0.35,
            seed=number,
        )

    placed = [order(world, client_id, plan_id, cn=f"site{n}.example.com").orders[0] for n in range(12)]
    renewals = 0
    for done in placed:
        if done.outcome != "requested":
            continue
        record = order_sync.sync_order(world.db, world.admin, done.order_id)
        try:
            order_actions.renew_order(
                world.db, world.admin, record.id, version=record.version, on=date(2027, 11, 1)
            )
            renewals += 1
        except UpstreamError:
            pass
    simulator.clear_faults()
    journal.reconcile_all(world.db)

    certificates = simulator.certificates()
    assert Counter(c.cn for c in certificates).most_common(1)[0][1] == 1  # nothing bought twice
    with world.db.uow() as s:
        assert set(s.scalars(select(JournalEntry.state))) <= {"done", "failed"}
        orders = {o.id: o for o in s.scalars(select(Order))}
        s.expunge_all()
    by_certificate = {o.upstream_certificate_id: o for o in orders.values() if o.upstream_certificate_id}
    assert set(by_certificate) == {c.id for c in certificates}  # every certificate belongs to an order
    charged = charges_by_order(world)
    for order_id, row in orders.items():
        if row.upstream_certificate_id:
            assert charged.get(order_id, 0) >= 1, f"order {order_id} has a certificate but no charge"
            assert row.status == "active" and row.pending is None
        else:
            assert order_id not in charged, f"order {order_id} was charged without a certificate"
            assert row.upstream_status == "refused"
    for certificate in certificates:
        row = by_certificate[certificate.id]
        renewed_upstream = certificate.expires > date(2027, 12, 31)
        renewed_here = row.expires_on == date(2028, 11, 26)
        assert renewed_upstream == renewed_here, certificate.cn
    assert check_balances(world.db) == []
    # the faults did strike: requests were lost or garbled, outcomes were unknown for a while
    assert simulator.requests("certificate.order.param") > simulator.calls("certificate.order.param")
    assert "sending" in [p.outcome for p in placed]
