"""Settings → Message templates / Document templates → Add / Edit.

A name, and per localization a subject (a document's title) and a body with placeholders. Beside
the texts: the placeholder vocabulary (click one, or select it and press Enter, to insert it at
the cursor of the text being edited) and a live preview of that text filled in with sample data.
Unknown and malformed placeholders are listed under the texts as they are typed, and Save stays
disabled while there are any, with the reason shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services import templates
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import _, language_name, ngettext
from sslbill_desktop.services.localizations import LocalizationRecord
from sslbill_desktop.services.placeholders import PLACEHOLDERS, Placeholder
from sslbill_desktop.services.templates import TemplateKind, TemplateRecord
from sslbill_desktop.views.dialogs.checked_form import CheckedFormDialog
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

TEMPLATE = templates.ENTITY
_PLACEHOLDER_ROLE = Qt.ItemDataRole.UserRole


class PlaceholderList(QTreeWidget):
    """The placeholders with what each stands for; a click, Enter or Space asks to insert one."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels([_("Placeholder"), _("Stands for")])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for placeholder in PLACEHOLDERS:
            self._add(placeholder)
        self.resizeColumnToContents(0)
        self.itemClicked.connect(lambda item, _column: self.chosen.emit(item.data(0, _PLACEHOLDER_ROLE)))

    def _add(self, placeholder: Placeholder) -> None:
        item = QTreeWidgetItem(self, [placeholder.written, _(placeholder.description)])
        item.setData(0, _PLACEHOLDER_ROLE, placeholder.written)
        tip = _("Click to insert it at the cursor. Example: {sample}").format(sample=placeholder.sample())
        item.setToolTip(0, tip)
        item.setToolTip(1, tip)

    def written(self) -> list[str]:
        return [self.topLevelItem(i).text(0) for i in range(self.topLevelItemCount())]  # type: ignore[union-attr]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter must insert, not press the dialog's default button (Save).
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and item is not None:
            self.chosen.emit(item.data(0, _PLACEHOLDER_ROLE))
            event.accept()
            return
        super().keyPressEvent(event)


class TemplateDialog(CheckedFormDialog):
    """Add a template of `kind` (`record` None) or edit one; `languages` are the workspace's
    localizations (default first). With `read_only_reason` it only shows the template."""

    def __init__(
        self,
        workspace: Workspace,
        kind: TemplateKind,
        languages: Sequence[LocalizationRecord],
        record: TemplateRecord | None = None,
        parent: QWidget | None = None,
        *,
        read_only_reason: str | None = None,
        on_saved: Callable[[TemplateRecord], None] | None = None,
    ) -> None:
        super().__init__(self._title(kind, record), parent, read_only_reason=read_only_reason)
        self._workspace = workspace
        self._kind = kind
        self._record = record
        self._on_saved = on_saved
        codes = tuple(x.code for x in languages)
        default = next((x.code for x in languages if x.is_default), codes[0])
        self._languages = Languages(codes, default)
        self._preview_language = default
        self._init_fields()
        self._init_side()
        self._init_layout()
        self._connect()
        self._finish_init()
        self._update_preview()
        self.resize(1000, 640)

    @staticmethod
    def _title(kind: TemplateKind, record: TemplateRecord | None) -> str:
        if kind is TemplateKind.MESSAGE:
            if record is None:
                return _("New message template")
            return _("Message template {name}").format(name=record.name)
        if record is None:
            return _("New document template")
        return _("Document template {name}").format(name=record.name)

    # --- construction -------------------------------------------------------------------------

    def _init_fields(self) -> None:
        record, codes = self._record, list(self._languages.codes)
        is_message = self._kind is TemplateKind.MESSAGE
        self._name_edit = QLineEdit(record.name if record else "")
        self._add_field("name", _("Name:"), self._name_edit, required=True)
        self._subject_edit = LocalizedEdit(codes, required=is_message)
        self._subject_edit.set_value(record.subject if record else {})
        subject_label = _("Subject:") if is_message else _("Title:")
        self._add_field("subject", subject_label, self._subject_edit, required=is_message)
        self._body_edit = LocalizedEdit(codes, multiline=True)
        self._body_edit.set_value(record.body if record else {})
        self._body_edit.setMinimumHeight(260)
        self._add_field("body", _("Text:"), self._body_edit, required=True)
        self._problems_label = QLabel()
        self._problems_label.setWordWrap(True)
        self._problems_label.setStyleSheet(ERROR_STYLE)
        self._problems_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._problems_label.hide()
        self._form.addRow("", self._problems_label)
        self._last_input: QLineEdit | QPlainTextEdit = self._body_edit.input_for(self._languages.default)

    def _init_side(self) -> None:
        self._placeholders = PlaceholderList()
        self._placeholders.setEnabled(not self.read_only)
        self._preview_heading = QLabel()
        self._preview_subject = QLabel()
        self._preview_subject.setWordWrap(True)
        self._preview_subject.setTextFormat(Qt.TextFormat.PlainText)
        font = self._preview_subject.font()
        font.setBold(True)
        self._preview_subject.setFont(font)
        self._preview_body = QPlainTextEdit()
        self._preview_body.setReadOnly(True)
        self._preview_body.setObjectName("preview_body")

    def _init_layout(self) -> None:
        placeholders_box = QGroupBox(_("Placeholders"))
        placeholders_layout = QVBoxLayout(placeholders_box)
        hint = QLabel(_("Click a placeholder to insert it where the cursor is."))
        hint.setWordWrap(True)
        placeholders_layout.addWidget(hint)
        placeholders_layout.addWidget(self._placeholders)
        preview_box = QGroupBox(_("Preview with sample data"))
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self._preview_heading)
        preview_layout.addWidget(self._preview_subject)
        preview_layout.addWidget(self._preview_body, 1)
        side = QVBoxLayout()
        side.addWidget(placeholders_box, 1)
        side.addWidget(preview_box, 1)
        # The form goes left of the side panel.
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        outer.removeItem(self._form)
        row = QHBoxLayout()
        row.addLayout(self._form, 1)
        row.addLayout(side, 1)
        outer.insertLayout(0, row, 1)

    def _connect(self) -> None:
        self._placeholders.chosen.connect(self.insert_placeholder)
        for edit in (self._subject_edit, self._body_edit):
            edit.changed.connect(self._update_preview)
            for language in self._languages.codes:
                edit.input_for(language).installEventFilter(self)
        tabs = self._body_edit.findChild(QTabWidget)
        if tabs is not None:  # turning to a language's page previews that language
            tabs.currentChanged.connect(self._on_body_page_changed)

    def _on_body_page_changed(self, index: int) -> None:
        if 0 <= index < len(self._languages.codes):
            self._last_input = self._body_edit.input_for(self._languages.codes[index])
            self._preview_language = self._languages.codes[index]
            self._update_preview()

    # --- placeholders and preview -------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Remember which text was edited last: placeholders go there, the preview shows it."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit | QPlainTextEdit):
            self._last_input = watched
            language = self._language_of(watched)
            if language is not None and language != self._preview_language:
                self._preview_language = language
                self._update_preview()
        return super().eventFilter(watched, event)

    def _language_of(self, editor: QWidget) -> str | None:
        for edit in (self._subject_edit, self._body_edit):
            for language in self._languages.codes:
                if edit.input_for(language) is editor:
                    return language
        return None

    def insert_placeholder(self, written: str) -> None:
        """Insert `written` ("{client_name}") at the cursor of the text edited last."""
        if self.read_only:
            return
        editor = self._last_input
        if isinstance(editor, QLineEdit):
            editor.insert(written)
        else:
            editor.insertPlainText(written)
        editor.setFocus()

    def preview_language(self) -> str:
        return self._preview_language

    def preview_subject(self) -> str:
        return self._preview_subject.text()

    def preview_body(self) -> str:
        return self._preview_body.toPlainText()

    def problems_text(self) -> str:
        return self._problems_label.text() if self._problems_label.isVisibleTo(self) else ""

    def _update_preview(self) -> None:
        language = self._preview_language
        subject = self._subject_edit.text(language) or self._subject_edit.text(self._languages.default)
        rendered = templates.preview_texts(subject, self._body_edit.text(language))
        self._preview_heading.setText(
            _("How the text in {language} reads:").format(language=language_name(language))
        )
        self._preview_subject.setText(rendered.subject)
        self._preview_subject.setVisible(bool(rendered.subject))
        self._preview_body.setPlainText(rendered.body)

    # --- the check ----------------------------------------------------------------------------

    def _texts(self) -> tuple[dict[str, str], dict[str, str]]:
        """The subject and body in the workspace's languages (texts of removed ones stay stored)."""
        codes = set(self._languages.codes)
        subject = {k: v for k, v in self._subject_edit.value().items() if k in codes}
        body = {k: v for k, v in self._body_edit.value().items() if k in codes}
        return subject, body

    def _problems(self) -> Sequence[ValidationError]:
        subject, body = self._texts()
        return templates.edit_problems(self._kind, self._name_edit.text(), subject, body, self._languages)

    def _refresh_check(self) -> None:
        if not self._ready or self.read_only:
            return
        subject, body = self._texts()
        placeholder_problems = templates.template_problems(subject, body)
        text = "\n".join(self.describe(problem) for problem in placeholder_problems)
        self._problems_label.setText(text)
        self._problems_label.setVisible(bool(text))
        super()._refresh_check()

    def describe_reason(self, problems: Sequence[ValidationError]) -> str:
        first = problems[0]
        if any(p.field == first.field and p.detail == first.detail for p in self._placeholder_problems()):
            return ngettext(
                "Save is disabled: correct the placeholder listed under the text.",
                "Save is disabled: correct the {n} placeholders listed under the text.",
                len(self._placeholder_problems()),
            ).format(n=len(self._placeholder_problems()))
        return super().describe_reason(problems)

    def _placeholder_problems(self) -> list[ValidationError]:
        subject, body = self._texts()
        return templates.template_problems(subject, body)

    # --- saving -------------------------------------------------------------------------------

    def _save(self) -> None:
        db, actor, record = self._workspace.db, self._workspace.actor, self._record
        name = self._name_edit.text()
        subject, body = self._texts()
        if record is None:
            kind = self._kind
            self._submit(
                lambda: templates.create_template(
                    db, actor, kind=kind, name=name, subject=subject, body=body
                ),
                on_saved=self._on_saved,
                changes=(TEMPLATE,),
            )
        else:
            self._submit(
                lambda: templates.update_template(
                    db, actor, record.id, version=record.version, name=name, subject=subject, body=body
                ),
                on_saved=self._on_saved,
                changes=(TEMPLATE,),
            )
