"""Provider → Employees → Add / Edit: name, e-mail, phone, departments, the linked staff account."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from sslbill_desktop.services import departments, employees
from sslbill_desktop.services.employees import EmployeeRecord
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views.dialogs.setup_dialog import SetupDialog
from sslbill_desktop.views.widgets.check_list import CheckList
from sslbill_desktop.views.widgets.reference_combo import ReferenceCombo

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


@dataclass(frozen=True)
class EmployeeForm:
    """What the dialog offers: the departments and the staff accounts the employee may link to."""

    departments: tuple[tuple[int, str], ...]
    staff: tuple[tuple[int, str], ...]

    @classmethod
    def load(cls, workspace: Workspace, employee_id: int | None = None) -> EmployeeForm:
        db, actor = workspace.db, workspace.actor
        return cls(
            tuple((x.id, x.title) for x in departments.list_departments(db, actor)),
            tuple(
                (x.id, f"{x.login} ({x.full_name})" if x.full_name else x.login)
                for x in employees.linkable_staff(db, actor, employee_id)
            ),
        )


class EmployeeDialog(SetupDialog):
    entity = employees.ENTITY

    def __init__(
        self,
        workspace: Workspace,
        record: EmployeeRecord | None = None,
        parent: QWidget | None = None,
        *,
        form: EmployeeForm | None = None,
    ) -> None:
        title = _("New employee") if record is None else _("Employee {name}").format(name=record.full_name)
        super().__init__(title, workspace, parent)
        self._record = record
        self._data = form or EmployeeForm.load(workspace, record.id if record else None)
        self._init_fields()
        self._finish_init()
        self.setMinimumWidth(480)

    def _init_fields(self) -> None:
        record = self._record
        self._name_edit = QLineEdit(record.full_name if record else "")
        self._add_field("full_name", _("Full name:"), self._name_edit, required=True)
        self._email_edit = QLineEdit(record.email if record else "")
        self._add_field("email", _("E-mail:"), self._email_edit)
        self._phone_edit = QLineEdit(record.phone if record else "")
        self._phone_edit.setPlaceholderText("+1 555 0100")
        self._add_field("phone", _("Phone:"), self._phone_edit)
        self._departments_list = CheckList(empty_text=_("No departments yet (Provider → Departments)."))
        self._departments_list.set_choices(self._data.departments)
        self._departments_list.set_checked(record.department_ids if record else ())
        self._add_field("department_ids", _("Departments:"), self._departments_list)
        self._staff_combo = ReferenceCombo()
        self._staff_combo.set_choices(self._data.staff, none_text=_("— not linked —"))
        self._staff_combo.select(record.staff_id if record else None)
        self._staff_combo.setToolTip(_("The staff account this employee signs in with, if any."))
        self._add_field("staff_id", _("Staff account:"), self._staff_combo)

    def _problems(self) -> Sequence[ValidationError]:
        values = self._values()
        return employees.field_problems(
            full_name=values["full_name"], email=values["email"], phone=values["phone"]
        )

    def _save(self) -> None:
        db, actor, values, record = self._workspace.db, self._workspace.actor, self._values(), self._record
        common = {
            "full_name": values["full_name"],
            "email": values["email"],
            "phone": values["phone"],
            "department_ids": values["department_ids"],
            "staff_id": values["staff_id"],
        }
        if record is None:
            self._submit_record(lambda: employees.create_employee(db, actor, **common))
        else:
            self._submit_record(
                lambda: employees.update_employee(db, actor, record.id, version=record.version, **common)
            )
