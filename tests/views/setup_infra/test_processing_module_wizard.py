"""The processing module wizard with real widgets against the loopback simulator."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import credentials, processing
from sslbill_desktop.services.errors import PermissionDenied
from sslbill_desktop.views.dialogs.data_center import DataCenterDialog
from sslbill_desktop.views.dialogs.department import DepartmentDialog
from tests.services.processing.support import (
    create_module,
    make_provider,
    make_setup,
    module_input,
    stored_bytes,
)
from tests.services.setup.helpers import count
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.setup_infra.support import finish_button, make_wizard, newest, next_button

SECRET = "Wizard-Only-Secret-8817"


def to_integration(wizard) -> None:
    assert wizard.currentPage() is wizard.product_type_page
    assert wizard.product_type_page.values() == {"product_type": "ssl_certificate"}
    next_button(wizard).click()
    assert wizard.currentPage() is wizard.module_page
    assert wizard.module_page.values() == {"module_type": "ispmanager_ssl"}
    next_button(wizard).click()
    assert wizard.currentPage() is wizard.integration_page


def fill_integration(qtbot, wizard, url: str, username: str, password: str) -> None:
    page = wizard.integration_page
    for field, text in (("url", url), ("username", username), ("password", password)):
        page.line_edit(field).clear()
        qtbot.keyClicks(page.line_edit(field), text)


def check(qtbot, wizard) -> None:
    next_button(wizard).click()
    wait_for_tasks(qtbot)


def test_a_wrong_password_keeps_the_integration_step_with_the_message(
    qtbot, database, admin, simulator
) -> None:
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    assert wizard.integration_page.line_edit("url").text() == "https://api-eu.ispmanager.com"
    fill_integration(qtbot, wizard, simulator.url, "reseller", "not-the-password")
    check(qtbot, wizard)
    page = wizard.integration_page
    assert wizard.currentPage() is page
    assert page.field_error("password").startswith("The ispmanager account refused the username or password.")
    assert page.error_text().startswith("Password: The ispmanager account refused")
    assert page.line_edit("password").hasFocus()
    assert next_button(wizard).isEnabled()  # fix the password and try again
    assert count(database, ProcessingModule) == 0


def test_an_account_with_2fa_gets_the_sources_message(qtbot, database, admin, simulator) -> None:
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    fill_integration(qtbot, wizard, simulator.url, "twofactor", "twofactor-pass")
    check(qtbot, wizard)
    page = wizard.integration_page
    assert wizard.currentPage() is page
    assert page.field_error("username") == (
        "2FA is enabled on this account: disable it or use another account for the integration"
    )


def test_an_unreachable_address_is_named_at_the_url(qtbot, database, admin, simulator) -> None:
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    simulator.stop()
    fill_integration(qtbot, wizard, simulator.url, "reseller", "reseller-pass")
    check(qtbot, wizard)
    assert wizard.currentPage() is wizard.integration_page
    assert "cannot be used right now" in wizard.integration_page.field_error("url")


def test_a_reply_that_is_not_the_billing_api_is_named_at_the_url(qtbot, database, admin, simulator) -> None:
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    simulator.set_fault("html", times=None)
    fill_integration(qtbot, wizard, simulator.url, "reseller", "reseller-pass")
    check(qtbot, wizard)
    assert "did not answer like an ispmanager billing" in wizard.integration_page.field_error("url")


def test_next_waits_for_the_required_fields_and_says_why(qtbot, database, admin) -> None:
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    assert not next_button(wizard).isEnabled()
    assert wizard.integration_page.reason_text() == "Username: this field is required"
    qtbot.keyClicks(wizard.integration_page.line_edit("username"), "shop")
    assert wizard.integration_page.reason_text() == "Password: this field is required"
    wizard.integration_page.line_edit("url").setText("api-eu.ispmanager.com")
    assert wizard.integration_page.field_error("url").startswith("not a web address")


def test_success_writes_the_module_with_the_password_only_in_the_keyring(
    qtbot, database, admin, simulator, memory_keyring
) -> None:
    simulator.add_account("shop", SECRET, Decimal("77.00"))
    center_id, department_id = make_setup(database, admin)
    wizard = make_wizard(qtbot, database, admin)
    saved = []
    wizard.saved.connect(saved.append)
    to_integration(wizard)
    fill_integration(qtbot, wizard, simulator.url, "shop", SECRET)
    check(qtbot, wizard)
    page = wizard.parameters_page
    assert wizard.currentPage() is page
    assert page.currency_text() == "USD"
    assert page.values()["data_center_id"] == center_id and page.values()["department_id"] == department_id
    assert not finish_button(wizard).isEnabled()
    assert page.reason_text() == "Name: this field is required in English (the default localization)"
    qtbot.keyClicks(page.name_edit.input_for("en"), "Sectigo via ispmanager")
    qtbot.keyClicks(page.minimal_balance_edit, "20.50")
    assert finish_button(wizard).isEnabled()
    finish_button(wizard).click()
    wait_for_tasks(qtbot)
    assert is_closed(wizard)
    (record,) = processing.list_processing_modules(database, admin)
    assert saved == [record]
    assert (record.title, record.username, record.url) == ("Sectigo via ispmanager", "shop", simulator.url)
    assert record.minimal_balance == Decimal("20.50") and record.last_balance == Decimal("77.00")
    assert credentials.read_module_password(record.id) == SECRET
    assert SECRET in memory_keyring.store.values()
    assert SECRET.encode() not in stored_bytes(database)


def test_a_data_center_and_a_department_created_from_the_wizard_are_selected(
    qtbot, database, admin, simulator
) -> None:
    make_setup(database, admin)
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    fill_integration(qtbot, wizard, simulator.url, "reseller", "reseller-pass")
    check(qtbot, wizard)
    page = wizard.parameters_page

    page.new_data_center_button.click()
    dialog = newest(wizard, DataCenterDialog)
    qtbot.keyClicks(dialog._name_edit.input_for("en"), "Amsterdam")
    dialog.save_button.click()
    wait_for_tasks(qtbot)
    assert is_closed(dialog)
    assert page.data_center_combo.currentText() == "Amsterdam"

    page.new_department_button.click()
    dialog = newest(wizard, DepartmentDialog)
    qtbot.keyClicks(dialog._name_edit.input_for("en"), "Sales department")
    dialog.save_button.click()
    wait_for_tasks(qtbot)
    assert is_closed(dialog)
    assert page.department_combo.currentText() == "Sales department"

    qtbot.keyClicks(page.name_edit.input_for("en"), "EU")
    finish_button(wizard).click()
    wait_for_tasks(qtbot)
    (record,) = processing.list_processing_modules(database, admin)
    assert (record.data_center, record.department) == ("Amsterdam", "Sales department")


def test_edit_reopens_the_pages_filled_in_and_a_blank_password_keeps_the_stored_one(
    qtbot, database, admin, simulator
) -> None:
    record = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    wizard = make_wizard(qtbot, database, admin, record)
    to_integration(wizard)
    page = wizard.integration_page
    assert (page.line_edit("url").text(), page.line_edit("username").text()) == (simulator.url, "reseller")
    assert page.line_edit("password").text() == ""
    before = simulator.requests()
    next_button(wizard).click()  # nothing changed: no check needed
    assert wizard.currentPage() is wizard.parameters_page
    assert simulator.requests() == before
    parameters = wizard.parameters_page
    assert parameters.name_edit.value() == record.name
    assert parameters.minimal_balance_edit.text() == "100.00"
    parameters.minimal_balance_edit.setText("250")
    finish_button(wizard).click()
    wait_for_tasks(qtbot)
    saved = processing.get_processing_module(database, admin, record.id)
    assert saved.minimal_balance == Decimal("250") and saved.version > record.version
    assert credentials.read_module_password(record.id) == "reseller-pass"


def test_an_edited_password_is_checked_before_the_step_is_left(qtbot, database, admin, simulator) -> None:
    record = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    wizard = make_wizard(qtbot, database, admin, record)
    to_integration(wizard)
    qtbot.keyClicks(wizard.integration_page.line_edit("password"), "a-wrong-new-one")
    check(qtbot, wizard)
    assert wizard.currentPage() is wizard.integration_page
    assert wizard.integration_page.field_error("password")
    assert credentials.read_module_password(record.id) == "reseller-pass"


def test_cancelling_the_check_keeps_the_page(qtbot, database, admin, simulator) -> None:
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    fill_integration(qtbot, wizard, simulator.url, "reseller", "reseller-pass")
    simulator.set_latency(1.0)
    next_button(wizard).click()
    page = wizard.integration_page
    assert page.checking and not next_button(wizard).isEnabled()
    page.cancel_check()
    assert not page.checking
    assert page.error_text() == "The check was cancelled. Press Next to check the connection again."
    wait_for_tasks(qtbot)
    assert wizard.currentPage() is page
    assert next_button(wizard).isEnabled()


def test_the_parameters_page_warns_about_another_currency(qtbot, database, admin, simulator) -> None:
    make_provider(database, admin, "Euro Shop", "EUR")
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    fill_integration(qtbot, wizard, simulator.url, "reseller", "reseller-pass")
    check(qtbot, wizard)
    assert "(Euro Shop) sell in EUR" in wizard.parameters_page.warning_text()


def test_escape_asks_before_discarding_typed_data(qtbot, database, admin, messages_recorder) -> None:
    wizard = make_wizard(qtbot, database, admin)
    to_integration(wizard)
    qtbot.keyClicks(wizard.integration_page.line_edit("username"), "half-typed")
    messages_recorder.answer(False)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert messages_recorder.last("confirm").text == "Discard what you entered in this wizard?"
    assert wizard.isVisible()
    messages_recorder.answer(True)
    wizard.button(wizard.WizardButton.CancelButton).click()
    assert is_closed(wizard)


def test_escape_without_typing_closes_at_once(qtbot, database, admin, messages_recorder) -> None:
    wizard = make_wizard(qtbot, database, admin)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert is_closed(wizard)
    assert messages_recorder.shown == []


def test_a_sales_user_pages_through_read_only_and_cannot_save(
    qtbot, database, admin, sales, simulator
) -> None:
    record = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    wizard = make_wizard(qtbot, database, sales, record)
    assert wizard.read_only
    to_integration(wizard)
    assert wizard.integration_page.line_edit("username").isReadOnly()
    next_button(wizard).click()
    page = wizard.parameters_page
    assert wizard.currentPage() is page
    assert page.name_edit.input_for("en").isReadOnly()
    assert not page.data_center_combo.isEnabled()
    assert not page.new_data_center_button.isVisible()
    assert not finish_button(wizard).isEnabled()
    assert "can look at this record but not change it" in page.subTitle()
    values = module_input(record.url, record.username, record.data_center_id, record.department_id)
    try:
        processing.update_processing_module(database, sales, record.id, version=record.version, values=values)
    except PermissionDenied as exc:
        assert "does not allow you to change the configuration" in str(exc)
    else:
        raise AssertionError("the service let a sales user change a module")


def test_a_stale_edit_from_another_session_gets_the_conflict_message(
    qtbot, database, admin, simulator, messages_recorder
) -> None:
    record = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    first = make_wizard(qtbot, database, admin, record)
    second = make_wizard(qtbot, database, admin, record)
    for wizard, sorting in ((first, "5"), (second, "9")):
        to_integration(wizard)
        next_button(wizard).click()
        wizard.parameters_page.minimal_balance_edit.setText(sorting)
    finish_button(first).click()
    wait_for_tasks(qtbot)
    assert is_closed(first)
    finish_button(second).click()
    wait_for_tasks(qtbot)
    assert second.isVisible()
    shown = messages_recorder.last("warn")
    assert shown.title == "Changed elsewhere"
    assert shown.text.startswith("Someone else changed this record after you opened it.")
    assert processing.get_processing_module(database, admin, record.id).minimal_balance == Decimal("5")
