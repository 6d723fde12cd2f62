from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.services import clients, payments
from sslbill_desktop.services.contacts import ClientContacts, Person, missing_for_order
from sslbill_desktop.services.errors import Conflict, NotFound, UserError, ValidationError
from tests.services.clients.helpers import add_client, add_group, add_provider, client_input, contacts
from tests.services.setup.helpers import audit_entries


def test_sales_creates_a_client_with_an_account_in_the_provider_currency(database, sales, provider) -> None:
    group = add_group(database)
    record = clients.create_client(database, sales, client_input(provider, client_group_id=group))
    assert (record.name, record.email, record.provider_name, record.client_group_name) == (
        "Alice Example",
        "alice@example.com",
        "SSL Shop",
        "Retail",
    )
    assert [(a.currency, a.balance) for a in record.accounts] == [("USD", Decimal(0))]
    assert record.contacts == contacts()
    with database.uow() as s:
        row = s.scalar(select(Client))
        assert row.contacts["admin"]["email"] == "ada@example.com"
        assert row.contacts["organisation"]["country"] == "DE"
    (entry,) = audit_entries(database, "client", "create")
    assert entry.staff_login == "sam"


def test_admin_manages_clients_too(database, admin, provider) -> None:
    record = add_client(database, admin, provider)
    assert clients.get_client(database, admin, record.id).name == "Alice Example"


@pytest.mark.parametrize(
    ("change", "field", "detail"),
    [
        ({"name": "  "}, "name", "this field is required"),
        ({"email": ""}, "email", "this field is required"),
        ({"email": "alice at example"}, "email", "not an e-mail address"),
        ({"phone": "call me"}, "phone", "not a phone number"),
        ({"country": "XX"}, "country", "not a country code"),
        ({"language": "de"}, "language", "not a localization of this workspace"),
        ({"provider_id": None}, "provider_id", "choose the provider"),
        ({"provider_id": 99999}, "provider_id", "no longer exists"),
        ({"client_group_id": 99999}, "client_group_id", "no longer exists"),
        (
            {"contacts": ClientContacts(admin=Person(email="not-an-address"))},
            "contacts.admin.email",
            "not an e-mail address",
        ),
        (
            {"contacts": ClientContacts(tech=Person(phone="abc"))},
            "contacts.tech.phone",
            "not a phone number",
        ),
    ],
)
def test_bad_client_input_names_the_field(database, sales, provider, change, field, detail) -> None:
    values = client_input(provider)
    values = clients.ClientInput(**(values.__dict__ | change))
    with pytest.raises(ValidationError) as caught:
        clients.create_client(database, sales, values)
    assert caught.value.field == field
    assert detail in caught.value.detail
    with database.uow() as s:
        assert s.scalar(select(Client)) is None


def test_blank_language_takes_the_workspace_default(database, sales, provider) -> None:
    assert add_client(database, sales, provider, language="").language == "en"


def test_edit_with_a_stale_version_is_refused(database, sales, client) -> None:
    clients.update_client(database, sales, client.id, version=client.version, values=client.as_input())
    with pytest.raises(Conflict):
        clients.update_client(database, sales, client.id, version=client.version, values=client.as_input())


def test_moving_to_a_provider_in_another_currency_opens_an_account_and_keeps_the_old(
    database, sales, client, account
) -> None:
    payments.record_payment(database, sales, account, amount="25.00", received_on=date(2027, 7, 1))
    euro = add_provider(database, "Euro Shop", "EUR")
    current = clients.get_client(database, sales, client.id)
    moved = clients.update_client(
        database,
        sales,
        client.id,
        version=current.version,
        values=clients.ClientInput(**(current.as_input().__dict__ | {"provider_id": euro})),
    )
    assert moved.currency == "EUR"
    assert [(a.currency, a.balance) for a in moved.accounts] == [
        ("EUR", Decimal(0)),
        ("USD", Decimal("25.00")),
    ]


def test_a_client_without_money_movements_can_be_deleted(database, sales, client) -> None:
    clients.delete_client(database, sales, client.id, version=client.version)
    with database.uow() as s:
        assert s.scalar(select(Client)) is None
        assert s.scalar(select(ClientAccount)) is None
    with pytest.raises(NotFound):
        clients.get_client(database, sales, client.id)
    assert audit_entries(database, "client", "delete")


def test_a_client_with_ledger_entries_cannot_be_deleted(database, sales, client, account) -> None:
    payments.record_payment(database, sales, account, amount="10", received_on=date(2027, 7, 1))
    fresh = clients.get_client(database, sales, client.id)
    with pytest.raises(UserError, match="money has moved on its accounts"):
        clients.delete_client(database, sales, client.id, version=fresh.version)
    assert clients.get_client(database, sales, client.id).accounts


def test_list_pages_and_filters_in_the_database(database, sales, provider) -> None:
    for number in range(25):
        add_client(database, sales, provider, f"Client {number:02d}", email=f"c{number}@example.com")
    add_client(database, sales, provider, "Zed 100%_Off", company="Percent Ltd", email="zed@shop.example")
    first = clients.list_clients(database, sales, limit=10)
    assert first.total == 26
    assert [r.name for r in first.rows] == [f"Client {n:02d}" for n in range(10)]
    second = clients.list_clients(database, sales, offset=10, limit=10)
    assert second.rows[0].name == "Client 10"
    assert [r.name for r in clients.list_clients(database, sales, filter_text="SHOP.EXAMPLE").rows] == [
        "Zed 100%_Off"
    ]
    assert clients.list_clients(database, sales, filter_text="100%_").total == 1
    assert clients.list_clients(database, sales, filter_text="0%x").total == 0
    assert first.rows[0].balances == (("USD", Decimal(0)),)


def test_form_choices_list_providers_groups_languages_and_countries(database, sales, provider) -> None:
    add_group(database, "Resellers")
    choices = clients.form_choices(database, sales)
    assert [(p.name, p.currency) for p in choices.providers] == [("SSL Shop", "USD")]
    assert [g.name for g in choices.client_groups] == ["Resellers"]
    assert choices.default_language == "en"
    assert ("DE", "Germany") in choices.countries


def test_order_contacts_fill_blank_contacts_with_the_client_details(database, sales, provider) -> None:
    record = add_client(database, sales, provider, contacts=ClientContacts())
    prefilled = record.order_contacts()
    assert prefilled.admin == Person("Alice", "Example", "", "alice@example.com", "+49 30 1111111")
    assert prefilled.organisation.country == "DE"
    assert missing_for_order(prefilled) == []
    assert [p.field for p in missing_for_order(ClientContacts())][:2] == [
        "contacts.admin.first_name",
        "contacts.admin.last_name",
    ]
