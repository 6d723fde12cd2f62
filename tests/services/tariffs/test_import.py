"""Importing tariff plans from the upstream price list (the simulator's real ids)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sslbill_desktop.models.catalog import ImportMarkup, TariffPlan
from sslbill_desktop.services import tariffs
from sslbill_desktop.services.errors import PermissionDenied, UpstreamError, ValidationError
from sslbill_desktop.services.ispmanager.records import PriceListEntry, PricePeriod
from sslbill_desktop.services.tariff_import import (
    Markup,
    MarkupKind,
    PriceListSnapshot,
    clean_markup,
    import_tariff,
    load_price_list,
    remembered_markup,
)
from tests.services.tariffs.support import READ_AT, import_plan, make_provider, stored_price_list


def _count_plans(db) -> int:  # type: ignore[no-untyped-def]
    with db.uow() as s:
        return int(s.scalar(select(func.count()).select_from(TariffPlan)) or 0)


def test_importing_three_real_ids_creates_disabled_plans_priced_from_the_upstream(
    database, admin, simulator, simulator_module, provider
) -> None:
    price_list = load_price_list(database, admin, simulator_module)
    assert price_list.find("1011") is not None and price_list.currency == "USD"
    wanted = {
        "1011": (None, Decimal("11.00")),  # RapidSSL, 11.00 a year upstream
        "3033": (Markup(MarkupKind.PERCENT, Decimal(20)), Decimal("9.00")),  # 7.50 + 20 %
        "55346": (Markup(MarkupKind.FIXED, Decimal("5.00")), Decimal("37.00")),  # 32.00 + 5.00
    }
    results = {}
    for product_id, (markup, _price) in wanted.items():
        results[product_id] = import_tariff(
            database,
            admin,
            module_id=simulator_module,
            provider_id=provider,
            product_id=product_id,
            price_list=price_list,
            markup=markup,
        )
    rows = {row.upstream_product_id: row for row in tariffs.list_tariffs(database, admin)}
    assert set(rows) == set(wanted)
    for product_id, (_markup, price) in wanted.items():
        result = results[product_id]
        assert result.created
        record = tariffs.get_tariff(database, admin, result.plan_id)
        entry = price_list.find(product_id)
        assert entry is not None
        assert record.enabled is False
        assert record.title == entry.name == record.settings.name["en"]
        assert record.settings.certificate_type == product_id
        assert record.settings.certificate_type_name == entry.name
        assert {p.months: p.price for p in record.settings.prices} == {12: price}
        assert record.upstream.costs == {p.months: p.cost for p in entry.periods}
        assert record.upstream.at == price_list.fetched_at
        assert record.upstream.currency == "USD"
    assert remembered_markup(database, admin, provider) == Markup(MarkupKind.FIXED, Decimal("5.00"))


def test_an_id_the_price_list_does_not_have_is_refused(
    database, admin, simulator, simulator_module, provider
) -> None:
    price_list = load_price_list(database, admin, simulator_module)
    with pytest.raises(ValidationError) as refused:
        import_tariff(
            database,
            admin,
            module_id=simulator_module,
            provider_id=provider,
            product_id="424242",
            price_list=price_list,
        )
    assert refused.value.field == "product_id"
    assert "424242" in refused.value.detail and "no SSL certificate" in refused.value.detail
    assert _count_plans(database) == 0


def test_a_duplicate_import_says_so_and_returns_the_existing_plan(
    database, admin, module_offline, provider
) -> None:
    first = import_plan(database, admin, module_offline, provider, "1011")
    again = import_tariff(
        database,
        admin,
        module_id=module_offline,
        provider_id=provider,
        product_id=" 1011 ",
        price_list=stored_price_list(module_offline),
    )
    assert (again.created, again.plan_id) == (False, first)
    assert "already imported" in again.message and "Acme SSL" in again.message
    assert _count_plans(database) == 1


def test_the_same_product_can_be_imported_for_another_provider(
    database, admin, module_offline, provider
) -> None:
    other = make_provider(database, admin, name="Other brand")
    first = import_plan(database, admin, module_offline, provider, "1011")
    second = import_plan(database, admin, module_offline, other, "1011")
    assert first != second and _count_plans(database) == 2


def test_a_percent_markup_is_rounded_half_up_to_the_cent(database, admin, module_offline, provider) -> None:
    # 7.50 + 12.5 % = 8.4375 -> 8.44
    plan_id = import_plan(
        database, admin, module_offline, provider, "3033", Markup(MarkupKind.PERCENT, Decimal("12.5"))
    )
    record = tariffs.get_tariff(database, admin, plan_id)
    assert record.settings.prices[0].price == Decimal("8.44")


def test_importing_without_markup_forgets_the_remembered_one(
    database, admin, module_offline, provider
) -> None:
    import_plan(database, admin, module_offline, provider, "1011", Markup(MarkupKind.PERCENT, Decimal(10)))
    assert remembered_markup(database, admin, provider) == Markup(MarkupKind.PERCENT, Decimal(10))
    import_plan(database, admin, module_offline, provider, "3033")
    assert remembered_markup(database, admin, provider) is None
    with database.uow() as s:
        assert s.scalar(select(func.count()).select_from(ImportMarkup)) == 0


def test_a_product_not_sold_for_a_year_is_refused(database, admin, module_offline, provider) -> None:
    entry = PriceListEntry(
        "777", "Two-year only", {}, (PricePeriod(12, None), PricePeriod(24, Decimal(40))), "USD"
    )
    snapshot = PriceListSnapshot(module_offline, (entry,), "USD", READ_AT)
    with pytest.raises(ValidationError, match="not sold for one year"):
        import_tariff(
            database,
            admin,
            module_id=module_offline,
            provider_id=provider,
            product_id="777",
            price_list=snapshot,
        )


def test_a_different_upstream_currency_is_flagged(database, admin, module_offline) -> None:
    euro = make_provider(database, admin, name="Euro brand", currency="EUR")
    result = import_tariff(
        database,
        admin,
        module_id=module_offline,
        provider_id=euro,
        product_id="1011",
        price_list=stored_price_list(module_offline, currency="USD"),
    )
    assert result.created and result.warnings
    assert "USD" in result.warnings[0] and "EUR" in result.warnings[0]
    record = tariffs.get_tariff(database, admin, result.plan_id)
    assert record.margins.currency_mismatch


def test_a_blank_id_is_refused_naming_the_field(database, admin, module_offline, provider) -> None:
    with pytest.raises(ValidationError) as refused:
        import_plan(database, admin, module_offline, provider, "   ")
    assert refused.value.field == "product_id"


def test_reading_the_price_list_of_an_unreachable_module_fails_quickly_and_clearly(
    database, admin, module_offline
) -> None:
    from sslbill_desktop.services import upstream
    from tests.support.upstream_fixtures import fast_client_settings

    previous = upstream.set_client_settings(fast_client_settings())
    try:
        with pytest.raises(UpstreamError):
            load_price_list(database, admin, module_offline)
    finally:
        upstream.set_client_settings(previous)


def test_markups_are_checked(database) -> None:
    assert clean_markup("percent", "", "USD") is None
    assert clean_markup("fixed", "0", "USD") is None
    assert clean_markup("fixed", "2.50", "USD") == Markup(MarkupKind.FIXED, Decimal("2.50"))
    with pytest.raises(ValidationError, match="decimal places"):
        clean_markup("fixed", "2.505", "USD")
    with pytest.raises(ValidationError, match="must not be negative"):
        clean_markup("percent", "-5", "USD")
    with pytest.raises(ValidationError):
        clean_markup("bogus", "5", "USD")


def test_sales_staff_cannot_import(database, sales, admin, module_offline, provider) -> None:
    with pytest.raises(PermissionDenied):
        import_tariff(
            database,
            sales,
            module_id=module_offline,
            provider_id=provider,
            product_id="1011",
            price_list=stored_price_list(module_offline),
        )
    assert _count_plans(database) == 0
