import pytest
from PySide6.QtCore import Qt

from sslbill_desktop.services import localizations
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.localizations import workspace_languages
from sslbill_desktop.services.templates import TemplateKind
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.localization import LocalizationDialog
from sslbill_desktop.views.dialogs.templates import TemplateDialog
from sslbill_desktop.views.lists.localizations import LocalizationPage
from sslbill_desktop.views.lists.message_templates import MessageTemplatePage
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.setup_providers.support import make_page, opened, show


def codes(page: LocalizationPage) -> list[str]:
    return [r.code for r in page.model.loaded_rows()]


def test_the_default_localization_cannot_be_removed(qtbot, database, admin, messages_recorder) -> None:
    page = make_page(qtbot, LocalizationPage, database, admin)
    assert codes(page) == ["en", "ru"]
    page.select_key("en")
    delete = page.verb("Delete")
    assert not delete.isEnabled()
    assert delete.toolTip() == "English is the default localization and cannot be removed."
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    wait_for_tasks(qtbot)
    assert messages_recorder.shown == []  # not even asked
    with pytest.raises(UserError, match="default localization"):
        localizations.remove_localization(database, admin, "en")
    assert codes(page) == ["en", "ru"]

    page.select_key("ru")
    assert page.verb("Delete").isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    wait_for_tasks(qtbot)
    assert messages_recorder.last("confirm").text == "Delete Russian?"
    assert codes(page) == ["en"]


def test_an_added_language_is_a_field_in_localized_edits_opened_afterwards(qtbot, database, admin) -> None:
    page = make_page(qtbot, LocalizationPage, database, admin)
    page.verb("Add").trigger()
    dialog = opened(qtbot, page, LocalizationDialog)
    combo = dialog._language_combo
    assert combo.findData("ru") == -1  # already a localization: not offered
    assert not dialog._save_button.isEnabled()
    combo.set_value("de")
    assert combo.currentText() == "German (de)"
    assert dialog._save_button.isEnabled()
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert is_closed(dialog)
    assert codes(page) == ["en", "ru", "de"]
    assert page.selected_rows()[0].code == "de"

    templates_page = make_page(qtbot, MessageTemplatePage, database, admin)
    templates_page.verb("Add").trigger()
    editor = opened(qtbot, templates_page, TemplateDialog)
    assert editor._subject_edit.languages == ["en", "ru", "de"]
    assert editor._body_edit.languages == ["en", "ru", "de"]
    editor._body_edit.input_for("de").setPlainText("Hallo {client_name}")
    assert editor._body_edit.value()["de"] == "Hallo {client_name}"


def test_an_unknown_language_typed_in_keeps_add_disabled_with_the_reason(qtbot, database, admin) -> None:
    dialog = show(qtbot, LocalizationDialog(Workspace(database, admin), ["en", "ru"]))
    dialog._language_combo.setEditText("Klingon")
    assert not dialog._save_button.isEnabled()
    assert dialog.reason_text() == "Language: not a known language code: Klingon"
    dialog._language_combo.setEditText("russian (ru)")  # an entry left out: not offered
    assert not dialog._save_button.isEnabled()


def test_removing_a_language_keeps_the_texts_written_in_it(qtbot, database, admin) -> None:
    from sslbill_desktop.services import templates

    created = templates.create_template(
        database,
        admin,
        kind="message",
        name="Hello",
        subject={"en": "Hi", "ru": "Привет"},
        body={"en": "Hello {client_name}", "ru": "Здравствуйте, {client_name}"},
    )
    localizations.remove_localization(database, admin, "ru")
    dialog = show(
        qtbot,
        TemplateDialog(
            Workspace(database, admin), TemplateKind.MESSAGE, workspace_languages(database), created
        ),
    )
    assert dialog._body_edit.languages == ["en"]
    dialog._name_edit.setText("Hello again")
    assert dialog._save_button.isEnabled()
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert is_closed(dialog)
    stored = templates.get_template(database, admin, created.id)
    assert stored.name == "Hello again"
    assert stored.body["ru"] == "Здравствуйте, {client_name}"


def test_sales_see_the_localizations_read_only(qtbot, database, sales, messages_recorder) -> None:
    page = make_page(qtbot, LocalizationPage, database, sales)
    page.select_key("ru")
    assert not page.verb("Add").isEnabled()
    assert not page.verb("Delete").isEnabled()
    assert page.verb("Delete").toolTip() == "Your role (Sales) can look at this list but not change it."

    dialog = show(qtbot, LocalizationDialog(Workspace(database, sales), ["en", "ru"]))
    dialog._language_combo.set_value("de")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert messages_recorder.last("warn").title == "Not allowed"
    assert [x.code for x in workspace_languages(database)] == ["en", "ru"]
