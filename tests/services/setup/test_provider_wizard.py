import pytest

from sslbill_desktop.services import providers
from sslbill_desktop.services.errors import Conflict, PermissionDenied
from sslbill_desktop.services.provider_wizard import AUTHORIZATION, MAIN, ProviderWizardFlow
from sslbill_desktop.services.wizard import StepInvalid
from tests.services.setup import images

MAIN_VALUES = {
    "name": "SSL Shop",
    "icon": images.svg("16", "16"),
    "notification_email": "noreply@shop.example",
    "support_email": "",
    "website_url": "https://shop.example",
    "billing_url": "https://billing.shop.example",
    "help_url": "",
    "currency": "USD",
    "default_country": "US",
}


def test_main_settings_page_reports_every_bad_field() -> None:
    flow = ProviderWizardFlow()
    assert flow.current == MAIN
    errors = flow.errors(MAIN_VALUES | {"name": "", "icon": images.png(32, 32), "help_url": "help"})
    assert set(errors) == {"name", "icon", "help_url"}
    assert errors["icon"] == "the icon is 32×32 pixels; at most 16×16"
    with pytest.raises(StepInvalid):
        flow.go_next(MAIN_VALUES | {"name": ""})
    assert flow.current == MAIN


def test_attempt_numbers_are_required_only_with_phone_auth() -> None:
    flow = ProviderWizardFlow()
    assert flow.go_next(MAIN_VALUES) == AUTHORIZATION
    assert flow.is_last({"phone_auth": False})
    assert flow.errors({"phone_auth": False, "code_entry_attempts": "junk"}) == {}
    errors = flow.errors({"phone_auth": True, "code_entry_attempts": "", "code_retrieval_attempts": "0"})
    assert set(errors) == {"code_entry_attempts", "code_retrieval_attempts"}


def test_finishing_the_wizard_creates_the_provider(database, admin) -> None:
    flow = ProviderWizardFlow()
    flow.go_next(MAIN_VALUES)
    assert (
        flow.go_next({"phone_auth": True, "code_entry_attempts": "3", "code_retrieval_attempts": "2"}) is None
    )
    created = flow.finish(database, admin)
    assert (created.name, created.icon_format, created.currency) == ("SSL Shop", "svg", "USD")
    assert (created.code_entry_attempts, created.code_retrieval_attempts) == (3, 2)
    assert created.effective_support_email == "noreply@shop.example"


def test_back_keeps_what_was_entered(database, admin) -> None:
    flow = ProviderWizardFlow()
    flow.go_next(MAIN_VALUES)
    assert flow.go_back() == MAIN
    assert flow.initial_values(MAIN)["name"] == "SSL Shop"


def test_editing_starts_from_the_record_and_refuses_a_stale_save(database, admin) -> None:
    flow = ProviderWizardFlow()
    flow.go_next(MAIN_VALUES)
    flow.go_next({"phone_auth": False})
    created = flow.finish(database, admin)

    edit = ProviderWizardFlow(providers.get_provider(database, admin, created.id))
    page = edit.initial_values(MAIN)
    assert page["name"] == "SSL Shop" and page["icon"] == MAIN_VALUES["icon"]
    assert not edit.has_unsaved_input(page)
    assert edit.has_unsaved_input(page | {"name": "Renamed"})
    edit.go_next(page | {"name": "Renamed"})
    edit.go_next(edit.initial_values(AUTHORIZATION))
    assert edit.finish(database, admin).name == "Renamed"

    stale = ProviderWizardFlow(created)
    stale.go_next(stale.initial_values(MAIN))
    stale.go_next(stale.initial_values(AUTHORIZATION))
    with pytest.raises(Conflict):
        stale.finish(database, admin)


def test_a_new_wizard_starts_in_usd_with_nothing_to_discard() -> None:
    flow = ProviderWizardFlow()
    assert flow.initial_values(MAIN)["currency"] == "USD"
    assert not flow.has_unsaved_input(flow.initial_values(MAIN))
    assert flow.has_unsaved_input(flow.initial_values(MAIN) | {"name": "x"})


def test_sales_cannot_finish_the_wizard(database, admin, sales) -> None:
    flow = ProviderWizardFlow()
    flow.go_next(MAIN_VALUES)
    flow.go_next({"phone_auth": False})
    with pytest.raises(PermissionDenied):
        flow.finish(database, sales)
    assert providers.list_providers(database, admin) == []
