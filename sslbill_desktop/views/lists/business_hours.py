"""Provider → Business hours: the weekly schedules departments work by."""

from __future__ import annotations

from sslbill_desktop.services import business_hours
from sslbill_desktop.services.business_hours import BusinessHoursRecord
from sslbill_desktop.services.i18n import N_
from sslbill_desktop.views.dialogs.business_hours import BusinessHoursDialog
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.lists.setup_list import SetupListPage


class BusinessHoursPage(SetupListPage[BusinessHoursRecord]):
    entities = frozenset({business_hours.ENTITY})
    columns = (
        Column(N_("Name"), lambda r: r.name, width=200),
        Column(N_("Time zone"), lambda r: r.time_zone, width=170),
        Column(N_("Schedule"), lambda r: r.description),
    )

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[BusinessHoursRecord]:
        rows = business_hours.list_business_hours(self.workspace.db, self.workspace.actor)
        return page_of(rows, filter_text, offset, limit, lambda r: r.name, lambda r: r.time_zone)

    def dialog_for(self, row: BusinessHoursRecord | None) -> BusinessHoursDialog:
        return BusinessHoursDialog(self.workspace, row, self)

    def delete_record(self, row: BusinessHoursRecord) -> None:
        business_hours.delete_business_hours(
            self.workspace.db, self.workspace.actor, row.id, version=row.version
        )
