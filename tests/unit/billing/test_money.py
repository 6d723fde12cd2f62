"""Money helpers: currency digits from Babel, half-up rounding only when booking, note formats."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from sslbill_desktop.services.billing.money import (
    book,
    currency_digits,
    format_amount,
    format_percent,
    format_price,
    format_rate,
    is_booked_amount,
    round_units,
)


@pytest.mark.parametrize(("currency", "digits"), [("USD", 2), ("JPY", 0), ("BHD", 3), ("EUR", 2)])
def test_currency_digits_come_from_babel(currency, digits):
    assert currency_digits(currency) == digits


def test_booking_rounds_half_up_to_the_minor_unit():
    assert book(Decimal("1.005"), "USD") == Decimal("1.01")
    assert book(Decimal("1.0049999"), "USD") == Decimal("1.00")
    assert book(Fraction(60, 31), "USD") == Decimal("1.94")  # 3.00 x 20/31
    assert book(Decimal("2.5"), "JPY") == Decimal("3")
    assert book(Decimal("0.0005"), "BHD") == Decimal("0.001")


def test_a_tie_rounds_away_from_zero_so_charge_and_refund_are_opposites():
    assert book(Decimal("-1.005"), "USD") == Decimal("-1.01")
    assert book(Fraction(-1, 8), "USD") == -book(Fraction(1, 8), "USD")


def test_booked_amounts_have_exactly_the_currency_decimals_and_no_negative_zero():
    assert str(book(3, "USD")) == "3.00"
    assert str(book(Decimal("3.4"), "JPY")) == "3"
    assert str(book(Decimal("-0.0001"), "USD")) == "0.00"
    assert is_booked_amount(book(Decimal("1.2"), "BHD"), "BHD")
    assert not is_booked_amount(Decimal("1.2"), "BHD")


def test_round_units_handles_negative_denominators():
    assert round_units(5, -2) == -3
    assert round_units(-5, 2) == -3
    assert round_units(3, 2) == 2


def test_rates_are_shown_exactly_when_the_currency_cannot():
    assert format_rate(Decimal("3.10"), 31, "USD") == "0.10"
    assert format_rate(Decimal("3.00"), 31, "USD") == "3.00/31"
    assert format_rate(Decimal("300"), 30, "JPY") == "10"


def test_prices_and_percentages_are_formatted_for_notes():
    assert format_price(Decimal("3"), "USD") == "3.00"
    assert format_price(Decimal("0.0333"), "USD") == "0.0333"
    assert format_percent(Decimal("50.00")) == "50"
    assert format_percent(Decimal("12.5")) == "12.5"
    assert format_amount(Decimal("98.06"), "USD") == "98.06"
