"""Replies the real ispmanager billing could send on a bad day, fed to the client from a loopback
server (`replay_server.py`): wrong types, missing keys, lists for objects, huge numbers, HTML
pages, truncated or garbled bodies, empty bodies, odd status codes and content types — for every
call, and for the sign-in. Never a traceback: each call returns its record or raises an
`UpstreamError` (a `UserError`) whose message says what was wrong; a reply that lacks what a call
needs names the key. The balance refresh, which stores what it reads, stores nothing invalid.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import upstream
from sslbill_desktop.services.errors import UpstreamError, UserError
from sslbill_desktop.services.ispmanager.client import IspmanagerClient
from sslbill_desktop.services.ispmanager.errors import ProtocolError
from sslbill_desktop.services.ispmanager.records import Contact
from tests.reliability.junk import FUZZ, JUNK, database_fingerprint
from tests.reliability.replay_server import Reply, ReplyServer
from tests.support.upstream_fixtures import add_module, fast_client_settings, make_order

CONTACT = Contact("Ada", "Admin", "CTO", "ada@example.com", "+49 30 1234567")
PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"

#: A well-formed reply per call (what the simulator sends, in short), to be damaged.
GOOD: dict[str, dict[str, Any]] = {
    "whoami": {"doc": {"user": {"$name": "reseller", "$balance": "1000.00", "$currency": "USD"}}},
    "price_list": {
        "doc": {
            "pricelist": [
                {
                    "$id": "1011",
                    "name": {"$": "RapidSSL"},
                    "siteinfo": {"$": "brand=RapidSSL,validation=DV"},
                    "price": {
                        "$currency": "USD",
                        "period": [{"$type": "month", "$length": "12", "$cost": "11.00"}],
                    },
                }
            ],
            "p_elems": {"$": "1"},
        }
    },
    "certificates": {
        "doc": {
            "elem": [
                {
                    "id": {"$": "5001"},
                    "CN": {"$": "shop.example.com"},
                    "pricelist": {"$": "1011"},
                    "createdate": {"$": "2026-11-26 10:00:00"},
                    "expiredate": {"$": "2027-11-26"},
                    "item_status": {"$": "5"},
                }
            ],
            "p_elems": {"$": "1"},
        }
    },
    "certificate": {
        "doc": {"id": {"$": "5001"}, "CN": {"$": "shop.example.com"}, "expiredate": {"$": "2027-11-26"}}
    },
    "order": {"doc": {"id": {"$": "5002"}, "ok": {}}},
    "renew": {"doc": {"expiredate": {"$": "2028-11-26"}, "ok": {}}},
    "download": {"doc": {"certificate": {"$": PEM}}},
    "edit": {"doc": {"ok": {}}},
    "delete": {"doc": {"ok": {}}},
}

CALLS: dict[str, Callable[[IspmanagerClient], Any]] = {
    "whoami": lambda c: c.whoami(),
    "price_list": lambda c: c.price_list(),
    "certificates": lambda c: c.certificates(),
    "certificate": lambda c: c.certificate("5001"),
    "order": lambda c: c.order_certificate(make_order("shop.example.com")),
    "renew": lambda c: c.renew_certificate("5001", 12),
    "download": lambda c: c.download_certificate("5001"),
    "edit": lambda c: c.edit_contacts("5001", CONTACT, CONTACT),
    "delete": lambda c: c.delete_certificate("5001"),
}


@pytest.fixture
def server() -> Iterator[ReplyServer]:
    running = ReplyServer()
    yield running
    running.stop()


@pytest.fixture
def client(server: ReplyServer) -> Iterator[IspmanagerClient]:
    with IspmanagerClient(
        server.url, "reseller", "Reply-Fuzz-Secret-1", settings=fast_client_settings()
    ) as made:
        yield made


def _nodes(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path] if path else []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_nodes(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_nodes(value, (*path, index)))
    return found


@st.composite
def damaged(draw: st.DrawFn, call: str) -> Reply:
    """A reply for `call`: the good one damaged in one place, junk, or a broken transport."""
    document = json.loads(json.dumps(GOOD[call]))
    how = draw(st.sampled_from(["replace", "replace", "delete", "wrap", "junk", "text", "http"]))
    if how in ("replace", "delete", "wrap"):
        path = draw(st.sampled_from(_nodes(document)))
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        if how == "replace":
            parent[path[-1]] = draw(
                st.one_of(
                    JUNK,
                    st.sampled_from(
                        ["1e999999", "-1e999999", "NaN", "9" * 5000, "<b>x</b>", "", None, [], {}]
                    ),
                )
            )
        elif how == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = [parent[path[-1]], parent[path[-1]]]
    elif how == "junk":
        document = draw(JUNK)
    body = json.dumps(document, default=str).encode()
    status, content_type = 200, "application/json"
    if how == "text":
        cut = draw(st.integers(min_value=0, max_value=len(body)))
        body = draw(
            st.sampled_from(
                [
                    body[:cut],
                    body[:cut] + b'",,{"$',
                    b"<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>",
                    b"\xff\xfe\x00garbage",
                    b"",
                    b"1e999999",
                    b"[" * 50_000,
                ]
            )
        )
    elif how == "http":
        status = draw(st.sampled_from([201, 204, 301, 302, 400, 401, 403, 404, 429, 500, 502, 503]))
        content_type = draw(st.sampled_from(["application/json", "text/html", "text/plain", ""]))
    real_sign_in = draw(st.integers(min_value=0, max_value=9)) > 0
    return Reply(status, content_type, body, real_sign_in)


def _assert_clear(exc: UpstreamError) -> None:
    message = str(exc)
    assert message.strip() and "Traceback" not in message
    assert "Reply-Fuzz-Secret-1" not in message
    if isinstance(exc, ProtocolError):
        assert exc.detail.strip()


@FUZZ
@given(data=st.data(), call=st.sampled_from(sorted(CALLS)))
def test_any_reply_gives_a_record_or_a_clear_upstream_error(server, client, data, call) -> None:
    reply = data.draw(damaged(call))
    server.serve(reply)
    client._sid = None  # each example signs in again (against the junk too, sometimes)
    try:
        CALLS[call](client)
    except UpstreamError as exc:
        _assert_clear(exc)


@pytest.mark.parametrize(
    ("call", "document", "named"),
    [
        ("whoami", {"doc": {"user": {"$name": "reseller"}}}, "balance"),
        ("whoami", {"doc": {"usr": {}}}, "user"),
        ("whoami", {"doc": {"user": {"$balance": "lots"}}}, "balance"),
        ("price_list", {"doc": {"pricelist": [{"name": {"$": "No id"}}], "p_elems": {"$": "1"}}}, "id"),
        ("price_list", {"doc": {"pricelist": "not a list", "p_elems": {"$": "1"}}}, "pricelist"),
        ("whoami", {"doc": {"user": {"$balance": "1e999999"}}}, "balance"),
        ("whoami", {"doc": {"user": {"$balance": "5", "$currency": "<b>$</b>"}}}, "currency"),
        ("certificates", {"doc": {"elem": [{"CN": {"$": "a.example"}}], "p_elems": {"$": "1"}}}, "id"),
        (
            "certificates",
            {"doc": {"elem": [{"id": {"$": "1"}, "createdate": {"$": "yesterday"}}]}},
            "yesterday",
        ),
        ("order", {"doc": {"ok": {}}}, "id"),
        ("renew", {"doc": {"expiredate": {"$": "2027-02-30"}}}, "2027-02-30"),
        ("download", {"doc": {"certificate": {"$": "not a PEM"}}}, "PEM"),
        ("whoami", {"nodoc": {}}, "doc"),
    ],
)
def test_a_reply_without_what_the_call_needs_names_it(server, client, call, document, named) -> None:
    server.serve(Reply(body=json.dumps(document).encode()))
    with pytest.raises(ProtocolError) as caught:
        CALLS[call](client)
    assert named in str(caught.value)


BALANCES = st.one_of(
    st.sampled_from(
        ["1e999999", "-1e999999", "1E+30", "NaN", "-0", "12,50", "1 000.00", "١٠٠", "", "<b>5</b>"]
    ),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    JUNK,
)
CURRENCIES = st.one_of(st.sampled_from(["USD", "usd", "", "EURO", "<b>$</b>", "X" * 300]), JUNK)


@FUZZ
@given(balance=BALANCES, currency=CURRENCIES)
def test_refreshing_a_balance_from_a_junk_reply_stores_nothing_invalid(
    database, admin, server, balance, currency
) -> None:
    module_id = _module(database, server)
    server.serve(
        Reply(
            body=json.dumps(
                {"doc": {"user": {"$balance": balance, "$currency": currency}}}, default=str
            ).encode()
        )
    )
    upstream.forget_client(module_id)
    before = database_fingerprint(database)
    try:
        record = upstream.refresh_balance(database, admin, module_id)
    except UserError as exc:
        assert str(exc).strip() and "Traceback" not in str(exc)
        assert database_fingerprint(database) == before
        return
    with database.uow() as s:
        stored = s.get(ProcessingModule, module_id)
        assert stored is not None
        assert stored.last_balance is not None and stored.last_balance.is_finite()
        assert abs(stored.last_balance - record.balance) < Decimal("0.0001")
        assert len(stored.upstream_currency) <= 3


_modules: dict[int, int] = {}


def _module(database: Any, server: ReplyServer) -> int:
    key = id(database)
    if key not in _modules:
        _modules.clear()
        _modules[key] = add_module(database, server.url, "reseller", "Reply-Fuzz-Secret-1")
    return _modules[key]
