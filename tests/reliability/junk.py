"""Junk for the abuse suites: hypothesis strategies of wrong types, huge and odd numbers, markup,
control characters and overlong text, and a fingerprint of a whole database ("nothing changed")."""

from __future__ import annotations

import hashlib
import os
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import select

import sslbill_desktop.models  # noqa: F401
from sslbill_desktop.models.base import Base

#: 40 inputs per test in `make test`; `make soak` (the "explore" profile, random seeds) tries 500.
FUZZ = settings(
    max_examples=500 if os.environ.get("SSLBILL_HYPOTHESIS_PROFILE") == "explore" else 40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\n\r\t",
        "\u200b",
        "\ud7ff",
        "{",
        "{client_name}",
        "<script>alert(1)</script>",
        "<html><body>502 Bad Gateway</body></html>",
        "' OR 1=1 --",
        "ü" * 300,
        "x" * 5000,
        "https://",
        "http://[::1",
        "a@b",
        "@",
        "USD",
        "xx",
        "ZZ",
        "-1",
        "0",
        "1e999999",
        "-1e-999999",
        "99999999999999999999999999999999",
        "NaN",
        "Infinity",
        "1,5",
        "١٢٣",
        "12.345",
        "2027-13-01",
        "0000-00-00",
        "true",
        "null",
    ]
)
TEXT = st.one_of(st.text(max_size=30), NASTY_TEXT)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1E+999999"), Decimal("-0.00001"), Decimal("1e-30"), 10**400]),
)
SCALAR = st.one_of(TEXT, NUMBERS, st.booleans(), st.none(), st.binary(max_size=20))
JUNK = st.recursive(
    SCALAR,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.one_of(TEXT, st.sampled_from(["en", "ru", "name", "id"])), children, max_size=3),
        st.tuples(children, children),
    ),
    max_leaves=6,
)


def database_fingerprint(db: Any) -> str:
    """A digest of every row of every table: equal before and after means nothing was written."""
    digest = hashlib.sha256()
    with db.uow() as s:
        for table in Base.metadata.sorted_tables:
            digest.update(table.name.encode())
            ordering = list(table.primary_key.columns) or list(table.columns)
            for row in s.execute(select(table).order_by(*ordering)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
