"""Integration → Data centers: where the processing modules' services live."""

from __future__ import annotations

from sslbill_desktop.services import data_centers
from sslbill_desktop.services.data_centers import DataCenterRecord
from sslbill_desktop.services.i18n import N_
from sslbill_desktop.views.dialogs.data_center import DataCenterDialog
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.lists.setup_list import SetupListPage


class DataCenterPage(SetupListPage[DataCenterRecord]):
    entities = frozenset({data_centers.ENTITY})
    columns = (
        Column(N_("Name"), lambda r: r.title, width=260),
        Column(N_("Sorting order"), lambda r: str(r.sorting), width=120),
        Column(N_("External data center id"), lambda r: r.external_id or "—"),
    )

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[DataCenterRecord]:
        rows = data_centers.list_data_centers(self.workspace.db, self.workspace.actor)
        return page_of(
            rows, filter_text, offset, limit, lambda r: " ".join(r.name.values()), lambda r: r.external_id
        )

    def describe(self, row: DataCenterRecord) -> str:
        return row.title

    def dialog_for(self, row: DataCenterRecord | None) -> DataCenterDialog:
        return DataCenterDialog(self.workspace, row, self)

    def delete_record(self, row: DataCenterRecord) -> None:
        data_centers.delete_data_center(self.workspace.db, self.workspace.actor, row.id, version=row.version)
