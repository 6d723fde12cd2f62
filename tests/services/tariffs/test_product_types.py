"""The SSL certificate product type: the settings plans fall back to."""

from __future__ import annotations

import pytest

from sslbill_desktop.services import product_types
from sslbill_desktop.services.billing.terms import ProductTypeSettings, WeekendPolicy
from sslbill_desktop.services.errors import Conflict, PermissionDenied, ValidationError
from sslbill_desktop.services.product_types import ProductTypeInput


def test_the_ssl_certificate_type_is_seeded_suspending_and_never_deleting(database, admin) -> None:
    (ssl,) = product_types.list_product_types(database, admin)
    assert (ssl.code, ssl.name["en"]) == ("ssl_certificate", "SSL certificate")
    assert ssl.settings == ProductTypeSettings(WeekendPolicy.SUSPEND, None)
    assert product_types.product_type_settings(database) == ssl.settings


def test_its_settings_can_be_changed_and_are_what_plans_fall_back_to(database, admin) -> None:
    (ssl,) = product_types.list_product_types(database, admin)
    saved = product_types.update_product_type(
        database,
        admin,
        ssl.id,
        version=ssl.version,
        values=ProductTypeInput({"en": "SSL certificate"}, "30", "do_not_suspend"),
    )
    assert saved.settings == ProductTypeSettings(WeekendPolicy.DO_NOT_SUSPEND, 30)
    blank = product_types.update_product_type(
        database, admin, ssl.id, version=saved.version, values=replace_days(saved, "")
    )
    assert blank.auto_delete_days is None


def replace_days(record, days):  # type: ignore[no-untyped-def]
    return ProductTypeInput(record.name, days, record.suspend_on_weekends)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        (ProductTypeInput({"en": "SSL"}, "x", "suspend"), "auto_delete_days"),
        (ProductTypeInput({"en": "SSL"}, None, "product_type"), "suspend_on_weekends"),
        (ProductTypeInput({"en": ""}, None, "suspend"), "name.en"),
    ],
)
def test_bad_values_are_refused_naming_the_field(database, admin, values, field) -> None:
    (ssl,) = product_types.list_product_types(database, admin)
    with pytest.raises(ValidationError) as refused:
        product_types.update_product_type(database, admin, ssl.id, version=ssl.version, values=values)
    assert refused.value.field == field


def test_a_stale_edit_is_refused_and_sales_cannot_edit(database, admin, sales) -> None:
    (ssl,) = product_types.list_product_types(database, sales)
    with pytest.raises(PermissionDenied):
        product_types.update_product_type(database, sales, ssl.id, version=ssl.version, values=ssl.as_input())
    product_types.update_product_type(database, admin, ssl.id, version=ssl.version, values=ssl.as_input())
    with pytest.raises(Conflict):
        product_types.update_product_type(database, admin, ssl.id, version=ssl.version, values=ssl.as_input())
