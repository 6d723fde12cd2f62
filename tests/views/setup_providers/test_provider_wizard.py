from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import providers
from sslbill_desktop.services.providers import ProviderInput
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.lists.providers import ProviderPage
from sslbill_desktop.views.wizards.provider import ProviderWizard
from tests.services.setup import images
from tests.services.setup.helpers import audit_entries, count
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.setup_providers.support import (
    accounts_of,
    add_active_payment,
    client_with_account,
    icon_file,
    make_page,
    opened,
    show,
)

SHOP = ProviderInput(
    name="SSL Shop",
    currency="USD",
    notification_email="noreply@shop.example",
    website_url="https://shop.example",
    default_country="DE",
)


def new_wizard(qtbot, database, actor) -> ProviderWizard:
    return show(qtbot, ProviderWizard(Workspace(database, actor)))


def type_into(qtbot, edit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def fill_main(qtbot, wizard: ProviderWizard, **values: str) -> None:
    page = wizard.main_page
    for name, text in values.items():
        if name == "currency":
            page.currency_combo.set_value(text)
        elif name == "default_country":
            page.country_combo.set_value(text)
        else:
            type_into(qtbot, page.line_edit(name), text)


def next_button(wizard: ProviderWizard):
    return wizard.button(QWizard.WizardButton.NextButton)


def finish_button(wizard: ProviderWizard):
    return wizard.button(QWizard.WizardButton.FinishButton)


def finish(qtbot, wizard: ProviderWizard) -> None:
    finish_button(wizard).click()
    wait_for_tasks(qtbot)


def test_a_32_pixel_icon_is_refused_with_its_size_and_a_16_pixel_one_is_stored(
    qtbot, database, admin, tmp_path, messages_recorder
) -> None:
    wizard = new_wizard(qtbot, database, admin)
    picker = wizard.main_page.icon_picker
    assert not picker.load_file(icon_file(tmp_path, "big.png", 32, 32))
    refusal = messages_recorder.last("warn")
    assert "32×32" in refusal.text
    assert "big.png" in refusal.text
    assert picker.value() is None
    assert picker.pixmap().isNull()

    small = icon_file(tmp_path, "small.png", 16, 16)
    assert picker.load_file(small)
    assert picker.value() == small.read_bytes()
    assert (picker.pixmap().width(), picker.pixmap().height()) == (16, 16)
    assert picker.description() == "PNG, 16×16 pixels"

    fill_main(qtbot, wizard, name="SSL Shop", notification_email="noreply@shop.example")
    wizard.next()
    finish(qtbot, wizard)
    assert is_closed(wizard)
    (stored,) = providers.list_providers(database, admin)
    assert (stored.icon, stored.icon_format) == (small.read_bytes(), "png")


def test_a_refused_icon_keeps_the_one_shown_before(
    qtbot, database, admin, tmp_path, messages_recorder
) -> None:
    wizard = new_wizard(qtbot, database, admin)
    picker = wizard.main_page.icon_picker
    picker.load_file(icon_file(tmp_path, "ok.png", 16, 16))
    before = picker.value()
    wide = tmp_path / "wide.svg"
    wide.write_bytes(images.svg("48", "16"))
    assert not picker.load_file(wide)
    assert "48×16" in messages_recorder.last("warn").text
    assert picker.value() == before


def test_support_email_falls_back_to_the_notification_email(qtbot, database, admin) -> None:
    wizard = new_wizard(qtbot, database, admin)
    support = wizard.main_page.support_edit
    assert support.placeholderText() == "Same as the e-mail for notifications"
    fill_main(qtbot, wizard, name="SSL Shop", notification_email="noreply@shop.example")
    assert support.text() == ""
    assert support.placeholderText() == "noreply@shop.example"
    wizard.next()
    finish(qtbot, wizard)
    (stored,) = providers.list_providers(database, admin)
    assert stored.support_email == ""
    assert stored.effective_support_email == "noreply@shop.example"


def test_phone_auth_attempt_fields_are_enabled_only_with_phone_auth(qtbot, database, admin) -> None:
    wizard = new_wizard(qtbot, database, admin)
    fill_main(qtbot, wizard, name="SSL Shop", notification_email="noreply@shop.example")
    wizard.next()
    page = wizard.authorization_page
    assert wizard.currentPage() is page
    assert not page.phone_check.isChecked()
    assert not page.entry_edit.isEnabled()
    assert not page.retrieval_edit.isEnabled()
    assert finish_button(wizard).isEnabled()

    qtbot.keyClick(page.phone_check, Qt.Key.Key_Space)
    assert page.phone_check.isChecked()
    assert page.entry_edit.isEnabled()
    assert page.retrieval_edit.isEnabled()
    assert not finish_button(wizard).isEnabled()
    assert page.reason_text() == (
        "Number of code entry attempts: this field is required with authorization by phone number"
    )

    type_into(qtbot, page.entry_edit, "0")
    assert page.field_error("code_entry_attempts") == "must be at least 1"
    type_into(qtbot, page.entry_edit, "3")
    type_into(qtbot, page.retrieval_edit, "five")
    assert page.field_error("code_retrieval_attempts").startswith("not a whole number")
    assert not finish_button(wizard).isEnabled()
    type_into(qtbot, page.retrieval_edit, "5")
    assert finish_button(wizard).isEnabled()

    qtbot.keyClick(page.phone_check, Qt.Key.Key_Space)
    assert not page.entry_edit.isEnabled()
    assert not page.retrieval_edit.isEnabled()


def test_next_stays_disabled_until_the_required_fields_are_valid(qtbot, database, admin) -> None:
    wizard = new_wizard(qtbot, database, admin)
    page = wizard.main_page
    assert not next_button(wizard).isEnabled()
    assert page.reason_text() == "Name: this field is required"
    fill_main(qtbot, wizard, name="SSL Shop")
    assert page.reason_text() == "E-mail for notifications: this field is required"
    fill_main(qtbot, wizard, notification_email="noreply@shop.example")
    assert next_button(wizard).isEnabled()
    assert page.reason_text() == ""


def test_urls_are_validated_at_the_field(qtbot, database, admin) -> None:
    wizard = new_wizard(qtbot, database, admin)
    fill_main(qtbot, wizard, name="SSL Shop", notification_email="noreply@shop.example")
    fill_main(qtbot, wizard, billing_url="billing.shop.example")
    page = wizard.main_page
    assert page.field_error("billing_url") == (
        "not a web address (it must start with http:// or https://): billing.shop.example"
    )
    assert page.field_error("website_url") == ""
    assert not next_button(wizard).isEnabled()
    fill_main(qtbot, wizard, billing_url="https://billing.shop.example")
    assert page.field_error("billing_url") == ""
    assert next_button(wizard).isEnabled()


# Typing into a searchable list opens its completion pop-up, which the offscreen platform can
# neither raise nor give the keyboard to; it says so.
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_the_wizard_end_to_end_writes_every_field_and_edit_shows_them(
    qtbot, database, admin, tmp_path
) -> None:
    page = make_page(qtbot, ProviderPage, database, admin)
    page.verb("Add").trigger()
    wizard = opened(qtbot, page, ProviderWizard)
    icon = icon_file(tmp_path, "shop.png", 16, 16)
    wizard.main_page.icon_picker.load_file(icon)
    fill_main(
        qtbot,
        wizard,
        name="SSL Shop",
        notification_email="noreply@shop.example",
        support_email="support@shop.example",
        website_url="https://shop.example",
        billing_url="https://billing.shop.example",
        help_url="https://shop.example/help",
    )
    combo = wizard.main_page.currency_combo
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), "EUR")
    country = wizard.main_page.country_combo
    country.lineEdit().selectAll()
    qtbot.keyClicks(country.lineEdit(), "Germany")
    assert (combo.value(), country.value()) == ("EUR", "DE")
    wizard.next()
    auth = wizard.authorization_page
    auth.phone_check.setChecked(True)
    type_into(qtbot, auth.entry_edit, "3")
    type_into(qtbot, auth.retrieval_edit, "5")
    finish(qtbot, wizard)
    assert is_closed(wizard)

    (stored,) = providers.list_providers(database, admin)
    assert stored.as_input() == ProviderInput(
        name="SSL Shop",
        currency="EUR",
        notification_email="noreply@shop.example",
        support_email="support@shop.example",
        website_url="https://shop.example",
        billing_url="https://billing.shop.example",
        help_url="https://shop.example/help",
        default_country="DE",
        icon=icon.read_bytes(),
        phone_auth=True,
        code_entry_attempts=3,
        code_retrieval_attempts=5,
    )
    (entry,) = audit_entries(database, "provider", "create")
    assert entry.summary == "SSL Shop"
    assert [row.name for row in page.model.loaded_rows()] == ["SSL Shop"]
    assert page.selected_rows()[0].id == stored.id

    page.verb("Edit").trigger()
    edit = opened(qtbot, page, ProviderWizard)
    main = edit.main_page
    assert main.values() == {
        "name": "SSL Shop",
        "icon": icon.read_bytes(),
        "notification_email": "noreply@shop.example",
        "support_email": "support@shop.example",
        "website_url": "https://shop.example",
        "billing_url": "https://billing.shop.example",
        "help_url": "https://shop.example/help",
        "currency": "EUR",
        "default_country": "DE",
    }
    assert main.currency_combo.currentText() == "EUR — Euro"
    assert main.country_combo.currentText() == "Germany"
    assert not main.icon_picker.pixmap().isNull()
    edit.next()
    assert edit.authorization_page.values() == {
        "phone_auth": True,
        "code_entry_attempts": "3",
        "code_retrieval_attempts": "5",
    }
    assert edit.authorization_page.entry_edit.isEnabled()


def test_editing_saves_a_change_and_keeps_the_rest(qtbot, database, admin) -> None:
    created = providers.create_provider(
        database, admin, replace(SHOP, phone_auth=True, code_entry_attempts=3, code_retrieval_attempts=4)
    )
    wizard = show(qtbot, ProviderWizard(Workspace(database, admin), created))
    assert not wizard.has_input()
    fill_main(qtbot, wizard, name="SSL Shop Europe")
    wizard.next()
    finish(qtbot, wizard)
    stored = providers.get_provider(database, admin, created.id)
    assert stored.as_input() == replace(created.as_input(), name="SSL Shop Europe")
    assert stored.version == created.version + 1


def test_the_list_shows_each_providers_icon(qtbot, database, admin) -> None:
    providers.create_provider(database, admin, replace(SHOP, icon=images.png(16, 16)))
    providers.create_provider(database, admin, replace(SHOP, name="No icon shop"))
    page = make_page(qtbot, ProviderPage, database, admin)
    model = page.model
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names == ["No icon shop", "SSL Shop"]
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    icon = model.index(1, 0).data(Qt.ItemDataRole.DecorationRole)
    assert not icon.isNull()
    assert icon.availableSizes()[0].width() == 16
    assert model.index(1, 1).data(Qt.ItemDataRole.DecorationRole) is None


def test_currency_change_is_refused_with_an_active_payment(qtbot, database, admin, messages_recorder) -> None:
    shop = providers.create_provider(database, admin, SHOP)
    client_id, account_id = client_with_account(database, shop.id, balance="25.00")
    add_active_payment(database, account_id)
    page = make_page(qtbot, ProviderPage, database, admin)
    page.select_key(shop.id)
    page.verb("Edit").trigger()
    wizard = opened(qtbot, page, ProviderWizard)
    combo = wizard.main_page.currency_combo
    assert not combo.isEnabled()
    assert "1 active payment" in combo.toolTip()
    assert combo.toolTip() == providers.can_change_currency(database, admin, shop.id)

    # Forcing the change anyway: the service refuses it with the same reason.
    combo.set_value("EUR")
    wizard.next()
    messages_recorder.answer(True)
    finish(qtbot, wizard)
    assert wizard.isVisible()
    assert messages_recorder.last("confirm").title == "Change the currency"
    assert wizard.authorization_page.error_text().startswith("Currency: the currency cannot be changed")
    assert "1 active payment" in wizard.authorization_page.error_text()
    assert providers.get_provider(database, admin, shop.id).currency == "USD"
    assert accounts_of(database, client_id) == {"USD": 25}


def test_a_payment_made_while_the_wizard_is_open_still_blocks_the_change(
    qtbot, database, admin, messages_recorder
) -> None:
    shop = providers.create_provider(database, admin, SHOP)
    _client_id, account_id = client_with_account(database, shop.id)
    wizard = show(qtbot, ProviderWizard(Workspace(database, admin), shop, currency_blocker=None))
    assert wizard.main_page.currency_combo.isEnabled()
    add_active_payment(database, account_id)
    wizard.main_page.currency_combo.set_value("EUR")
    wizard.next()
    finish(qtbot, wizard)
    assert wizard.isVisible()
    assert "active payment" in wizard.authorization_page.error_text()
    assert providers.get_provider(database, admin, shop.id).currency == "USD"


def test_currency_change_without_payments_asks_and_keeps_the_old_account(
    qtbot, database, admin, messages_recorder
) -> None:
    shop = providers.create_provider(database, admin, SHOP)
    client_id, _account_id = client_with_account(database, shop.id, balance="25.00")
    page = make_page(qtbot, ProviderPage, database, admin)
    page.select_key(shop.id)
    page.verb("Edit").trigger()
    wizard = opened(qtbot, page, ProviderWizard)
    assert wizard.main_page.currency_combo.isEnabled()
    wizard.main_page.currency_combo.set_value("EUR")
    wizard.next()

    messages_recorder.answer(False)
    finish(qtbot, wizard)
    question = messages_recorder.last("confirm").text
    assert question.startswith("Change the currency of SSL Shop from USD to EUR?")
    assert "Clients keep their accounts in USD with their balances" in question
    assert "new account in EUR" in question
    assert wizard.isVisible()
    assert providers.get_provider(database, admin, shop.id).currency == "USD"

    messages_recorder.answer(True)
    finish(qtbot, wizard)
    assert is_closed(wizard)
    assert providers.get_provider(database, admin, shop.id).currency == "EUR"
    assert accounts_of(database, client_id) == {"USD": 25, "EUR": 0}


def test_a_stale_edit_is_refused_with_the_conflict_message(qtbot, database, admin, messages_recorder) -> None:
    shop = providers.create_provider(database, admin, SHOP)
    wizard = show(qtbot, ProviderWizard(Workspace(database, admin), shop))
    providers.update_provider(
        database, admin, shop.id, version=shop.version, values=replace(SHOP, name="Theirs")
    )
    fill_main(qtbot, wizard, name="Mine")
    wizard.next()
    finish(qtbot, wizard)
    assert wizard.isVisible()
    shown = messages_recorder.last("warn")
    assert shown.title == "Changed elsewhere"
    assert shown.text.startswith("Someone else changed this record")
    assert providers.get_provider(database, admin, shop.id).name == "Theirs"


def test_a_taken_name_is_shown_on_the_page(qtbot, database, admin) -> None:
    providers.create_provider(database, admin, SHOP)
    wizard = new_wizard(qtbot, database, admin)
    fill_main(qtbot, wizard, name="ssl shop", notification_email="noreply@shop.example")
    wizard.next()
    finish(qtbot, wizard)
    assert wizard.isVisible()
    assert wizard.authorization_page.error_text() == "Name: the provider name ssl shop is taken"
    assert count(database, Provider) == 1


def test_escape_asks_before_discarding_typed_data(qtbot, database, admin, messages_recorder) -> None:
    wizard = new_wizard(qtbot, database, admin)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert is_closed(wizard)
    assert messages_recorder.shown == []

    wizard = new_wizard(qtbot, database, admin)
    fill_main(qtbot, wizard, name="Half typed")
    messages_recorder.answer(False)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert messages_recorder.last("confirm").text == "Discard what you entered in this wizard?"
    assert wizard.isVisible()
    messages_recorder.answer(True)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert is_closed(wizard)


def test_enter_moves_through_the_pages_and_finishes(qtbot, database, admin) -> None:
    wizard = new_wizard(qtbot, database, admin)
    fill_main(qtbot, wizard, name="SSL Shop", notification_email="noreply@shop.example")
    qtbot.keyClick(wizard.main_page.line_edit("notification_email"), Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.authorization_page
    qtbot.keyClick(wizard.authorization_page.phone_check, Qt.Key.Key_Return)
    wait_for_tasks(qtbot)
    assert is_closed(wizard)
    assert [r.name for r in providers.list_providers(database, admin)] == ["SSL Shop"]


def test_deleting_a_provider_with_clients_is_refused(qtbot, database, admin, messages_recorder) -> None:
    shop = providers.create_provider(database, admin, SHOP)
    client_with_account(database, shop.id)
    page = make_page(qtbot, ProviderPage, database, admin)
    page.select_key(shop.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    wait_for_tasks(qtbot)
    assert messages_recorder.last("confirm").text == "Delete SSL Shop?"
    assert "cannot be deleted while it is used by 1 client" in messages_recorder.last("error").text
    assert count(database, Provider) == 1


def test_sales_see_the_providers_read_only(qtbot, database, admin, sales) -> None:
    shop = providers.create_provider(
        database, admin, replace(SHOP, phone_auth=True, code_entry_attempts=3, code_retrieval_attempts=4)
    )
    page = make_page(qtbot, ProviderPage, database, sales)
    page.select_key(shop.id)
    for verb in ("Add", "Edit", "Delete"):
        assert not page.verb(verb).isEnabled()
        assert page.verb(verb).toolTip() == "Your role (Sales) can look at this list but not change it."
    page.verb("View").trigger()
    wizard = opened(qtbot, page, ProviderWizard)
    main = wizard.main_page
    assert main.line_edit("name").isReadOnly()
    assert not main.currency_combo.isEnabled()
    assert main.reason_text() == "Your role (Sales) can look at this list but not change it."
    wizard.next()
    assert wizard.currentPage() is wizard.authorization_page
    assert not wizard.authorization_page.entry_edit.isEnabled()
    assert not finish_button(wizard).isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert is_closed(wizard)


def test_the_service_refuses_a_sales_users_provider(qtbot, database, sales, messages_recorder) -> None:
    wizard = new_wizard(qtbot, database, sales)
    fill_main(qtbot, wizard, name="SSL Shop", notification_email="noreply@shop.example")
    wizard.next()
    finish(qtbot, wizard)
    shown = messages_recorder.last("warn")
    assert shown.title == "Not allowed"
    assert wizard.isVisible()
    assert count(database, Provider) == 0
