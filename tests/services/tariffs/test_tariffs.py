"""Configuring tariff plans: every option, the dependencies, invalid combinations, conflicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import tariffs
from sslbill_desktop.services.billing.terms import LateFeePolicy, PeriodUnit
from sslbill_desktop.services.editing import blocking_references, refuse_if_used
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from sslbill_desktop.services.tariff_input import AddonInput, PeriodPrice
from tests.services.setup.helpers import audit_entries
from tests.services.tariffs.support import every_option, make_groups, make_templates, monthly, save


def _full(database, admin, module_offline):  # type: ignore[no-untyped-def]
    return every_option(module_offline, make_groups(database, admin), make_templates(database, admin))


def test_every_option_round_trips_through_the_service(database, admin, plan, module_offline) -> None:
    values = _full(database, admin, module_offline)
    record = tariffs.get_tariff(database, admin, plan)
    saved = tariffs.update_tariff(database, admin, plan, version=record.version, values=values)
    again = tariffs.get_tariff(database, admin, plan)
    assert again.settings == saved.settings == values
    assert again.version == record.version + 1


def test_saving_the_stored_settings_unchanged_keeps_them(database, admin, plan, module_offline) -> None:
    save(database, admin, plan, **_full(database, admin, module_offline).__dict__)
    before = tariffs.get_tariff(database, admin, plan)
    tariffs.update_tariff(database, admin, plan, version=before.version, values=before.settings)
    assert tariffs.get_tariff(database, admin, plan).settings == before.settings


def test_a_child_option_of_a_parent_that_is_off_is_kept_but_not_checked(database, admin, plan) -> None:
    save(
        database,
        admin,
        plan,
        minimum_order_period=True,
        minimum_order_length=3,
        simultaneous_order=True,
        max_simultaneous=4,
    )
    save(
        database,
        admin,
        plan,
        minimum_order_period=False,
        minimum_order_length="not a number",
        simultaneous_order=False,
        max_simultaneous=None,
    )
    settings = tariffs.get_tariff(database, admin, plan).settings
    assert (settings.minimum_order_period, settings.minimum_order_length) == (False, 3)
    assert (settings.simultaneous_order, settings.max_simultaneous) == (False, 4)
    terms = tariffs.get_tariff(database, admin, plan)
    assert terms.settings.minimum_order_unit is PeriodUnit.MONTHS


def test_special_renewal_prices_are_kept_while_the_option_is_off(database, admin, plan) -> None:
    save(database, admin, plan, prices=monthly("3.00", renewal="2.50"), special_renewal=True)
    save(database, admin, plan, prices=monthly("3.00"), special_renewal=False)
    stored = tariffs.get_tariff(database, admin, plan).settings
    assert {p.months: p.renewal_price for p in stored.prices} == {1: Decimal("2.50"), 12: None}
    from sslbill_desktop.services.tariff_terms import tariff_terms

    assert tariff_terms(database, admin, plan).renewal_prices == {}


def test_calendar_charges_with_charge_daily_are_refused_where_they_occur(database, admin, plan) -> None:
    with pytest.raises(ValidationError) as refused:
        save(database, admin, plan, charge_daily=True, calendar_charges=True)
    assert refused.value.field == "calendar_charges"
    assert "not available with charge daily" in refused.value.detail


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"prices": (PeriodPrice(24, Decimal(50)),)}, "prices.12", "one year is required"),
        ({"disable_yearly": True}, "disable_yearly", "leaves nothing to order"),
        ({"prices": (PeriodPrice(12, Decimal("9.999")),)}, "prices.12", "decimal places"),
        ({"prices": (PeriodPrice(12, Decimal(-1)),)}, "prices.12", "negative"),
        ({"special_renewal": True}, "special_renewal", "at least one period"),
        ({"calendar_charges": True, "prorata_day": 32}, "prorata_day", "at most 31"),
        ({"minimum_order_period": True, "minimum_order_length": None}, "minimum_order_length", "required"),
        (
            {"minimum_order_period": True, "minimum_order_length": 200, "minimum_order_unit": "months"},
            "minimum_order_length",
            "at most 120",
        ),
        ({"simultaneous_order": True, "max_simultaneous": "0"}, "max_simultaneous", "at least 1"),
        (
            {"late_fee_policy": LateFeePolicy.FIXED, "late_fee_amount": "0"},
            "late_fee_amount",
            "more than zero",
        ),
        (
            {"late_fee_policy": LateFeePolicy.PERCENT, "late_fee_percent": "150"},
            "late_fee_percent",
            "at most 100",
        ),
        ({"late_fee_policy": "sometimes"}, "late_fee_policy", "not a valid choice"),
        ({"suspend_on_weekends": "maybe"}, "suspend_on_weekends", "not a valid choice"),
        ({"auto_delete_days": "-1"}, "auto_delete_days", "at least 0"),
        ({"name": {"en": ""}}, "name.en", "required"),
        ({"sorting": 0}, "sorting", "at least 1"),
        ({"icon": b"not an image"}, "icon", ""),
        ({"labels": "x" * 101}, "labels[0]", "at most 100"),
    ],
)
def test_bad_values_are_refused_naming_the_field(database, admin, plan, changes, field, words) -> None:
    before = tariffs.get_tariff(database, admin, plan)
    with pytest.raises(ValidationError) as refused:
        save(database, admin, plan, **changes)
    assert refused.value.field == field
    assert words in refused.value.detail
    assert tariffs.get_tariff(database, admin, plan).version == before.version


def test_a_group_both_allowed_and_forbidden_is_refused(database, admin, plan) -> None:
    resellers, _retail, _blocked = make_groups(database, admin)
    with pytest.raises(ValidationError) as refused:
        save(database, admin, plan, allowed_groups=(resellers,), forbidden_groups=(resellers,))
    assert refused.value.field == "forbidden_groups"


def test_an_addon_needs_a_price_for_every_offered_period(database, admin, plan) -> None:
    addon = AddonInput(None, {"en": "Extra SAN"}, "domain", (PeriodPrice(12, Decimal("10.00")),))
    with pytest.raises(ValidationError) as refused:
        save(database, admin, plan, prices=monthly("3.00"), addons=(addon,))
    assert refused.value.field == "addons[0].prices.1"


def test_addons_keep_their_keys_across_edits(database, admin, plan) -> None:
    first = AddonInput(None, {"en": "Extra SAN"}, "domain", (PeriodPrice(12, Decimal("10.00")),))
    second = AddonInput(None, {"en": "Wildcard SAN"}, "domain", (PeriodPrice(12, Decimal("25.00")),))
    saved = save(database, admin, plan, addons=(first, second)).settings.addons
    assert [a.key for a in saved] == ["addon1", "addon2"]
    renamed = replace(saved[1], name={"en": "Wildcard name"})
    again = save(database, admin, plan, addons=(renamed,)).settings.addons
    assert [(a.key, a.name["en"]) for a in again] == [("addon2", "Wildcard name")]
    third = save(database, admin, plan, addons=(*again, first)).settings.addons
    assert [a.key for a in third] == ["addon2", "addon1"]


def test_labels_from_text_are_one_per_line_without_repeats(database, admin, plan) -> None:
    saved = save(database, admin, plan, labels="DV\n  Popular \n\ndv\nWildcard").settings
    assert saved.labels == ("DV", "Popular", "Wildcard")


def test_a_stale_save_is_refused_with_a_conflict(database, admin, plan) -> None:
    opened = tariffs.get_tariff(database, admin, plan)
    save(database, admin, plan, sorting=5)
    with pytest.raises(Conflict, match="Someone else changed"):
        tariffs.update_tariff(
            database, admin, plan, version=opened.version, values=replace(opened.settings, sorting=9)
        )
    assert tariffs.get_tariff(database, admin, plan).settings.sorting == 5


def test_references_that_are_gone_are_refused(database, admin, plan) -> None:
    with pytest.raises(ValidationError) as refused:
        save(database, admin, plan, activation_template_id=999)
    assert refused.value.field == "activation_template_id"
    _message, document = make_templates(database, admin)
    with pytest.raises(ValidationError) as wrong_kind:
        save(database, admin, plan, activation_template_id=document)
    assert wrong_kind.value.field == "activation_template_id"
    with pytest.raises(ValidationError) as no_group:
        save(database, admin, plan, allowed_groups=(12345,))
    assert no_group.value.field == "allowed_groups"


def test_an_update_is_audited_with_what_changed(database, admin, plan) -> None:
    save(database, admin, plan, sorting=4, prices=monthly("3.00"))
    (entry,) = audit_entries(database, "tariff_plan", "update")
    assert entry.before == {"prices": {"12": ["11.0000", None]}, "sorting": 1}
    assert entry.after["sorting"] == 4 and set(entry.after["prices"]) == {"1", "12"}


def test_the_processing_module_cannot_be_deleted_while_plans_use_it(
    database, admin, plan, module_offline
) -> None:
    with database.uow() as s:
        module = s.get(ProcessingModule, module_offline)
        assert blocking_references(s, module) == [("tariff_plans", 1)]
        with pytest.raises(UserError, match="1 tariff plan"):
            refuse_if_used(s, module, "The processing module")


def test_client_groups_and_templates_in_use_cannot_be_deleted(database, admin, plan) -> None:
    from sslbill_desktop.services import client_groups, templates

    resellers, _retail, _blocked = make_groups(database, admin)
    message, _document = make_templates(database, admin)
    save(database, admin, plan, allowed_groups=(resellers,), activation_template_id=message)
    group = client_groups.get_client_group(database, admin, resellers)
    with pytest.raises(UserError, match="cannot be deleted"):
        client_groups.delete_client_group(database, admin, resellers, version=group.version)
    template = templates.get_template(database, admin, message)
    with pytest.raises(UserError, match="1 tariff plan"):
        templates.delete_template(database, admin, message, version=template.version)


def test_deleting_a_plan_removes_it_and_its_children(database, admin, plan) -> None:
    saved = save(
        database,
        admin,
        plan,
        labels=("DV",),
        addons=(AddonInput(None, {"en": "SAN"}, "", (PeriodPrice(12, Decimal(1)),)),),
    )
    tariffs.delete_tariff(database, admin, plan, version=saved.version)
    assert tariffs.list_tariffs(database, admin) == []
    assert tariffs.tariff_labels(database, admin) == []


def test_sales_staff_read_everything_and_change_nothing(database, admin, sales, plan) -> None:
    record = tariffs.get_tariff(database, sales, plan)
    assert [row.id for row in tariffs.list_tariffs(database, sales)] == [plan]
    for change in (
        lambda: tariffs.update_tariff(database, sales, plan, version=record.version, values=record.settings),
        lambda: tariffs.enable_tariff(database, sales, plan, version=record.version, accept_loss=True),
        lambda: tariffs.disable_tariff(database, sales, plan, version=record.version),
        lambda: tariffs.delete_tariff(database, sales, plan, version=record.version),
    ):
        with pytest.raises(PermissionDenied):
            change()
    assert tariffs.get_tariff(database, admin, plan) == record


def test_the_end_date_makes_a_record_unorderable_from_that_day(database, admin, plan) -> None:
    saved = save(database, admin, plan, end_date=date(2027, 9, 1))
    enabled = tariffs.enable_tariff(database, admin, plan, version=saved.version)
    assert enabled.orderable_on(date(2027, 8, 31))
    assert not enabled.orderable_on(date(2027, 9, 1))
