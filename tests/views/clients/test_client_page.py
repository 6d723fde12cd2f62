from datetime import date
from decimal import Decimal

from sqlalchemy import select

from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.services import clients, payments
from sslbill_desktop.views.dialogs.client import ClientDialog
from sslbill_desktop.views.lists.clients import ClientsPage
from tests.services.clients.helpers import add_client, add_group, add_provider
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.clients.support import make_page, newest, save


def test_sales_creates_a_client_with_contacts_through_the_dialog(qtbot, database, sales) -> None:
    add_provider(database)
    group = add_group(database, "Retail")
    page = make_page(qtbot, ClientsPage, database, sales)
    page.verb("Add").trigger()
    dialog = newest(page, ClientDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog._name_edit, "Alice Example")
    qtbot.keyClicks(dialog._company_edit, "Example GmbH")
    qtbot.keyClicks(dialog._email_edit, "alice@example.com")
    qtbot.keyClicks(dialog._phone_edit, "+49 30 1111111")
    dialog._country_combo.set_value("DE")
    dialog._group_combo.select(group)
    for field, text in (
        ("contacts.admin.first_name", "Ada"),
        ("contacts.admin.last_name", "Admin"),
        ("contacts.admin.email", "ada@example.com"),
        ("contacts.admin.phone", "+49 30 1234567"),
        ("contacts.organisation.name", "Example GmbH"),
    ):
        qtbot.keyClicks(dialog._fields[field][1], text)
    dialog._copy_button.click()

    save(qtbot, dialog)

    assert is_closed(dialog)
    with database.uow() as s:
        row = s.scalar(select(Client))
        assert (row.name, row.company, row.email, row.country, row.language, row.client_group_id) == (
            "Alice Example",
            "Example GmbH",
            "alice@example.com",
            "DE",
            "en",
            group,
        )
        assert row.contacts["admin"]["email"] == "ada@example.com"
        assert row.contacts["tech"] == row.contacts["admin"]
        assert row.contacts["organisation"]["name"] == "Example GmbH"
        (account,) = s.scalars(select(ClientAccount).where(ClientAccount.client_id == row.id))
        assert (account.currency, account.balance) == ("USD", Decimal(0))
    assert [r.name for r in page.model.loaded_rows()] == ["Alice Example"]
    assert page.model.data(page.model.index(0, 5)) == "$0.00"


def test_a_bad_contact_field_is_shown_on_its_tab(qtbot, database, sales) -> None:
    provider = add_provider(database)
    record = add_client(database, sales, provider)
    page = make_page(qtbot, ClientsPage, database, sales)
    assert page.select_key(record.id)
    page.verb("Edit").trigger()
    dialog = newest(page, ClientDialog)
    edit = dialog._fields["contacts.tech.email"][1]
    edit.setText("tom at example")

    save(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.current_tab_title() == "Technical contact"
    assert dialog.error_text() == "Technical contact, E-mail: not an e-mail address: tom at example"
    assert clients.get_client(database, sales, record.id).contacts.tech.email == "tom@example.com"


def test_edit_saves_the_changed_details(qtbot, database, sales) -> None:
    provider = add_provider(database)
    record = add_client(database, sales, provider)
    page = make_page(qtbot, ClientsPage, database, sales)
    page.select_key(record.id)
    page.verb("Edit").trigger()
    dialog = newest(page, ClientDialog)
    dialog._name_edit.setText("Alice Renamed")
    save(qtbot, dialog)
    assert is_closed(dialog)
    assert clients.get_client(database, sales, record.id).name == "Alice Renamed"
    assert [r.name for r in page.model.loaded_rows()] == ["Alice Renamed"]


def test_deleting_a_client_with_money_is_refused_with_the_reason(
    qtbot, database, sales, messages_recorder
) -> None:
    provider = add_provider(database)
    record = add_client(database, sales, provider)
    payments.record_payment(database, sales, record.accounts[0].id, amount="5", received_on=date(2027, 1, 1))
    page = make_page(qtbot, ClientsPage, database, sales)
    page.select_key(record.id)
    page.verb("Delete").trigger()
    wait_for_tasks(qtbot)
    assert messages_recorder.last("confirm").text == "Delete Alice Example?"
    assert "cannot be deleted: money has moved on its accounts" in messages_recorder.last("error").text
    assert clients.get_client(database, sales, record.id).name == "Alice Example"


def test_filter_finds_clients_by_company(qtbot, database, sales) -> None:
    provider = add_provider(database)
    add_client(database, sales, provider, "Alice Example")
    add_client(database, sales, provider, "Bob Builder", company="Builders Ltd", email="bob@builders.example")
    page = make_page(qtbot, ClientsPage, database, sales)
    page.filter_edit.setText("builders")
    qtbot.waitUntil(lambda: [r.name for r in page.model.loaded_rows()] == ["Bob Builder"])
