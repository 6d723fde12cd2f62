from sslbill_desktop.services import staff
from sslbill_desktop.services.auth import Role
from sslbill_desktop.views import settings
from sslbill_desktop.views.dialogs.login import LoginDialog
from tests.support.qt_fixtures import wait_for_tasks


def make_login(qtbot, database) -> LoginDialog:
    dialog = LoginDialog(database.description)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def sign_in(qtbot, dialog: LoginDialog, login: str, password: str) -> None:
    dialog._login_edit.setText(login)
    dialog._password_edit.setText(password)
    dialog._sign_in_button.click()
    wait_for_tasks(qtbot)


def test_sign_in_waits_for_the_database(qtbot, database, admin) -> None:
    dialog = make_login(qtbot, database)
    dialog._login_edit.setText("admin")
    dialog._password_edit.setText("admin-password")
    assert not dialog.can_sign_in()
    assert dialog.status_text() == "Opening database…"
    dialog.set_database(database)
    assert dialog.can_sign_in()
    assert dialog.status_text() == ""


def test_wrong_password_is_refused_with_a_message_at_the_form(
    qtbot, database, admin, messages_recorder
) -> None:
    dialog = make_login(qtbot, database)
    dialog.set_database(database)
    signed_in = []
    dialog.signed_in.connect(signed_in.append)
    sign_in(qtbot, dialog, "admin", "not-the-password")
    assert signed_in == []
    assert dialog.status_text() == "Wrong login or password."
    assert dialog._password_edit.text() == ""
    assert dialog.isVisible()
    assert messages_recorder.shown == []


def test_disabled_account_is_refused_with_its_message(qtbot, database, admin, sales) -> None:
    record = staff.get_staff(database, admin, sales.staff_id)
    staff.set_disabled(database, admin, record.id, version=record.version, disabled=True)
    dialog = make_login(qtbot, database)
    dialog.set_database(database)
    signed_in = []
    dialog.signed_in.connect(signed_in.append)
    sign_in(qtbot, dialog, "sam", "sales-password")
    assert signed_in == []
    assert dialog.status_text() == "This account is disabled. Ask an administrator to enable it."


def test_right_password_signs_in_and_remembers_the_login(qtbot, database, admin) -> None:
    dialog = make_login(qtbot, database)
    dialog.set_database(database)
    signed_in = []
    dialog.signed_in.connect(signed_in.append)
    sign_in(qtbot, dialog, "admin", "admin-password")
    assert [(a.login, a.role) for a in signed_in] == [("admin", Role.ADMIN)]
    assert not dialog.isVisible()
    assert settings.last_login() == "admin"
    assert LoginDialog(database.description)._login_edit.text() == "admin"


def test_database_error_is_shown_in_the_dialog(qtbot, database) -> None:
    dialog = make_login(qtbot, database)
    dialog.set_database_error("The database SQLite /nowhere cannot be opened: disk I/O error")
    assert dialog.status_text() == "The database SQLite /nowhere cannot be opened: disk I/O error"
    assert not dialog.can_sign_in()


def test_choosing_russian_translates_the_dialog_and_is_remembered(qtbot, database, compiled_locales) -> None:
    dialog = make_login(qtbot, database)
    dialog._language_combo.setCurrentIndex(dialog._language_combo.findData("ru"))
    assert settings.language() == "ru"
    assert dialog._sign_in_button.text() == "Войти"
    assert dialog.status_text() == "Открываем базу данных…"
