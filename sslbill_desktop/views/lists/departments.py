"""Provider → Departments: who processing-module tasks and support requests go to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import business_hours, departments
from sslbill_desktop.services.departments import DepartmentRecord
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.localizations import language_title
from sslbill_desktop.views.dialogs.department import DepartmentDialog
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.lists.setup_list import SetupListPage

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


class DepartmentPage(SetupListPage[DepartmentRecord]):
    entities = frozenset({departments.ENTITY, business_hours.ENTITY})

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        self._hours: dict[int, str] = {}
        super().__init__(workspace, parent)

    @property
    def columns(self) -> tuple[Column[DepartmentRecord], ...]:  # type: ignore[override]
        return (
            Column(N_("Name"), lambda r: r.title, width=220),
            Column(N_("Business hours"), lambda r: self._hours.get(r.business_hours_id or 0, "—"), width=160),
            Column(
                N_("Show in support center"),
                lambda r: _("Yes") if r.show_in_support_center else _("No"),
                width=170,
            ),
            Column(N_("Task localization"), lambda r: language_title(r.task_language), width=130),
            Column(
                N_("Sort"), lambda r: str(r.sorting) if r.show_in_support_center else "—", align_right=True
            ),
        )

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[DepartmentRecord]:
        db, actor = self.workspace.db, self.workspace.actor
        self._hours = {x.id: x.name for x in business_hours.list_business_hours(db, actor)}
        rows = departments.list_departments(db, actor)
        return page_of(rows, filter_text, offset, limit, lambda r: " ".join(r.name.values()))

    def describe(self, row: DepartmentRecord) -> str:
        return row.title

    def dialog_for(self, row: DepartmentRecord | None) -> DepartmentDialog:
        return DepartmentDialog(self.workspace, row, self)

    def delete_record(self, row: DepartmentRecord) -> None:
        departments.delete_department(self.workspace.db, self.workspace.actor, row.id, version=row.version)
