"""The daily run over a populated database: renewals, suspensions, deletions, alerts; idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from sslbill_desktop.models.daily_runs import DailyRun
from sslbill_desktop.models.outbox import OutboxMessage
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.daily_run import DailyRunSummary, run_daily
from sslbill_desktop.services.errors import PermissionDenied
from tests.services.orders.support import World, balance, client, ledger, order, order_row, plan


def kinds(world: World) -> list[str]:
    with world.db.uow() as s:
        return list(s.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))


def run_twice(world: World, day: date) -> DailyRunSummary:
    first = run_daily(world.db, SYSTEM, day)
    again = run_daily(world.db, SYSTEM, day)
    assert again.nothing_new, again.to_dict()
    assert not again.errors
    return first


def test_a_day_renews_suspends_keeps_over_weekends_deletes_charges_and_alerts_once(
    world: World, simulator
) -> None:
    with world.db.uow() as s:
        s.execute(
            update(ProcessingModule)
            .where(ProcessingModule.id == world.module_id)
            .values(minimal_balance=Decimal("2000"), department_id=world.setup.department_id)
        )
    yearly = plan(world, "RapidSSL", auto_delete_days=10)
    weekend = plan(world, "PositiveSSL", certificate_type="3033", suspend_on_weekends="do_not_suspend")
    daily = plan(world, "Daily", certificate_type="3033", prices={1: "3.00"}, addons=(), charge_daily=True)
    rich = client(world, "Rich Ltd", deposit="100.00")
    poor = client(world, "Poor Ltd", deposit="20.00")
    idle = client(world, "Weekend Ltd", deposit="20.00")
    payer = client(world, "Daily Ltd", deposit="50.00")
    (renewing,) = order(world, rich, yearly, cn="rich.example.com").orders
    (lapsing,) = order(world, poor, yearly, cn="poor.example.com").orders
    (kept,) = order(world, idle, weekend, cn="idle.example.com", on=date(2026, 11, 27)).orders
    (_daily,) = order(world, payer, daily, cn="daily.example.com", period=1).orders
    assert len(simulator.certificates()) == 4

    first = run_twice(world, date(2026, 11, 27))
    assert (first.charged, first.renewed, first.suspended, first.low_balance_alerts) == (1, 0, 0, 1)
    assert ledger(world, payer) == [
        ("daily", Decimal("0.10"), "day 1/30 at 3.00/30 a day"),
        ("daily", Decimal("0.10"), "day 2/30 at 3.00/30 a day"),
    ]

    friday = run_twice(world, date(2027, 11, 26))
    assert (friday.renewed, friday.suspended, friday.charged, friday.deleted) == (1, 1, 1, 0)
    assert order_row(world, renewing.order_id).expires_on == date(2028, 11, 26)
    assert friday.certificates_renewed == 1  # the daily service's certificate: bought a year at a time
    assert simulator.requests("service.prolong") == 2
    assert order_row(world, _daily.order_id).upstream_expires_on == date(2028, 11, 26)
    assert balance(world, rich) == Decimal("60.00")
    assert order_row(world, lapsing.order_id).status == "suspended"
    assert balance(world, payer) == Decimal("50.00") - Decimal("0.10") * 366

    for day, status in (
        (date(2027, 11, 27), "active"),
        (date(2027, 11, 28), "active"),
        (date(2027, 11, 29), "suspended"),
    ):
        run_twice(world, day)
        assert order_row(world, kept.order_id).status == status, day

    deletion = run_twice(world, date(2027, 12, 6))
    assert deletion.deleted == 1
    assert order_row(world, lapsing.order_id).status == "deleted"
    assert [c.cn for c in simulator.certificates()] == [
        "rich.example.com",
        "idle.example.com",
        "daily.example.com",
    ]
    assert kinds(world).count("suspension") == 2
    assert kinds(world).count("deletion") == 1
    assert kinds(world).count("low_balance") == 6  # once for each of the 6 days, never twice a day
    assert balance(world, poor) == Decimal("0.00")
    with world.db.uow() as s:
        assert {r.status for r in s.scalars(select(DailyRun))} == {"finished"}


def test_only_staff_allowed_to_run_the_daily_processing_may(world: World, sales) -> None:
    with pytest.raises(PermissionDenied):
        run_daily(world.db, sales, date(2026, 11, 27))


def test_renewal_reminders_go_out_once_at_each_reminder_day(world: World, simulator) -> None:
    (placed,) = order(world, client(world, deposit="100.00"), plan(world)).orders

    assert run_daily(world.db, SYSTEM, date(2027, 11, 11)).renewal_reminders == 0
    assert run_daily(world.db, SYSTEM, date(2027, 11, 12)).renewal_reminders == 1
    assert run_daily(world.db, SYSTEM, date(2027, 11, 12)).renewal_reminders == 0
    assert run_daily(world.db, SYSTEM, date(2027, 11, 23)).renewal_reminders == 1
    with world.db.uow() as s:
        subjects = list(
            s.scalars(select(OutboxMessage.subject).where(OutboxMessage.kind == "renewal_reminder"))
        )
    assert subjects == ["Your SSL certificate for shop.example.com expires on November 26, 2027"] * 2
    assert order_row(world, placed.order_id).status == "active"
