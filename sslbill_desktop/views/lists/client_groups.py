"""Clients → Client groups: what the clients of each group may do with their services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import client_groups
from sslbill_desktop.services.client_groups import ClientGroupRecord
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.client_group import CLIENT_GROUP, ClientGroupDialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.lists.read_only_view import add_view_verb
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


class ClientGroupPage(ListPage[ClientGroupRecord]):
    entities = frozenset({CLIENT_GROUP})
    columns = (
        Column(N_("Name"), lambda r: r.name, width=220),
        Column(N_("Suspension/activation"), lambda r: yes_no(r.allow_suspend_resume), width=170),
        Column(N_("Service deletion"), lambda r: yes_no(r.allow_deletion), width=140),
        Column(N_("Ignores the number of services"), lambda r: yes_no(r.ignore_service_limit)),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        add_view_verb(self, self.view_row)

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[ClientGroupRecord]:
        rows = client_groups.list_client_groups(self.workspace.db, self.workspace.actor)
        return page_of(rows, filter_text, offset, limit, lambda r: r.name)

    def add_row(self) -> None:
        self.open_dialog(ClientGroupDialog(self.workspace, None, self, on_saved=self._select))

    def edit_row(self, row: ClientGroupRecord) -> None:
        self.open_dialog(ClientGroupDialog(self.workspace, row, self))

    def view_row(self, row: ClientGroupRecord) -> None:
        self.open_dialog(ClientGroupDialog(self.workspace, row, self, read_only_reason=self.read_only_reason))

    def delete_rows(self, rows: list[ClientGroupRecord]) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def delete() -> None:
            for row in rows:
                client_groups.delete_client_group(db, actor, row.id, version=row.version)

        run_in_background(
            delete,
            on_success=lambda _result: announce(CLIENT_GROUP),
            on_failure=self._deletion_failed,
            parent=self,
        )

    def _deletion_failed(self, exc: BaseException) -> None:
        announce(CLIENT_GROUP)  # some rows may be gone already
        errors.present(self, exc)

    def _select(self, record: ClientGroupRecord) -> None:
        self.reload()
        self.select_key(record.id)
