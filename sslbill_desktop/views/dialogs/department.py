"""Provider → Departments → Add / Edit.

Main settings: name per localization, business hours, "show in support center", task
localization. The department settings (the providers whose clients see the department, the head
of department, the ticket category description, the sort) are enabled only while "show in
support center" is checked; unchecked, the service ignores them and keeps what was stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit, QWidget

from sslbill_desktop.services import business_hours, departments, employees, providers
from sslbill_desktop.services.departments import DepartmentRecord
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import workspace_languages
from sslbill_desktop.views.dialogs.data_center import languages_of
from sslbill_desktop.views.dialogs.setup_dialog import SetupDialog
from sslbill_desktop.views.widgets.check_list import CheckList
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit
from sslbill_desktop.views.widgets.reference_combo import ReferenceCombo
from sslbill_desktop.views.widgets.sorting_spin import SortingSpin

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

Choices = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class DepartmentForm:
    """What the dialog offers: languages (code, name), business hours, providers, employees."""

    languages: Languages
    language_names: tuple[tuple[str, str], ...]
    business_hours: Choices
    providers: Choices
    employees: Choices
    next_sorting: int

    @classmethod
    def load(cls, workspace: Workspace) -> DepartmentForm:
        db, actor = workspace.db, workspace.actor
        existing = departments.list_departments(db, actor)
        return cls(
            languages_of(workspace),
            tuple((x.code, x.name) for x in workspace_languages(db)),
            tuple((x.id, x.name) for x in business_hours.list_business_hours(db, actor)),
            tuple((x.id, x.name) for x in providers.list_providers(db, actor)),
            tuple((x.id, x.full_name) for x in employees.list_employees(db, actor)),
            max((x.sorting for x in existing), default=0) + 1,
        )


class DepartmentDialog(SetupDialog):
    entity = departments.ENTITY

    def __init__(
        self,
        workspace: Workspace,
        record: DepartmentRecord | None = None,
        parent: QWidget | None = None,
        *,
        form: DepartmentForm | None = None,
    ) -> None:
        title = _("New department") if record is None else _("Department {name}").format(name=record.title)
        super().__init__(title, workspace, parent)
        self._record = record
        self._data = form or DepartmentForm.load(workspace)
        self._init_main_settings()
        self._init_department_settings()
        self._connect()
        self._update_settings_enabled()
        self._finish_init()
        self.setMinimumWidth(560)

    def _init_main_settings(self) -> None:
        record = self._record
        _group, form = self._group(_("Main settings"))
        self._name_edit = LocalizedEdit(self._data.languages.codes)
        self._name_edit.set_value(record.name if record else {})
        self._add_group_field(form, "name", _("Name:"), self._name_edit, required=True)
        self._hours_combo = ReferenceCombo()
        self._hours_combo.set_choices(self._data.business_hours, none_text=_("— not set —"))
        self._hours_combo.select(record.business_hours_id if record else None)
        self._hours_combo.setToolTip(_("Working hours that define the department's response time."))
        self._add_group_field(form, "business_hours_id", _("Business hours:"), self._hours_combo)
        self._support_check = QCheckBox(_("Show in support center"))
        self._support_check.setChecked(record.show_in_support_center if record else False)
        self._support_check.setToolTip(
            _("Clients can address support requests to the department. This enables the department settings.")
        )
        self._add_group_field(form, "show_in_support_center", "", self._support_check)
        self._language_combo = QComboBox()
        for code, name in self._data.language_names:
            self._language_combo.addItem(name, code)
        chosen = record.task_language if record else self._data.languages.default
        self._language_combo.setCurrentIndex(max(self._language_combo.findData(chosen), 0))
        self._language_combo.setToolTip(_("The language of the task notifications sent to the department."))
        self._add_group_field(form, "task_language", _("Task localization:"), self._language_combo)

    def _init_department_settings(self) -> None:
        record = self._record
        self._settings_group, form = self._group(_("Department settings"))
        self._providers_list = CheckList(empty_text=_("No providers yet (Provider → Providers)."))
        self._providers_list.set_choices(self._data.providers)
        self._providers_list.set_checked(record.provider_ids if record else ())
        self._add_group_field(
            form, "provider_ids", _("Available to clients of the selected providers:"), self._providers_list
        )
        self._head_combo = ReferenceCombo()
        self._head_combo.set_choices(self._data.employees, none_text=_("— nobody —"))
        self._head_combo.select(record.head_employee_id if record else None)
        self._add_group_field(form, "head_employee_id", _("Head of department:"), self._head_combo)
        self._description_edit = QPlainTextEdit(record.ticket_category_description if record else "")
        self._description_edit.setTabChangesFocus(True)
        self._description_edit.setFixedHeight(self._description_edit.fontMetrics().lineSpacing() * 4 + 12)
        self._description_edit.setPlaceholderText(
            _("What the department does, shown to clients choosing a department.")
        )
        self._add_group_field(
            form, "ticket_category_description", _("Ticket category description:"), self._description_edit
        )
        self._sorting_spin = SortingSpin(record.sorting if record else self._data.next_sorting)
        self._add_group_field(form, "sorting", _("Sort:"), self._sorting_spin)

    def _connect(self) -> None:
        self._support_check.toggled.connect(self._update_settings_enabled)
        self._support_check.toggled.connect(lambda _on: self._refresh_check())

    def _update_settings_enabled(self) -> None:
        shown = self._support_check.isChecked()
        self._settings_group.setEnabled(shown)
        self._settings_group.setToolTip(
            "" if shown else _("Check “Show in support center” to use the department settings.")
        )

    @property
    def settings_enabled(self) -> bool:
        return self._settings_group.isEnabled()

    def _problems(self) -> Sequence[ValidationError]:
        values = self._values()
        return departments.field_problems(
            self._data.languages,
            name=values["name"],
            show_in_support_center=values["show_in_support_center"],
            ticket_category_description=values["ticket_category_description"],
            sorting=values["sorting"],
        )

    def _save(self) -> None:
        db, actor, values, record = self._workspace.db, self._workspace.actor, self._values(), self._record
        common = {
            "name": values["name"],
            "business_hours_id": values["business_hours_id"],
            "show_in_support_center": values["show_in_support_center"],
            "task_language": values["task_language"],
            "provider_ids": values["provider_ids"],
            "head_employee_id": values["head_employee_id"],
            "ticket_category_description": values["ticket_category_description"],
            "sorting": values["sorting"],
        }
        if record is None:
            self._submit_record(lambda: departments.create_department(db, actor, **common))
        else:
            self._submit_record(
                lambda: departments.update_department(db, actor, record.id, version=record.version, **common)
            )
