"""The daily run killed with SIGKILL at random points, then run again, ends exactly where an
uninterrupted run ends: the same ledger, the same service states, the same notices queued, and
upstream every certificate renewed once.

A workspace is built once per test (SQLite file plus the simulator's state file): services that
renew from the balance through the upstream (the journal), services whose clients cannot pay (they
are suspended), services charged daily. Every round starts from copies of both: a process
(`daily_run_subprocess.py`) runs the day and is killed after a random number of services plus a
random instant — inside a transaction, between a renewal's request and its reply, while the
reminders are queued — then the day is run again here, and the outcome is compared with the
reference run's. 10 rounds in `make test`, 100 in `make soak`.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sslbill_desktop.models.journal import JournalEntry
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.models.orders import Order
from sslbill_desktop.models.outbox import OutboxMessage
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import credentials, journal, order_sync, staff, upstream
from sslbill_desktop.services.auth import SYSTEM, authenticate
from sslbill_desktop.services.daily_run import run_daily
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.demo_setup import seed_demo_setup
from sslbill_desktop.services.ispmanager.simulator import SimulatorHandle, start_simulator
from tests.services.orders.support import World, client, order, plan
from tests.support.upstream_fixtures import (
    RESELLER,
    RESELLER_PASSWORD,
    add_module,
    fast_client_settings,
    fast_journal_settings,
)

ROOT = Path(__file__).resolve().parents[2]
ORDERED_ON = date(2026, 11, 26)
#: A year later: the yearly services are due for renewal, the daily ones for their charge.
DAY = date(2027, 11, 26)


@dataclass(frozen=True)
class Workspace:
    database_file: Path
    simulator_state: Path
    module_id: int
    services: int


@dataclass(frozen=True)
class Outcome:
    """What must be the same after a crash and a second run as after one uninterrupted run."""

    ledger: Counter[tuple[Any, ...]]
    services: dict[int, tuple[Any, ...]]
    notices: Counter[tuple[Any, ...]]
    renewals_done: Counter[tuple[Any, ...]]
    upstream_expiry: dict[str, date]


@pytest.fixture
def fast_upstream() -> Any:
    previous_client = upstream.set_client_settings(fast_client_settings())
    previous_journal = journal.set_journal_settings(fast_journal_settings())
    yield
    upstream.set_client_settings(previous_client)
    journal.set_journal_settings(previous_journal)
    upstream.close_all_clients()


def build_workspace(directory: Path) -> Workspace:
    directory.mkdir(parents=True, exist_ok=True)
    state = directory / "simulator.json"
    simulator = start_simulator(state_file=state)
    db = Database(f"sqlite:///{directory / 'workspace.sqlite3'}")
    try:
        db.migrate()
        staff.create_first_admin(db, "admin", "Ada Admin", "admin-password")
        admin = authenticate(db, "admin", "admin-password")
        module_id = add_module(db, simulator.url, RESELLER, RESELLER_PASSWORD)
        world = World(db, admin, seed_demo_setup(db), module_id)
        simulator.set_balance(RESELLER, Decimal(100_000))
        yearly = plan(world, "Yearly", prices={12: "20.00"}, addons=())
        daily = plan(
            world, "Daily", prices={1: "3.00"}, addons=(), charge_daily=True, certificate_type="3033"
        )
        services = 0
        for number in range(8):  # they pay their renewal from the balance
            payer = client(world, f"Payer {number} GmbH", deposit="45.00")
            order(world, payer, yearly, on=ORDERED_ON, cn=f"renew{number}.example.com")
            services += 1
        for number in range(4):  # they cannot: suspended at expiry
            broke = client(world, f"Broke {number} GmbH", deposit="20.00")
            order(world, broke, yearly, on=ORDERED_ON, cn=f"broke{number}.example.com")
            services += 1
        for number in range(4):
            daily_payer = client(world, f"Daily {number} GmbH", deposit="60.00")
            order(world, daily_payer, daily, on=ORDERED_ON, cn=f"daily{number}.example.com", period=1)
            services += 1
        simulator.issue_all()
        order_sync.sync_orders(db, admin)
    finally:
        db.dispose()
        simulator.stop()
    upstream.close_all_clients()
    return Workspace(directory / "workspace.sqlite3", state, module_id, services)


def round_copy(workspace: Workspace, directory: Path) -> tuple[Database, SimulatorHandle]:
    """Copies of the workspace and the simulator's state; the simulator serving them."""
    directory.mkdir(parents=True, exist_ok=True)
    database_file = directory / "workspace.sqlite3"
    shutil.copyfile(workspace.database_file, database_file)
    state = directory / "simulator.json"
    shutil.copyfile(workspace.simulator_state, state)
    simulator = start_simulator(state_file=state)
    db = Database(f"sqlite:///{database_file}")
    with db.uow() as s:
        module = s.get(ProcessingModule, workspace.module_id)
        assert module is not None
        module.url = simulator.url
    upstream.forget_client(workspace.module_id)
    credentials.save_module_password(workspace.module_id, RESELLER_PASSWORD)
    return db, simulator


def outcome_of(db: Database, simulator: SimulatorHandle) -> Outcome:
    with db.uow() as s:
        ledger = Counter(
            (e.account_id, e.on_date, e.kind, e.amount, e.currency, e.note, e.service_id)
            for e in s.scalars(select(LedgerEntry))
        )
        services = {
            o.id: (
                o.status,
                o.suspension,
                o.expires_on,
                o.last_run_on,
                o.deleted_on,
                o.upstream_expires_on,
                o.state,
                o.pending,
            )
            for o in s.scalars(select(Order))
        }
        notices = Counter(
            (m.kind, m.service_id, m.dedupe_key, m.subject) for m in s.scalars(select(OutboxMessage))
        )
        entries = list(s.scalars(select(JournalEntry)))
        assert {e.state for e in entries} <= {"done", "failed"}, [(e.reference, e.state) for e in entries]
        renewals = Counter((e.operation, e.subject_id, e.upstream_id) for e in entries if e.state == "done")
    expiry = {c.id: c.expires for c in simulator.certificates()}
    return Outcome(ledger, services, notices, renewals, expiry)


def reference_outcome(workspace: Workspace, directory: Path) -> Outcome:
    db, simulator = round_copy(workspace, directory)
    try:
        summary = run_daily(db, SYSTEM, DAY)
        assert summary.renewed == 8 and summary.suspended == 4 and not summary.errors, summary.lines()
        return outcome_of(db, simulator)
    finally:
        db.dispose()
        simulator.stop()
        upstream.forget_client(workspace.module_id)


def crash_round(workspace: Workspace, directory: Path, rng: random.Random) -> tuple[bool, str]:
    """Run the day in a process killed at a random point; True when it was killed mid-run."""
    db, simulator = round_copy(workspace, directory)
    try:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.daily_run_subprocess",
                db.url,
                DAY.isoformat(),
                str(workspace.module_id),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        watchdog = threading.Timer(60, process.kill)  # never wait forever on a stuck child
        watchdog.start()
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(RESELLER_PASSWORD + "\n")
        process.stdin.close()
        kill_after = rng.randint(0, workspace.services + 1)  # lines: started, one per service, finished
        where = "before it started"
        for seen, line in enumerate(process.stdout, start=1):
            where = line.strip()
            if where == "finished":
                break
            if seen > kill_after:
                time.sleep(rng.uniform(0, 0.04))
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=60)
        watchdog.cancel()
        killed = process.returncode == -signal.SIGKILL
        if not killed:
            assert process.returncode == 0, process.stderr.read() if process.stderr else ""
        run_daily(db, SYSTEM, DAY)
        return killed, where
    finally:
        db.dispose()
        simulator.stop()
        upstream.forget_client(workspace.module_id)


def _crash_rounds(tmp_path: Path, rounds: int, seed: int) -> None:
    workspace = build_workspace(tmp_path / "workspace")
    reference = reference_outcome(workspace, tmp_path / "reference")
    rng = random.Random(seed)
    killed_at: list[str] = []
    for number in range(rounds):
        directory = tmp_path / f"round{number}"
        killed, where = crash_round(workspace, directory, rng)
        db = Database(f"sqlite:///{directory / 'workspace.sqlite3'}")
        simulator = start_simulator(state_file=directory / "simulator.json")
        try:
            after = outcome_of(db, simulator)
        finally:
            simulator.stop()
            db.dispose()
        context = f"round {number}, killed {'after ' + where if killed else 'never (it finished)'}"
        assert after.ledger == reference.ledger, context
        assert after.services == reference.services, context
        assert after.notices == reference.notices, context
        assert after.renewals_done == reference.renewals_done, context
        assert after.upstream_expiry == reference.upstream_expiry, context
        if killed:
            killed_at.append(where)
        shutil.rmtree(directory, ignore_errors=True)  # each round's copy is large enough to matter
    # most rounds were really interrupted, at different points of the run
    assert len(killed_at) >= rounds // 2, killed_at
    assert len(set(killed_at)) >= min(3, len(killed_at)), killed_at


def test_the_daily_run_killed_ten_times_at_random_points_ends_as_an_uninterrupted_run(
    tmp_path: Path, fast_upstream
) -> None:
    _crash_rounds(tmp_path, rounds=10, seed=27)


@pytest.mark.slow
def test_the_daily_run_killed_a_hundred_times_at_random_points_ends_as_an_uninterrupted_run(
    tmp_path: Path, fast_upstream
) -> None:
    _crash_rounds(tmp_path, rounds=100, seed=1127)
