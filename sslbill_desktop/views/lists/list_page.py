"""The reusable list page: a toolbar (Add, Edit, Delete and extra verbs), a filter box, a table.

A list is a small subclass::

    class DataCenterPage(ListPage[DataCenterRecord]):
        entities = frozenset({"data_center"})
        columns = (Column(N_("Name"), lambda r: r.name), ...)

        def load(self, filter_text, offset, limit): return service.page(...)
        def add_row(self): ...             # open the dialog
        def edit_row(self, row): ...
        def delete_rows(self, rows): ...   # after the confirmation; service call, then announce()

Double-click or Enter edits, the Delete key deletes (after a confirmation). In read-only mode
(`read_only_reason` set, e.g. for sales staff) the verbs that change data are disabled and their
tooltip says why. Pages refresh when the hub announces one of their `entities`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services import i18n
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import _, ngettext
from sslbill_desktop.views import errors, messages
from sslbill_desktop.views.hub import hub
from sslbill_desktop.views.lists.column_widths import size_columns
from sslbill_desktop.views.lists.paged_model import Column, PagedTableModel, Row, RowPage

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

FILTER_DELAY_MS = 300


def format_count(n: int) -> str:
    """A whole number with the language's digit grouping ("3,000", "3 000")."""
    from babel.numbers import format_decimal

    return str(format_decimal(n, locale=i18n.babel_locale()))


@dataclass
class Verb(Generic[Row]):
    """A toolbar action acting on the selected rows (or on none, like Add)."""

    action: QAction
    handler: Callable[[list[Row]], None]
    needs_selection: bool
    changes_data: bool
    applies_to: Callable[[Row], bool] | None = None
    text_for: Callable[[Row], str] | None = None


class ListPage(QWidget, Generic[Row]):
    """See the module documentation."""

    #: Entities whose change (announced on the hub) makes this page reload.
    entities: ClassVar[frozenset[str]] = frozenset()
    columns: ClassVar[Sequence[Column[Any]]] = ()
    #: Which verbs the page has; a page without deletion (staff are disabled instead) says False.
    can_add: ClassVar[bool] = True
    can_edit: ClassVar[bool] = True
    can_delete: ClassVar[bool] = True
    #: The `Permission` needed to change this list; without it the page is read-only (sales).
    edit_permission: ClassVar[str | None] = "change_configuration"

    def __init__(
        self, workspace: Workspace, parent: QWidget | None = None, *, read_only_reason: str | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.read_only_reason = read_only_reason or self._read_only_reason_for(workspace)
        self._verbs: list[Verb[Row]] = []
        self._init_model()
        self._init_widgets()
        self._init_verbs()
        self._init_layout()
        self._connect()
        self.reload()

    # --- what a list defines ------------------------------------------------------------------

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[Row]:
        raise NotImplementedError

    def add_row(self) -> None:
        raise NotImplementedError

    def edit_row(self, row: Row) -> None:
        raise NotImplementedError

    def delete_rows(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def describe(self, row: Row) -> str:
        """How a row is named in questions ("Delete {name}?")."""
        return str(getattr(row, "name", None) or getattr(row, "login", None) or row)

    def delete_question(self, rows: list[Row]) -> str:
        if len(rows) == 1:
            return _("Delete {name}?").format(name=self.describe(rows[0]))
        return ngettext("Delete {n} record?", "Delete {n} records?", len(rows)).format(n=len(rows))

    def is_muted(self, row: Row) -> bool:
        """Rows drawn greyed (disabled records)."""
        return False

    def key(self, row: Row) -> Hashable:
        return getattr(row, "id", None)

    def _read_only_reason_for(self, workspace: Workspace) -> str | None:
        if self.edit_permission is None:
            return None
        from sslbill_desktop.services.auth import ROLE_LABELS, Permission

        actor = workspace.actor
        if actor.can(Permission(self.edit_permission)):
            return None
        return _("Your role ({role}) can look at this list but not change it.").format(
            role=_(ROLE_LABELS[actor.role])
        )

    # --- construction -------------------------------------------------------------------------

    def _init_model(self) -> None:
        self._model: PagedTableModel[Row] = PagedTableModel(
            self.columns, self.load, key=self.key, muted=self.is_muted
        )

    def _init_widgets(self) -> None:
        self._toolbar = QToolBar()
        self._toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._filter_edit = QLineEdit()
        self._filter_edit.setPlaceholderText(_("Filter…"))
        self._filter_edit.setClearButtonEnabled(True)
        self._filter_edit.setMaximumWidth(320)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._count_label = QLabel()
        self._table = QTableView()
        self._table.setModel(self._model)
        self._table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self._table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._table.setAlternatingRowColors(True)
        self._table.setWordWrap(False)
        self._table.verticalHeader().hide()
        self._table.verticalHeader().setDefaultSectionSize(self._table.fontMetrics().height() + 8)
        header = self._table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Size the columns to their titles and sample values (again after the header changed,
        e.g. once it shows a sort arrow)."""
        size_columns(self._table, self.columns)

    def _init_verbs(self) -> None:
        if self.can_add:
            self.add_verb(_("Add"), lambda _rows: self.add_row(), needs_selection=False, shortcut="Ctrl+N")
        if self.can_edit:
            self.add_verb(_("Edit"), lambda rows: self.edit_row(rows[0]))
        if self.can_delete:
            self._delete_action = self.add_verb(_("Delete"), self._delete)

    def _init_layout(self) -> None:
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self._toolbar, 1)
        top.addWidget(self._filter_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self._table, 1)
        layout.addWidget(self._count_label)

    def _connect(self) -> None:
        self._filter_edit.textChanged.connect(lambda _text: self._filter_timer.start())
        self._filter_edit.returnPressed.connect(self._apply_filter)
        self._filter_timer.timeout.connect(self._apply_filter)
        self._table.activated.connect(self._on_activated)
        self._table.installEventFilter(self)
        self._table.selectionModel().selectionChanged.connect(self._update_verbs)
        self._model.modelReset.connect(self._update_count)
        self._model.rowsInserted.connect(self._update_count)
        hub().changed.connect(self._on_changed)

    # --- verbs --------------------------------------------------------------------------------

    def add_verb(
        self,
        text: str,
        handler: Callable[[list[Row]], None],
        *,
        needs_selection: bool = True,
        changes_data: bool = True,
        applies_to: Callable[[Row], bool] | None = None,
        text_for: Callable[[Row], str] | None = None,
        shortcut: str | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        """Add a toolbar verb. `handler` gets the selected rows (all of them pass `applies_to`)."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        verb = Verb(action, handler, needs_selection, changes_data, applies_to, text_for)
        action.triggered.connect(lambda _checked=False, v=verb: self._run_verb(v))
        self._toolbar.addAction(action)
        self.addAction(action)
        self._verbs.append(verb)
        self._update_verbs()
        return action

    def _run_verb(self, verb: Verb[Row]) -> None:
        self._update_verbs()
        if not verb.action.isEnabled():
            return
        verb.handler(self.selected_rows() if verb.needs_selection else [])

    def _update_verbs(self) -> None:
        rows = self.selected_rows()
        for verb in self._verbs:
            enabled, tip = True, ""
            missing = verb.needs_selection and not rows
            unsuitable = verb.applies_to is not None and not all(map(verb.applies_to, rows))
            if verb.changes_data and self.read_only_reason:
                enabled, tip = False, self.read_only_reason
            elif missing or unsuitable:
                enabled = False
            if verb.text_for is not None and rows:
                verb.action.setText(verb.text_for(rows[0]))
            verb.action.setEnabled(enabled)
            verb.action.setToolTip(tip or verb.action.text().replace("&", ""))

    def verb(self, text: str) -> QAction:
        """The action whose current text is `text` (tests and screenshots use it)."""
        return next(v.action for v in self._verbs if v.action.text() == text)

    def open_dialog(self, dialog: QDialog) -> QDialog:
        """Open an edit dialog window-modally (never blocking); it is deleted when closed."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _delete(self, rows: list[Row]) -> None:
        if rows and messages.confirm(self, self.delete_question(rows), yes=_("Delete"), no=_("Cancel")):
            self.delete_rows(rows)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The Delete key in the table (only there: not in the filter box) deletes the selection."""
        if (
            watched is self._table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Delete)
            and self.can_delete
        ):
            self._delete_action.trigger()
            return True
        return super().eventFilter(watched, event)

    def _on_activated(self, _index: QModelIndex) -> None:
        if self.can_edit and not self.read_only_reason and self.selected_rows():
            self.edit_row(self.selected_rows()[0])

    # --- rows ---------------------------------------------------------------------------------

    @property
    def model(self) -> PagedTableModel[Row]:
        return self._model

    @property
    def table(self) -> QTableView:
        return self._table

    @property
    def filter_edit(self) -> QLineEdit:
        return self._filter_edit

    def selected_rows(self) -> list[Row]:
        selection = self._table.selectionModel()
        numbers = sorted({index.row() for index in selection.selectedRows()})
        current = self._table.currentIndex()
        if not numbers and current.isValid() and selection.isRowSelected(current.row(), QModelIndex()):
            numbers = [current.row()]
        return [self._model.row_at(n) for n in numbers]

    def select_key(self, key: Hashable) -> bool:
        number = self._model.find(key)
        if number is None:
            return False
        index = self._model.index(number, 0)
        self._table.setCurrentIndex(index)
        self._table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self._table.scrollTo(index)
        return True

    def reload(self) -> None:
        """Load the first page again, keeping the selected row when it is still there."""
        selected = [self._model.key_of(row) for row in self.selected_rows()]
        try:
            self._model.reload()
        except UserError as exc:
            errors.present(self, exc)
        if selected:
            self.select_key(selected[0])
        self._update_verbs()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        if self._filter_edit.text() != self._model.filter_text:
            try:
                self._model.set_filter(self._filter_edit.text())
            except UserError as exc:
                errors.present(self, exc)
            self._update_verbs()

    def _on_changed(self, entity: str) -> None:
        if entity in self.entities:
            self.reload()

    def _update_count(self) -> None:
        total, loaded = self._model.total, self._model.rowCount()
        if self._model.filter_text.strip():
            text = ngettext("{n} record matches the filter", "{n} records match the filter", total)
        else:
            text = ngettext("{n} record", "{n} records", total)
        text = text.format(n=format_count(total))
        if loaded < total:
            text += " " + _("({loaded} loaded; scroll for more)").format(loaded=format_count(loaded))
        self._count_label.setText(text)
