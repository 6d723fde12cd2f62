"""Products → Product types: the SSL certificate type and the settings plans fall back to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import product_types
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import N_, _, ngettext
from sslbill_desktop.services.product_types import ProductTypeRecord
from sslbill_desktop.services.tariff_words import label
from sslbill_desktop.views.dialogs.product_type import PRODUCT_TYPE, ProductTypeDialog, languages_of
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.lists.read_only_view import add_view_verb

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def _name(row: ProductTypeRecord) -> str:
    return pick(row.name, "en") or row.code


def _auto_delete(row: ProductTypeRecord) -> str:
    days = row.auto_delete_days
    if days is None:
        return _("Never")
    return ngettext("{n} day after expiry", "{n} days after expiry", days).format(n=days)


class ProductTypePage(ListPage[ProductTypeRecord]):
    entities = frozenset({PRODUCT_TYPE})
    can_add = False  # the SSL certificate type comes with the application
    can_delete = False
    columns = (
        Column(N_("Name"), _name, width=200),
        Column(N_("Auto-deletion period"), _auto_delete, width=180),
        Column(N_("Suspend service on weekends"), lambda r: label(r.suspend_on_weekends)),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        add_view_verb(self, self.view_row)

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[ProductTypeRecord]:
        rows = product_types.list_product_types(self.workspace.db, self.workspace.actor)
        return page_of(rows, filter_text, offset, limit, _name)

    def describe(self, row: ProductTypeRecord) -> str:
        return _name(row)

    def edit_row(self, row: ProductTypeRecord) -> None:
        self.open_dialog(ProductTypeDialog(self.workspace, row, languages_of(self.workspace), self))

    def view_row(self, row: ProductTypeRecord) -> None:
        self.open_dialog(
            ProductTypeDialog(
                self.workspace,
                row,
                languages_of(self.workspace),
                self,
                read_only_reason=self.read_only_reason,
            )
        )
