"""The ledger on a Russian screen: the engine's explanations in Russian, older entries as stored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from sqlalchemy import insert

from sslbill_desktop.models.clients import ClientAccount
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.services import i18n, ledger
from sslbill_desktop.services.billing import TariffTerms, order_service
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.ledger import LedgerDialog
from tests.services.clients.helpers import add_client, add_provider
from tests.views.clients.support import show

TERMS = TariffTerms(
    key="basic", currency="USD", prices={1: Decimal("3.10")}, calendar_charges=True, setup_fee=Decimal("1.50")
)


def test_the_ledger_explains_charges_in_the_language_of_the_screen(
    qtbot, database, sales, compiled_locales
) -> None:
    client = add_client(database, sales, add_provider(database))
    account = client.accounts[0].id
    with database.uow() as s:
        booked = order_service(TERMS, date(2027, 7, 12), 1, Decimal(100)).entries
        ledger.book_entries(s, s.get(ClientAccount, account), booked, service_id=5, actor=sales)
        s.execute(  # booked before explanations were kept
            insert(LedgerEntry).values(
                account_id=account,
                on_date=date(2027, 7, 13),
                kind="daily",
                amount=Decimal("0.20"),
                currency="USD",
                note="kept active over the weekend: 2 days",
                created_by="old",
            )
        )
        s.get(ClientAccount, account).balance -= Decimal("0.20")
    i18n.set_language("ru")

    dialog = show(qtbot, LedgerDialog(Workspace(database, sales), client))
    model = dialog.model
    explanation = model.columnCount() - 1
    assert model.headerData(explanation, Qt.Orientation.Horizontal) == "Пояснение"
    texts = [model.data(model.index(row, explanation)) for row in range(model.rowCount())]
    assert texts == ["kept active over the weekend: 2 days", "плата за подключение", "20/31 июля"]
