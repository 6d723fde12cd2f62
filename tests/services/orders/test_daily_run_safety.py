"""The daily run is resumable after an interruption and runs on one workstation at a time."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from sslbill_desktop.models.daily_runs import DailyRun, DailyRunMark
from sslbill_desktop.services import journal
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.daily_run import DailyRunBusy, run_daily
from tests.services.orders.support import World, balance, client, order, plan


def test_a_run_stopped_half_way_is_finished_by_the_next_without_booking_twice(
    world: World, simulator
) -> None:
    plan_id = plan(world, prices={1: "3.00"}, addons=(), charge_daily=True, certificate_type="3033")
    payers = [client(world, f"Payer {n} Ltd", deposit="10.00") for n in range(4)]
    for number, payer in enumerate(payers):
        order(world, payer, plan_id, cn=f"p{number}.example.com", period=1)
    calls = {"n": 0}

    def stop_after_two() -> bool:
        calls["n"] += 1
        return calls["n"] > 2

    stopped = run_daily(world.db, SYSTEM, date(2026, 11, 27), cancelled=stop_after_two)
    assert stopped.charged == 2 and stopped.errors
    rest = run_daily(world.db, SYSTEM, date(2026, 11, 27))
    assert rest.charged == 2
    assert run_daily(world.db, SYSTEM, date(2026, 11, 27)).nothing_new
    assert [balance(world, p) for p in payers] == [Decimal("9.80")] * 4
    with world.db.uow() as s:
        assert len(s.scalars(select(DailyRunMark)).all()) == 4


def test_a_second_run_while_one_is_running_is_refused_and_a_dead_ones_record_is_closed(world: World) -> None:
    day = date(2026, 11, 27)
    with world.db.uow() as s:
        s.add(DailyRun(day=day, status="running", started_by="admin", owner=journal.OWNER))
    if world.db.is_postgresql:
        from sqlalchemy import text

        from sslbill_desktop.services.daily_run import DAILY_RUN_LOCK_KEY

        with world.db.engine.connect() as other:
            other.execute(text("SELECT pg_advisory_lock(:k)"), {"k": DAILY_RUN_LOCK_KEY})
            with pytest.raises(DailyRunBusy) as busy:
                run_daily(world.db, SYSTEM, day)
            other.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": DAILY_RUN_LOCK_KEY})
            other.commit()
    else:
        with pytest.raises(DailyRunBusy) as busy:
            run_daily(world.db, SYSTEM, day)
    assert "running" in str(busy.value)
    with world.db.uow() as s:
        for run in s.scalars(select(DailyRun)):
            run.owner = f"{journal.HOST_NAME}:{_dead_pid()}:gone"
    summary = run_daily(world.db, SYSTEM, day)
    with world.db.uow() as s:
        statuses = [r.status for r in s.scalars(select(DailyRun).order_by(DailyRun.id))]
    assert statuses == ["failed", "finished"] and summary.run_id is not None


def _dead_pid() -> int:
    pid = 999_999
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid -= 1
