"""Saving the order settings: wrong types and out-of-range values are refused naming the field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.order_settings import (
    DEFAULT_CA_MAXIMUM,
    MaximumValidity,
    order_settings,
    save_order_settings,
)

WRONG_VALUES: list[tuple[str, Any, str]] = [
    ("refund_on_delete", 1, "choose to refund the unused part or nothing"),
    ("refund_on_delete", ["unused"], "choose to refund the unused part or nothing"),
    ("renewal_reminder_days", 14, "must be a list"),
    ("renewal_reminder_days", "14", "must be a list"),
    ("renewal_reminder_days", [14, "3"], "not a whole number"),
    ("renewal_reminder_days", [14, None], "not a whole number"),
    ("renewal_reminder_days", [True], "not a whole number"),
    ("renewal_reminder_days", [14.0], "not a whole number"),
    ("renewal_reminder_days", [0], "each reminder is 1 to 365 days before expiry"),
    ("ca_maximum", {"from": "2026-03-15", "days": 199}, "must be a list"),
    ("ca_maximum", [{"from": "2026-03-15", "days": 199}], "each step is a start date and a number of days"),
    ("ca_maximum", [MaximumValidity("2026-03-15", 199)], "each step is a start date and a number of days"),  # type: ignore[arg-type]
    (
        "ca_maximum",
        [MaximumValidity(datetime(2026, 3, 15, 12, 0), 199)],
        "each step is a start date and a number of days",
    ),
    ("ca_maximum", [MaximumValidity(date(2026, 3, 15), "199")], "not a whole number"),  # type: ignore[arg-type]
    ("ca_maximum", [], "each maximum validity is 1 to 3650 days"),
    ("reissue_lead_days", "30", "not a whole number"),
    ("reissue_lead_days", 30.0, "not a whole number"),
    ("reissue_lead_days", False, "not a whole number"),
    ("reissue_lead_days", 366, "the lead time is 0 to 365 days"),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), WRONG_VALUES, ids=[f"{f}={v!r}" for f, v, _m in WRONG_VALUES]
)
def test_a_wrong_value_is_refused_naming_its_field_and_nothing_is_saved(
    database, admin, field: str, value: Any, message: str
) -> None:
    before = order_settings(database)
    with pytest.raises(ValidationError) as raised:
        save_order_settings(database, admin, **{field: value})
    assert raised.value.field == field
    assert raised.value.detail.startswith(message), raised.value.detail
    assert order_settings(database) == before


def test_right_values_are_saved_and_read_back(database, admin) -> None:
    saved = save_order_settings(
        database,
        admin,
        refund_on_delete="none",
        renewal_reminder_days=(3, 30, 14, 3),
        ca_maximum=[MaximumValidity(date(2026, 3, 15), 199)],
        reissue_lead_days=0,
    )
    assert saved.refund_on_delete == "none"
    assert saved.renewal_reminder_days == (30, 14, 3)
    assert saved.ca_maximum == (MaximumValidity(date(2026, 3, 15), 199),)
    assert saved.reissue_lead_days == 0
    assert order_settings(database) == saved
    assert saved.ca_maximum != DEFAULT_CA_MAXIMUM
