from datetime import date
from decimal import Decimal

from sqlalchemy import select

from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.views.dialogs.ledger import LedgerDialog
from sslbill_desktop.views.dialogs.money_entry import CorrectionDialog, PaymentDialog
from sslbill_desktop.views.lists.clients import ClientsPage
from tests.services.clients.helpers import add_client, add_provider
from tests.support.qt_fixtures import is_closed
from tests.views.clients.support import make_page, newest, save


def open_ledger(qtbot, database, actor):
    record = add_client(database, actor, add_provider(database))
    page = make_page(qtbot, ClientsPage, database, actor)
    page.select_key(record.id)
    page.verb("Ledger…").trigger()
    dialog = newest(page, LedgerDialog)
    qtbot.waitExposed(dialog)
    return page, dialog


def cell(dialog: LedgerDialog, row: int, column: int) -> str:
    return dialog.model.data(dialog.model.index(row, column))


def record_payment(qtbot, ledger: LedgerDialog, amount: str, note: str) -> None:
    ledger._payment_button.click()
    payment = newest(ledger, PaymentDialog)
    qtbot.keyClicks(payment._amount_edit, amount)
    payment._date_edit.set_value(date(2027, 7, 1))
    qtbot.keyClicks(payment._note_edit, note)
    save(qtbot, payment)
    assert is_closed(payment)


def test_recording_a_payment_updates_the_balance_and_shows_the_entry_with_its_note(
    qtbot, database, sales
) -> None:
    page, ledger = open_ledger(qtbot, database, sales)
    assert ledger.balance_text() == "$0.00"

    record_payment(qtbot, ledger, "120.50", "invoice 17")

    qtbot.waitUntil(lambda: ledger.model.rowCount() == 1)
    assert ledger.balance_text() == "$120.50"
    assert [cell(ledger, 0, c) for c in range(1, 7)] == [
        "7/1/27",
        "Payment",
        "+$120.50",
        "$120.50",
        "sam",
        "invoice 17",
    ]
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 5)) == "$120.50")
    with database.uow() as s:
        (entry,) = s.scalars(select(LedgerEntry))
        assert (entry.kind, entry.amount, entry.note) == ("deposit", Decimal("-120.50"), "invoice 17")


def test_a_correction_is_a_new_entry_pointing_at_the_corrected_one(qtbot, database, sales) -> None:
    _page, ledger = open_ledger(qtbot, database, sales)
    record_payment(qtbot, ledger, "120.50", "invoice 17")
    qtbot.waitUntil(lambda: ledger.model.rowCount() == 1)
    ledger.table.selectRow(0)

    ledger._correction_button.click()
    correction = newest(ledger, CorrectionDialog)
    assert correction._corrects_label.text().startswith("#")
    correction._direction_combo.setCurrentIndex(correction._direction_combo.findData("debit"))
    qtbot.keyClicks(correction._amount_edit, "20.50")
    qtbot.keyClicks(correction._note_edit, "the bank charged a fee")
    save(qtbot, correction)

    assert is_closed(correction)
    qtbot.waitUntil(lambda: ledger.model.rowCount() == 2)
    assert ledger.balance_text() == "$100.00"
    first_id = cell(ledger, 1, 0)
    assert [cell(ledger, 0, c) for c in (2, 3, 4, 6)] == [
        f"Correction of #{first_id}",
        "-$20.50",
        "$100.00",
        "the bank charged a fee",
    ]
    assert [cell(ledger, 1, c) for c in (2, 3, 6)] == ["Payment", "+$120.50", "invoice 17"]
    with database.uow() as s:
        entries = list(s.scalars(select(LedgerEntry).order_by(LedgerEntry.id)))
    assert [(e.kind, e.amount, e.corrects_id) for e in entries] == [
        ("deposit", Decimal("-120.50"), None),
        ("correction", Decimal("20.50"), entries[0].id),
    ]


def test_a_correction_without_explanation_is_refused_at_the_field(qtbot, database, sales) -> None:
    _page, ledger = open_ledger(qtbot, database, sales)
    ledger._correction_button.click()
    correction = newest(ledger, CorrectionDialog)
    qtbot.keyClicks(correction._amount_edit, "5")
    save(qtbot, correction)
    assert correction.isVisible()
    assert correction.error_text() == "Explanation: this field is required"


def test_the_record_payment_verb_opens_the_payment_form_of_the_main_account(qtbot, database, sales) -> None:
    record = add_client(database, sales, add_provider(database))
    page = make_page(qtbot, ClientsPage, database, sales)
    page.select_key(record.id)
    page.verb("Record payment…").trigger()
    payment = newest(page, PaymentDialog)
    save(qtbot, payment)
    assert payment.error_text() == "Amount received: this field is required"
    qtbot.keyClicks(payment._amount_edit, "9.99")
    save(qtbot, payment)
    assert is_closed(payment)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 5)) == "$9.99")
