"""Clients → Clients: who certificates are sold to, with their balances. Sales and admins manage them.

Add and Edit open the client dialog (details and contacts); "Ledger…" shows a client's accounts
and every entry with its explanation, where payments and corrections are recorded; "Record
payment…" goes straight to the payment form of the client's main account. Delete is refused by
the service once money has moved on the client's accounts. The list pages and filters in the
database (name, company, e-mail), so it stays quick with any number of clients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import clients
from sslbill_desktop.services.clients import ClientRecord, ClientRow
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import N_, NC_, _, format_money
from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.client import CLIENT, ClientDialog, load_form
from sslbill_desktop.views.dialogs.ledger import LedgerDialog
from sslbill_desktop.views.dialogs.money_entry import PaymentDialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def _balances(row: ClientRow) -> str:
    return "; ".join(format_money(balance, currency) for currency, balance in row.balances)


class ClientsPage(ListPage[ClientRow]):
    entities = frozenset({CLIENT, "provider", "client_group"})
    edit_permission = "manage_clients"
    columns = (
        Column(NC_("person", "Name"), lambda r: r.name, width=160, context="person"),
        Column(N_("Company"), lambda r: r.company, width=140),
        Column(N_("E-mail"), lambda r: r.email, width=180),
        Column(N_("Provider"), lambda r: r.provider_name, width=110),
        Column(N_("Client group"), lambda r: r.client_group_name, width=100),
        Column(N_("Balance"), _balances, align_right=True),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.add_verb(_("Ledger…"), self._ledger_verb, changes_data=False, shortcut="Ctrl+L")
        self.add_verb(_("Record payment…"), self._payment_verb)

    def _ledger_verb(self, rows: list[ClientRow]) -> None:
        self.open_ledger(rows[0])

    def _payment_verb(self, rows: list[ClientRow]) -> None:
        self.record_payment(rows[0])

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[ClientRow]:
        page = clients.list_clients(
            self.workspace.db, self.workspace.actor, filter_text=filter_text, offset=offset, limit=limit
        )
        return RowPage(page.rows, page.total)

    def _client(self, client_id: int) -> ClientRecord | None:
        """The client as stored now (load, then show); None after telling the user why not."""
        try:
            return clients.get_client(self.workspace.db, self.workspace.actor, client_id)
        except UserError as exc:
            errors.present(self, exc)
            announce(CLIENT)
            return None

    def add_row(self) -> None:
        try:
            form = load_form(self.workspace, None)
        except UserError as exc:
            errors.present(self, exc)
            return
        self.open_dialog(ClientDialog(self.workspace, form, self))

    def edit_row(self, row: ClientRow) -> None:
        try:
            form = load_form(self.workspace, row.id)
        except UserError as exc:
            errors.present(self, exc)
            announce(CLIENT)
            return
        self.open_dialog(ClientDialog(self.workspace, form, self))

    def delete_rows(self, rows: list[ClientRow]) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def delete_all() -> None:
            for row in rows:
                clients.delete_client(db, actor, row.id, version=row.version)

        run_in_background(
            delete_all,
            on_success=lambda _result: announce(CLIENT),
            on_failure=self._deletion_failed,
            parent=self,
        )

    def _deletion_failed(self, exc: BaseException) -> None:
        errors.present(self, exc)
        announce(CLIENT)  # some may have gone before the refusal

    def open_ledger(self, row: ClientRow) -> LedgerDialog | None:
        record = self._client(row.id)
        if record is None:
            return None
        dialog = LedgerDialog(self.workspace, record, self)
        self.open_dialog(dialog)
        return dialog

    def record_payment(self, row: ClientRow) -> PaymentDialog | None:
        record = self._client(row.id)
        if record is None:
            return None
        account = next((a for a in record.accounts if a.currency == record.currency), None)
        if account is None and record.accounts:
            account = record.accounts[0]
        if account is None:
            errors.present(
                self, UserError(_("The client {name} has no account yet.").format(name=record.name))
            )
            return None
        dialog = PaymentDialog(self.workspace, account, record.name, self)
        self.open_dialog(dialog)
        return dialog
