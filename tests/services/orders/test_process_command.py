"""`sslbill-desktop process [--date D]` runs the daily processing and prints its summary."""

from __future__ import annotations

from datetime import date

from sslbill_desktop.cli import main
from tests.services.orders.support import World, client, order, order_row, plan


def test_process_prints_the_summary_and_a_second_run_finds_nothing_new(
    world: World, simulator, capsys
) -> None:
    plan_id = plan(world)
    (placed,) = order(world, client(world, deposit="20.00"), plan_id).orders

    assert main(["--database", world.db.url, "process", "--date", "2027-11-26"]) == 0
    out = capsys.readouterr().out
    assert "Daily processing for 2027-11-26: 1 services due." in out
    assert "Suspended: 1; kept active over the weekend: 0; deleted: 0." in out
    assert order_row(world, placed.order_id).status == "suspended"
    assert main(["--database", world.db.url, "process", "--date", "2027-11-26"]) == 0
    assert "Nothing new: this day had been processed already." in capsys.readouterr().out
    assert date(2027, 11, 26).weekday() == 4


def test_process_refuses_a_bad_date_naming_the_option(capsys) -> None:
    import pytest

    with pytest.raises(SystemExit) as exit_code:
        main(["process", "--date", "26.11.2027"])
    assert exit_code.value.code == 2
    assert "--date: not a date (YYYY-MM-DD): 26.11.2027" in capsys.readouterr().err
