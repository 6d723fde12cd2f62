from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from sslbill_desktop.models.staff import Staff
from sslbill_desktop.services.auth import Role
from sslbill_desktop.services.first_run import MODE_DEMO
from sslbill_desktop.services.staff import DEMO_ADMIN_LOGIN, DEMO_PASSWORD, DEMO_SALES_LOGIN
from sslbill_desktop.views.wizards.first_run import FirstRunWizard
from tests.support.qt_fixtures import wait_for_tasks

PASSWORD = "correct horse battery"


def make_wizard(qtbot, database) -> FirstRunWizard:
    wizard = FirstRunWizard(database)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def fill_admin(qtbot, wizard: FirstRunWizard, **values: str) -> None:
    for field, text in values.items():
        edit = wizard.admin_page.edit(field)
        edit.clear()
        qtbot.keyClicks(edit, text)


def test_creating_the_first_admin_stores_a_hash_never_the_password(qtbot, database) -> None:
    wizard = make_wizard(qtbot, database)
    signed_in = []
    wizard.signed_in.connect(signed_in.append)
    wizard.next()
    assert wizard.currentPage() is wizard.admin_page
    fill_admin(qtbot, wizard, login="Boss", full_name="Bo Boss", password=PASSWORD, password_repeat=PASSWORD)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_for_tasks(qtbot)
    assert [actor.login for actor in signed_in] == ["boss"]
    assert signed_in[0].role is Role.ADMIN
    with database.uow() as s:
        stored = s.scalars(select(Staff)).all()
        assert [(row.login, row.full_name, row.role) for row in stored] == [("boss", "Bo Boss", "admin")]
        assert PASSWORD not in stored[0].password_hash
        assert stored[0].password_hash.startswith("scrypt$")
    assert not wizard.isVisible()


def test_finish_waits_until_the_passwords_match(qtbot, database) -> None:
    wizard = make_wizard(qtbot, database)
    wizard.next()
    fill_admin(qtbot, wizard, login="boss", password=PASSWORD, password_repeat=PASSWORD + "x")
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert wizard.admin_page.error_text() == "Repeat password: the two passwords differ"
    fill_admin(qtbot, wizard, password_repeat=PASSWORD)
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert wizard.admin_page.error_text() == ""


def test_a_bad_login_is_named_at_the_form(qtbot, database) -> None:
    wizard = make_wizard(qtbot, database)
    wizard.next()
    fill_admin(qtbot, wizard, login="-x")
    assert wizard.admin_page.error_text().startswith("Login: use 2 to 64 letters")


def test_demo_workspace_creates_the_demo_logins_and_signs_in_as_demo_admin(qtbot, database) -> None:
    wizard = make_wizard(qtbot, database)
    signed_in = []
    wizard.signed_in.connect(signed_in.append)
    wizard.choice_page.choose(MODE_DEMO)
    wizard.next()
    assert wizard.currentPage() is wizard.demo_page
    shown = wizard.demo_page.shown_text()
    assert DEMO_ADMIN_LOGIN in shown
    assert DEMO_SALES_LOGIN in shown
    assert DEMO_PASSWORD in shown
    wizard.button(QWizard.WizardButton.FinishButton).click()
    wait_for_tasks(qtbot)
    assert [actor.login for actor in signed_in] == [DEMO_ADMIN_LOGIN]
    with database.uow() as s:
        assert sorted(s.scalars(select(Staff.login))) == [DEMO_ADMIN_LOGIN, DEMO_SALES_LOGIN]


def test_back_returns_to_the_choice_and_the_flow_follows(qtbot, database) -> None:
    wizard = make_wizard(qtbot, database)
    wizard.next()
    assert wizard.flow.current == "admin"
    wizard.back()
    assert wizard.currentPage() is wizard.choice_page
    assert wizard.flow.current == "choice"
    wizard.choice_page.choose(MODE_DEMO)
    wizard.next()
    assert wizard.flow.current == "demo"


def test_cancel_with_typed_data_asks_before_discarding(qtbot, database, messages_recorder) -> None:
    wizard = make_wizard(qtbot, database)
    wizard.next()
    fill_admin(qtbot, wizard, login="boss")
    messages_recorder.answer(False)
    wizard.reject()
    assert messages_recorder.last("confirm").text == "Discard what you entered in this wizard?"
    assert wizard.isVisible()
    messages_recorder.answer(True)
    wizard.reject()
    assert not wizard.isVisible()
