"""Exports of tariff plans: every plan as CSV, and the plain data of a PDF tariff sheet.

Both read only the database (stored upstream costs included), so they work with the upstream
unreachable. The PDF itself is drawn by `views/tariff_sheet_pdf.py` (it needs Qt) from the
`TariffSheet`s returned here.

CSV: one row per plan, in list order; amounts as plain decimals with a dot and the currency's
decimals (`12.50`; more only when a price has them), dates ISO;
a price column per period that any plan offers (`price_12m`, `renewal_12m`) and an upstream cost
column per period any plan has a cost for. A text cell that a spreadsheet would take for a
formula (`=`, `+`, `-`, `@` first) is prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select

from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing.money import format_price
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import _, current_language, format_money
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.product_types import settings_in
from sslbill_desktop.services.tariff_words import period_text, policy_lines
from sslbill_desktop.services.tariffs import TariffRecord, get_tariff, list_tariffs

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class SheetPrice:
    period: str
    price: str
    #: The special renewal price in words, or "" when renewals cost the order price.
    renewal: str


@dataclass(frozen=True)
class TariffSheet:
    """One plan of the PDF tariff sheet, every value already in words."""

    title: str
    provider: str
    currency: str
    prices: tuple[SheetPrice, ...]
    policies: tuple[tuple[str, str], ...]
    #: Markdown, in the UI language (else the default localization).
    description: str
    labels: tuple[str, ...]
    addons: tuple[tuple[str, str], ...]


def _sheet(record: TariffRecord, policies: list[tuple[str, str]], default_language: str) -> TariffSheet:
    settings = record.settings
    renewals = settings.special_renewal
    offered = [p for p in settings.prices if not (settings.disable_yearly and p.months == 12)]
    prices = tuple(
        SheetPrice(
            period_text(p.months),
            format_money(Decimal(str(p.price)), record.currency),
            format_money(Decimal(str(p.renewal_price)), record.currency)
            if renewals and p.renewal_price not in (None, "")
            else "",
        )
        for p in offered
    )
    addons = tuple(
        (
            pick(addon.name, default_language) + (f" ({addon.unit})" if addon.unit else ""),
            ", ".join(
                _("{price} for {period}").format(
                    price=format_money(Decimal(str(p.price)), record.currency), period=period_text(p.months)
                )
                for p in addon.prices
            ),
        )
        for addon in settings.addons
    )
    return TariffSheet(
        title=record.title,
        provider=record.provider_name,
        currency=record.currency,
        prices=prices,
        policies=tuple(policies),
        description=pick(settings.description, default_language, current_language()),
        labels=tuple(settings.labels) if isinstance(settings.labels, tuple) else (),
        addons=addons,
    )


def tariff_sheets(db: Database, actor: Actor, plan_ids: Sequence[int]) -> list[TariffSheet]:
    """The sheet data of the given plans, in the given order."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        product_type = settings_in(s)
        default = languages_in(s).default
        group_names = {g.id: g.name for g in s.scalars(select(ClientGroup))}
    sheets = []
    for plan_id in plan_ids:
        record = get_tariff(db, actor, plan_id)
        policies = policy_lines(
            record.settings, currency=record.currency, product_type=product_type, group_names=group_names
        )
        sheets.append(_sheet(record, policies, default))
    return sheets


def _cell(value: object, currency: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_price(value, currency)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def export_csv(db: Database, actor: Actor) -> str:
    """Every tariff plan as CSV text (with a header row)."""
    require(actor, Permission.READ_CONFIGURATION)
    rows = list_tariffs(db, actor)
    records = [get_tariff(db, actor, row.id) for row in rows]
    periods = sorted({p.months for r in records for p in r.settings.prices})
    cost_periods = sorted({m for r in records for m, c in r.upstream.costs.items() if c is not None})
    header = [
        "id",
        "name",
        "provider",
        "currency",
        "state",
        "upstream_product_id",
        "certificate_type",
        "certificate_type_name",
        *(f"price_{m}m" for m in periods),
        *(f"renewal_{m}m" for m in periods),
        "disable_yearly",
        "setup_fee",
        "charge_daily",
        "daily_cost_by_order_period",
        "calendar_charges",
        "prorata_day",
        "late_fee_policy",
        "late_fee_amount",
        "late_fee_percent",
        "auto_delete_days",
        "suspend_on_weekends",
        "change_policy",
        "renew_from",
        "end_date",
        "sort",
        "labels",
        "upstream_currency",
        *(f"upstream_cost_{m}m" for m in cost_periods),
        "upstream_costs_at",
        "lowest_margin",
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for record in records:
        s = record.settings
        prices = {p.months: p for p in s.prices}
        writer.writerow(
            [
                _cell(x, record.currency)
                for x in (
                    record.id,
                    record.title,
                    record.provider_name,
                    record.currency,
                    "enabled" if record.enabled else "disabled",
                    record.upstream_product_id,
                    s.certificate_type,
                    s.certificate_type_name,
                    *(prices[m].price if m in prices else None for m in periods),
                    *(
                        prices[m].renewal_price if m in prices and s.special_renewal else None
                        for m in periods
                    ),
                    s.disable_yearly,
                    s.setup_fee,
                    s.charge_daily,
                    s.daily_cost_by_order_period if s.charge_daily else None,
                    s.calendar_charges,
                    s.prorata_day if s.calendar_charges else None,
                    str(s.late_fee_policy),
                    s.late_fee_amount if str(s.late_fee_policy) == "fixed" else None,
                    s.late_fee_percent if str(s.late_fee_policy) == "percent" else None,
                    s.auto_delete_days,
                    str(s.suspend_on_weekends),
                    str(s.change_policy),
                    str(s.renew_from) if str(s.change_policy) == "full_payment" else None,
                    s.end_date,
                    s.sorting,
                    "; ".join(s.labels) if isinstance(s.labels, tuple) else s.labels,
                    record.upstream.currency,
                    *(record.upstream.costs.get(m) for m in cost_periods),
                    record.upstream.at,
                    record.margins.lowest_margin,
                )
            ]
        )
    return out.getvalue()
