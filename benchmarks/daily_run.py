"""The daily run over 100,000 services on SQLite, against a raw-SQL floor doing the same updates.

The 100,000-service demo workspace is generated for 2026-11-26 and that day is run once (the
catch-up: the generator leaves every past reminder due at once; its time is reported apart).
A copy of that workspace then runs a typical day, 2026-11-27: `services.daily_run.run_daily` —
the due services through the billing engine in batches (one transaction per batch, each
service with its idempotency mark), renewals through the journal, suspensions, deletions, daily
charges, renewal and reissue reminders queued, the outbox. The demo module's upstream is
offline (connection refused at once), as on a workstation without network: renewals that need
the upstream wait for the next run after one attempt, so the figure is the program's own work.

The floor, in the same run: every INSERT, UPDATE and DELETE the run executed, replayed with
plain `sqlite3` on a fresh copy with the same transaction boundaries, plus the order queries
that select the day's work (those starting with `SELECT certificate_orders.id`). The replayed
database is checked to equal the run's, table by table, so the floor did exactly the same
updates. Goals: at most 3× the floor, and under 5 s. Prints one JSON line.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    BENCH_DAY,
    Profiler,
    bench_home,
    copy_of,
    demo_database,
    emit,
    memory_keyring,
    note,
    sqlite_url,
)

GOAL_RATIO = 3.0
GOAL_SECONDS = 5.0
REPEATS = int(os.environ.get("DAILY_RUN_REPEATS", "3"))
DAY = BENCH_DAY + timedelta(days=1)
#: The daily run's selection of due services (`_due_ids`): part of the floor's work.
DUE_QUERY_PREFIX = "SELECT certificate_orders.id"


class Recording:
    """The statements a run executed, split into its transactions."""

    def __init__(self) -> None:
        self.transactions: list[list[tuple[str, Any, bool]]] = [[]]
        self.due_queries: list[tuple[str, Any]] = []

    def statement(self, statement: str, parameters: Any, executemany: bool, context: Any = None) -> None:
        from sqlalchemy.engine.interfaces import ExecuteStyle

        # Rows inserted together are sent as ONE multi-row INSERT ("insertmanyvalues"): the event
        # says executemany, but the driver ran cursor.execute with the flattened parameters.
        if executemany and getattr(context, "execute_style", None) is ExecuteStyle.INSERTMANYVALUES:
            executemany = False
        head = statement.lstrip()[:6].upper()
        if head in ("INSERT", "UPDATE", "DELETE"):
            self.transactions[-1].append((statement, parameters, executemany))
        elif statement.lstrip().startswith(DUE_QUERY_PREFIX):
            self.due_queries.append((statement, parameters))

    def commit(self) -> None:
        if self.transactions[-1]:
            self.transactions.append([])

    @property
    def writes(self) -> int:
        return sum(len(t) for t in self.transactions)


def _run_program(path: Path, day: date, record: bool) -> tuple[float, Any, Recording]:
    from sqlalchemy import event

    from sslbill_desktop.services import credentials, upstream
    from sslbill_desktop.services.auth import SYSTEM
    from sslbill_desktop.services.daily_run import run_daily
    from sslbill_desktop.services.db import Database

    db = Database(sqlite_url(path))
    recording = Recording()
    if record:
        event.listen(
            db.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, params, ctx, many: recording.statement(statement, params, many, ctx),
        )
        event.listen(db.engine, "commit", lambda _conn: recording.commit())
    with db.uow() as s:
        from sslbill_desktop.models.processing import ProcessingModule

        for module_id in s.scalars(s.query(ProcessingModule.id).statement):
            credentials.save_module_password(int(module_id), "offline-demo")
    upstream.close_all_clients()
    profiler = Profiler()
    profiler.start()
    started = time.perf_counter()
    summary = run_daily(db, SYSTEM, day)
    seconds = time.perf_counter() - started
    profiler.stop()
    db.dispose()
    return seconds, summary, recording


def _replay(path: Path, recording: Recording) -> float:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys=ON")
    try:
        started = time.perf_counter()
        for statement, parameters in recording.due_queries:
            connection.execute(statement, parameters).fetchall()
        for transaction in recording.transactions:
            for statement, parameters, many in transaction:
                if many:
                    connection.executemany(statement, parameters)
                else:
                    connection.execute(statement, parameters)
            connection.commit()
        return time.perf_counter() - started
    finally:
        connection.close()


def _digest(path: Path) -> dict[str, str]:
    """A digest of every table's rows, to check that two databases hold the same data."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        digests = {}
        for table in tables:
            digest = hashlib.sha256()
            for row in connection.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
                digest.update(repr(row).encode())
            digests[table] = digest.hexdigest()
        return digests
    finally:
        connection.close()


def caught_up_database(home: Path) -> tuple[Path, float | None]:
    """The demo workspace after the daily run of its own day (cached); the seconds that run took
    when it was made, if known. The generator leaves every reminder of the past due at once, so
    that first run is a catch-up, not a typical day."""
    import json

    source = demo_database()
    cached = source.with_name(source.stem + f"-after-{BENCH_DAY.isoformat()}.sqlite3")
    timing = cached.with_suffix(".json")
    if not cached.exists():
        note(f"running {BENCH_DAY} once on the generated workspace (the catch-up day, cached)")
        path = copy_of(source, home, "catch-up.sqlite3")
        seconds, _summary, _recording = _run_program(path, BENCH_DAY, record=False)
        building = cached.with_suffix(".building")
        path.replace(building)
        building.replace(cached)
        timing.write_text(json.dumps({"seconds": seconds}))
    try:
        return cached, float(json.loads(timing.read_text())["seconds"])
    except (OSError, ValueError, KeyError):
        return cached, None


def main() -> int:
    memory_keyring()
    program: list[float] = []
    floor: list[float] = []
    summary: Any = None
    recorded = Recording()
    with bench_home() as home:
        source, catch_up_seconds = caught_up_database(home)
        for number in range(REPEATS + 1):
            run_path = copy_of(source, home, "run.sqlite3")
            seconds, summary, recording = _run_program(run_path, DAY, record=number == 0)
            if number == 0:  # the recording run: its timing includes the recording, not counted
                floor_path = copy_of(source, home, "floor.sqlite3")
                replayed = _replay(floor_path, recording)
                ran, floored = _digest(run_path), _digest(floor_path)
                differing = sorted(table for table, digest in ran.items() if floored.get(table) != digest)
                if differing:
                    raise SystemExit(f"the floor's replay differs from the run in: {', '.join(differing)}")
                recorded = recording
                continue
            program.append(seconds)
            floor.append(_replay(copy_of(source, home, "floor.sqlite3"), recorded))
            note(f"run {number}: {seconds:.2f} s, floor {floor[-1]:.2f} s")
    run_seconds, floor_seconds = statistics.median(program), statistics.median(floor)
    ratio = run_seconds / floor_seconds
    emit(
        "daily_run_100k_sqlite",
        value=round(run_seconds, 3),
        unit="s",
        goal=f"<= {GOAL_RATIO:.0f}x the floor and < {GOAL_SECONDS:.0f} s",
        met=ratio <= GOAL_RATIO and run_seconds < GOAL_SECONDS,
        baseline={
            "what": "the same writes (and the queries selecting the day's work) replayed with "
            "plain sqlite3, with the run's transaction boundaries",
            "value": round(floor_seconds, 3),
            "unit": "s",
        },
        ratio=round(ratio, 2),
        ratio_met=ratio <= GOAL_RATIO,
        seconds_met=run_seconds < GOAL_SECONDS,
        first_replay_seconds=round(replayed, 3),
        services=100_000,
        day=DAY.isoformat(),
        summary={k: v for k, v in summary.to_dict().items() if k not in ("errors", "booked")},
        problems=len(summary.errors),
        writes=recorded.writes,
        transactions=len(recorded.transactions),
        catch_up_day=BENCH_DAY.isoformat(),
        catch_up_day_seconds=None if catch_up_seconds is None else round(catch_up_seconds, 2),
        repeats=REPEATS,
        statistic="median",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
