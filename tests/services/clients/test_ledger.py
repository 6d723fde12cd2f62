from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslbill_desktop.models.clients import ClientAccount
from sslbill_desktop.services import ledger, payments
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.billing import Entry, EntryKind, TariffTerms, order_service
from sslbill_desktop.services.errors import Conflict
from tests.services.clients.helpers import add_client


def test_book_entries_books_an_engine_order_and_keeps_the_balance(database, sales, client, account) -> None:
    terms = TariffTerms(
        key="basic",
        currency="USD",
        prices={1: Decimal("3.00")},
        calendar_charges=True,
        setup_fee=Decimal("1.50"),
    )
    outcome = order_service(terms, date(2027, 7, 12), 1, Decimal(100))
    with database.uow() as s:
        row = s.get(ClientAccount, account)
        booked = ledger.book_entries(s, row, outcome.entries, service_id=42, actor=sales)
        assert row.balance == -sum(e.amount for e in outcome.entries)
    assert [(e.kind, e.amount, e.note, e.service_id) for e in booked] == [
        (str(entry.kind), entry.amount, entry.note, 42) for entry in outcome.entries
    ]
    rows = ledger.list_ledger(database, sales, account).rows
    assert {r.note for r in rows} >= {"20/31 of July"}
    assert rows[0].balance_after == -(Decimal("1.94") + Decimal("1.50"))
    assert ledger.check_balances(database) == []


def test_book_entries_rounds_half_up_and_skips_zero(database, account) -> None:
    entries = [
        Entry(date(2027, 1, 1), EntryKind.DAILY, Decimal("0.125"), "rounded up"),
        Entry(date(2027, 1, 1), EntryKind.REFUND, Decimal("-0.125"), "rounded away from zero"),
        Entry(date(2027, 1, 1), EntryKind.DAILY, Decimal("0.004"), "rounds to nothing"),
    ]
    with database.uow() as s:
        booked = ledger.book_entries(s, s.get(ClientAccount, account), entries)
    assert [e.amount for e in booked] == [Decimal("0.13"), Decimal("-0.13")]
    assert [e.created_by for e in booked] == ["system", "system"]
    assert ledger.check_balances(database) == []


def test_an_unknown_kind_is_a_bug_not_an_entry(database, account) -> None:
    with database.uow() as s, pytest.raises(ValueError, match="not a ledger kind"):
        ledger.append_entry(
            s, s.get(ClientAccount, account), on_date=date(2027, 1, 1), kind="gift", amount=Decimal(1)
        )


def test_get_account_opens_a_missing_currency(database, client) -> None:
    with database.uow() as s:
        euro = ledger.get_account(s, client.id, "EUR")
        assert (euro.currency, euro.balance) == ("EUR", Decimal(0))
        assert ledger.get_account(s, client.id, "EUR").id == euro.id
        with pytest.raises(LookupError):
            ledger.get_account(s, client.id, "GBP", create=False)


def test_two_workstations_booking_on_one_account_cannot_both_win(database, client, account) -> None:
    with pytest.raises(Conflict), database.uow() as s:
        mine = s.get(ClientAccount, account)  # read before the other workstation books
        with database.uow() as other:
            theirs = other.get(ClientAccount, account)
            ledger.append_entry(other, theirs, on_date=date(2027, 1, 2), kind="daily", amount=Decimal(1))
        ledger.append_entry(s, mine, on_date=date(2027, 1, 2), kind="daily", amount=Decimal(2))
    assert ledger.check_balances(database) == []
    (record,) = ledger.list_accounts(database, SYSTEM, client.id)
    assert record.balance == Decimal("-1.00")


AMOUNTS = st.decimals(min_value=Decimal("-5000"), max_value=Decimal("5000"), places=2).filter(
    lambda d: d != 0
)
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("payment"), AMOUNTS.map(abs)),
        st.tuples(st.just("correction"), AMOUNTS),
        st.tuples(
            st.just("charge"), st.decimals(min_value=Decimal("-50"), max_value=Decimal("50"), places=4)
        ),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_balance_is_always_minus_the_sum_of_the_entries(database, sales, provider, operations) -> None:
    client = add_client(database, sales, provider, "Property Client", email="p@example.com")
    account = client.accounts[0].id
    for kind, amount in operations:
        if kind == "payment":
            payments.record_payment(database, sales, account, amount=amount, received_on=date(2027, 1, 1))
        elif kind == "correction":
            payments.record_correction(
                database, sales, account, balance_change=amount, on_date=date(2027, 1, 1), note="x"
            )
        else:
            with database.uow() as s:
                ledger.book_entries(
                    s, s.get(ClientAccount, account), [Entry(date(2027, 1, 1), EntryKind.DAILY, amount)]
                )
    with database.uow() as s:
        stored = s.get(ClientAccount, account).balance
        assert stored == ledger.balance_from_entries(s, account)
    assert isinstance(stored, Decimal)
    page = ledger.list_ledger(database, sales, account, limit=1)
    assert not page.rows or page.rows[0].balance_after == stored
    assert ledger.check_balances(database) == []


def test_the_orm_refuses_to_change_or_delete_an_entry(database, sales, account) -> None:
    from sslbill_desktop.models.ledger import AppendOnlyError, LedgerEntry

    paid = payments.record_payment(database, sales, account, amount="10", received_on=date(2027, 1, 1))
    with pytest.raises(AppendOnlyError, match="book a correction"), database.uow() as s:
        s.get(LedgerEntry, paid.entry_id).note = "rewritten history"
    with pytest.raises(AppendOnlyError, match="append-only"), database.uow() as s:
        s.delete(s.get(LedgerEntry, paid.entry_id))
    (row,) = ledger.list_ledger(database, sales, account).rows
    assert (row.note, row.amount) == ("Payment", Decimal("-10.00"))
