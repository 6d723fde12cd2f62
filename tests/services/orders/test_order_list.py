"""The order list pages through any number of orders with keyset paging, in every sort order."""

from __future__ import annotations

from datetime import date

import pytest

from sslbill_desktop.services import orders
from sslbill_desktop.services.demo_data import generate
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.orders import SORTS, OrderQuery

ON = date(2026, 11, 26)


def all_pages(database, admin, query: OrderQuery, limit: int = 37) -> tuple[list[int], int]:
    page = orders.list_orders(database, admin, query, limit=limit)
    total = page.total
    ids = [r.id for r in page.rows]
    pages = 1
    while page.cursor is not None:
        page = orders.list_orders(database, admin, query, after=page.cursor, limit=limit)
        assert page.total == -1
        ids += [r.id for r in page.rows]
        pages += 1
        assert pages < 100
    return ids, total


def expected_order(database, admin, query: OrderQuery) -> list[int]:
    rows = orders.list_orders(database, admin, query, limit=1000).rows
    assert len(rows) < 1000
    return [r.id for r in rows]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("descending", [False, True])
def test_pages_in_any_sort_order_meet_every_order_once_in_order(database, admin, sort, descending) -> None:
    generate(database, 300, seed=3, on=ON)
    query = OrderQuery(sort=sort, descending=descending)

    ids, total = all_pages(database, admin, query)

    assert total == 300
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 300
    assert ids == expected_order(database, admin, query)


def test_sort_by_expiry_puts_orders_without_an_expiry_last_and_respects_the_dates(database, admin) -> None:
    generate(database, 120, seed=4, on=ON)
    rows = orders.list_orders(database, admin, OrderQuery(sort="expires"), limit=1000).rows
    dated = [r.expires_on for r in rows if r.expires_on is not None]
    assert dated == sorted(dated)
    first_blank = next(i for i, r in enumerate(rows) if r.expires_on is None)
    assert all(r.expires_on is None for r in rows[first_blank:])


def test_filters_narrow_by_status_text_and_client(database, admin) -> None:
    generate(database, 200, seed=5, on=ON)
    suspended = orders.list_orders(database, admin, OrderQuery(status="suspended"), limit=1000)
    assert suspended.rows and all(r.status == "suspended" for r in suspended.rows)
    assert suspended.total == len(suspended.rows)
    some = suspended.rows[0]
    by_domain = orders.list_orders(database, admin, OrderQuery(text=some.domain.upper()), limit=1000)
    assert some.id in [r.id for r in by_domain.rows]
    by_client = orders.list_orders(database, admin, OrderQuery(client_id=some.client_id), limit=1000)
    assert {r.client_id for r in by_client.rows} == {some.client_id}
    pending = orders.list_orders(database, admin, OrderQuery(upstream_status="pending"), limit=1000)
    assert all(r.parameters_pending for r in pending.rows)


def test_an_unknown_sort_or_status_is_refused_naming_the_field(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        orders.list_orders(database, admin, OrderQuery(sort="price"))
    assert error.value.field == "sort"
    with pytest.raises(ValidationError) as error:
        orders.list_orders(database, admin, OrderQuery(status="archived"))
    assert error.value.field == "status"
