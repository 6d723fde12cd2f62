"""The list of message or document templates (Settings → Message templates / Document templates).

`MessageTemplatePage` and `DocumentTemplatePage` are this page for one kind each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import localizations, templates
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import N_
from sslbill_desktop.services.placeholders import used_placeholders
from sslbill_desktop.services.templates import TemplateKind, TemplateRecord
from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.templates import TEMPLATE, TemplateDialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.lists.read_only_view import add_view_verb
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


def _subject(row: TemplateRecord) -> str:
    return pick(row.subject, next(iter(row.subject), "en"))


def _placeholders(row: TemplateRecord) -> str:
    used: dict[str, None] = {}
    for text in (*row.subject.values(), *row.body.values()):
        used.update(dict.fromkeys(used_placeholders(text)))
    return ", ".join("{" + name + "}" for name in used)


class TemplatePage(ListPage[TemplateRecord]):
    """The templates of `kind`."""

    kind: ClassVar[TemplateKind] = TemplateKind.MESSAGE
    entities = frozenset({TEMPLATE, "localization"})
    subject_title: ClassVar[str] = N_("Subject")
    columns: ClassVar[Sequence[Column[Any]]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.columns = (
            Column(N_("Name"), lambda r: r.name, width=240),
            Column(cls.subject_title, _subject, width=300),
            Column(N_("Localizations"), lambda r: ", ".join(r.body), width=110),
            Column(N_("Placeholders used"), _placeholders),
        )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        add_view_verb(self, self.view_row)

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[TemplateRecord]:
        rows = templates.list_templates(self.workspace.db, self.workspace.actor, self.kind)
        return page_of(rows, filter_text, offset, limit, lambda r: r.name, _subject)

    def _dialog(self, record: TemplateRecord | None, read_only_reason: str | None = None) -> TemplateDialog:
        languages = localizations.workspace_languages(self.workspace.db)
        return TemplateDialog(
            self.workspace,
            self.kind,
            languages,
            record,
            self,
            read_only_reason=read_only_reason,
            on_saved=self._select,
        )

    def add_row(self) -> None:
        self.open_dialog(self._dialog(None))

    def edit_row(self, row: TemplateRecord) -> None:
        self.open_dialog(self._dialog(row))

    def view_row(self, row: TemplateRecord) -> None:
        self.open_dialog(self._dialog(row, self.read_only_reason))

    def delete_rows(self, rows: list[TemplateRecord]) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def delete() -> None:
            for row in rows:
                templates.delete_template(db, actor, row.id, version=row.version)

        def failed(exc: BaseException) -> None:
            announce(TEMPLATE)
            errors.present(self, exc)

        run_in_background(delete, on_success=lambda _r: announce(TEMPLATE), on_failure=failed, parent=self)

    def _select(self, record: TemplateRecord) -> None:
        self.reload()
        self.select_key(record.id)
