from dataclasses import dataclass

from PySide6.QtCore import Qt

from sslbill_desktop.services.auth import Actor, Role
from sslbill_desktop.services.i18n import N_
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import DEFAULT_PAGE_SIZE, Column, RowPage

ADMIN = Actor(staff_id=1, login="ada", role=Role.ADMIN, full_name="Ada")
SALES = Actor(staff_id=2, login="sam", role=Role.SALES, full_name="Sam")


@dataclass(frozen=True)
class Fruit:
    id: int
    name: str


class FruitPage(ListPage[Fruit]):
    entities = frozenset({"fruit"})
    columns = (Column(N_("Name"), lambda r: r.name),)

    def __init__(self, workspace: Workspace, rows: list[Fruit]) -> None:
        self.rows = rows
        self.calls: list[tuple[str, int, int]] = []
        self.edited: list[Fruit] = []
        self.deleted: list[list[Fruit]] = []
        self.added = 0
        super().__init__(workspace)

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[Fruit]:
        self.calls.append((filter_text, offset, limit))
        matching = [r for r in self.rows if filter_text in r.name]
        return RowPage(matching[offset : offset + limit], len(matching))

    def add_row(self) -> None:
        self.added += 1

    def edit_row(self, row: Fruit) -> None:
        self.edited.append(row)

    def delete_rows(self, rows: list[Fruit]) -> None:
        self.deleted.append(rows)
        for row in rows:
            self.rows.remove(row)
        announce("fruit")


def make_page(qtbot, count: int = 3000, actor: Actor = ADMIN) -> FruitPage:
    rows = [Fruit(i, f"fruit {i:05d}") for i in range(count)]
    page = FruitPage(Workspace(db=None, actor=actor), rows)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(600, 400)
    page.show()
    qtbot.waitExposed(page)
    return page


def double_click(qtbot, page: FruitPage, number: int) -> None:
    position = page.table.visualRect(page.model.index(number, 0)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=position)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=position)


def select_row(page: FruitPage, number: int) -> None:
    page.select_key(page.model.row_at(number).id)


def test_first_page_only_is_loaded_then_more_on_demand(qtbot) -> None:
    page = make_page(qtbot, 3000)
    assert page.calls[0] == ("", 0, DEFAULT_PAGE_SIZE)
    assert page.model.rowCount() < 3000
    assert page.model.total == 3000
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == 3000
    assert [r.id for r in page.model.loaded_rows()] == list(range(3000))
    offsets = [offset for _text, offset, _limit in page.calls]
    assert offsets == list(range(0, 3000, DEFAULT_PAGE_SIZE))


def test_scrolling_to_the_end_fetches_the_next_page(qtbot) -> None:
    page = make_page(qtbot, 3000)
    loaded = page.model.rowCount()
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > loaded)
    assert page.model.rowCount() <= 3000


def test_filter_reloads_from_the_first_page(qtbot) -> None:
    page = make_page(qtbot, 3000)
    page.filter_edit.setText("fruit 012")
    qtbot.waitUntil(lambda: page.model.filter_text == "fruit 012")
    assert page.calls[-1] == ("fruit 012", 0, DEFAULT_PAGE_SIZE)
    assert page.model.total == 100
    assert all("fruit 012" in r.name for r in page.model.loaded_rows())


def test_double_click_and_enter_edit_the_row(qtbot) -> None:
    page = make_page(qtbot, 10)
    double_click(qtbot, page, 3)
    assert page.edited == [page.rows[3]]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.edited[-1] == page.rows[3]


def test_delete_key_asks_first_and_deletes_only_when_confirmed(qtbot, messages_recorder) -> None:
    page = make_page(qtbot, 10)
    select_row(page, 2)
    page.table.setFocus()
    messages_recorder.answer(False)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert messages_recorder.last("confirm").text == "Delete fruit 00002?"
    assert page.deleted == []
    messages_recorder.answer(True)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert [r.id for r in page.deleted[0]] == [2]
    assert page.model.total == 9  # the hub announced the change and the page reloaded


def test_delete_key_in_the_filter_box_deletes_no_row(qtbot, messages_recorder) -> None:
    page = make_page(qtbot, 10)
    select_row(page, 2)
    page.filter_edit.setFocus()
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Delete)
    assert messages_recorder.shown == []
    assert page.deleted == []


def test_read_only_page_disables_the_verbs_and_says_why(qtbot) -> None:
    page = make_page(qtbot, 10, actor=SALES)
    select_row(page, 0)
    for text in ("Add", "Edit", "Delete"):
        action = page.verb(text)
        assert not action.isEnabled()
        assert action.toolTip() == "Your role (Sales) can look at this list but not change it."
    double_click(qtbot, page, 0)
    assert page.edited == []


def test_edit_needs_a_selection(qtbot) -> None:
    page = make_page(qtbot, 10)
    assert page.verb("Add").isEnabled()
    assert not page.verb("Edit").isEnabled()
    select_row(page, 1)
    assert page.verb("Edit").isEnabled()
    page.verb("Edit").trigger()
    assert page.edited == [page.rows[1]]


def test_count_line_says_how_many_rows_and_how_many_are_loaded(qtbot) -> None:
    page = make_page(qtbot, 3000)
    text = page._count_label.text()
    assert text.startswith("3,000 records")
    assert "loaded" in text
