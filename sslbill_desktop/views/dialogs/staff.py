"""Staff account dialogs: add or edit an account (name, e-mail, role) and reset a password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from sslbill_desktop.services import staff
from sslbill_desktop.services.auth import ROLE_LABELS, Role
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views.dialogs.form_dialog import FormDialog

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

STAFF = "staff"


def role_combo(selected: Role = Role.SALES) -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(_(ROLE_LABELS[role]), role.value)
    combo.setCurrentIndex(combo.findData(selected.value))
    return combo


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class StaffDialog(FormDialog):
    """Add an account (`record` None) or edit one loaded just before (its version guards the save)."""

    def __init__(
        self, workspace: Workspace, record: staff.StaffRecord | None = None, parent: QWidget | None = None
    ) -> None:
        title = (
            _("New staff account")
            if record is None
            else _("Staff account {login}").format(login=record.login)
        )
        super().__init__(title, parent)
        self._workspace = workspace
        self._record = record
        self._init_fields()
        self._mark_clean()
        self.setMinimumWidth(460)

    def _init_fields(self) -> None:
        record = self._record
        if record is None:
            self._login_edit: QLineEdit | None = QLineEdit()
            self._add_field("login", _("Login:"), self._login_edit)
        else:
            self._login_edit = None
            login = QLabel(record.login)
            self._form.addRow(_("Login:"), login)
        self._name_edit = QLineEdit(record.full_name if record else "")
        self._add_field("full_name", _("Full name:"), self._name_edit)
        self._email_edit = QLineEdit(record.email if record else "")
        self._add_field("email", _("E-mail:"), self._email_edit)
        self._role_combo = role_combo(record.role if record else Role.SALES)
        self._add_field("role", _("Role:"), self._role_combo)
        if record is None:
            self._password_edit = password_edit()
            self._add_field("password", _("Password:"), self._password_edit)
            self._repeat_edit = password_edit()
            self._add_field("password_repeat", _("Repeat password:"), self._repeat_edit)
            self._add_note(_("Tell the new colleague the password in person; it is stored only as a hash."))

    def _save(self) -> None:
        db, actor, values = self._workspace.db, self._workspace.actor, self._values()
        record = self._record
        if record is None:
            if values["password"] != values["password_repeat"]:
                self._show_field_error("password_repeat", _("the two passwords differ"))
                return
            self._submit(
                lambda: staff.create_staff(
                    db,
                    actor,
                    login=values["login"],
                    full_name=values["full_name"],
                    email=values["email"],
                    role=values["role"],
                    password=values["password"],
                ),
                changes=(STAFF,),
            )
        else:
            self._submit(
                lambda: staff.update_staff(
                    db,
                    actor,
                    record.id,
                    version=record.version,
                    full_name=values["full_name"],
                    email=values["email"],
                    role=values["role"],
                ),
                changes=(STAFF,),
            )


class ResetPasswordDialog(FormDialog):
    def __init__(
        self, workspace: Workspace, record: staff.StaffRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            _("New password for {login}").format(login=record.login), parent, save_text=_("Set password")
        )
        self._workspace = workspace
        self._record = record
        self._password_edit = password_edit()
        self._add_field("password", _("New password:"), self._password_edit)
        self._repeat_edit = password_edit()
        self._add_field("password_repeat", _("Repeat password:"), self._repeat_edit)
        self._mark_clean()
        self.setMinimumWidth(420)

    def _save(self) -> None:
        db, actor, record, values = self._workspace.db, self._workspace.actor, self._record, self._values()
        if values["password"] != values["password_repeat"]:
            self._show_field_error("password_repeat", _("the two passwords differ"))
            return
        self._submit(
            lambda: staff.reset_password(
                db, actor, record.id, version=record.version, password=values["password"]
            ),
            changes=(STAFF,),
        )
