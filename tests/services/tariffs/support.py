"""Helpers and fixtures for the tariff plan tests (services and views).

- `provider`: a USD provider; `module_offline`: a processing module whose upstream is unreachable
  (a closed loopback port), for everything that must work from stored data;
- `stored_price_list(module_id)`: the simulator's seeded price list as a snapshot, built without
  the network (the same ids, names and costs the simulator serves);
- `plan`: RapidSSL (1011) imported for `provider` from that snapshot, disabled.
"""

from __future__ import annotations

import socket
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from sslbill_desktop.services import providers, tariffs
from sslbill_desktop.services.ispmanager.records import PriceListEntry, PricePeriod
from sslbill_desktop.services.ispmanager.simulator_catalog import SEEDED_PLANS
from sslbill_desktop.services.tariff_import import Markup, PriceListSnapshot, import_tariff
from sslbill_desktop.services.tariff_input import PeriodPrice, TariffInput
from tests.support.upstream_fixtures import RESELLER, RESELLER_PASSWORD, add_module

READ_AT = datetime(2027, 7, 1, 9, 30, tzinfo=UTC)


def closed_port_url() -> str:
    """A loopback URL nothing listens on (connections are refused at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def stored_price_list(module_id: int, currency: str = "USD") -> PriceListSnapshot:
    entries = tuple(
        PriceListEntry(
            id=plan.id,
            name=plan.name,
            siteinfo={},
            periods=tuple(PricePeriod(m, c) for m, c in sorted(plan.costs.items())),
            currency=currency,
        )
        for plan in SEEDED_PLANS
    )
    return PriceListSnapshot(module_id, entries, currency, READ_AT)


def make_provider(db, admin, name: str = "Acme SSL", currency: str = "USD") -> int:  # type: ignore[no-untyped-def]
    record = providers.create_provider(
        db,
        admin,
        providers.ProviderInput(name=name, currency=currency, notification_email="sales@acme.example"),
    )
    return record.id


def import_plan(  # type: ignore[no-untyped-def]
    db, admin, module_id: int, provider_id: int, product_id: str = "1011", markup: Markup | None = None
) -> int:
    result = import_tariff(
        db,
        admin,
        module_id=module_id,
        provider_id=provider_id,
        product_id=product_id,
        price_list=stored_price_list(module_id),
        markup=markup,
    )
    return result.plan_id


def save(db, admin, plan_id: int, **changes):  # type: ignore[no-untyped-def]
    """Update a plan with `changes` applied to its stored settings."""
    record = tariffs.get_tariff(db, admin, plan_id)
    values = replace(record.settings, **changes)
    return tariffs.update_tariff(db, admin, plan_id, version=record.version, values=values)


def monthly(price: str, *, yearly: str = "30.00", renewal: str | None = None) -> tuple[PeriodPrice, ...]:
    return (
        PeriodPrice(1, Decimal(price), Decimal(renewal) if renewal else None),
        PeriodPrice(12, Decimal(yearly)),
    )


def blank_input(module_id: int) -> TariffInput:
    return TariffInput(
        name={"en": "Plan"},
        processing_module_id=module_id,
        certificate_type="1011",
        prices=(PeriodPrice(12, Decimal("20.00")),),
    )


@pytest.fixture
def provider(database, admin) -> int:  # type: ignore[no-untyped-def]
    return make_provider(database, admin)


@pytest.fixture
def module_offline(database) -> int:  # type: ignore[no-untyped-def]
    return add_module(database, closed_port_url(), RESELLER, RESELLER_PASSWORD, name="Offline CA")


@pytest.fixture
def plan(database, admin, provider, module_offline) -> int:  # type: ignore[no-untyped-def]
    return import_plan(database, admin, module_offline, provider)


def make_groups(db, admin) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    from sslbill_desktop.services import client_groups

    return tuple(  # type: ignore[return-value]
        client_groups.create_client_group(db, admin, name=name, ignore_service_limit=(name == "Resellers")).id
        for name in ("Resellers", "Retail", "Blocked")
    )


def make_templates(db, admin) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    from sslbill_desktop.services import templates

    message = templates.create_template(
        db,
        admin,
        kind="message",
        name="Certificate ready",
        subject={"en": "Ready"},
        body={"en": "Installed."},
    )
    document = templates.create_template(
        db, admin, kind="document", name="SSL agreement", subject={"en": "Agreement"}, body={"en": "Terms."}
    )
    return message.id, document.id


PNG_ICON = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61000000194944415478da6390ab38"
    "f19f12cc306ac0a801a3060c170300ba755d1fbd63ca4e0000000049454e44ae426082"
)


def every_option(module_id: int, groups: tuple[int, int, int], templates: tuple[int, int]) -> TariffInput:
    """A plan with every option away from its default (children of parents that are on)."""
    from sslbill_desktop.services.billing.terms import (
        AddonCancelPolicy,
        AddonOrderPolicy,
        ChangePolicy,
        LateFeePolicy,
        PeriodUnit,
        RenewFrom,
        WeekendPolicy,
    )
    from sslbill_desktop.services.tariff_input import AddonInput

    resellers, retail, blocked = groups
    message, document = templates
    return TariffInput(
        name={"en": "RapidSSL Plus"},
        processing_module_id=module_id,
        charge_daily=False,
        daily_cost_by_order_period=False,
        allow_client_suspend=True,
        charge_after_suspension=True,
        calendar_charges=True,
        prorata_day=20,
        quick_order=True,
        activation_template_id=message,
        agreement_template_id=document,
        certificate_type="3033",
        certificate_type_name="Sectigo PositiveSSL",
        prices=(
            PeriodPrice(1, Decimal("3.00"), Decimal("2.75")),
            PeriodPrice(12, Decimal("30.00"), Decimal("27.50")),
            PeriodPrice(24, Decimal("55.00")),
        ),
        disable_yearly=True,
        setup_fee=Decimal("4.99"),
        special_renewal=True,
        allowed_groups=(resellers, retail),
        forbidden_groups=(blocked,),
        minimum_order_period=True,
        minimum_order_length=45,
        minimum_order_unit=PeriodUnit.DAYS,
        max_services_per_client=7,
        simultaneous_order=True,
        max_simultaneous=3,
        late_fee_policy=LateFeePolicy.PERCENT,
        late_fee_amount=None,
        late_fee_percent=Decimal("12.5"),
        auto_delete_days=30,
        suspend_on_weekends=WeekendPolicy.DO_NOT_SUSPEND,
        change_policy=ChangePolicy.FULL_PAYMENT,
        renew_from=RenewFrom.EXPIRATION_DATE,
        addon_order_policy=AddonOrderPolicy.FULL_PERIOD,
        addon_cancel_policy=AddonCancelPolicy.NO_REFUND,
        end_date=date(2030, 12, 31),
        notes="Staff only: negotiated with the CA.",
        sorting=3,
        icon=PNG_ICON,
        show_addon_icons=True,
        description={"en": "# RapidSSL Plus\n\n*Fast* domain validation."},
        labels=("DV", "Popular"),
        addons=(
            AddonInput(
                key="addon1",
                name={"en": "Extra SAN domain"},
                unit="domain",
                prices=(PeriodPrice(1, Decimal("1.00")), PeriodPrice(24, Decimal("18.00"))),
            ),
        ),
    )


def every_option_daily(
    module_id: int,
    groups: tuple[int, int, int],
    templates: tuple[int, int],
    *,
    late_fee: str = "fixed",
) -> TariffInput:
    """`every_option()` moved to the option states it leaves out: charge daily with "calculate
    daily cost depending on order period", a minimum order period in months, and a late fee of
    `late_fee` — "fixed" (with its amount) or "renew_from_suspension".

    The children whose parent this turns off keep their stored values, as the rule is (ignored, not
    erased): the pro-rata day 20 (no calendar-based charges with charge daily) and the late fee
    percent 12.5."""
    from sslbill_desktop.services.billing.terms import LateFeePolicy, PeriodUnit

    policy = LateFeePolicy(late_fee)
    if policy not in (LateFeePolicy.FIXED, LateFeePolicy.RENEW_FROM_SUSPENSION):
        raise ValueError(f"every_option() already has the late fee {late_fee!r}")
    return replace(
        every_option(module_id, groups, templates),
        charge_daily=True,
        daily_cost_by_order_period=True,
        calendar_charges=False,
        minimum_order_length=6,
        minimum_order_unit=PeriodUnit.MONTHS,
        late_fee_policy=policy,
        late_fee_amount=Decimal("1.50") if policy is LateFeePolicy.FIXED else None,
    )
