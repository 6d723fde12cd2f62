"""The reply envelope refuses what is not the billing API's document, naming what it got."""

from __future__ import annotations

import pytest

from sslbill_desktop.services.ispmanager.envelope import EnvelopeError, parse_document


def test_a_reply_nested_deeper_than_python_recurses_is_not_valid_json() -> None:
    body = b"[" * 100_000 + b"]" * 100_000  # found by the explore profile: a RecursionError

    with pytest.raises(EnvelopeError, match="not valid JSON"):
        parse_document(body, "application/json")


def test_a_document_is_read_with_its_numbers_as_decimals() -> None:
    doc = parse_document(b'{"doc": {"balance": {"$": "1.10"}, "n": 2.5}}', "application/json")

    assert doc["balance"] == {"$": "1.10"}
    assert str(doc["n"]) == "2.5" and type(doc["n"]).__name__ == "Decimal"
