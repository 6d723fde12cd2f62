"""Clients → Client groups → Add / Edit: a group's name and what its clients may do."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from sslbill_desktop.services import client_groups
from sslbill_desktop.services.client_groups import ClientGroupRecord
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views.dialogs.checked_form import CheckedFormDialog

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

CLIENT_GROUP = client_groups.ENTITY


class ClientGroupDialog(CheckedFormDialog):
    """Add a group (`record` None) or edit one; with `read_only_reason` it only shows the group."""

    def __init__(
        self,
        workspace: Workspace,
        record: ClientGroupRecord | None = None,
        parent: QWidget | None = None,
        *,
        read_only_reason: str | None = None,
        on_saved: Callable[[ClientGroupRecord], None] | None = None,
    ) -> None:
        title = _("New client group") if record is None else _("Client group {name}").format(name=record.name)
        super().__init__(title, parent, save_text=_("OK"), read_only_reason=read_only_reason)
        self._workspace = workspace
        self._record = record
        self._on_saved = on_saved
        self._init_fields()
        self._finish_init()
        self.setMinimumWidth(480)

    def _init_fields(self) -> None:
        record = self._record
        self._name_edit = QLineEdit(record.name if record else "")
        self._add_field("name", _("Name:"), self._name_edit, required=True)
        self._suspend_check = QCheckBox(_("Allow service suspension/activation"))
        self._suspend_check.setToolTip(_("Clients of the group may suspend and activate their certificates."))
        self._suspend_check.setChecked(record.allow_suspend_resume if record else False)
        self._add_field("allow_suspend_resume", "", self._suspend_check)
        self._delete_check = QCheckBox(_("Allow service deletion"))
        self._delete_check.setToolTip(_("Clients of the group may delete their SSL certificates."))
        self._delete_check.setChecked(record.allow_deletion if record else False)
        self._add_field("allow_deletion", "", self._delete_check)
        self._ignore_check = QCheckBox(_("Ignore the number of services on the client's account"))
        self._ignore_check.setToolTip(
            _(
                "The tariff plan's limit on the number of services a client may order does not apply "
                "to the clients of this group."
            )
        )
        self._ignore_check.setChecked(record.ignore_service_limit if record else False)
        self._add_field("ignore_service_limit", "", self._ignore_check)

    def _problems(self) -> Sequence[ValidationError]:
        return client_groups.field_problems(name=self._name_edit.text())

    def _save(self) -> None:
        db, actor, record = self._workspace.db, self._workspace.actor, self._record
        name = self._name_edit.text()
        suspend, delete = self._suspend_check.isChecked(), self._delete_check.isChecked()
        ignore = self._ignore_check.isChecked()
        if record is None:
            self._submit(
                lambda: client_groups.create_client_group(
                    db,
                    actor,
                    name=name,
                    allow_suspend_resume=suspend,
                    allow_deletion=delete,
                    ignore_service_limit=ignore,
                ),
                on_saved=self._on_saved,
                changes=(CLIENT_GROUP,),
            )
        else:
            self._submit(
                lambda: client_groups.update_client_group(
                    db,
                    actor,
                    record.id,
                    version=record.version,
                    name=name,
                    allow_suspend_resume=suspend,
                    allow_deletion=delete,
                    ignore_service_limit=ignore,
                ),
                on_saved=self._on_saved,
                changes=(CLIENT_GROUP,),
            )
