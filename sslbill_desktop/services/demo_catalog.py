"""Tariff plans for the demo workspace (and tests): a few realistic SSL plans of one provider.

Plans normally come from the upstream price list (`tariff_import.py`); the demo writes them
directly so that it works without a running upstream. `add_plan(db, ...)` writes one plan with
the options given (every other option keeps the catalog's default); `ensure_demo_plans(db, ...)`
adds the demo's plans once (matched by upstream product id).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from sslbill_desktop.models.catalog import (
    SSL_CERTIFICATE,
    ProductType,
    TariffAddon,
    TariffAddonPrice,
    TariffLabel,
    TariffPlan,
    TariffPrice,
)
from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.services.db import Database


@dataclass(frozen=True)
class AddonSpec:
    key: str
    name: dict[str, str]
    unit: str
    prices: Mapping[int, str]


@dataclass(frozen=True)
class PlanSpec:
    """One plan: its names, upstream product, prices (months -> amount) and options."""

    name: dict[str, str]
    certificate_type: str
    prices: Mapping[int, str]
    enabled: bool = True
    renewal_prices: Mapping[int, str] = field(default_factory=dict)
    addons: tuple[AddonSpec, ...] = ()
    labels: tuple[str, ...] = ()
    description: dict[str, str] = field(default_factory=dict)
    allowed_groups: tuple[int, ...] = ()
    forbidden_groups: tuple[int, ...] = ()
    end_date: date | None = None
    #: The imported upstream product (unique per provider); default: the certificate type.
    upstream_product_id: str = ""
    #: Any other `TariffPlan` column (charge_daily, late_fee_policy, quick_order, ...).
    options: Mapping[str, Any] = field(default_factory=dict)


SAN_ADDON = AddonSpec(
    "addon1", {"en": "Extra domain names (SAN)", "ru": "Дополнительные домены (SAN)"}, "domain", {}
)


def _money(value: str | Decimal) -> Decimal:
    return Decimal(str(value))


def add_plan(db: Database, *, provider_id: int, module_id: int, spec: PlanSpec, sorting: int = 1) -> int:
    """Write one plan (see the module documentation); its id."""
    with db.uow() as s:
        product_type = s.scalar(select(ProductType).where(ProductType.code == SSL_CERTIFICATE))
        if product_type is None:  # pragma: no cover - the migration seeds it
            raise LookupError("the SSL certificate product type is missing")
        plan = TariffPlan(
            product_type_id=product_type.id,
            provider_id=provider_id,
            processing_module_id=module_id,
            enabled=spec.enabled,
            upstream_product_id=spec.upstream_product_id or spec.certificate_type,
            upstream_product_name=spec.name.get("en", ""),
            certificate_type=spec.certificate_type,
            certificate_type_name=spec.name.get("en", ""),
            upstream_currency="USD",
            name=spec.name,
            description=spec.description,
            sorting=sorting,
            end_date=spec.end_date,
            special_renewal=bool(spec.renewal_prices),
        )
        for column, value in spec.options.items():
            if not hasattr(TariffPlan, column):
                raise AttributeError(f"TariffPlan has no option {column!r}")
            setattr(plan, column, value)
        plan.prices = [
            TariffPrice(
                months=months,
                price=_money(price),
                renewal_price=_money(spec.renewal_prices[months]) if months in spec.renewal_prices else None,
            )
            for months, price in sorted(spec.prices.items())
        ]
        plan.addons = [
            TariffAddon(
                key=addon.key,
                name=addon.name,
                unit=addon.unit,
                sorting=number,
                prices=[
                    TariffAddonPrice(months=months, price=_money(price))
                    for months, price in sorted((addon.prices or spec.prices).items())
                ],
            )
            for number, addon in enumerate(spec.addons, start=1)
        ]
        plan.labels = [TariffLabel(label=label) for label in spec.labels]
        plan.allowed_groups = [
            g for g in (s.get(ClientGroup, i) for i in spec.allowed_groups) if g is not None
        ]
        plan.forbidden_groups = [
            g for g in (s.get(ClientGroup, i) for i in spec.forbidden_groups) if g is not None
        ]
        s.add(plan)
        s.flush()
        return int(plan.id)


def _san(prices: Mapping[int, str]) -> AddonSpec:
    return AddonSpec(SAN_ADDON.key, SAN_ADDON.name, SAN_ADDON.unit, prices)


#: The demo's plans (upstream ids of the simulator's price list).
DEMO_PLANS: tuple[PlanSpec, ...] = (
    PlanSpec(
        {"en": "RapidSSL", "ru": "RapidSSL"},
        "1011",
        {12: "19.00", 24: "35.00", 36: "49.00"},
        addons=(_san({12: "6.00", 24: "11.00", 36: "15.00"}),),
        labels=("DV", "DigiCert"),
        description={"en": "Domain validation in minutes. For blogs and small shops."},
        options={"late_fee_policy": "percent", "late_fee_percent": Decimal(50), "auto_delete_days": 30},
    ),
    PlanSpec(
        {"en": "Sectigo PositiveSSL", "ru": "Sectigo PositiveSSL"},
        "3033",
        {12: "12.00", 24: "22.00", 36: "30.00"},
        addons=(_san({12: "4.00", 24: "7.00", 36: "10.00"}),),
        labels=("DV", "Sectigo"),
        description={"en": "The most affordable domain-validated certificate."},
        options={"suspend_on_weekends": "do_not_suspend", "auto_delete_days": 14},
    ),
    PlanSpec(
        {"en": "Sectigo Essential SSL (quick order)", "ru": "Sectigo Essential SSL (быстрый заказ)"},
        "2025",
        {12: "29.00", 24: "55.00"},
        labels=("DV", "Sectigo"),
        description={"en": "Order now, enter the domain later."},
        options={"quick_order": True, "simultaneous_order": True, "max_simultaneous": 5},
    ),
    PlanSpec(
        {"en": "DigiCert Secure Site", "ru": "DigiCert Secure Site"},
        "2021",
        {12: "399.00", 24: "760.00", 36: "1100.00"},
        addons=(_san({12: "90.00", 24: "170.00", 36: "240.00"}),),
        labels=("OV", "DigiCert"),
        description={"en": "Organization validation with the DigiCert seal."},
        options={"minimum_order_period": True, "minimum_order_length": 3, "minimum_order_unit": "months"},
    ),
)


def ensure_demo_plans(db: Database, *, provider_id: int, module_id: int) -> list[int]:
    """The demo's plans of the provider, written when missing; their ids in `DEMO_PLANS` order."""
    ids: list[int] = []
    for number, spec in enumerate(DEMO_PLANS, start=1):
        with db.uow() as s:
            existing = s.scalar(
                select(TariffPlan.id).where(
                    TariffPlan.provider_id == provider_id,
                    TariffPlan.upstream_product_id == spec.certificate_type,
                )
            )
        ids.append(
            int(existing)
            if existing is not None
            else add_plan(db, provider_id=provider_id, module_id=module_id, spec=spec, sorting=number)
        )
    return ids
