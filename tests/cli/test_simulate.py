"""`sslbill-desktop simulate` through a real subprocess: JSON out, table out, one-line errors."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))

SCENARIO: dict[str, Any] = {
    "currency": "USD",
    "balance": "0.00",
    "tariffs": {
        "basic": {
            "prices": {"1": "3.00", "12": "30.00"},
            "calendar_charges": True,
            "change_policy": "forbidden",
            "addons": {"san": {"prices": {"1": "1.00"}}},
        },
        "premium": {"prices": {"1": "5.00", "12": "50.00"}},
    },
    "events": [
        {"date": "2027-07-12", "action": "deposit", "amount": "100"},
        {"date": "2027-07-12", "action": "order", "tariff": "basic", "period": 1},
        {"date": "2027-07-20", "action": "order_addon", "addon": "san"},
        {"date": "2027-09-20", "action": "change_tariff", "tariff": "premium", "period": 12},
    ],
}


def simulate(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sslbill_desktop", "simulate", *args],
        input=stdin,
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )


def write(tmp_path: Path, data: Any, name: str = "scenario.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_simulate_prints_the_ledger_as_json(tmp_path):
    completed = simulate(str(write(tmp_path, SCENARIO)))
    assert (completed.returncode, completed.stderr) == (0, "")
    output = json.loads(completed.stdout)
    assert output["entries"][1] == {
        "date": "2027-07-12",
        "kind": "order",
        "amount": "1.94",
        "note": "20/31 of July",
    }
    assert output["entries"][2]["note"] == "san × 1: 12/31 days until 2027-08-01"
    assert output["events"][-1] == {
        "date": "2027-09-20",
        "action": "change_tariff",
        "ok": False,
        "error": "the tariff plan cannot be changed",
    }
    assert output["service"] == {
        "status": "active",
        "tariff": "basic",
        "period": 1,
        "expires_on": "2027-08-01",
    }
    assert output["balance"] == "97.67"


def test_simulate_reads_standard_input_for_a_dash():
    completed = simulate("-", stdin=json.dumps(SCENARIO))
    assert completed.returncode == 0
    assert json.loads(completed.stdout)["balance"] == "97.67"


def test_simulate_prints_a_table_with_a_running_balance(tmp_path):
    completed = simulate(str(write(tmp_path, SCENARIO)), "--format", "table")
    assert completed.returncode == 0
    lines = completed.stdout.splitlines()
    assert lines[0].split() == ["date", "kind", "amount", "balance", "note"]
    order = next(line for line in lines if " order " in line)
    assert order.split()[:4] == ["2027-07-12", "order", "1.94", "98.06"]
    assert order.endswith("20/31 of July")
    assert "  2027-09-20  change_tariff: the tariff plan cannot be changed" in lines
    assert "Service: active, tariff basic, 1 month, expires on 2027-08-01" in lines
    assert lines[-1] == "Balance: 97.67 USD"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_every_example_scenario_runs(example):
    completed = simulate(str(example))
    assert (completed.returncode, completed.stderr) == (0, ""), completed.stderr
    output = json.loads(completed.stdout)
    assert set(output) == {"entries", "events", "service", "balance"}
    table = simulate(str(example), "--format", "table")
    assert table.returncode == 0 and table.stdout.rstrip().splitlines()[-1].startswith("Balance: ")


def _with(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(SCENARIO)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[int(last) if isinstance(node, list) else last] = value
    return data


BAD_INPUTS = {
    "malformed JSON": (
        '{"tariffs": {\n  "basic": }',
        "scenario.json: not valid JSON: Expecting value (line 2, column 12)",
    ),
    "unknown key": (_with("tariffs.basic.colour", "red"), "tariffs.basic.colour: unknown key"),
    "unknown action": (_with("events.2.action", "buy"), 'events[2].action: unknown value "buy"'),
    "unknown tariff": (_with("events.1.tariff", "gold"), 'events[1].tariff: unknown tariff "gold"'),
    "unknown add-on": (_with("events.2.addon", "wildcard"), 'events[2].addon: unknown add-on "wildcard"'),
    "negative amount": (_with("events.0.amount", "-100"), 'events[0].amount: must not be negative: "-100"'),
    "non-numeric amount": (
        _with("tariffs.basic.prices.12", "abc"),
        'tariffs.basic.prices.12: not an amount: "abc"',
    ),
    "period without a price": (
        _with("events.1.period", 3),
        'events[1].period: no price for 3 months on tariff "basic"',
    ),
    "events out of order": (
        _with("events.3.date", "2027-07-01"),
        "events[3].date: 2027-07-01 is before the previous event's date 2027-07-20",
    ),
    "bad date": (_with("events.3.date", "2027-13-01"), 'events[3].date: not a date: "2027-13-01"'),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line_naming_the_field(tmp_path, case):
    data, expected = BAD_INPUTS[case]
    completed = simulate(str(write(tmp_path, data)))
    assert completed.returncode == 2
    assert completed.stdout == ""
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    message = lines[0]
    expected = expected.replace("scenario.json", str(tmp_path / "scenario.json"))
    assert message.startswith(expected), message


def test_bad_input_on_standard_input_names_stdin():
    completed = simulate("-", stdin="{")
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [
        "<stdin>: not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"
    ]


def test_a_missing_file_exits_2_with_one_line(tmp_path):
    missing = tmp_path / "missing.json"
    completed = simulate(str(missing))
    assert completed.returncode == 2
    assert completed.stderr.splitlines() == [f"{missing}: cannot read the file: No such file or directory"]


def _with_key(path: str, key: str) -> dict[str, Any]:
    """The scenario with an extra `key` (a copy of the first entry) in the object at `path`."""
    data = copy.deepcopy(SCENARIO)
    node: Any = data
    for part in path.split("."):
        node = node[part]
    node[key] = copy.deepcopy(next(iter(node.values())))
    return data


ODD_KEYS = {
    "empty tariff name": (_with_key("tariffs", ""), 'tariffs."": must be a non-empty string, not ""'),
    "empty add-on name": (
        _with_key("tariffs.basic.addons", ""),
        'tariffs.basic.addons."": must be a non-empty string, not ""',
    ),
    "unknown key of an add-on": (
        _with("tariffs.basic.addons.san.colour", "red"),
        "tariffs.basic.addons.san.colour: unknown key",
    ),
}


@pytest.mark.parametrize("case", sorted(ODD_KEYS))
def test_an_empty_or_odd_key_is_named_quoted_in_the_error(tmp_path, case):
    data, expected = ODD_KEYS[case]
    completed = simulate(str(write(tmp_path, data)))
    assert completed.returncode == 2
    lines = completed.stderr.splitlines()
    assert len(lines) == 1, completed.stderr
    assert lines[0].startswith(expected), lines[0]


def test_a_key_with_a_dot_is_quoted_so_the_path_stays_readable(tmp_path):
    data = copy.deepcopy(SCENARIO)
    data["tariffs"]["basic"]["addons"]["san.wild"] = {"prices": {"1": "1.00"}, "colour": "red"}
    completed = simulate(str(write(tmp_path, data)))
    assert completed.returncode == 2
    assert completed.stderr.startswith('tariffs.basic.addons."san.wild".colour: unknown key'), (
        completed.stderr
    )
