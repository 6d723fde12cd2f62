from PySide6.QtCore import Qt
from sqlalchemy import select

from sslbill_desktop.models.staff import Staff
from sslbill_desktop.services import staff
from sslbill_desktop.services.auth import Role, authenticate
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.staff import ResetPasswordDialog, StaffDialog
from sslbill_desktop.views.lists.staff import StaffPage
from tests.support.qt_fixtures import is_closed, wait_for_tasks


def make_page(qtbot, database, actor) -> StaffPage:
    page = StaffPage(Workspace(database, actor))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def open_dialog(qtbot, page: StaffPage, verb: str, login: str | None = None):
    if login is not None:
        assert page.select_key(next(r.id for r in page.model.loaded_rows() if r.login == login))
    page.verb(verb).trigger()
    dialog = (
        page.findChildren(StaffDialog)[-1] if verb in ("Add", "Edit") else page.findChild(ResetPasswordDialog)
    )
    qtbot.waitExposed(dialog)
    return dialog


def test_admin_adds_a_sales_account(qtbot, database, admin) -> None:
    page = make_page(qtbot, database, admin)
    dialog = open_dialog(qtbot, page, "Add")
    qtbot.keyClicks(dialog._login_edit, "Nina")
    qtbot.keyClicks(dialog._name_edit, "Nina Sales")
    qtbot.keyClicks(dialog._password_edit, "nina-password")
    qtbot.keyClicks(dialog._repeat_edit, "nina-password")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert is_closed(dialog)
    assert [r.login for r in page.model.loaded_rows()] == ["admin", "nina"]
    assert authenticate(database, "nina", "nina-password").role is Role.SALES


def test_validation_error_is_shown_at_its_field(qtbot, database, admin) -> None:
    page = make_page(qtbot, database, admin)
    dialog = open_dialog(qtbot, page, "Add")
    qtbot.keyClicks(dialog._login_edit, "nina")
    qtbot.keyClicks(dialog._email_edit, "not an address")
    qtbot.keyClicks(dialog._password_edit, "nina-password")
    qtbot.keyClicks(dialog._repeat_edit, "nina-password")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert dialog.isVisible()
    assert dialog.error_text() == "E-mail: not an e-mail address: not an address"
    assert dialog._email_edit.hasFocus() or dialog.focusWidget() is dialog._email_edit


def test_second_session_saving_a_stale_row_gets_the_conflict_message(
    qtbot, database, admin, sales, messages_recorder
) -> None:
    first_page = make_page(qtbot, database, admin)
    second_page = make_page(qtbot, database, admin)
    first = open_dialog(qtbot, first_page, "Edit", "sam")
    second = open_dialog(qtbot, second_page, "Edit", "sam")
    first._name_edit.setText("Written First")
    first._save_button.click()
    wait_for_tasks(qtbot)
    assert is_closed(first)

    second._name_edit.setText("Written Second")
    second._role_combo.setCurrentIndex(second._role_combo.findData("admin"))
    second._save_button.click()
    wait_for_tasks(qtbot)
    assert second.isVisible()
    shown = messages_recorder.last("warn")
    assert shown.title == "Changed elsewhere"
    assert shown.text.startswith("Someone else changed this staff account after you opened it.")
    stored = staff.get_staff(database, admin, sales.staff_id)
    assert (stored.full_name, stored.role) == ("Written First", Role.SALES)


def test_disabling_asks_first_and_then_blocks_sign_in(
    qtbot, database, admin, sales, messages_recorder
) -> None:
    page = make_page(qtbot, database, admin)
    page.select_key(sales.staff_id)
    messages_recorder.answer(False)
    page.verb("Disable").trigger()
    wait_for_tasks(qtbot)
    assert messages_recorder.last("confirm").text.startswith("Disable the account sam?")
    assert not staff.get_staff(database, admin, sales.staff_id).disabled

    messages_recorder.answer(True)
    page.verb("Disable").trigger()
    wait_for_tasks(qtbot)
    assert staff.get_staff(database, admin, sales.staff_id).disabled
    assert page.verb("Enable").isEnabled()  # the row stayed selected and now offers Enable
    page.verb("Enable").trigger()
    wait_for_tasks(qtbot)
    assert not staff.get_staff(database, admin, sales.staff_id).disabled


def test_admin_cannot_disable_their_own_account(qtbot, database, admin) -> None:
    page = make_page(qtbot, database, admin)
    page.select_key(admin.staff_id)
    assert not page.verb("Disable").isEnabled()


def test_reset_password_stores_a_new_hash(qtbot, database, admin, sales) -> None:
    page = make_page(qtbot, database, admin)
    dialog = open_dialog(qtbot, page, "Reset password", "sam")
    qtbot.keyClicks(dialog._password_edit, "brand-new-secret")
    qtbot.keyClicks(dialog._repeat_edit, "brand-new-secret")
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    assert authenticate(database, "sam", "brand-new-secret").login == "sam"
    with database.uow() as s:
        assert "brand-new-secret" not in s.scalar(select(Staff.password_hash).where(Staff.login == "sam"))


def test_escape_with_typed_data_asks_before_discarding(qtbot, database, admin, messages_recorder) -> None:
    page = make_page(qtbot, database, admin)
    dialog = open_dialog(qtbot, page, "Add")
    qtbot.keyClicks(dialog._login_edit, "half-typed")
    messages_recorder.answer(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages_recorder.last("confirm").text == "Discard the changes you typed?"
    assert dialog.isVisible()
    messages_recorder.answer(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert is_closed(dialog)


def test_escape_without_changes_closes_at_once(qtbot, database, admin, messages_recorder) -> None:
    page = make_page(qtbot, database, admin)
    dialog = open_dialog(qtbot, page, "Add")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert is_closed(dialog)
    assert messages_recorder.shown == []
