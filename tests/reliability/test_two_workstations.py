"""Two workstations on one database: each has its own `Database` (its own engine and
connections) on the same URL, as two computers have. On PostgreSQL (`make test`'s second pass)
that is the supported set-up; on SQLite the same file is shared by two engines, which is how
two windows of one computer behave.

- Both save one tariff plan at the same moment, from the same version: exactly one save wins,
  the other gets the conflict message and changes nothing; reloading and saving again keeps
  both changes (no lost update).
- Both start the daily run while the first is running: the second is refused with a message
  saying who runs it; every service is processed once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from sslbill_desktop.models.daily_runs import DailyRunMark
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.services import tariffs
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.daily_run import DailyRunBusy, run_daily
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import Conflict
from tests.services.orders.support import World, balance, client, order, plan
from tests.services.tariffs.support import import_plan, make_provider
from tests.support.upstream_fixtures import RESELLER, RESELLER_PASSWORD, add_module

DAY = date(2026, 11, 27)


@pytest.fixture
def second_workstation(database: Database) -> Iterator[Database]:
    other = Database(database.url)
    yield other
    other.dispose()


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls on threads released together; each result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait(timeout=30)
        try:
            results[index] = call()
        except Exception as exc:  # collected: the test looks at what each workstation got
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_workstations_saving_one_plan_at_once_get_one_conflict_and_lose_no_update(
    database: Database, second_workstation: Database, admin, simulator
) -> None:
    module_id = add_module(database, "http://127.0.0.1:9", RESELLER, RESELLER_PASSWORD)
    plan_id = import_plan(database, admin, module_id, make_provider(database, admin))
    first = tariffs.get_tariff(database, admin, plan_id)
    second = tariffs.get_tariff(second_workstation, admin, plan_id)
    assert first.version == second.version

    outcomes = _at_once(
        lambda: tariffs.update_tariff(
            database,
            admin,
            plan_id,
            version=first.version,
            values=replace(first.settings, notes="Checked by the first workstation"),
        ),
        lambda: tariffs.update_tariff(
            second_workstation,
            admin,
            plan_id,
            version=second.version,
            values=replace(second.settings, sorting=7),
        ),
    )

    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    saved = [o for o in outcomes if isinstance(o, tariffs.TariffRecord)]
    assert len(conflicts) == 1 and len(saved) == 1, outcomes
    assert "Someone else changed this record" in str(conflicts[0])
    stored = tariffs.get_tariff(database, admin, plan_id)
    assert stored.version == saved[0].version
    won_first = outcomes[0] is saved[0]
    assert stored.settings.notes == ("Checked by the first workstation" if won_first else "")
    assert stored.settings.sorting == (first.settings.sorting if won_first else 7)

    # the loser reloads (seeing the winner's change) and saves again: both changes are kept
    loser_db = second_workstation if won_first else database
    fresh = tariffs.get_tariff(loser_db, admin, plan_id)
    change = {"sorting": 7} if won_first else {"notes": "Checked by the first workstation"}
    tariffs.update_tariff(
        loser_db, admin, plan_id, version=fresh.version, values=replace(fresh.settings, **change)
    )
    final = tariffs.get_tariff(database, admin, plan_id)
    assert (final.settings.notes, final.settings.sorting) == ("Checked by the first workstation", 7)


def test_a_second_workstation_starting_the_daily_run_is_told_that_another_is_running_it(
    world: World, second_workstation: Database
) -> None:
    plan_id = plan(world, prices={1: "3.00"}, addons=(), charge_daily=True, certificate_type="3033")
    payers = [client(world, f"Payer {n} Ltd", deposit="10.00") for n in range(3)]
    for number, payer in enumerate(payers):
        order(world, payer, plan_id, cn=f"ws{number}.example.com", period=1)
    before = [balance(world, p) for p in payers]
    running, release = threading.Event(), threading.Event()

    def hold(done: int, total: int) -> None:  # the first run pauses after its first service
        if done == 1:
            running.set()
            release.wait(timeout=30)

    outcome: dict[str, Any] = {}
    first = threading.Thread(
        target=lambda: outcome.update(first=run_daily(world.db, SYSTEM, DAY, progress=hold)), daemon=True
    )
    first.start()
    assert running.wait(timeout=30), "the first daily run never started"
    try:
        with pytest.raises(DailyRunBusy) as refused:
            run_daily(second_workstation, SYSTEM, DAY)
    finally:
        release.set()
        first.join(timeout=60)

    assert "running" in str(refused.value) and DAY.isoformat() in str(refused.value)
    assert outcome["first"].charged == 3
    charged = {b - balance(world, p) for b, p in zip(before, payers, strict=True)}
    assert len(charged) == 1 and charged.pop() > Decimal(0)  # one day's charge each, once
    with world.db.uow() as s:
        assert s.scalar(select(func.count()).select_from(DailyRunMark)) == 3
        charges = s.scalar(select(func.count()).select_from(LedgerEntry).where(LedgerEntry.kind != "deposit"))
    # afterwards the second workstation may run the day: nothing is booked twice
    assert run_daily(second_workstation, SYSTEM, DAY).nothing_new
    with world.db.uow() as s:
        again = s.scalar(select(func.count()).select_from(LedgerEntry).where(LedgerEntry.kind != "deposit"))
    assert again == charges
