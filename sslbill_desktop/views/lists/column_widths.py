"""Column widths of the tables over `Column`s: wide enough for the title and for typical values.

A declared width is a starting point measured in English; a translated title ("Оплачено до") or a
date in the UI language ("22 нояб. 2026 г.") is often wider. `size_columns` widens each column to
its title (with room for the sort arrow when the header shows one) and to its `samples`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtWidgets import QStyle, QTableView

from sslbill_desktop.services.i18n import _, format_date, format_datetime
from sslbill_desktop.views.lists.paged_model import Column

#: Room around a cell's text (the item view's margins and a little air).
CELL_PADDING = 14
#: The year the samples are written in (any year with four digits measures the same).
SAMPLE_YEAR = 2026


def date_samples(fmt: str = "medium") -> list[str]:
    """A date of every month written as `format_date(..., fmt)` writes it: the widest is among them."""
    return [format_date(date(SAMPLE_YEAR, month, 28), fmt) for month in range(1, 13)]


def datetime_samples(fmt: str = "short") -> list[str]:
    """A date and time of every month (late in the evening) as `format_datetime(..., fmt)` writes it."""
    return [
        format_datetime(datetime(SAMPLE_YEAR, month, 28, 22, 58, tzinfo=UTC), fmt) for month in range(1, 13)
    ]


def label_samples(labels: Iterable[str]) -> Callable[[], list[str]]:
    """Samples for a column showing one of `labels` (marked with `N_`): each, translated."""
    marked = tuple(labels)
    return lambda: [_(label) for label in marked]


def _text_width(view: QTableView, texts: Iterable[str]) -> int:
    metrics = view.fontMetrics()
    return max((metrics.horizontalAdvance(text) for text in texts), default=0)


def title_width(view: QTableView, title: str) -> int:
    """The width a header section needs to show `title` unclipped."""
    header = view.horizontalHeader()
    style = header.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    width = header.fontMetrics().horizontalAdvance(title) + 4 * margin
    if header.isSortIndicatorShown():
        width += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + 2 * margin
    return width


def column_width(view: QTableView, column: Column[Any], default: int) -> int:
    """`column`'s declared width (or `default`), widened to its title and its samples."""
    width = max(column.width or default, title_width(view, column.heading()))
    if column.samples is not None:
        width = max(width, _text_width(view, column.samples()) + CELL_PADDING)
    return width


def size_columns(view: QTableView, columns: Sequence[Column[Any]], default: int = 160) -> None:
    """Give every column of `view` its width (see the module documentation). A last column that
    stretches gets no default width: it fills what is left, at least its title and samples."""
    header = view.horizontalHeader()
    last = len(columns) - 1
    for number, column in enumerate(columns):
        stretched = number == last and header.stretchLastSection()
        header.resizeSection(number, column_width(view, column, 0 if stretched else default))
