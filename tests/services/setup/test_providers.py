from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.models.ledger import KIND_ORDER, LedgerEntry
from sslbill_desktop.models.payments import PAYMENT_CANCELLED, PAYMENT_NEW, Payment
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import providers
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from sslbill_desktop.services.providers import ProviderInput
from tests.services.setup import images
from tests.services.setup.helpers import audit_entries, count

SHOP = ProviderInput(
    name="SSL Shop",
    currency="USD",
    notification_email="noreply@shop.example",
    website_url="https://shop.example",
    billing_url="https://billing.shop.example",
    help_url="https://shop.example/help",
    default_country="DE",
)


def _client_with_account(database, provider_id, *, balance="0"):
    with database.uow() as s:
        client = Client(name="Alice", provider_id=provider_id)
        s.add(client)
        s.flush()
        account = ClientAccount(client_id=client.id, currency="USD", balance=Decimal(balance))
        s.add(account)
        s.flush()
        return client.id, account.id


def _accounts(database, client_id):
    with database.uow() as s:
        rows = s.scalars(select(ClientAccount).where(ClientAccount.client_id == client_id))
        return {a.currency: a.balance for a in rows}


def _change_currency(database, admin, record, currency):
    return providers.update_provider(
        database,
        admin,
        record.id,
        version=record.version,
        values=replace(record.as_input(), currency=currency),
    )


def test_provider_round_trips(database, admin) -> None:
    created = providers.create_provider(
        database, admin, replace(SHOP, currency="eur", icon=images.png(16, 16))
    )
    loaded = providers.get_provider(database, admin, created.id)
    assert loaded.as_input() == replace(SHOP, currency="EUR", icon=images.png(16, 16))
    assert loaded.icon_format == "png"
    assert loaded.phone_auth is False


@pytest.mark.parametrize(
    ("icon", "fmt"),
    [
        (images.png(16, 16), "png"),
        (images.ico(16), "ico"),
        (images.svg("16", "16"), "svg"),
        (images.png(8, 16), "png"),
    ],
)
def test_icons_up_to_16_pixels_are_accepted(database, admin, icon, fmt) -> None:
    created = providers.create_provider(database, admin, replace(SHOP, icon=icon))
    assert (created.icon, created.icon_format) == (icon, fmt)


@pytest.mark.parametrize(
    ("icon", "size"),
    [
        (images.png(32, 32), "32×32"),
        (images.ico(16, 32), "32×32"),
        (images.svg(None, None, "0 0 24 17"), "24×17"),
    ],
)
def test_a_larger_icon_is_refused_with_its_size_in_the_message(database, admin, icon, size) -> None:
    with pytest.raises(ValidationError) as error:
        providers.create_provider(database, admin, replace(SHOP, icon=icon))
    assert error.value.field == "icon"
    assert f"the icon is {size} pixels; at most 16×16" in str(error.value)
    assert count(database, Provider) == 0


def test_the_icon_is_audited_by_digest_not_by_its_bytes(database, admin) -> None:
    providers.create_provider(database, admin, replace(SHOP, icon=images.png(16, 16)))
    (entry,) = audit_entries(database, "provider", "create")
    assert entry.after["icon"].startswith("png, ")
    assert "sha256" in entry.after["icon"]


def test_support_email_falls_back_to_the_notification_email(database, admin) -> None:
    created = providers.create_provider(database, admin, SHOP)
    assert created.support_email == ""
    assert created.effective_support_email == "noreply@shop.example"
    updated = providers.update_provider(
        database,
        admin,
        created.id,
        version=created.version,
        values=replace(SHOP, support_email="support@shop.example"),
    )
    assert updated.effective_support_email == "support@shop.example"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("notification_email", ""),
        ("notification_email", "nope"),
        ("support_email", "a@b"),
        ("website_url", "shop.example"),
        ("billing_url", "ftp://billing.example"),
        ("help_url", "http://["),
        ("currency", "XYZ"),
        ("currency", ""),
        ("currency", "DEM"),
        ("default_country", "XX"),
        ("default_country", "EU"),
        ("icon", b"not an image"),
    ],
)
def test_bad_values_are_refused_naming_the_field(database, admin, field, value) -> None:
    with pytest.raises(ValidationError) as error:
        providers.create_provider(database, admin, replace(SHOP, **{field: value}))
    assert error.value.field == field
    assert count(database, Provider) == 0


def test_phone_auth_needs_both_attempt_numbers(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        providers.create_provider(database, admin, replace(SHOP, phone_auth=True, code_entry_attempts=3))
    assert error.value.field == "code_retrieval_attempts"
    with pytest.raises(ValidationError) as error:
        providers.create_provider(
            database, admin, replace(SHOP, phone_auth=True, code_entry_attempts=0, code_retrieval_attempts=3)
        )
    assert error.value.field == "code_entry_attempts"
    created = providers.create_provider(
        database, admin, replace(SHOP, phone_auth=True, code_entry_attempts="3", code_retrieval_attempts=5)
    )
    assert (created.code_entry_attempts, created.code_retrieval_attempts) == (3, 5)


def test_attempt_numbers_are_ignored_and_kept_without_phone_auth(database, admin) -> None:
    plain = providers.create_provider(
        database, admin, replace(SHOP, code_entry_attempts="junk", code_retrieval_attempts=-4)
    )
    assert (plain.code_entry_attempts, plain.code_retrieval_attempts) == (None, None)
    on = providers.update_provider(
        database,
        admin,
        plain.id,
        version=plain.version,
        values=replace(SHOP, phone_auth=True, code_entry_attempts=3, code_retrieval_attempts=5),
    )
    off = providers.update_provider(
        database,
        admin,
        on.id,
        version=on.version,
        values=replace(SHOP, phone_auth=False, code_entry_attempts=None, code_retrieval_attempts="x"),
    )
    assert off.phone_auth is False
    assert (off.code_entry_attempts, off.code_retrieval_attempts) == (3, 5)


def test_currency_change_is_refused_with_an_active_payment_and_allowed_without(database, admin) -> None:
    shop = providers.create_provider(database, admin, SHOP)
    client_id, account_id = _client_with_account(database, shop.id, balance="25.00")
    with database.uow() as s:
        payment = Payment(account_id=account_id, amount=Decimal("10.00"), currency="USD", state=PAYMENT_NEW)
        s.add(payment)
        s.flush()
        payment_id = payment.id
    assert "1 active payment" in providers.can_change_currency(database, admin, shop.id)

    with pytest.raises(ValidationError) as error:
        _change_currency(database, admin, shop, "EUR")
    assert error.value.field == "currency"
    assert "active payment" in error.value.detail
    assert providers.get_provider(database, admin, shop.id).currency == "USD"
    assert _accounts(database, client_id) == {"USD": Decimal("25.00")}

    with database.uow() as s:
        s.get(Payment, payment_id).state = PAYMENT_CANCELLED
    assert providers.can_change_currency(database, admin, shop.id) is None
    changed = _change_currency(database, admin, shop, "EUR")
    assert changed.currency == "EUR"
    assert _accounts(database, client_id) == {"USD": Decimal("25.00"), "EUR": Decimal("0")}
    (entry,) = audit_entries(database, "provider", "update")
    assert (entry.before["currency"], entry.after["currency"]) == ("USD", "EUR")
    assert entry.after["accounts_opened"] == 1


def test_currency_change_is_refused_with_an_uncovered_expense(database, admin) -> None:
    shop = providers.create_provider(database, admin, SHOP)
    _client_id, account_id = _client_with_account(database, shop.id, balance="-30.00")
    with database.uow() as s:
        s.add(
            LedgerEntry(
                account_id=account_id,
                on_date=date(2027, 7, 12),
                kind=KIND_ORDER,
                amount=Decimal("30.00"),
                currency="USD",
                note="AlphaSSL, 1 year",
            )
        )
    with pytest.raises(ValidationError, match="uncovered expenses"):
        _change_currency(database, admin, shop, "EUR")


def test_another_providers_payments_do_not_block_the_change(database, admin) -> None:
    shop = providers.create_provider(database, admin, SHOP)
    other = providers.create_provider(database, admin, replace(SHOP, name="Other shop"))
    _client_id, account_id = _client_with_account(database, other.id, balance="-1")
    with database.uow() as s:
        s.add(Payment(account_id=account_id, amount=Decimal("10.00"), currency="USD", state=PAYMENT_NEW))
    assert _change_currency(database, admin, shop, "RUB").currency == "RUB"


def test_country_and_currency_choices_are_localized(database) -> None:
    assert ("DE", "Germany") in providers.country_choices("en")
    assert ("DE", "Германия") in providers.country_choices("ru")
    assert not any(code in {"EU", "UN", "ZZ", "001"} for code, _name in providers.country_choices("en"))
    assert ("USD", "доллар США") in providers.currency_choices("ru")
    assert "DEM" not in {code for code, _name in providers.currency_choices("en")}


def test_names_are_unique_ignoring_case(database, admin) -> None:
    providers.create_provider(database, admin, SHOP)
    with pytest.raises(ValidationError) as error:
        providers.create_provider(database, admin, replace(SHOP, name="ssl shop"))
    assert error.value.field == "name"


def test_stale_version_is_refused(database, admin) -> None:
    created = providers.create_provider(database, admin, SHOP)
    providers.update_provider(
        database, admin, created.id, version=created.version, values=replace(SHOP, name="A")
    )
    with pytest.raises(Conflict):
        providers.update_provider(
            database, admin, created.id, version=created.version, values=replace(SHOP, name="B")
        )
    assert providers.get_provider(database, admin, created.id).name == "A"


def test_delete_is_refused_while_the_provider_has_clients(database, admin) -> None:
    created = providers.create_provider(database, admin, SHOP)
    _client_with_account(database, created.id)
    with pytest.raises(UserError, match="1 client"):
        providers.delete_provider(database, admin, created.id, version=created.version)


def test_sales_may_read_but_not_change(database, admin, sales) -> None:
    created = providers.create_provider(database, admin, SHOP)
    assert providers.list_providers(database, sales)[0].id == created.id
    with pytest.raises(PermissionDenied):
        providers.create_provider(database, sales, replace(SHOP, name="Other"))
    with pytest.raises(PermissionDenied):
        providers.update_provider(database, sales, created.id, version=created.version, values=SHOP)
    with pytest.raises(PermissionDenied):
        providers.delete_provider(database, sales, created.id, version=created.version)
