from PySide6.QtCore import Qt

from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.models.clients import Client
from sslbill_desktop.services import client_groups, providers
from sslbill_desktop.services.providers import ProviderInput
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.client_group import ClientGroupDialog
from sslbill_desktop.views.lists.client_groups import ClientGroupPage
from tests.services.setup.helpers import audit_entries, count
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.setup_providers.support import make_page, opened, show


def rows(page: ClientGroupPage) -> list[tuple[str, bool, bool, bool]]:
    return [
        (r.name, r.allow_suspend_resume, r.allow_deletion, r.ignore_service_limit)
        for r in page.model.loaded_rows()
    ]


def test_adding_a_group_with_the_keyboard(qtbot, database, admin) -> None:
    page = make_page(qtbot, ClientGroupPage, database, admin)
    page.table.setFocus()
    # Through the window, as a real key press arrives: shortcuts are matched there.
    qtbot.keyClick(page.windowHandle(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = opened(qtbot, page, ClientGroupDialog)
    assert dialog.focusWidget() is dialog._name_edit
    assert not dialog._save_button.isEnabled()
    assert dialog.reason_text() == "Name: this field is required"
    qtbot.keyClicks(dialog._name_edit, "Partners")
    assert dialog._save_button.isEnabled()
    assert dialog.reason_text() == ""
    window = dialog.windowHandle()  # keys go where the focus is, as typed
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog._suspend_check
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog._ignore_check
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    wait_for_tasks(qtbot)
    assert is_closed(dialog)
    assert rows(page) == [("Partners", True, False, True)]
    assert page.selected_rows()[0].name == "Partners"
    (entry,) = audit_entries(database, "client_group", "create")
    assert entry.after["allow_suspend_resume"] is True


def test_edit_shows_the_stored_values_and_saves_changes(qtbot, database, admin) -> None:
    group = client_groups.create_client_group(database, admin, name="Retail", allow_deletion=True)
    page = make_page(qtbot, ClientGroupPage, database, admin)
    page.select_key(group.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialog = opened(qtbot, page, ClientGroupDialog)
    assert dialog._name_edit.text() == "Retail"
    assert (
        dialog._suspend_check.isChecked(),
        dialog._delete_check.isChecked(),
        dialog._ignore_check.isChecked(),
    ) == (False, True, False)
    dialog._suspend_check.setChecked(True)
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert rows(page) == [("Retail", True, True, False)]
    assert client_groups.get_client_group(database, admin, group.id).version == group.version + 1


def test_a_taken_name_is_shown_at_the_field(qtbot, database, admin) -> None:
    client_groups.create_client_group(database, admin, name="Retail")
    dialog = show(qtbot, ClientGroupDialog(Workspace(database, admin)))
    qtbot.keyClicks(dialog._name_edit, "RETAIL")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert dialog.isVisible()
    assert dialog.error_text() == "Name: the client group name RETAIL is taken"
    assert count(database, ClientGroup) == 1


def test_a_stale_edit_is_refused_with_the_conflict_message(qtbot, database, admin, messages_recorder) -> None:
    group = client_groups.create_client_group(database, admin, name="Retail")
    dialog = show(qtbot, ClientGroupDialog(Workspace(database, admin), group))
    client_groups.update_client_group(
        database,
        admin,
        group.id,
        version=group.version,
        name="Retail (theirs)",
        allow_suspend_resume=False,
        allow_deletion=False,
        ignore_service_limit=False,
    )
    dialog._name_edit.setText("Retail (mine)")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert dialog.isVisible()
    assert messages_recorder.last("warn").title == "Changed elsewhere"
    assert client_groups.get_client_group(database, admin, group.id).name == "Retail (theirs)"


def test_escape_asks_before_discarding_typed_data(qtbot, database, admin, messages_recorder) -> None:
    dialog = show(qtbot, ClientGroupDialog(Workspace(database, admin)))
    qtbot.keyClicks(dialog._name_edit, "Half")
    messages_recorder.answer(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages_recorder.last("confirm").text == "Discard the changes you typed?"
    assert dialog.isVisible()
    messages_recorder.answer(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert is_closed(dialog)


def test_delete_key_removes_a_group_and_a_used_one_is_refused(
    qtbot, database, admin, messages_recorder
) -> None:
    unused = client_groups.create_client_group(database, admin, name="Unused")
    used = client_groups.create_client_group(database, admin, name="Used")
    shop = providers.create_provider(
        database, admin, ProviderInput(name="Shop", currency="USD", notification_email="a@shop.example")
    )
    with database.uow() as s:
        s.add(Client(name="Alice", provider_id=shop.id, client_group_id=used.id))
    page = make_page(qtbot, ClientGroupPage, database, admin)
    page.select_key(unused.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    wait_for_tasks(qtbot)
    assert messages_recorder.last("confirm").text == "Delete Unused?"
    assert [r.name for r in page.model.loaded_rows()] == ["Used"]

    page.select_key(used.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    wait_for_tasks(qtbot)
    assert "cannot be deleted while it is used by 1 client" in messages_recorder.last("error").text
    assert [r.name for r in page.model.loaded_rows()] == ["Used"]


def test_sales_see_the_groups_read_only_and_the_service_refuses_them(
    qtbot, database, admin, sales, messages_recorder
) -> None:
    group = client_groups.create_client_group(database, admin, name="Retail")
    page = make_page(qtbot, ClientGroupPage, database, sales)
    page.select_key(group.id)
    for verb in ("Add", "Edit", "Delete"):
        assert not page.verb(verb).isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # opens it to look at
    viewer = opened(qtbot, page, ClientGroupDialog)
    assert viewer.read_only
    assert viewer._name_edit.isReadOnly()
    assert not viewer._suspend_check.isEnabled()
    assert not viewer._save_button.isVisible()
    assert viewer.reason_text() == "Your role (Sales) can look at this list but not change it."
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert is_closed(viewer)

    dialog = show(qtbot, ClientGroupDialog(Workspace(database, sales), group))
    dialog._name_edit.setText("Sales' group")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert messages_recorder.last("warn").title == "Not allowed"
    assert client_groups.get_client_group(database, admin, group.id).name == "Retail"
