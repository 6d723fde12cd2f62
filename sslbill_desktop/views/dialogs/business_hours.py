"""Provider → Business hours → Add / Edit: a name, a weekly schedule and a time zone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimeZone
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from sslbill_desktop.services import business_hours
from sslbill_desktop.services.business_hours import DAYS, BusinessHoursRecord
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views.dialogs.setup_dialog import SetupDialog
from sslbill_desktop.views.widgets.schedule_edit import ScheduleEdit, day_names

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def system_time_zone(choices: list[str]) -> str:
    """This computer's IANA time zone when it is one of `choices`, else UTC."""
    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return zone if zone in choices else "UTC"


def time_zone_combo(choices: list[str], selected: str) -> QComboBox:
    """An editable combo of every IANA time zone; typing filters by any part ("Berl")."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(choices)
    completer = QCompleter(choices, combo)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    combo.setCompleter(completer)
    index = combo.findText(selected)
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setEditText(selected)
    return combo


class BusinessHoursDialog(SetupDialog):
    entity = business_hours.ENTITY

    def __init__(
        self, workspace: Workspace, record: BusinessHoursRecord | None = None, parent: QWidget | None = None
    ) -> None:
        title = (
            _("New business hours") if record is None else _("Business hours {name}").format(name=record.name)
        )
        super().__init__(title, workspace, parent)
        self._record = record
        self._init_fields()
        self._finish_init()
        self.setMinimumWidth(560)

    def _init_fields(self) -> None:
        record = self._record
        self._name_edit = QLineEdit(record.name if record else "")
        self._name_edit.setPlaceholderText(_("for example: Working days"))
        self._add_field("name", _("Name:"), self._name_edit, required=True)
        zones = business_hours.time_zone_choices()
        self._zone_combo = time_zone_combo(zones, record.time_zone if record else system_time_zone(zones))
        self._add_field("time_zone", _("Time zone:"), self._zone_combo, required=True)
        self._zone_combo.editTextChanged.connect(lambda _text: self._refresh_check())
        self._schedule_edit = ScheduleEdit()
        if record is not None:
            self._schedule_edit.set_value(record.schedule)
        else:
            self._schedule_edit.set_value({day: [("09:00", "18:00")] for day in DAYS[:5]})
        self._add_field("schedule", _("Schedule:"), self._schedule_edit)
        self._add_note(
            _(
                "Several intervals a day are allowed (for example 09:00–13:00 and 14:00–18:00); "
                "a day without intervals is a day off. 24:00 may end a day."
            )
        )

    @property
    def schedule_edit(self) -> ScheduleEdit:
        return self._schedule_edit

    def _problems(self) -> Sequence[ValidationError]:
        values = self._values()
        return business_hours.field_problems(
            name=values["name"], time_zone=values["time_zone"], schedule=values["schedule"]
        )

    def describe(self, problem: ValidationError) -> str:
        prefix, _dot, day = problem.field.partition(".")
        if prefix == "schedule" and day in DAYS:
            return "{label}, {day}: {message}".format(
                label=_("Schedule:").rstrip(":"), day=day_names()[day], message=problem.detail
            )
        return super().describe(problem)

    def _show_field_error(self, field: str, message: str) -> None:
        prefix, _dot, day = field.partition(".")
        if prefix == "schedule" and day in DAYS:
            message = f"{day_names()[day]}: {message}"
        super()._show_field_error(field, message)

    def _save(self) -> None:
        db, actor, values, record = self._workspace.db, self._workspace.actor, self._values(), self._record
        if record is None:
            self._submit_record(
                lambda: business_hours.create_business_hours(
                    db, actor, name=values["name"], time_zone=values["time_zone"], schedule=values["schedule"]
                )
            )
        else:
            self._submit_record(
                lambda: business_hours.update_business_hours(
                    db,
                    actor,
                    record.id,
                    version=record.version,
                    name=values["name"],
                    time_zone=values["time_zone"],
                    schedule=values["schedule"],
                )
            )
