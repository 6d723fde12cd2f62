"""Provider → Employees: the people departments consist of and are headed by."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import departments, employees
from sslbill_desktop.services.employees import EmployeeRecord
from sslbill_desktop.services.i18n import N_
from sslbill_desktop.views.dialogs.employee import EmployeeDialog
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.lists.setup_list import SetupListPage

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


class EmployeePage(SetupListPage[EmployeeRecord]):
    entities = frozenset({employees.ENTITY, departments.ENTITY})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self._departments: dict[int, str] = {}
        super().__init__(workspace, parent)

    @property
    def columns(self) -> tuple[Column[EmployeeRecord], ...]:  # type: ignore[override]
        return (
            Column(N_("Full name"), lambda r: r.full_name, width=190),
            Column(N_("E-mail"), lambda r: r.email, width=200),
            Column(N_("Phone"), lambda r: r.phone, width=140),
            Column(N_("Departments"), self._department_names, width=220),
            Column(N_("Staff account"), lambda r: r.staff_login or "—"),
        )

    def _department_names(self, row: EmployeeRecord) -> str:
        return ", ".join(self._departments.get(i, "?") for i in row.department_ids) or "—"

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[EmployeeRecord]:
        db, actor = self.workspace.db, self.workspace.actor
        self._departments = {x.id: x.title for x in departments.list_departments(db, actor)}
        rows = employees.list_employees(db, actor)
        return page_of(
            rows, filter_text, offset, limit, lambda r: r.full_name, lambda r: r.email, lambda r: r.phone
        )

    def describe(self, row: EmployeeRecord) -> str:
        return row.full_name

    def dialog_for(self, row: EmployeeRecord | None) -> EmployeeDialog:
        return EmployeeDialog(self.workspace, row, self)

    def delete_record(self, row: EmployeeRecord) -> None:
        employees.delete_employee(self.workspace.db, self.workspace.actor, row.id, version=row.version)
