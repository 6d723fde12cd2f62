"""Enabling with the margin guard, the list's order and filters, and the plans a client may order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sslbill_desktop.services import tariffs
from sslbill_desktop.services.tariff_input import PeriodPrice
from sslbill_desktop.services.tariffs import LossNotAccepted, TariffState
from tests.services.setup.helpers import audit_entries
from tests.services.tariffs.support import import_plan, make_groups, make_provider, save

JULY = date(2027, 7, 12)


def test_enabling_a_plan_priced_above_its_costs_needs_no_second_confirmation(database, admin, plan) -> None:
    record = tariffs.get_tariff(database, admin, plan)
    assert not record.margins.losses
    enabled = tariffs.enable_tariff(database, admin, plan, version=record.version)
    assert enabled.enabled
    assert [e.action for e in audit_entries(database, "tariff_plan")] == ["import", "enable"]


def test_a_price_below_the_upstream_cost_is_refused_until_the_loss_is_accepted(database, admin, plan) -> None:
    # RapidSSL costs 11.00 a year and 21.00 for two years upstream
    saved = save(
        database,
        admin,
        plan,
        prices=(PeriodPrice(12, Decimal("10.00")), PeriodPrice(24, Decimal("25.00"))),
    )
    assert [row.months for row in saved.margins.losses] == [12]
    assert saved.margins.losses[0].margin == Decimal("-1.00")
    with pytest.raises(LossNotAccepted) as guard:
        tariffs.enable_tariff(database, admin, plan, version=saved.version)
    text = str(guard.value)
    assert "1 year" not in text  # periods are named in months, as the price table shows them
    assert "12 months: sold for $10.00, costs $11.00 upstream — a loss of $1.00 per order." in text
    assert guard.value.report.losses[0].months == 12
    assert tariffs.get_tariff(database, admin, plan).enabled is False
    enabled = tariffs.enable_tariff(database, admin, plan, version=saved.version, accept_loss=True)
    assert enabled.enabled


def test_a_special_renewal_price_below_cost_is_a_loss_too(database, admin, plan) -> None:
    saved = save(
        database,
        admin,
        plan,
        special_renewal=True,
        prices=(PeriodPrice(12, Decimal("15.00"), Decimal("9.00")),),
    )
    (loss,) = saved.margins.losses
    assert (loss.margin, loss.renewal_margin) == (Decimal("4.00"), Decimal("-2.00"))
    assert "per renewal" in saved.margins.loss_text()


def test_a_monthly_period_is_compared_with_its_share_of_the_yearly_cost(database, admin, plan) -> None:
    saved = save(
        database, admin, plan, prices=(PeriodPrice(1, Decimal("0.90")), PeriodPrice(12, Decimal("12.00")))
    )
    monthly = saved.margins.rows[0]
    assert (monthly.months, monthly.basis_months, monthly.upstream_cost) == (1, 12, Decimal("0.92"))
    assert monthly.margin == Decimal("-0.02") and monthly.loss


def test_disabling_asks_nothing_and_is_audited(database, admin, plan) -> None:
    record = tariffs.get_tariff(database, admin, plan)
    enabled = tariffs.enable_tariff(database, admin, plan, version=record.version)
    disabled = tariffs.disable_tariff(database, admin, plan, version=enabled.version)
    assert not disabled.enabled
    assert audit_entries(database, "tariff_plan", "disable")[0].after == {"enabled": False}


def test_the_list_sorts_by_sort_then_name_and_filters(database, admin, module_offline, provider) -> None:
    other = make_provider(database, admin, name="Budget certs")
    rapid = import_plan(database, admin, module_offline, provider, "1011")  # RapidSSL
    alpha = import_plan(database, admin, module_offline, provider, "55346")  # AlphaSSL
    sectigo = import_plan(database, admin, module_offline, other, "3033")  # Sectigo PositiveSSL
    save(database, admin, sectigo, sorting=1, labels=("DV", "Cheap"))
    save(database, admin, rapid, sorting=2, labels=("dv",))
    record = tariffs.get_tariff(database, admin, alpha)
    tariffs.enable_tariff(database, admin, alpha, version=record.version)

    def ids(**filters) -> list[int]:  # type: ignore[no-untyped-def]
        return [row.id for row in tariffs.list_tariffs(database, admin, **filters)]

    assert ids() == [alpha, sectigo, rapid]  # sort 1: AlphaSSL, Sectigo...; sort 2: RapidSSL
    assert ids(label="DV") == [sectigo, rapid]
    assert ids(label="cheap") == [sectigo]
    assert ids(provider_id=other) == [sectigo]
    assert ids(state=TariffState.ENABLED) == [alpha]
    assert ids(state="disabled", provider_id=provider) == [rapid]
    assert ids(text="sectigo") == [sectigo]
    assert tariffs.tariff_labels(database, admin) == ["Cheap", "DV"]


def test_the_list_shows_the_lowest_margin_against_the_stored_costs(database, admin, plan) -> None:
    save(database, admin, plan, prices=(PeriodPrice(12, Decimal("14.00")), PeriodPrice(24, Decimal("22.00"))))
    (row,) = tariffs.list_tariffs(database, admin)
    assert row.lowest_margin == Decimal("1.00")  # 22.00 - 21.00 for two years
    assert not row.loss and row.yearly_price == Decimal("14.00")
    assert row.costs_at is not None and row.upstream_currency == "USD"


def test_only_enabled_plans_before_their_end_date_are_orderable(
    database, admin, module_offline, provider
) -> None:
    rapid = import_plan(database, admin, module_offline, provider, "1011")
    alpha = import_plan(database, admin, module_offline, provider, "55346")
    ending = import_plan(database, admin, module_offline, provider, "3033")
    for plan_id in (alpha, ending):
        record = tariffs.get_tariff(database, admin, plan_id)
        tariffs.enable_tariff(database, admin, plan_id, version=record.version)
    save(database, admin, ending, end_date=date(2027, 7, 13))
    assert [p.id for p in tariffs.orderable_plans(database, admin, None, JULY)] == [alpha, ending]
    assert [p.id for p in tariffs.orderable_plans(database, admin, None, date(2027, 7, 13))] == [alpha]
    assert rapid not in [p.id for p in tariffs.orderable_plans(database, admin, None, JULY)]


def test_orderable_plans_follow_the_group_policy(database, admin, sales, module_offline, provider) -> None:
    resellers, retail, blocked = make_groups(database, admin)
    open_plan = import_plan(database, admin, module_offline, provider, "1011")
    resellers_only = import_plan(database, admin, module_offline, provider, "55346")
    not_blocked = import_plan(database, admin, module_offline, provider, "3033")
    save(database, admin, resellers_only, allowed_groups=(resellers,))
    save(database, admin, not_blocked, forbidden_groups=(blocked,))
    for plan_id in (open_plan, resellers_only, not_blocked):
        record = tariffs.get_tariff(database, admin, plan_id)
        tariffs.enable_tariff(database, admin, plan_id, version=record.version)

    def ids(group: int | None) -> set[int]:
        return {p.id for p in tariffs.orderable_plans(database, sales, group, JULY)}

    assert ids(resellers) == {open_plan, resellers_only, not_blocked}
    assert ids(retail) == {open_plan, not_blocked}
    assert ids(blocked) == {open_plan}
    assert ids(None) == {open_plan, not_blocked}


def test_orderable_plans_carry_what_the_order_wizard_needs(database, admin, plan, provider) -> None:
    saved = save(
        database,
        admin,
        plan,
        prices=(PeriodPrice(12, Decimal("14.00")), PeriodPrice(24, Decimal("26.00"))),
        setup_fee=Decimal("2.00"),
        description={"en": "**Fast**"},
        labels=("DV",),
        quick_order=True,
    )
    tariffs.enable_tariff(database, admin, plan, version=saved.version)
    other = make_provider(database, admin, name="Nobody's")
    assert tariffs.orderable_plans(database, admin, None, JULY, provider_id=other) == []
    (offer,) = tariffs.orderable_plans(database, admin, None, JULY, provider_id=provider)
    assert offer.prices == ((12, Decimal("14.00")), (24, Decimal("26.00")))
    assert (offer.setup_fee, offer.currency, offer.certificate_type) == (Decimal("2.00"), "USD", "1011")
    assert offer.quick_order and offer.labels == ("DV",) and offer.description == {"en": "**Fast**"}
    assert offer.terms.key == str(plan) and offer.terms.enabled
