"""Scenario validation: every bad input names its field precisely."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from sslbill_desktop.services.billing import Action, LateFeePolicy, load_scenario, parse_scenario
from sslbill_desktop.services.errors import ValidationError
from tests.unit.billing.support import d

VALID: dict[str, Any] = {
    "currency": "USD",
    "balance": "0.00",
    "tariffs": {
        "basic": {
            "prices": {"1": "3.00", "12": "30.00"},
            "late_fee": {"policy": "percent", "percent": "50"},
            "addons": {"san": {"prices": {"1": "1.00"}}},
        },
        "premium": {"prices": {"1": "5.00"}},
    },
    "events": [
        {"date": "2027-07-12", "action": "deposit", "amount": "100"},
        {"date": "2027-07-12", "action": "order", "tariff": "basic", "period": 1},
        {"date": "2027-07-20", "action": "order_addon", "addon": "san", "quantity": 2},
        {"date": "2027-08-16", "action": "run_daily", "until": "2027-10-01"},
    ],
}


def _error(data: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_scenario(data)
    return str(caught.value)


def _changed(path: str, value: Any) -> dict[str, Any]:
    """VALID with the value at a dotted path (list indexes as numbers) replaced; "<del>" deletes."""
    data = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    node: Any = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    key: Any = int(last) if isinstance(node, list) else last
    if value == "<del>":
        del node[key]
    else:
        node[key] = value
    return data


def test_a_valid_scenario_is_parsed_into_typed_objects():
    scenario = parse_scenario(copy.deepcopy(VALID))
    assert scenario.currency == "USD"
    basic = scenario.tariffs["basic"]
    assert basic.late_fee.policy is LateFeePolicy.PERCENT
    assert basic.prices[12] == 30
    assert scenario.events[3].action is Action.RUN_DAILY
    assert scenario.events[3].until == d("2027-10-01")
    assert scenario.events[2].quantity == 2


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("events.3.date", "2027-13-01", 'events[3].date: not a date: "2027-13-01"'),
        ("events.1.date", "12.07.2027", 'events[1].date: not a date: "12.07.2027"'),
        ("tariffs.basic.prices.12", "abc", 'tariffs.basic.prices.12: not an amount: "abc"'),
        ("tariffs.basic.prices.12", 30, 'tariffs.basic.prices.12: write the amount as a string: "30"'),
        ("tariffs.basic.prices.12", "-30", 'tariffs.basic.prices.12: must not be negative: "-30"'),
        ("tariffs.basic.prices.12", "1.23456", "tariffs.basic.prices.12: at most 4 decimal places"),
        ("events.0.amount", "-5", 'events[0].amount: must not be negative: "-5"'),
        ("events.0.amount", "0", "events[0].amount: must be more than zero"),
        ("events.0.amount", "1.005", "events[0].amount: at most 2 decimal places in USD"),
        ("events.0.amount", "1e3", 'events[0].amount: not an amount: "1e3"'),
        ("balance", "-1.00", 'balance: must not be negative: "-1.00"'),
        ("currency", "XYZ", 'currency: unknown currency: "XYZ"'),
        ("tariffs.basic.colour", "red", "tariffs.basic.colour: unknown key"),
        ("events.1.colour", "red", "events[1].colour: unknown key for the action order"),
        ("events.1.tariff", "premium2", 'events[1].tariff: unknown tariff "premium2"'),
        ("events.1.action", "buy", 'events[1].action: unknown value "buy" (expected one of deposit, order,'),
        ("events.1.period", 3, 'events[1].period: no price for 3 months on tariff "basic"'),
        ("events.1.period", "1", 'events[1].period: not a whole number: "1"'),
        ("events.2.addon", "wildcard", 'events[2].addon: unknown add-on "wildcard"'),
        ("events.2.quantity", 0, "events[2].quantity: must be at least 1"),
        ("events.3.until", "2027-08-01", "events[3].until: must not be before the event's date 2027-08-16"),
        (
            "events.3.date",
            "2027-07-01",
            "events[3].date: 2027-07-01 is before the previous event's date 2027-07-20",
        ),
        ("events.1.tariff", "<del>", "events[1].tariff: this field is required"),
        ("events.1.action", "<del>", "events[1].action: this field is required"),
        ("tariffs.basic.prices", {}, "tariffs.basic.prices: give a price for at least one period"),
        ("tariffs.basic.prices.0", "1.00", 'tariffs.basic.prices.0: not a period in months (1 to 120): "0"'),
        (
            "tariffs.basic.renewal_prices",
            {"3": "1.00"},
            "tariffs.basic.renewal_prices.3: no price for 3 months",
        ),
        (
            "tariffs.basic.late_fee",
            {"policy": "fixed"},
            "tariffs.basic.late_fee.amount: this field is required",
        ),
        (
            "tariffs.basic.late_fee",
            {"policy": "none", "amount": "1"},
            "tariffs.basic.late_fee.amount: not used with the late fee policy none",
        ),
        ("tariffs.basic.change_policy", "maybe", 'tariffs.basic.change_policy: unknown value "maybe"'),
        ("tariffs.basic.charge_daily", "yes", 'tariffs.basic.charge_daily: must be true or false, not "yes"'),
        ("tariffs.basic.prorata_day", 32, "tariffs.basic.prorata_day: must be at most 31"),
        ("tariffs.basic.calendar_charges", True, None),
        (
            "tariffs.basic.daily_cost_by_order_period",
            True,
            "tariffs.basic.daily_cost_by_order_period: only available with charge_daily",
        ),
        (
            "product_type",
            {"suspend_on_weekends": "product_type"},
            "product_type.suspend_on_weekends: unknown value",
        ),
        ("events", {}, "events: must be a list of events, not an object"),
        ("tariffs", "<del>", "tariffs: this field is required"),
        ("client", {"services": {"gold": 1}}, 'client.services.gold: unknown tariff "gold"'),
        ("client", {"allow_delete": True}, "client.allow_delete: only used with a group"),
    ],
)
def test_bad_input_names_the_field(path, value, message):
    data = _changed(path, value)
    if message is None:  # calendar charges are fine alone, but not with charge daily
        data["tariffs"]["basic"]["charge_daily"] = True
        message = "tariffs.basic.calendar_charges: not available with charge_daily"
    assert _error(data).startswith(message)


def test_a_scenario_that_is_not_an_object_is_refused():
    assert _error([1, 2]) == "scenario: must be a JSON object, not a list"


def test_malformed_json_names_line_and_column():
    with pytest.raises(ValidationError) as caught:
        load_scenario('{\n  "tariffs": {\n    "basic": }\n}', "tour.json")
    assert str(caught.value) == "tour.json: not valid JSON: Expecting value (line 3, column 14)"


def test_a_key_given_twice_is_refused():
    with pytest.raises(ValidationError) as caught:
        load_scenario('{"tariffs": {"basic": {"prices": {"1": "3"}, "prices": {"1": "4"}}}, "events": []}')
    assert str(caught.value) == "tariffs.basic.prices: given twice"


def test_json_numbers_never_become_floats():
    with pytest.raises(ValidationError) as caught:
        load_scenario(json.dumps({**VALID, "balance": 0.1}))
    assert str(caught.value) == 'balance: write the amount as a string: "0.1"'


def test_nan_is_not_json():
    with pytest.raises(ValidationError) as caught:
        load_scenario('{"balance": NaN}')
    assert str(caught.value).startswith("scenario: not valid JSON")
