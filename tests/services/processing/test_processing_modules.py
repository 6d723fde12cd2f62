"""Processing module use cases against the loopback simulator, with the in-memory keyring."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import credentials, processing, upstream
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from sslbill_desktop.services.ispmanager.errors import BadCredentials, TwoFactorEnabled, UpstreamUnavailable
from tests.services.processing.support import (
    add_tariff_plan,
    create_module,
    make_provider,
    make_setup,
    module_input,
    stored_bytes,
)
from tests.services.setup.helpers import audit_entries, count
from tests.support.upstream_fixtures import (
    RESELLER,
    RESELLER_PASSWORD,
    TWO_FACTOR,
    TWO_FACTOR_PASSWORD,
)

SECRET = "Unique-Module-Secret-5521"


def test_creating_checks_the_account_and_keeps_the_password_only_in_the_keyring(
    database, admin, simulator, memory_keyring
) -> None:
    simulator.add_account("shop", SECRET, Decimal("250.50"))
    record = create_module(database, admin, simulator.url, "shop", SECRET)
    assert (record.username, record.url, record.upstream_currency) == ("shop", simulator.url, "USD")
    assert record.last_balance == Decimal("250.50") and record.last_balance_at is not None
    assert record.minimal_balance == Decimal("100") and not record.below_minimum
    assert credentials.read_module_password(record.id) == SECRET
    assert list(memory_keyring.store.values()) == [SECRET]
    assert audit_entries(database, processing.ENTITY, "create")[0].entity_id == record.id
    assert SECRET.encode() not in stored_bytes(database)


def test_a_refused_password_saves_nothing(database, admin, simulator, memory_keyring) -> None:
    with pytest.raises(BadCredentials):
        create_module(database, admin, simulator.url, RESELLER, "not-the-password")
    assert count(database, ProcessingModule) == 0
    assert memory_keyring.store == {}


def test_an_account_with_two_factor_authentication_is_refused_with_the_sources_advice(
    database, admin, simulator
) -> None:
    with pytest.raises(TwoFactorEnabled) as caught:
        create_module(database, admin, simulator.url, TWO_FACTOR, TWO_FACTOR_PASSWORD)
    assert "disable it or use another account for the integration" in str(caught.value)
    assert count(database, ProcessingModule) == 0


def test_bad_parameters_are_named_before_the_upstream_is_asked(database, admin, simulator) -> None:
    center_id, department_id = make_setup(database, admin)
    before = simulator.requests()
    for changes, field in (
        ({"data_center_id": None}, "data_center_id"),
        ({"department_id": None}, "department_id"),
        ({"name": {"ru": "только русский"}}, "name.en"),
        ({"sorting": 0}, "sorting"),
        ({"minimal_balance": "-5"}, "minimal_balance"),
        ({"minimal_balance": "1.00001"}, "minimal_balance"),
        ({"url": "ftp://example.com"}, "url"),
        ({"username": "  "}, "username"),
    ):
        values = module_input(simulator.url, RESELLER, center_id, department_id, **changes)
        with pytest.raises(ValidationError) as caught:
            processing.create_processing_module(database, admin, values, password=RESELLER_PASSWORD)
        assert caught.value.field == field
    with pytest.raises(ValidationError) as caught:
        processing.create_processing_module(
            database,
            admin,
            module_input(simulator.url, RESELLER, center_id, department_id),
            password="",
        )
    assert caught.value.field == "password"
    assert simulator.requests() == before


def test_an_edit_without_connection_changes_does_not_ask_the_upstream(database, admin, simulator) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    before = simulator.requests()
    values = module_input(
        record.url, record.username, record.data_center_id, record.department_id, name={"en": "Renamed"}
    )
    edited = processing.update_processing_module(
        database, admin, record.id, version=record.version, values=values
    )
    assert edited.title == "Renamed" and edited.version > record.version
    assert simulator.requests() == before
    assert credentials.read_module_password(record.id) == RESELLER_PASSWORD


def test_a_new_password_is_checked_and_a_refused_one_keeps_the_old(database, admin, simulator) -> None:
    simulator.add_account("shop", SECRET, Decimal("10"))
    record = create_module(database, admin, simulator.url, "shop", SECRET)
    values = module_input(record.url, record.username, record.data_center_id, record.department_id)
    with pytest.raises(BadCredentials):
        processing.update_processing_module(
            database, admin, record.id, version=record.version, values=values, password="wrong-one"
        )
    assert credentials.read_module_password(record.id) == SECRET
    assert processing.get_processing_module(database, admin, record.id).version == record.version

    simulator.add_account("other", "Other-Secret-77", Decimal("3"))
    moved = module_input(record.url, "other", record.data_center_id, record.department_id)
    edited = processing.update_processing_module(
        database, admin, record.id, version=record.version, values=moved, password="Other-Secret-77"
    )
    assert edited.username == "other" and edited.last_balance == Decimal("3")
    assert edited.below_minimum  # 3 < the minimal balance of 100
    assert credentials.read_module_password(record.id) == "Other-Secret-77"


def test_editing_forgets_the_cached_client(database, admin, simulator) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    first = upstream.client_for(database, record.id)
    values = module_input(record.url, record.username, record.data_center_id, record.department_id, sorting=4)
    processing.update_processing_module(database, admin, record.id, version=record.version, values=values)
    assert upstream.client_for(database, record.id) is not first


def test_a_stale_edit_is_refused_before_the_upstream_is_asked(database, admin, simulator) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    values = module_input(record.url, record.username, record.data_center_id, record.department_id)
    processing.update_processing_module(database, admin, record.id, version=record.version, values=values)
    before = simulator.requests()
    with pytest.raises(Conflict):
        processing.update_processing_module(
            database, admin, record.id, version=record.version, values=values, password="whatever"
        )
    assert simulator.requests() == before
    assert credentials.read_module_password(record.id) == RESELLER_PASSWORD


def test_deleting_a_module_used_by_a_tariff_plan_is_refused(database, admin, simulator) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    add_tariff_plan(database, record.id, make_provider(database, admin))
    with pytest.raises(UserError) as caught:
        processing.delete_processing_module(database, admin, record.id, version=record.version)
    assert str(caught.value) == (
        "The processing module ispmanager EU cannot be deleted while it is used by 1 tariff plan."
    )
    assert count(database, ProcessingModule) == 1
    assert credentials.read_module_password(record.id) == RESELLER_PASSWORD


def test_deleting_a_module_deletes_its_password(database, admin, simulator, memory_keyring) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    processing.delete_processing_module(database, admin, record.id, version=record.version)
    assert count(database, ProcessingModule) == 0
    assert memory_keyring.store == {}
    assert audit_entries(database, processing.ENTITY, "delete")[0].entity_id == record.id


def test_sales_staff_may_read_but_not_change_modules(database, admin, sales, simulator) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    values = module_input(record.url, record.username, record.data_center_id, record.department_id)
    assert [m.id for m in processing.list_processing_modules(database, sales)] == [record.id]
    for attempt in (
        lambda: processing.create_processing_module(database, sales, values, password=RESELLER_PASSWORD),
        lambda: processing.update_processing_module(
            database, sales, record.id, version=record.version, values=values
        ),
        lambda: processing.delete_processing_module(database, sales, record.id, version=record.version),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert processing.get_processing_module(database, admin, record.id) == record


def test_refreshing_balances_goes_on_past_a_failing_module(database, admin, simulator) -> None:
    good = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD, minimal_balance="10")
    low = processing.create_processing_module(
        database,
        admin,
        module_input(simulator.url, "lowbalance", good.data_center_id, good.department_id, sorting=2),
        password="lowbalance-pass",
    )
    broken = processing.create_processing_module(
        database,
        admin,
        module_input(simulator.url, RESELLER, good.data_center_id, good.department_id, sorting=3),
        password=RESELLER_PASSWORD,
    )
    credentials.save_module_password(broken.id, "changed-elsewhere")
    simulator.set_balance(RESELLER, Decimal("42.10"))

    outcomes = {o.module_id: o for o in processing.refresh_balances(database, admin)}
    assert outcomes[good.id].balance is not None and outcomes[good.id].balance.balance == Decimal("42.10")
    assert outcomes[low.id].balance is not None and outcomes[low.id].balance.below_minimum
    assert outcomes[broken.id].balance is None
    assert outcomes[broken.id].error == str(BadCredentials())
    listed = {m.id: m for m in processing.list_processing_modules(database, admin)}
    assert listed[good.id].last_balance == Decimal("42.10") and not listed[good.id].below_minimum
    assert listed[low.id].last_balance == Decimal("5.00") and listed[low.id].below_minimum


def test_an_unreachable_upstream_keeps_the_last_known_balance(database, admin, simulator) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    simulator.stop()
    (outcome,) = processing.refresh_balances(database, admin)
    assert outcome.balance is None and outcome.error
    (listed,) = processing.list_processing_modules(database, admin)
    assert (listed.last_balance, listed.last_balance_at) == (record.last_balance, record.last_balance_at)


def test_check_connection_uses_the_stored_password_when_none_is_typed(database, admin, simulator) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    account = processing.check_connection(simulator.url, RESELLER, "", module_id=record.id)
    assert account.currency == "USD"
    with pytest.raises(ValidationError) as caught:
        processing.check_connection(simulator.url, RESELLER, "")
    assert caught.value.field == "password"
    with pytest.raises(UpstreamUnavailable):
        processing.check_connection("http://127.0.0.1:9", RESELLER, RESELLER_PASSWORD)


def test_the_currency_warning_names_the_providers_that_use_the_module(database, admin, simulator) -> None:
    record = create_module(database, admin, simulator.url, RESELLER, RESELLER_PASSWORD)
    euro = make_provider(database, admin, "Euro Shop", "EUR")
    make_provider(database, admin, "Dollar Shop", "USD")
    make_provider(database, admin, "Pound Shop", "GBP")
    fresh = processing.parameter_choices(database, admin)
    assert not fresh.providers_use_module
    assert "(Euro Shop, Pound Shop) sell in EUR, GBP" in processing.currency_warning(
        "USD", fresh.providers, use_module=False
    )
    add_tariff_plan(database, record.id, euro)
    used = processing.parameter_choices(database, admin, record.id)
    assert used.providers_use_module and [p.name for p in used.providers] == ["Euro Shop"]
    warning = processing.currency_warning("USD", used.providers, use_module=True)
    assert warning.startswith("The balance of this ispmanager account is kept in USD, but the providers")
    assert processing.currency_warning("EUR", used.providers, use_module=True) == ""


def test_choices_list_the_set_up_in_sorting_order(database, admin) -> None:
    center_id, department_id = make_setup(database, admin)
    choices = processing.parameter_choices(database, admin)
    assert [c.id for c in choices.data_centers] == [center_id]
    assert [(c.id, c.title) for c in choices.departments] == [(department_id, "Technical department")]
    assert choices.next_sorting == 1 and choices.languages.codes == ("en", "ru")
    with database.uow() as s:
        assert s.scalars(select(ProcessingModule)).all() == []
