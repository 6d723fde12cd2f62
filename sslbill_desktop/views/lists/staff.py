"""Settings → Staff: admins add accounts, change roles, disable and enable them, reset passwords.

Sales staff never see this page (navigation hides it), and the service refuses them anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import staff
from sslbill_desktop.services.auth import ROLE_LABELS
from sslbill_desktop.services.i18n import N_, _, format_datetime
from sslbill_desktop.services.staff import StaffRecord
from sslbill_desktop.views import messages
from sslbill_desktop.views.dialogs.staff import STAFF, ResetPasswordDialog, StaffDialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.column_widths import datetime_samples
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def _status(row: StaffRecord) -> str:
    return _("Disabled") if row.disabled else _("Active")


class StaffPage(ListPage[StaffRecord]):
    entities = frozenset({STAFF})
    can_delete = False  # accounts are disabled, never deleted: the audit log refers to them
    edit_permission = "manage_staff"
    columns = (
        Column(N_("Login"), lambda r: r.login, width=120),
        Column(N_("Full name"), lambda r: r.full_name, width=170),
        Column(N_("E-mail"), lambda r: r.email, width=190),
        Column(N_("Role"), lambda r: _(ROLE_LABELS[r.role]), width=120),
        Column(N_("Status"), _status, width=90),
        Column(
            N_("Last sign-in"),
            lambda r: format_datetime(r.last_login_at, "short") if r.last_login_at else "—",
            samples=datetime_samples,
        ),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        self.add_verb(
            _("Disable"),
            lambda rows: self._toggle(rows[0]),
            text_for=lambda r: _("Enable") if r.disabled else _("Disable"),
            applies_to=lambda r: r.id != workspace.actor.staff_id,
        )
        self.add_verb(_("Reset password"), lambda rows: self._reset_password(rows[0]))

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[StaffRecord]:
        rows = staff.list_staff(self.workspace.db, self.workspace.actor)
        return page_of(
            rows, filter_text, offset, limit, lambda r: r.login, lambda r: r.full_name, lambda r: r.email
        )

    def is_muted(self, row: StaffRecord) -> bool:
        return row.disabled

    def describe(self, row: StaffRecord) -> str:
        return row.login

    def add_row(self) -> None:
        self.open_dialog(StaffDialog(self.workspace, None, self))

    def edit_row(self, row: StaffRecord) -> None:
        self.open_dialog(StaffDialog(self.workspace, row, self))

    def _reset_password(self, row: StaffRecord) -> None:
        self.open_dialog(ResetPasswordDialog(self.workspace, row, self))

    def _toggle(self, row: StaffRecord) -> None:
        db, actor = self.workspace.db, self.workspace.actor
        disable = not row.disabled
        if disable and not messages.confirm(
            self,
            _("Disable the account {login}? It can no longer sign in until it is enabled again.").format(
                login=row.login
            ),
            yes=_("Disable"),
            no=_("Cancel"),
        ):
            return
        run_in_background(
            lambda: staff.set_disabled(db, actor, row.id, version=row.version, disabled=disable),
            on_success=lambda _record: announce(STAFF),
            parent=self,
        )
