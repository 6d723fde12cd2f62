"""Helpers for the provider, client group, localization and template widget tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.models.payments import PAYMENT_NEW, Payment
from sslbill_desktop.services.db import Database
from sslbill_desktop.views.context import Workspace
from tests.services.setup import images


def show(qtbot: Any, widget: QWidget) -> Any:
    """Show a window and make it the active one (focus and keys go to it)."""
    qtbot.addWidget(widget)
    widget.show()
    activate(qtbot, widget)
    return widget


def activate(qtbot: Any, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def make_page(qtbot: Any, page_class: type, database: Database, actor: Any) -> Any:
    return show(qtbot, page_class(Workspace(database, actor)))


def opened(qtbot: Any, page: QWidget, dialog_class: type) -> Any:
    """The dialog (or wizard) a verb of `page` just opened."""
    dialogs = page.findChildren(dialog_class)
    assert dialogs, f"no {dialog_class.__name__} was opened"
    dialog = dialogs[-1]
    activate(qtbot, dialog)
    return dialog


def icon_file(tmp_path: Path, name: str, width: int, height: int) -> Path:
    path = tmp_path / name
    path.write_bytes(images.png(width, height))
    return path


def client_with_account(
    database: Database, provider_id: int, *, currency: str = "USD", balance: str = "0"
) -> tuple[int, int]:
    with database.uow() as s:
        client = Client(name="Alice", provider_id=provider_id)
        s.add(client)
        s.flush()
        account = ClientAccount(client_id=client.id, currency=currency, balance=Decimal(balance))
        s.add(account)
        s.flush()
        return client.id, account.id


def add_active_payment(database: Database, account_id: int, currency: str = "USD") -> int:
    with database.uow() as s:
        payment = Payment(
            account_id=account_id, amount=Decimal("10.00"), currency=currency, state=PAYMENT_NEW
        )
        s.add(payment)
        s.flush()
        return payment.id


def accounts_of(database: Database, client_id: int) -> dict[str, Decimal]:
    from sqlalchemy import select

    with database.uow() as s:
        rows = s.scalars(select(ClientAccount).where(ClientAccount.client_id == client_id))
        return {row.currency: row.balance for row in rows}
