"""The ledger keeps the billing engine's explanation of each charge beside its English note."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, insert, select

from sslbill_desktop.models.clients import ClientAccount
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.services import ledger, payments
from sslbill_desktop.services.billing import (
    AddonTerms,
    EntryKind,
    LateFee,
    LateFeePolicy,
    TariffTerms,
    order_addon,
    order_service,
    renew_service,
)
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.order_books import entries_from_json, entries_to_json

TERMS = TariffTerms(
    key="basic",
    currency="USD",
    prices={1: Decimal("3.10")},
    calendar_charges=True,
    setup_fee=Decimal("1.50"),
    late_fee=LateFee(LateFeePolicy.PERCENT, percent=Decimal(50)),
    addons={"addon1": AddonTerms("addon1", {1: Decimal("3.10")}, "Extra domain names")},
)


def _charges() -> list:  # the engine's entries of an order, an add-on and a late renewal
    order = order_service(TERMS, date(2027, 7, 12), 1, Decimal(100))
    addon = order_addon(order.state, TERMS, "addon1", 2, date(2027, 7, 20), Decimal(100))
    late = renew_service(addon.state, TERMS, date(2027, 8, 5), Decimal(100))
    return [*order.entries, *addon.entries, *late.entries]


def test_booked_entries_keep_their_explanations(database, sales, account, compiled_locales) -> None:
    entries = _charges()
    with database.uow() as s:
        ledger.book_entries(s, s.get(ClientAccount, account), entries, service_id=7, actor=sales)

    rows = list(reversed(ledger.list_ledger(database, sales, account).rows))
    assert [(r.note, r.explanation) for r in rows] == [(e.note, e.explanation) for e in entries]
    assert all(r.explanation is not None and r.explanation.render() == r.note for r in rows)
    by_kind: dict[str, ledger.LedgerRow] = {}
    for row in rows:
        by_kind.setdefault(row.kind, row)  # the first of each kind
    assert by_kind["order"].note == "20/31 of July"
    assert by_kind["order"].explanation.render("ru") == "20/31 июля"
    assert by_kind["late_fee"].explanation.render("ru") == "неустойка 50\xa0% × 5 дней × 0,10"
    assert (
        by_kind["addon"].explanation.render("ru")
        == "Extra domain names × 2: 12/31 дн. до 1 августа 2027\u202fг."
    )


def test_an_entry_without_an_explanation_reads_back_without_one(database, sales, account) -> None:
    payments.record_payment(database, sales, account, amount="10", received_on=date(2027, 1, 1), note="cash")
    with database.uow() as s:
        ledger.append_entry(
            s,
            s.get(ClientAccount, account),
            on_date=date(2027, 1, 2),
            kind="daily",
            amount=Decimal(1),
            note="x",
        )
        stored = s.scalar(select(func.count()).where(LedgerEntry.explanation.is_(None)))
    assert stored == 2  # SQL NULL, not JSON null
    rows = ledger.list_ledger(database, sales, account).rows
    assert [(r.note, r.explanation) for r in rows] == [("x", None), ("cash", None)]


def test_an_entry_booked_before_explanations_shows_its_english_note(database, sales, account) -> None:
    with database.uow() as s:  # as an older version wrote it, and one a newer version might write
        for explanation in (None, {"template": "{n}", "args": {"n": ["fraction", "1/3"]}}):
            s.execute(
                insert(LedgerEntry).values(
                    account_id=account,
                    on_date=date(2027, 7, 12),
                    kind="order",
                    amount=Decimal("1.94"),
                    currency="USD",
                    note="20/31 of July",
                    explanation=explanation,
                    created_by="old",
                )
            )
    rows = ledger.list_ledger(database, sales, account).rows
    assert [(r.note, r.explanation) for r in rows] == [("20/31 of July", None)] * 2


def test_an_orders_pending_lines_keep_their_explanations() -> None:
    entries = tuple(_charges())
    again = entries_from_json(entries_to_json(entries))
    assert again == entries
    assert [e.explanation for e in again] == [e.explanation for e in entries]
    older = [{"date": "2027-07-12", "kind": "order", "amount": "1.94", "note": "20/31 of July"}]
    (line,) = entries_from_json(older)
    assert (line.kind, line.note, line.explanation) == (EntryKind.ORDER, "20/31 of July", None)
    assert isinstance(entries[0].explanation, Note)
