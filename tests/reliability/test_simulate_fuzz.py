"""`sslbill-desktop simulate` fed junk: a valid scenario with one part replaced by junk (wrong
types, huge or odd numbers, markup, nesting), a key removed or added, or the text cut short or
garbled. Never a traceback: either the ledger as JSON (exit 0), or exit 2 with exactly one line
on standard error that starts with the field it is about — a JSON path of the scenario such as
`events[3].date`, or the file's name for text that is not JSON at all.

The command runs in this process (its `run`), so hundreds of inputs stay quick; the subprocess
behaviour is covered by `tests/cli/test_simulate.py`.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sslbill_desktop.commands import simulate
from tests.cli.test_simulate import SCENARIO
from tests.reliability.junk import FUZZ, JUNK

TOP_LEVEL = ("currency", "balance", "product_type", "tariffs", "events", "client")
FIELD_LINE = re.compile(r"^(?P<field>[^:\n]+): \S.*$")


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, (*prefix, index)))
    return found


PATHS = _paths(SCENARIO)


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    node = document
    for part in path[:-1]:
        node = node[part]
    return node


@st.composite
def junk_scenarios(draw: st.DrawFn) -> str:
    document = copy.deepcopy(SCENARIO)
    kind = draw(st.sampled_from(["replace", "replace", "delete", "add", "root", "text"]))
    if kind == "root":
        return json.dumps(draw(JUNK), default=str)
    path = draw(st.sampled_from(PATHS))
    parent = _parent(document, path)
    if kind == "replace":
        parent[path[-1]] = draw(JUNK)
    elif kind == "delete":
        del parent[path[-1]]
    elif kind == "add" and isinstance(parent, dict):
        parent[draw(st.text(max_size=8))] = draw(JUNK)
    text = json.dumps(document, default=str, ensure_ascii=draw(st.booleans()))
    if kind == "text":
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = draw(
            st.sampled_from(
                [
                    text[:cut],
                    text[:cut] + "<html><body>502 Bad Gateway</body></html>",
                    text[:cut] + '",,{"$' + text[cut:],
                    text.replace(":", "=", 1),
                    "\ufeff" + text,
                    text + "\x00",
                ]
            )
        )
    return text


def _run(path: Path, output_format: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = simulate.run(argparse.Namespace(scenario=str(path), format=output_format))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _top_level_keys(path: Path) -> set[str]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return set()
    return set(document) if isinstance(document, dict) else set()


def _check(path: Path, code: int, out: str, err: str, output_format: str) -> None:
    assert "Traceback" not in out + err
    if code == 0:
        assert err == ""
        if output_format == "json":
            assert set(json.loads(out)) == {"entries", "events", "service", "balance"}
        else:
            assert out.rstrip().splitlines()[-1].startswith("Balance: ")
        return
    assert code == simulate.EXIT_BAD_INPUT and out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    keys = _top_level_keys(path)
    match = FIELD_LINE.match(lines[0])
    assert match, f"no field named: {lines[0]!r}"
    field = match.group("field")
    if field in (str(path), "scenario"):
        return  # the text itself (not JSON), or the document as a whole
    if field.startswith('"'):  # a key that is not a plain name is named as a JSON string
        first, _end = json.JSONDecoder().raw_decode(field)
    else:
        first = re.split(r"[.\[]", field, maxsplit=1)[0]
    assert first in set(TOP_LEVEL) | keys, f"{field!r} is not a field of the scenario"


@FUZZ
@given(text=junk_scenarios(), output_format=st.sampled_from(["json", "table"]))
def test_simulate_answers_junk_with_the_ledger_or_one_line_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, output_format: str
) -> None:
    path = tmp_path / "scenario.json"
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    code, out, err = _run(path, output_format, capsys)
    _check(path, code, out, err, output_format)


@pytest.mark.parametrize(
    ("path", "junk", "field"),
    [
        (("balance",), 10**400, "balance"),
        (("balance",), "1e999999", "balance"),
        (("currency",), "<b>USD</b>", "currency"),
        (("events", 0, "amount"), {"$": "100"}, "events[0].amount"),
        (("events", 1, "period"), 10**30, "events[1].period"),
        (("events", 1, "period"), "twelve", "events[1].period"),
        (("events", 2, "date"), "2027-02-30", "events[2].date"),
        (("events", 2, "date"), None, "events[2].date"),
        (("tariffs", "basic", "prices", "1"), ["3.00"], "tariffs.basic.prices.1"),
        (("tariffs", "basic", "calendar_charges"), "yes", "tariffs.basic.calendar_charges"),
    ],
)
def test_simulate_names_exactly_the_field_that_holds_junk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], path: tuple[Any, ...], junk: Any, field: str
) -> None:
    document = copy.deepcopy(SCENARIO)
    _parent(document, path)[path[-1]] = junk
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(document))
    code, out, err = _run(scenario, "json", capsys)
    assert (code, out) == (simulate.EXIT_BAD_INPUT, "")
    assert err.startswith(f"{field}: ") and err.count("\n") == 1, err
