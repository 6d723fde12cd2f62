"""The shared part of the set-up lists (data centers, departments, business hours, employees).

A subclass says how to build its dialog for a record (None: a new one) and how to delete one
row; this base opens the dialog for Add, Edit and — for staff who may only look — View, selects
a record after it was saved, and deletes in the background (the rows deleted before a refusal
stay deleted; the refusal is shown).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.setup_dialog import SetupDialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Row
from sslbill_desktop.views.lists.read_only_view import add_view_verb
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


class SetupListPage(ListPage[Row]):
    """See the module documentation."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        add_view_verb(self, self.edit_row)

    # --- what a list defines ------------------------------------------------------------------

    def dialog_for(self, row: Row | None) -> SetupDialog:
        raise NotImplementedError

    def delete_record(self, row: Row) -> None:
        """Delete one row through its service (runs on a worker thread)."""
        raise NotImplementedError

    # --- verbs --------------------------------------------------------------------------------

    def add_row(self) -> None:
        dialog = self.dialog_for(None)
        dialog.saved.connect(self._select_saved)
        self.open_dialog(dialog)

    def edit_row(self, row: Row) -> None:
        """Edit, or only look for staff whose role may not change the configuration."""
        self.open_dialog(self.dialog_for(row))

    def delete_rows(self, rows: list[Row]) -> None:
        def delete() -> None:
            for row in rows:
                self.delete_record(row)

        run_in_background(delete, on_success=self._deleted, on_failure=self._deletion_failed, parent=self)

    def _deleted(self, _result: Any) -> None:
        announce(*self.entities)

    def _deletion_failed(self, exc: BaseException) -> None:
        announce(*self.entities)  # some rows may be gone already
        errors.present(self, exc)

    def _select_saved(self, record: Any) -> None:
        self.reload()
        self.select_key(getattr(record, "id", None))
