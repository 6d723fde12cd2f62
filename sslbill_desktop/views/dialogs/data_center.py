"""Integration → Data centers → Add / Edit: name per localization, external id, sorting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLineEdit, QWidget

from sslbill_desktop.services import data_centers
from sslbill_desktop.services.data_centers import DataCenterRecord
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import workspace_languages
from sslbill_desktop.views.dialogs.setup_dialog import SetupDialog
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit
from sslbill_desktop.views.widgets.sorting_spin import SortingSpin

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


@dataclass(frozen=True)
class DataCenterForm:
    """What the dialog needs besides the record: the languages and the next sorting position."""

    languages: Languages
    next_sorting: int

    @classmethod
    def load(cls, workspace: Workspace) -> DataCenterForm:
        rows = data_centers.list_data_centers(workspace.db, workspace.actor)
        return cls(languages_of(workspace), max((r.sorting for r in rows), default=0) + 1)


def languages_of(workspace: Workspace) -> Languages:
    """The workspace's localizations, the default one first."""
    records = workspace_languages(workspace.db)
    default = next((x.code for x in records if x.is_default), records[0].code)
    return Languages(tuple(x.code for x in records), default)


class DataCenterDialog(SetupDialog):
    entity = data_centers.ENTITY

    def __init__(
        self,
        workspace: Workspace,
        record: DataCenterRecord | None = None,
        parent: QWidget | None = None,
        *,
        form: DataCenterForm | None = None,
    ) -> None:
        title = _("New data center") if record is None else _("Data center {name}").format(name=record.title)
        super().__init__(title, workspace, parent)
        self._record = record
        self._data = form or DataCenterForm.load(workspace)
        self._init_fields()
        self._finish_init()
        self.setMinimumWidth(480)

    def _init_fields(self) -> None:
        record = self._record
        self._name_edit = LocalizedEdit(self._data.languages.codes)
        self._name_edit.set_value(record.name if record else {})
        self._name_edit.setToolTip(
            _("The data center's name, shown in the interface, for each localization.")
        )
        self._add_field("name", _("Name:"), self._name_edit, required=True)
        self._external_id_edit = QLineEdit(record.external_id if record else "")
        self._external_id_edit.setPlaceholderText(_("leave blank"))
        self._add_field("external_id", _("External data center id:"), self._external_id_edit)
        self._sorting_spin = SortingSpin(record.sorting if record else self._data.next_sorting)
        self._add_field("sorting", _("Sorting order:"), self._sorting_spin)
        self._add_note(_("The priority among the data centers: the lowest number has the highest priority."))

    def _problems(self) -> Sequence[ValidationError]:
        values = self._values()
        return data_centers.field_problems(
            self._data.languages,
            name=values["name"],
            external_id=values["external_id"],
            sorting=values["sorting"],
        )

    def _save(self) -> None:
        db, actor, values, record = self._workspace.db, self._workspace.actor, self._values(), self._record
        if record is None:
            self._submit_record(
                lambda: data_centers.create_data_center(
                    db,
                    actor,
                    name=values["name"],
                    external_id=values["external_id"],
                    sorting=values["sorting"],
                )
            )
        else:
            self._submit_record(
                lambda: data_centers.update_data_center(
                    db,
                    actor,
                    record.id,
                    version=record.version,
                    name=values["name"],
                    external_id=values["external_id"],
                    sorting=values["sorting"],
                )
            )
