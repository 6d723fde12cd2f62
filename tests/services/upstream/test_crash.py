"""A process killed between sending an order and recording its reply buys nothing twice."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from sslbill_desktop.models.journal import JournalEntry
from sslbill_desktop.services import journal
from tests.support.upstream_fixtures import RESELLER_PASSWORD

ROOT = Path(__file__).resolve().parents[3]


def wait_for(condition, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def test_an_order_killed_before_its_reply_was_recorded_is_adopted_at_the_next_start(
    database, simulator, simulator_module
) -> None:
    booked: list[str | None] = []
    journal.register_completion("crash-test", lambda session, record: booked.append(record.upstream_id))
    simulator.set_fault("hang_after_commit", funcs=["certificate.order.param"])
    buyer = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.purchase_subprocess",
            database.url,
            str(simulator_module),
            "crash.example.com",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert buyer.stdin is not None
        buyer.stdin.write(RESELLER_PASSWORD + "\n")
        buyer.stdin.close()
        wait_for(lambda: len(simulator.certificates()) == 1 or buyer.poll() is not None, "the order upstream")
        assert buyer.poll() is None, buyer.stderr.read() if buyer.stderr else ""
        with database.uow() as s:
            [entry] = s.scalars(select(JournalEntry)).all()
            assert entry.state == "sent"
    finally:
        buyer.send_signal(signal.SIGKILL)
        buyer.wait(timeout=30)
    assert buyer.returncode == -signal.SIGKILL

    try:
        [result] = journal.reconcile_all(database)
    finally:
        journal.unregister_completion("crash-test")
    [cert] = simulator.certificates()
    assert (result.before, result.after, result.upstream_id) == ("sent", "done", cert.id)
    assert booked == [cert.id]
    assert simulator.requests("certificate.order.param") == 1
    assert simulator.balance() == Decimal("1000.00") - Decimal("11.00")
    assert journal.reconcile_all(database) == []
