from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.models.payments import Payment
from sslbill_desktop.services import ledger, payments, providers
from sslbill_desktop.services.errors import ValidationError
from tests.services.clients.helpers import add_client, add_provider
from tests.services.setup.helpers import audit_entries

JULY_1 = date(2027, 7, 1)


def balance(database, sales, client) -> Decimal:
    (account,) = ledger.list_accounts(database, sales, client.id)
    return account.balance


def test_a_payment_raises_the_balance_and_appends_a_deposit_with_its_note(
    database, sales, client, account
) -> None:
    result = payments.record_payment(
        database,
        sales,
        account,
        amount="120.50",
        received_on=JULY_1,
        method="bank transfer",
        note="invoice 17",
    )
    assert result.balance == Decimal("120.50")
    assert balance(database, sales, client) == Decimal("120.50")
    page = ledger.list_ledger(database, sales, account)
    (row,) = page.rows
    assert (row.kind, row.amount, row.note, row.on_date, row.created_by) == (
        "deposit",
        Decimal("-120.50"),
        "invoice 17",
        JULY_1,
        "sam",
    )
    assert row.balance_change == Decimal("120.50")
    with database.uow() as s:
        payment = s.get(Payment, result.payment_id)
        assert (payment.state, payment.amount, payment.method) == ("paid", Decimal("120.50"), "bank transfer")
        assert s.get(LedgerEntry, result.entry_id).payment_id == payment.id
    (entry,) = audit_entries(database, "payment", "record_payment")
    assert entry.after["ledger_entry_id"] == result.entry_id


def test_a_payment_without_note_is_explained_by_its_method(database, sales, account) -> None:
    payments.record_payment(database, sales, account, amount="5", received_on=JULY_1, method="cash")
    assert ledger.list_ledger(database, sales, account).rows[0].note == "Payment (cash)"


@pytest.mark.parametrize(
    ("amount", "detail"),
    [
        ("0", "must not be zero"),
        ("-5", "must not be negative"),
        ("10.001", "at most 2 decimal places"),
        ("ten", "not an amount"),
        (10.5, "not an amount"),
        ("1e12", "must be at most"),
    ],
)
def test_bad_payment_amounts_are_refused_naming_the_field(database, sales, account, amount, detail) -> None:
    with pytest.raises(ValidationError) as caught:
        payments.record_payment(database, sales, account, amount=amount, received_on=JULY_1)
    assert caught.value.field == "amount"
    assert detail in caught.value.detail
    with database.uow() as s:
        assert s.scalar(select(LedgerEntry)) is None


def test_a_yen_account_takes_whole_amounts_only(database, sales) -> None:
    yen = add_client(database, sales, add_provider(database, "Tokyo Shop", "JPY"))
    account = yen.accounts[0].id
    with pytest.raises(ValidationError, match="at most 0 decimal places"):
        payments.record_payment(database, sales, account, amount="100.5", received_on=JULY_1)
    assert payments.record_payment(database, sales, account, amount="100", received_on=JULY_1).balance == 100


def test_a_correction_is_a_new_entry_and_leaves_the_corrected_one_alone(
    database, sales, client, account
) -> None:
    paid = payments.record_payment(
        database, sales, account, amount="100.00", received_on=JULY_1, note="typo: 10.00"
    )
    fixed = payments.record_correction(
        database,
        sales,
        account,
        balance_change="-90.00",
        on_date=date(2027, 7, 2),
        note="the client paid 10.00, not 100.00",
        corrects_id=paid.entry_id,
    )
    assert fixed.balance == Decimal("10.00")
    rows = ledger.list_ledger(database, sales, account).rows
    assert [(r.kind, r.amount, r.balance_after) for r in rows] == [
        ("correction", Decimal("90.00"), Decimal("10.00")),
        ("deposit", Decimal("-100.00"), Decimal("100.00")),
    ]
    assert rows[0].note == "the client paid 10.00, not 100.00"
    assert rows[0].corrects_id == paid.entry_id
    assert rows[1].note == "typo: 10.00"  # unchanged
    (entry,) = audit_entries(database, "ledger_entry", "record_correction")
    assert "the client paid 10.00" in entry.summary


def test_a_correction_needs_an_explanation(database, sales, account) -> None:
    with pytest.raises(ValidationError) as caught:
        payments.record_correction(database, sales, account, balance_change="5", on_date=JULY_1, note=" ")
    assert caught.value.field == "note"


def test_a_correction_cannot_point_at_another_account_entry(database, sales, provider, account) -> None:
    other = add_client(database, sales, provider, "Bob Other", email="bob@example.com").accounts[0].id
    foreign = payments.record_payment(database, sales, other, amount="1", received_on=JULY_1)
    with pytest.raises(ValidationError) as caught:
        payments.record_correction(
            database,
            sales,
            account,
            balance_change="1",
            on_date=JULY_1,
            note="x",
            corrects_id=foreign.entry_id,
        )
    assert caught.value.field == "corrects_id"


def test_a_debit_correction_below_zero_blocks_the_provider_currency_change(
    database, admin, sales, provider, account
) -> None:
    payments.record_correction(database, sales, account, balance_change="-3.00", on_date=JULY_1, note="fee")
    with database.uow() as s:
        reason = providers.currency_change_blocker(s, provider)
    assert reason is not None and "1 account with uncovered expenses" in reason
    payments.record_payment(database, sales, account, amount="3.00", received_on=JULY_1)
    with database.uow() as s:
        assert providers.currency_change_blocker(s, provider) is None


def test_ledger_pages_newest_first_with_running_balances(database, sales, account) -> None:
    for number in range(1, 8):
        payments.record_payment(database, sales, account, amount=str(number), received_on=JULY_1)
    first = ledger.list_ledger(database, sales, account, limit=3)
    assert first.total == 7
    assert [r.balance_after for r in first.rows] == [Decimal(28), Decimal(21), Decimal(15)]
    rest = ledger.list_ledger(database, sales, account, offset=3, limit=10)
    assert [r.balance_after for r in rest.rows] == [Decimal(10), Decimal(6), Decimal(3), Decimal(1)]
