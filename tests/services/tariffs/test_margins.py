"""The margin report: per offered period, upstream cost against sell price (pure, no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sslbill_desktop.services.margins import comparable_cost, margin_report

COSTS = {12: Decimal("11.00"), 24: Decimal("21.00"), 36: None}
AT = datetime(2027, 7, 1, tzinfo=UTC)


def _report(prices, renewals=None, currency="USD", upstream="USD"):  # type: ignore[no-untyped-def]
    return margin_report(
        prices=prices,
        renewal_prices=renewals or {},
        offered=tuple(sorted(prices)),
        costs=COSTS,
        currency=currency,
        upstream_currency=upstream,
        costs_at=AT,
    )


def test_each_offered_period_is_compared_with_the_same_upstream_period() -> None:
    report = _report({12: Decimal("15.00"), 24: Decimal("20.00")})
    assert [(r.months, r.upstream_cost, r.margin) for r in report.rows] == [
        (12, Decimal("11.00"), Decimal("4.00")),
        (24, Decimal("21.00"), Decimal("-1.00")),
    ]
    assert report.rows[0].margin_percent == Decimal("36.4")
    assert report.lowest_margin == Decimal("-1.00")
    assert [r.months for r in report.losses] == [24]


def test_a_period_the_upstream_does_not_sell_has_nothing_to_compare_with() -> None:
    report = _report({12: Decimal("15.00"), 36: Decimal("1.00")})
    thirty_six = report.rows[1]
    assert (thirty_six.upstream_cost, thirty_six.margin, thirty_six.loss) == (None, None, False)


def test_shorter_periods_take_their_share_of_the_yearly_cost() -> None:
    assert comparable_cost(3, COSTS, "USD") == (Decimal("2.75"), 12)
    assert comparable_cost(1, COSTS, "USD") == (Decimal("0.92"), 12)  # 0.9166... half-up
    assert comparable_cost(48, COSTS, "USD") == (None, None)


def test_a_different_upstream_currency_is_flagged_and_not_compared() -> None:
    report = _report({12: Decimal("5.00")}, currency="EUR", upstream="USD")
    assert report.currency_mismatch
    assert report.rows[0].margin is None and not report.losses


def test_the_loss_text_names_each_losing_period_and_price() -> None:
    report = _report({12: Decimal("10.50")}, renewals={12: Decimal("9.00")})
    assert report.loss_text().splitlines() == [
        "12 months: sold for $10.50, costs $11.00 upstream — a loss of $0.50 per order.",
        "12 months: renewed for $9.00, costs $11.00 upstream — a loss of $2.00 per renewal.",
    ]


def test_no_losses_no_text() -> None:
    assert _report({12: Decimal("11.00")}).loss_text() == ""
