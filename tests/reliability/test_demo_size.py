"""`sslbill-desktop demo --size N`: the data generator behind the benchmarks fills a database
up to N services (once: a second run with the same size adds nothing), and refuses a bad size."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sslbill_desktop import cli
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.orders import list_orders


def test_demo_size_fills_the_database_up_to_the_size_once(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'big.sqlite3'}"

    assert cli.main(["--database", url, "demo", "--size", "300", "--seed", "3", "--fill-only"]) == 0
    assert "300 services added" in capsys.readouterr().out
    assert cli.main(["--database", url, "demo", "--size", "300", "--fill-only"]) == 0
    assert "0 services added" in capsys.readouterr().out

    db = Database(url)
    try:
        page = list_orders(db, SYSTEM, limit=1000)
        statuses = Counter(row.status for row in page.rows)
    finally:
        db.dispose()
    assert page.total == 300
    assert {"active", "suspended", "deleted"} <= set(statuses)


@pytest.mark.parametrize("size", ["-5", "lots"])
def test_demo_refuses_a_size_that_is_not_a_whole_number_of_services(size: str, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["demo", "--size", size, "--fill-only"])
    assert exited.value.code == 2
    assert "--size" in capsys.readouterr().err
