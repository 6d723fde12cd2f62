"""Read-only users (sales) can open a record to look at it: a "View" verb, Enter and double-click.

`add_view_verb(page, view)` adds it to a list page whose `read_only_reason` is set (it does
nothing for users who may edit: their Edit verb opens the same dialog).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sslbill_desktop.services.i18n import _
from sslbill_desktop.views.lists.list_page import ListPage


def add_view_verb(page: ListPage[Any], view: Callable[[Any], None]) -> None:
    if not page.read_only_reason:
        return
    page.add_verb(_("View"), lambda rows: view(rows[0]), changes_data=False)

    def activated(_index: object) -> None:
        rows = page.selected_rows()
        if rows:
            view(rows[0])

    page.table.activated.connect(activated)
