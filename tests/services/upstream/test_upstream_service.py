"""Clients per processing module, the wizard's credential check, and the kept balance."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import credentials, upstream
from sslbill_desktop.services.errors import NotFound, SecretStoreError
from sslbill_desktop.services.ispmanager.errors import BadCredentials, TwoFactorEnabled
from tests.support.upstream_fixtures import (
    RESELLER,
    RESELLER_PASSWORD,
    TWO_FACTOR,
    TWO_FACTOR_PASSWORD,
    add_module,
)


def test_verify_credentials_signs_in_and_reads_the_account(simulator) -> None:
    account = upstream.verify_credentials(simulator.url, RESELLER, RESELLER_PASSWORD)
    assert (account.name, account.balance, account.currency) == (RESELLER, Decimal("1000.00"), "USD")


def test_verify_credentials_reports_a_wrong_password_and_2fa(simulator) -> None:
    with pytest.raises(BadCredentials):
        upstream.verify_credentials(simulator.url, RESELLER, "wrong-password")
    with pytest.raises(TwoFactorEnabled):
        upstream.verify_credentials(simulator.url, TWO_FACTOR, TWO_FACTOR_PASSWORD)


def test_one_client_per_module_rebuilt_when_the_password_changes(
    database, simulator, simulator_module
) -> None:
    first = upstream.client_for(database, simulator_module)
    assert upstream.client_for(database, simulator_module) is first
    first.whoami()
    credentials.save_module_password(simulator_module, "changed-password")
    second = upstream.client_for(database, simulator_module)
    assert second is not first
    with pytest.raises(BadCredentials):
        second.whoami()
    upstream.forget_client(simulator_module)
    credentials.save_module_password(simulator_module, RESELLER_PASSWORD)
    assert upstream.client_for(database, simulator_module).whoami().name == RESELLER


def test_a_module_without_its_password_in_the_keyring_is_a_clear_error(database, simulator) -> None:
    module = add_module(database, simulator.url, RESELLER, RESELLER_PASSWORD)
    credentials.delete_module_password(module)
    with pytest.raises(SecretStoreError, match="enter the password again"):
        upstream.client_for(database, module)


def test_a_missing_module_is_not_found(database) -> None:
    with pytest.raises(NotFound):
        upstream.client_for(database, 999)


def test_refresh_balance_keeps_the_balance_without_touching_the_version(
    database, sales, simulator, simulator_module
) -> None:
    with database.uow() as s:
        module = s.get(ProcessingModule, simulator_module)
        module.minimal_balance = Decimal("2000")
        version = module.version + 1
    simulator.set_balance(RESELLER, Decimal("1234.56"))
    record = upstream.refresh_balance(database, sales, simulator_module)
    assert (record.balance, record.currency, record.below_minimum) == (Decimal("1234.56"), "USD", True)
    with database.uow() as s:
        module = s.get(ProcessingModule, simulator_module)
        assert module.last_balance == Decimal("1234.56")
        assert module.upstream_currency == "USD"
        assert module.last_balance_at == record.at
        assert module.version == version
