"""List columns in the UI language: titles in their gettext context, dates that fit, journal labels."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from sslbill_desktop.models.journal import JournalEntry
from sslbill_desktop.services import i18n
from sslbill_desktop.services.i18n import N_, NC_
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.lists.clients import ClientsPage
from sslbill_desktop.views.lists.column_widths import date_samples, title_width
from sslbill_desktop.views.lists.journal import JournalPage
from sslbill_desktop.views.lists.orders import OrdersPage
from sslbill_desktop.views.lists.paged_model import Column
from sslbill_desktop.views.lists.reissue_planner import ReissuePlannerPage
from tests.support.upstream_fixtures import add_module


def show(qtbot: Any, page: Any) -> Any:
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    qtbot.waitExposed(page)
    return page


def headers(page: Any) -> list[str]:
    model = page.model
    return [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]


def test_a_column_title_with_a_context_is_translated_in_that_context(compiled_locales) -> None:
    i18n.set_language("ru")
    person = Column(NC_("person", "Name"), str, context="person")
    thing = Column(N_("Name"), str)
    assert (person.heading(), thing.heading()) == ("Имя", "Название")


def test_the_clients_list_calls_a_clients_name_a_persons_name_in_russian(
    qtbot, database, sales, compiled_locales
) -> None:
    i18n.set_language("ru")
    page = show(qtbot, ClientsPage(Workspace(database, sales)))
    assert headers(page)[0] == "Имя"


@pytest.mark.parametrize(
    ("page_class", "date_titles"),
    [
        (OrdersPage, ["Оплачено до"]),
        (ReissuePlannerPage, ["Сертификат до", "Оплачено до", "Перевыпуск"]),
    ],
    ids=["orders", "reissue planner"],
)
def test_russian_medium_dates_and_titles_fit_the_date_columns(
    qtbot, database, admin, compiled_locales, page_class: type, date_titles: list[str]
) -> None:
    i18n.set_language("ru")
    page = show(qtbot, page_class(Workspace(database, admin)))
    table = page.table
    header = table.horizontalHeader()
    widest_date = max(table.fontMetrics().horizontalAdvance(text) for text in date_samples())
    titles = headers(page)
    for title in date_titles:
        column = titles.index(title)
        size = header.sectionSize(column)
        assert size >= widest_date + 8, f"{title}: {size}px for dates {widest_date}px wide"
        assert size >= title_width(table, title), f"{title}: the title is clipped"
    for column, title in enumerate(titles[:-1]):  # the last column stretches
        assert header.sectionSize(column) >= title_width(table, title), f"{title}: the title is clipped"


def _journal_entry(module_id: int, number: int, **values: Any) -> JournalEntry:
    return JournalEntry(
        reference=f"ref-{number}",
        processing_module_id=module_id,
        request={},
        common_name=f"shop{number}.example",
        pricelist_id="1011",
        created_at=datetime(2027, 3, number, 9, 0, tzinfo=UTC),
        **values,
    )


@pytest.fixture
def journal_page(qtbot, database, admin) -> Any:
    module_id = add_module(database, "http://127.0.0.1:9/", "reseller", "reseller-pass")
    with database.uow() as s:
        s.add(_journal_entry(module_id, 1, operation="order", purpose="order", subject_id=4, state="done"))
        s.add(
            _journal_entry(
                module_id, 2, operation="renew", purpose="auto_renewal", subject_id=7, state="unknown"
            )
        )
        s.add(_journal_entry(module_id, 3, operation="reissue", purpose="", state="failed"))

    def make() -> Any:
        return show(qtbot, JournalPage(Workspace(database, admin)))

    return make


def _cells(page: Any, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> dict[str, tuple[str, ...]]:
    """Operation, For and State of each row, by the row's domain."""
    model = page.model
    titles = headers(page)
    wanted = [titles.index(i18n._(t)) for t in ("Operation", "For", "State")]
    domain = titles.index(i18n._("Domain"))
    return {
        model.data(model.index(row, domain)): tuple(model.data(model.index(row, c), role) for c in wanted)
        for row in range(model.rowCount())
    }


def test_the_upstream_journal_shows_labels_and_keeps_the_codes_in_the_tooltips(journal_page) -> None:
    page = journal_page()
    assert _cells(page) == {
        "shop1.example": ("Purchase", "New order, order 4", "Done"),
        "shop2.example": ("Renewal", "Automatic renewal, order 7", "Unknown: to reconcile"),
        "shop3.example": ("reissue", "", "Failed"),  # a code without a label is shown as it is
    }
    tips = _cells(page, Qt.ItemDataRole.ToolTipRole)
    assert tips["shop2.example"] == (
        "Code: renew",
        "Automatic renewal, order 7\nCode: auto_renewal",
        "Code: unknown",
    )


def test_the_upstream_journal_speaks_russian(journal_page, compiled_locales) -> None:
    i18n.set_language("ru")
    page = journal_page()
    cells = _cells(page)
    assert cells["shop1.example"] == ("Покупка", "Новый заказ, заказ 4", "Выполнено")
    assert cells["shop2.example"][:2] == ("Продление", "Автопродление, заказ 7")
