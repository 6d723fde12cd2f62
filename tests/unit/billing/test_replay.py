"""Replaying scenarios: the timeline, refusals, the output shape and the ledger rows."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sslbill_desktop.services.billing import (
    EntryKind,
    ReplayResult,
    Rule,
    ServiceState,
    load_scenario,
    parse_scenario,
    replay,
)

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def _replay(tariffs: dict[str, Any], events: list[dict[str, Any]], **top: Any) -> ReplayResult:
    return replay(parse_scenario({"tariffs": tariffs, "events": events, **top}))


MONTHLY = {"basic": {"prices": {"1": "3.00"}}}


def test_daily_runs_interleave_with_the_events_inside_their_range():
    result = _replay(
        MONTHLY,
        [
            {"date": "2027-03-10", "action": "deposit", "amount": "3.00"},
            {"date": "2027-03-10", "action": "order", "tariff": "basic", "period": 1},
            {"date": "2027-03-10", "action": "run_daily", "until": "2027-05-31"},
            {"date": "2027-05-10", "action": "deposit", "amount": "3.00"},
        ],
    )
    # April 10: nothing to pay with, suspended; the May 10 deposit comes after that day's run
    assert [entry.kind for entry in result.entries] == [EntryKind.DEPOSIT, EntryKind.ORDER, EntryKind.DEPOSIT]
    assert result.service is not None and result.service.status.value == "suspended"
    run_daily = result.events[2].to_json()
    assert run_daily == {
        "date": "2027-03-10",
        "action": "run_daily",
        "ok": True,
        "status": "suspended",
        "expires_on": "2027-04-10",
    }


def test_a_deposit_before_the_expiry_day_lets_the_daily_run_renew():
    result = _replay(
        MONTHLY,
        [
            {"date": "2027-03-10", "action": "deposit", "amount": "3.00"},
            {"date": "2027-03-10", "action": "order", "tariff": "basic", "period": 1},
            {"date": "2027-03-11", "action": "run_daily", "until": "2027-04-30"},
            {"date": "2027-04-09", "action": "deposit", "amount": "3.00"},
        ],
    )
    assert result.entries[-1].kind is EntryKind.RENEWAL
    assert result.entries[-1].date.isoformat() == "2027-04-10"
    assert result.balance == 0


def test_a_run_daily_inside_a_range_already_run_is_still_reported():
    result = _replay(
        MONTHLY,
        [
            {"date": "2027-03-10", "action": "deposit", "amount": "10.00"},
            {"date": "2027-03-10", "action": "order", "tariff": "basic", "period": 1},
            {"date": "2027-03-10", "action": "run_daily", "until": "2027-03-20"},
            {"date": "2027-03-15", "action": "deposit", "amount": "1.00"},
            {"date": "2027-03-15", "action": "run_daily", "until": "2027-03-15"},
        ],
    )
    assert [event.action.value for event in result.events] == [
        "deposit",
        "order",
        "run_daily",
        "deposit",
        "run_daily",
    ]
    assert all(event.ok for event in result.events)


def test_a_refused_event_books_nothing_and_the_replay_goes_on():
    result = _replay(
        MONTHLY,
        [
            {"date": "2027-03-10", "action": "deposit", "amount": "2.00"},
            {"date": "2027-03-10", "action": "order", "tariff": "basic", "period": 1},
            {"date": "2027-03-11", "action": "deposit", "amount": "1.00"},
            {"date": "2027-03-11", "action": "order", "tariff": "basic", "period": 1},
        ],
    )
    events = [event.to_json() for event in result.events]
    assert events[1] == {
        "date": "2027-03-10",
        "action": "order",
        "ok": False,
        "error": "the balance 2.00 does not cover 3.00",
    }
    assert events[3]["ok"] is True
    assert result.balance == 0


def test_actions_need_an_ordered_service_and_only_one_is_followed():
    result = _replay(
        MONTHLY,
        [
            {"date": "2027-03-09", "action": "renew"},
            {"date": "2027-03-10", "action": "deposit", "amount": "10.00"},
            {"date": "2027-03-10", "action": "order", "tariff": "basic", "period": 1},
            {"date": "2027-03-11", "action": "order", "tariff": "basic", "period": 1},
            {"date": "2027-03-12", "action": "delete"},
            {"date": "2027-03-13", "action": "order", "tariff": "basic", "period": 1},
        ],
    )
    assert [event.rule for event in result.events] == [
        Rule.NO_SERVICE,
        None,
        None,
        Rule.SERVICE_EXISTS,
        None,
        None,
    ]
    assert result.service is not None and result.service.ordered_on.isoformat() == "2027-03-13"


def test_the_client_block_feeds_the_ordering_policy():
    tariffs = {"basic": {"prices": {"1": "3.00"}, "max_services_per_client": 2}}
    events = [
        {"date": "2027-03-10", "action": "deposit", "amount": "10.00"},
        {"date": "2027-03-10", "action": "order", "tariff": "basic", "period": 1},
    ]
    limited = _replay(tariffs, events, client={"group": "retail", "services": {"basic": 2}})
    assert limited.events[1].rule is Rule.SERVICE_LIMIT
    ignoring = _replay(
        tariffs, events, client={"group": "vip", "ignore_service_limit": True, "services": {"basic": 2}}
    )
    assert ignoring.events[1].ok


def test_ledger_rows_carry_the_running_balance():
    result = _replay(
        MONTHLY,
        [
            {"date": "2027-03-10", "action": "deposit", "amount": "10.00"},
            {"date": "2027-03-10", "action": "order", "tariff": "basic", "period": 1},
        ],
        balance="1.00",
    )
    assert [str(row.balance) for row in result.rows()] == ["11.00", "8.00"]
    assert result.to_json()["balance"] == "8.00"


def test_amounts_in_the_output_have_the_currency_decimals():
    result = _replay(
        {"basic": {"prices": {"1": "300"}, "calendar_charges": True}},
        [
            {"date": "2027-07-12", "action": "deposit", "amount": "1000"},
            {"date": "2027-07-12", "action": "order", "tariff": "basic", "period": 1},
        ],
        currency="JPY",
    )
    assert [entry["amount"] for entry in result.to_json()["entries"]] == ["-1000", "194"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_example_scenario_replays_without_error(path):
    result = replay(load_scenario(path.read_text(encoding="utf-8"), path.name))
    output = result.to_json()
    assert output["balance"] == str(result.balance)
    assert Decimal(output["balance"]) == result.opening_balance - sum(
        (entry.amount for entry in result.entries), Decimal(0)
    )
    json.dumps(output)


def test_service_state_survives_a_round_trip_through_its_dict():
    result = replay(load_scenario((EXAMPLES / "billing-tour.json").read_text(encoding="utf-8")))
    assert result.service is not None
    data = json.loads(json.dumps(result.service.to_dict()))
    assert ServiceState.from_dict(data) == result.service
