"""The margin guard: per offered period, what the upstream charges, what the client pays, and the
difference.

Sell prices are in the provider's currency, upstream costs in the upstream account's currency
(kept with the plan, as read from the price list at `costs_at`). The source requires the two
currencies to match; when they differ the report is flagged (`currency_mismatch`) and no margin
is computed, since no exchange rate is known.

The upstream cost a period is compared with:
- the upstream's cost for the same number of months, when it sells that period;
- for a period shorter than a year that the upstream does not sell (1, 3, 6 months), the matching
  share of the yearly cost (`months / 12` of it): what the reseller pays for that stretch of a
  yearly certificate while the client keeps renewing (`basis_months` = 12 marks it);
- otherwise nothing to compare with (`upstream_cost` None, the row is "not sold upstream").

A period is a **loss** when its order price, or its special renewal price, is below that cost.
Enabling a plan with a loss needs a second confirmation that names it (`loss_text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from sslbill_desktop.services.billing.money import book
from sslbill_desktop.services.billing.terms import YEARLY
from sslbill_desktop.services.i18n import _, format_money, ngettext


@dataclass(frozen=True)
class MarginRow:
    months: int
    price: Decimal
    #: The special renewal price, when the plan has one for this period.
    renewal_price: Decimal | None
    #: What the period costs upstream (see the module docstring); None: nothing to compare with.
    upstream_cost: Decimal | None
    #: The upstream period the cost comes from (equal to `months`, or 12 for a share of a year).
    basis_months: int | None
    #: `price - upstream_cost` (None when there is no cost or the currencies differ).
    margin: Decimal | None
    renewal_margin: Decimal | None

    @property
    def loss(self) -> bool:
        return any(m is not None and m < 0 for m in (self.margin, self.renewal_margin))

    @property
    def margin_percent(self) -> Decimal | None:
        """The margin as a percentage of the upstream cost, one decimal."""
        if self.margin is None or not self.upstream_cost:
            return None
        return (self.margin * 100 / self.upstream_cost).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class MarginReport:
    currency: str
    upstream_currency: str
    costs_at: datetime | None
    rows: tuple[MarginRow, ...]

    @property
    def currency_mismatch(self) -> bool:
        return bool(self.upstream_currency) and self.upstream_currency != self.currency

    @property
    def has_costs(self) -> bool:
        return any(row.upstream_cost is not None for row in self.rows)

    @property
    def losses(self) -> tuple[MarginRow, ...]:
        return tuple(row for row in self.rows if row.loss)

    @property
    def lowest_margin(self) -> Decimal | None:
        """The smallest margin over the offered periods (renewal prices included)."""
        margins = [m for row in self.rows for m in (row.margin, row.renewal_margin) if m is not None]
        return min(margins) if margins else None

    def loss_text(self) -> str:
        """The losses in words, one sentence per period ("" when there is none)."""
        parts: list[str] = []
        for row in self.losses:
            period = ngettext("{n} month", "{n} months", row.months).format(n=row.months)
            assert row.upstream_cost is not None
            cost = format_money(row.upstream_cost, self.currency)
            if row.margin is not None and row.margin < 0:
                parts.append(
                    _(
                        "{period}: sold for {price}, costs {cost} upstream — a loss of {loss} per order."
                    ).format(
                        period=period,
                        price=format_money(row.price, self.currency),
                        cost=cost,
                        loss=format_money(-row.margin, self.currency),
                    )
                )
            if row.renewal_margin is not None and row.renewal_margin < 0 and row.renewal_price is not None:
                parts.append(
                    _(
                        "{period}: renewed for {price}, costs {cost} upstream — a loss of {loss} per renewal."
                    ).format(
                        period=period,
                        price=format_money(row.renewal_price, self.currency),
                        cost=cost,
                        loss=format_money(-row.renewal_margin, self.currency),
                    )
                )
        return "\n".join(parts)


def comparable_cost(
    months: int, costs: Mapping[int, Decimal | None], currency: str
) -> tuple[Decimal | None, int | None]:
    """The upstream cost to compare a `months` period with, and the upstream period it comes from."""
    direct = costs.get(months)
    if direct is not None:
        return direct, months
    yearly = costs.get(YEARLY)
    if months < YEARLY and yearly is not None:
        return book(Fraction(yearly) * months / YEARLY, currency), YEARLY
    return None, None


def margin_report(
    *,
    prices: Mapping[int, Decimal],
    renewal_prices: Mapping[int, Decimal],
    offered: tuple[int, ...],
    costs: Mapping[int, Decimal | None],
    currency: str,
    upstream_currency: str,
    costs_at: datetime | None,
) -> MarginReport:
    """The margin of every offered period (`offered`: the orderable periods, shortest first)."""
    mismatch = bool(upstream_currency) and upstream_currency != currency
    rows: list[MarginRow] = []
    for months in offered:
        price = prices[months]
        renewal = renewal_prices.get(months)
        cost, basis = comparable_cost(months, costs, currency)
        margin = renewal_margin = None
        if cost is not None and not mismatch:
            margin = price - cost
            if renewal is not None:
                renewal_margin = renewal - cost
        rows.append(MarginRow(months, price, renewal, cost, basis, margin, renewal_margin))
    return MarginReport(currency, upstream_currency, costs_at, tuple(rows))
