"""A table model over plain row dataclasses, fetched a page at a time from a loader.

`loader(filter_text, offset, limit) -> RowPage(rows, total)` is a service call. The model asks
for the first page when the filter changes and for the next one when the view scrolls near the
end (`canFetchMore`/`fetchMore`), so a list of 100,000 rows paints after one page of 200.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from sslbill_desktop.services.i18n import _, pgettext

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex

DEFAULT_PAGE_SIZE = 200


@dataclass(frozen=True)
class RowPage(Generic[Row]):
    """One page of rows and the number of rows matching the filter in all."""

    rows: Sequence[Row]
    total: int


Loader = Callable[[str, int, int], RowPage[Any]]


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column: its title (marked with `N_`, translated when shown) and how to show a row's value.

    `width` is the width the column starts with; it is widened to its translated title and, with
    `samples`, to the widest of those texts (dates in the UI language: `column_widths.date_samples`).
    A title that needs a gettext context names it in `context` (marked with `NC_(context, title)`)
    and is translated with `pgettext`. `tooltip` is a cell's tooltip (its text by default).
    """

    title: str
    text: Callable[[Row], str]
    align_right: bool = False
    width: int | None = None
    context: str | None = None
    samples: Callable[[], Iterable[str]] | None = None
    tooltip: Callable[[Row], str] | None = None

    def heading(self) -> str:
        """The title in the UI language."""
        return pgettext(self.context, self.title) if self.context else _(self.title)


def page_of(
    rows: Sequence[Row], filter_text: str, offset: int, limit: int, *fields: Callable[[Row], str]
) -> RowPage[Row]:
    """Filter and slice a short list in memory (for lists a service returns whole, like staff)."""
    needle = filter_text.strip().casefold()
    if needle:
        rows = [row for row in rows if any(needle in field(row).casefold() for field in fields)]
    return RowPage(rows[offset : offset + limit], len(rows))


class PagedTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self,
        columns: Sequence[Column[Row]],
        loader: Loader,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        key: Callable[[Row], Hashable] = lambda row: getattr(row, "id", None),
        muted: Callable[[Row], bool] | None = None,
    ) -> None:
        super().__init__()
        self._columns = list(columns)
        self._loader = loader
        self._page_size = page_size
        self._key = key
        self._muted = muted
        self._rows: list[Row] = []
        self._total = 0
        self._filter = ""

    # --- loading ------------------------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._filter

    @property
    def total(self) -> int:
        """Rows matching the filter, loaded or not."""
        return self._total

    def set_filter(self, text: str) -> None:
        self._filter = text
        self.reload()

    def reload(self) -> None:
        """Drop the loaded rows and load the first page again (the loader may raise)."""
        page = self._loader(self._filter, 0, self._page_size)
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total = max(page.total, len(self._rows))
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.canFetchMore():
            return
        page = self._loader(self._filter, len(self._rows), self._page_size)
        rows = list(page.rows)
        if not rows:  # fewer rows than the total said (deleted meanwhile): stop asking
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        self._total = max(page.total, len(self._rows))

    # --- access -------------------------------------------------------------------------------

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def loaded_rows(self) -> list[Row]:
        return list(self._rows)

    def key_of(self, row: Row) -> Hashable:
        return self._key(row)

    def find(self, key: Hashable) -> int | None:
        """The position of the loaded row with this key, or None."""
        return next((i for i, row in enumerate(self._rows) if self._key(row) == key), None)

    # --- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].heading()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip is not None else column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None and self._muted(row):
            return QApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None
