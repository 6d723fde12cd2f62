from PySide6.QtCore import Qt

from sslbill_desktop.models.templates import Template
from sslbill_desktop.services import templates
from sslbill_desktop.services.localizations import workspace_languages
from sslbill_desktop.services.placeholders import PLACEHOLDERS, sample_values
from sslbill_desktop.services.templates import TemplateKind
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.templates import TemplateDialog
from sslbill_desktop.views.lists.document_templates import DocumentTemplatePage
from sslbill_desktop.views.lists.message_templates import MessageTemplatePage
from tests.services.setup.helpers import audit_entries, count
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.setup_providers.support import make_page, opened, show


def new_dialog(qtbot, database, actor, kind=TemplateKind.MESSAGE, record=None) -> TemplateDialog:
    return show(
        qtbot, TemplateDialog(Workspace(database, actor), kind, workspace_languages(database), record)
    )


def body(dialog: TemplateDialog, language: str = "en"):
    return dialog._body_edit.input_for(language)


def subject(dialog: TemplateDialog, language: str = "en"):
    return dialog._subject_edit.input_for(language)


def test_a_template_with_an_unknown_placeholder_cannot_be_saved(qtbot, database, admin) -> None:
    dialog = new_dialog(qtbot, database, admin)
    qtbot.keyClicks(dialog._name_edit, "Activation")
    qtbot.keyClicks(subject(dialog), "Your certificate for {domain}")
    qtbot.keyClicks(body(dialog), "Hello {client_nmae}, it is ready.")
    assert dialog.problems_text() == "Text (English): unknown placeholder {client_nmae}"
    assert not dialog._save_button.isEnabled()
    assert dialog.reason_text() == "Save is disabled: correct the placeholder listed under the text."
    assert dialog._save_button.toolTip() == dialog.reason_text()
    qtbot.keyClick(dialog._name_edit, Qt.Key.Key_Return)  # Enter does not save either
    wait_for_tasks(qtbot)
    assert dialog.isVisible()
    assert count(database, Template) == 0

    body(dialog).setPlainText("Hello {client_name}, it is ready.")
    assert dialog.problems_text() == ""
    assert dialog._save_button.isEnabled()
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert is_closed(dialog)
    (stored,) = templates.list_templates(database, admin, "message")
    assert stored.body == {"en": "Hello {client_name}, it is ready."}


def test_malformed_placeholders_in_any_language_are_reported(qtbot, database, admin) -> None:
    dialog = new_dialog(qtbot, database, admin)
    dialog._name_edit.setText("Activation")
    subject(dialog).setText("Ready")
    body(dialog).setPlainText("Hello {client_name}")
    subject(dialog, "ru").setText("Готово {domain")
    body(dialog, "ru").setPlainText("Срок до {expiry date}")
    assert dialog.problems_text().splitlines() == [
        "Subject (Русский): {domain: an opening brace without a closing one (write {{ for a brace)",
        "Text (Русский): {expiry date} is not a placeholder: write a name of lower-case letters, digits "
        "and _ in braces, like {client_name}",
    ]
    assert dialog.reason_text() == "Save is disabled: correct the 2 placeholders listed under the text."
    assert not dialog._save_button.isEnabled()


def test_the_preview_renders_sample_data_as_you_type(qtbot, database, admin) -> None:
    dialog = new_dialog(qtbot, database, admin)
    samples = sample_values()
    qtbot.keyClicks(subject(dialog), "Certificate for {domain}")
    assert dialog.preview_subject() == f"Certificate for {samples['domain']}"
    qtbot.keyClicks(body(dialog), "Dear {client_name}, valid until {expiry_date}.")
    assert dialog.preview_body() == f"Dear {samples['client_name']}, valid until {samples['expiry_date']}."
    assert samples["client_name"] == "Alice Example"
    qtbot.keyClicks(body(dialog), " {nonsense}")
    assert dialog.preview_body().endswith(" {nonsense}")  # an unknown one stays visible

    dialog._body_edit.focus_language("ru")  # turns to the Russian page
    body(dialog, "ru").insertPlainText("Уважаемый {client_name}")  # QTest types only ASCII
    assert dialog.preview_language() == "ru"
    assert dialog.preview_body() == "Уважаемый Alice Example"
    assert dialog.preview_subject() == f"Certificate for {samples['domain']}"  # the default's subject


def test_clicking_a_placeholder_inserts_it_at_the_cursor(qtbot, database, admin) -> None:
    dialog = new_dialog(qtbot, database, admin)
    assert dialog._placeholders.written() == [p.written for p in PLACEHOLDERS]
    editor = body(dialog)
    editor.setFocus()
    qtbot.keyClicks(editor, "Hello , welcome")
    cursor = editor.textCursor()
    cursor.setPosition(len("Hello "))
    editor.setTextCursor(cursor)
    tree = dialog._placeholders
    item = tree.findItems("{client_name}", Qt.MatchFlag.MatchExactly, 0)[0]
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.toPlainText() == "Hello {client_name}, welcome"
    assert dialog.focusWidget() is editor
    assert dialog.preview_body() == "Hello Alice Example, welcome"

    line = subject(dialog, "ru")
    line.setFocus()
    tree.setFocus()
    tree.setCurrentItem(tree.findItems("{domain}", Qt.MatchFlag.MatchExactly, 0)[0])
    qtbot.keyClick(tree, Qt.Key.Key_Return)  # inserts; does not press Save
    assert line.text() == "{domain}"
    assert dialog.isVisible()


def test_a_document_template_needs_no_subject(qtbot, database, admin) -> None:
    page = make_page(qtbot, DocumentTemplatePage, database, admin)
    page.verb("Add").trigger()
    dialog = opened(qtbot, page, TemplateDialog)
    assert dialog.windowTitle() == "New document template"
    qtbot.keyClicks(dialog._name_edit, "Service agreement")
    assert dialog.reason_text() == "Text: this field is required in English (the default localization)"
    qtbot.keyClicks(body(dialog), "{provider_name} sells {plan} to {client_name}.")
    assert dialog._save_button.isEnabled()
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert [r.name for r in page.model.loaded_rows()] == ["Service agreement"]
    row = page.model.loaded_rows()[0]
    assert page.model.index(0, 3).data() == "{provider_name}, {plan}, {client_name}"
    assert row.subject == {}
    (entry,) = audit_entries(database, "template", "create")
    assert entry.summary == "Service agreement"


def test_edit_shows_the_stored_texts_and_a_stale_save_is_refused(
    qtbot, database, admin, messages_recorder
) -> None:
    created = templates.create_template(
        database,
        admin,
        kind="message",
        name="Activation",
        subject={"en": "Ready: {domain}", "ru": "Готово: {domain}"},
        body={"en": "Hello {client_name}", "ru": "Здравствуйте, {client_name}"},
    )
    page = make_page(qtbot, MessageTemplatePage, database, admin)
    page.select_key(created.id)
    page.verb("Edit").trigger()
    dialog = opened(qtbot, page, TemplateDialog)
    assert dialog._name_edit.text() == "Activation"
    assert dialog._subject_edit.value() == created.subject
    assert dialog._body_edit.value() == created.body
    assert dialog.preview_body() == "Hello Alice Example"

    templates.update_template(
        database,
        admin,
        created.id,
        version=created.version,
        name="Theirs",
        subject=created.subject,
        body=created.body,
    )
    dialog._name_edit.setText("Mine")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert dialog.isVisible()
    assert messages_recorder.last("warn").title == "Changed elsewhere"
    assert templates.get_template(database, admin, created.id).name == "Theirs"


def test_sales_see_templates_read_only_and_the_service_refuses_them(
    qtbot, database, admin, sales, messages_recorder
) -> None:
    created = templates.create_template(
        database, admin, kind="message", name="Activation", subject={"en": "Ready"}, body={"en": "Hi"}
    )
    page = make_page(qtbot, MessageTemplatePage, database, sales)
    page.select_key(created.id)
    assert not page.verb("Add").isEnabled()
    assert not page.verb("Edit").isEnabled()
    assert not page.verb("Delete").isEnabled()
    page.verb("View").trigger()
    viewer = opened(qtbot, page, TemplateDialog)
    assert body(viewer).isReadOnly()
    assert viewer.preview_body() == "Hi"
    viewer.insert_placeholder("{domain}")
    assert body(viewer).toPlainText() == "Hi"
    assert not viewer._save_button.isVisible()

    dialog = new_dialog(qtbot, database, sales)
    dialog._name_edit.setText("Sales' own")
    subject(dialog).setText("Hi")
    body(dialog).setPlainText("Hello")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert messages_recorder.last("warn").title == "Not allowed"
    assert [r.name for r in templates.list_templates(database, admin, "message")] == ["Activation"]


def test_escape_asks_before_discarding_a_typed_text(qtbot, database, admin, messages_recorder) -> None:
    dialog = new_dialog(qtbot, database, admin)
    qtbot.keyClicks(body(dialog), "Draft")
    messages_recorder.answer(False)
    qtbot.keyClick(dialog._name_edit, Qt.Key.Key_Escape)
    assert messages_recorder.last("confirm").text == "Discard the changes you typed?"
    assert dialog.isVisible()
