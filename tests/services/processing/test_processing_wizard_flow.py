"""The processing module wizard's flow without widgets: steps, checks, the connection check."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sslbill_desktop.services import credentials, processing
from sslbill_desktop.services.ispmanager.records import Account
from sslbill_desktop.services.processing_wizard import (
    INTEGRATION,
    MODULE,
    PARAMETERS,
    PRODUCT_TYPE,
    ProcessingModuleFlow,
)
from sslbill_desktop.services.wizard import StepInvalid
from tests.services.processing.support import make_provider, make_setup
from tests.support.upstream_fixtures import RESELLER, RESELLER_PASSWORD

ACCOUNT = Account("reseller", Decimal("1000"), "USD")


def to_parameters(flow: ProcessingModuleFlow, url: str, username: str, password: str) -> None:
    flow.go_next(flow.initial_values(PRODUCT_TYPE))
    flow.go_next(flow.initial_values(MODULE))
    integration = {"url": url, "username": username, "password": password}
    flow.mark_checked(integration, processing.check_connection(url, username, password))
    flow.go_next(integration)
    assert flow.current == PARAMETERS


def test_the_steps_follow_the_source(database, admin) -> None:
    flow = ProcessingModuleFlow(processing.parameter_choices(database, admin))
    assert flow.first_step() == PRODUCT_TYPE
    assert flow.initial_values(PRODUCT_TYPE) == {"product_type": "ssl_certificate"}
    assert flow.go_next(flow.initial_values(PRODUCT_TYPE)) == MODULE
    assert flow.initial_values(MODULE) == {"module_type": "ispmanager_ssl"}
    assert flow.go_next(flow.initial_values(MODULE)) == INTEGRATION
    assert flow.initial_values(INTEGRATION)["url"] == "https://api-eu.ispmanager.com"
    assert flow.errors({"url": "https://api-eu.ispmanager.com", "username": "", "password": ""}) == {
        "username": "this field is required",
        "password": "this field is required",
    }
    assert flow.errors({"module_type": "ispmanager_dns"}, MODULE) == {
        "module_type": "choose the processing module"
    }


def test_the_integration_step_is_left_only_with_checked_credentials(database, admin) -> None:
    flow = ProcessingModuleFlow(processing.parameter_choices(database, admin))
    flow.go_next(flow.initial_values(PRODUCT_TYPE))
    flow.go_next(flow.initial_values(MODULE))
    values = {"url": "https://api-eu.ispmanager.com", "username": "shop", "password": "pw"}
    assert flow.errors(values) == {}
    assert flow.needs_check(values)
    with pytest.raises(StepInvalid) as caught:
        flow.go_next(values)
    assert caught.value.errors == {"password": "the connection has not been checked yet"}
    flow.mark_checked(values, ACCOUNT)
    assert not flow.needs_check(values)
    assert flow.needs_check({**values, "password": "other"})
    assert flow.go_next(values) == PARAMETERS
    assert flow.currency == "USD"


def test_finishing_creates_the_module_with_what_every_page_holds(
    database, admin, simulator, memory_keyring
) -> None:
    center_id, department_id = make_setup(database, admin)
    flow = ProcessingModuleFlow(processing.parameter_choices(database, admin))
    to_parameters(flow, simulator.url, RESELLER, RESELLER_PASSWORD)
    parameters = flow.initial_values(PARAMETERS)
    assert (parameters["data_center_id"], parameters["department_id"]) == (center_id, department_id)
    assert parameters["sorting"] == 1
    assert flow.errors(parameters) == {
        "name.en": "this field is required in English (the default localization)"
    }
    parameters = {**parameters, "name": {"en": "EU account"}, "minimal_balance": "25.5"}
    assert flow.go_next(parameters) is None
    record = flow.finish(database, admin)
    assert (record.title, record.url, record.minimal_balance) == (
        "EU account",
        simulator.url,
        Decimal("25.5"),
    )
    assert credentials.read_module_password(record.id) == RESELLER_PASSWORD


def test_editing_with_a_blank_password_needs_no_check_and_keeps_the_password(
    database, admin, simulator
) -> None:
    center_id, department_id = make_setup(database, admin)
    record = processing.create_processing_module(
        database,
        admin,
        processing.ModuleInput({"en": "EU"}, simulator.url, RESELLER, center_id, department_id),
        password=RESELLER_PASSWORD,
    )
    flow = ProcessingModuleFlow(processing.parameter_choices(database, admin, record.id), record)
    flow.go_next(flow.initial_values(PRODUCT_TYPE))
    flow.go_next(flow.initial_values(MODULE))
    integration = flow.initial_values(INTEGRATION)
    assert integration == {"url": simulator.url, "username": RESELLER, "password": ""}
    assert flow.errors(integration) == {} and not flow.needs_check(integration)
    assert flow.needs_check({**integration, "username": "someone"})
    flow.go_next(integration)
    assert flow.currency == "USD"
    assert not flow.has_unsaved_input(flow.initial_values(PARAMETERS))
    assert flow.has_unsaved_input({**flow.initial_values(PARAMETERS), "sorting": 7})
    flow.go_next({**flow.initial_values(PARAMETERS), "sorting": 7})
    saved = flow.finish(database, admin)
    assert saved.sorting == 7 and saved.version > record.version
    assert credentials.read_module_password(record.id) == RESELLER_PASSWORD


def test_the_parameters_page_warns_when_the_currencies_differ(database, admin) -> None:
    make_provider(database, admin, "Euro Shop", "EUR")
    flow = ProcessingModuleFlow(processing.parameter_choices(database, admin))
    assert flow.currency_warning() == ""
    flow.go_next(flow.initial_values(PRODUCT_TYPE))
    flow.go_next(flow.initial_values(MODULE))
    values = {"url": "https://api-eu.ispmanager.com", "username": "shop", "password": "pw"}
    flow.mark_checked(values, ACCOUNT)
    assert "(Euro Shop) sell in EUR" in flow.currency_warning()


def test_a_stored_minimal_balance_is_shown_as_typed() -> None:
    from sslbill_desktop.services.processing_wizard import plain_amount

    assert [plain_amount(Decimal(x)) for x in ("100.0000", "20.5", "1.2345", "0", "1E+3")] == [
        "100.00",
        "20.50",
        "1.2345",
        "0.00",
        "1000.00",
    ]
