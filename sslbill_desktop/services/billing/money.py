"""Money: `Decimal` amounts in and out, exact fractions in between, half-up rounding only when booking.

Prices enter the engine as `decimal.Decimal` and booked amounts leave it as `Decimal` with exactly
the currency's number of decimals (Babel knows them: JPY 0, USD 2, BHD 3). In between, prices are
multiplied by fractions such as 20/31 or 5/365; those intermediate values are exact rationals
(`fractions.Fraction`), so nothing is rounded before a charge is booked. A float never holds money.

`book()` rounds half-up: a tie goes away from zero, so a charge and the refund of the same value
round to exact opposites.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.i18n import N_

#: An exact intermediate amount (never rounded, never a float).
Exact = Fraction


@lru_cache(maxsize=64)
def currency_digits(currency: str) -> int:
    """The number of decimals of the currency's minor unit (USD 2, JPY 0, BHD 3)."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency))


def is_known_currency(currency: str) -> bool:
    """Whether Babel knows the ISO 4217 code."""
    from babel.numbers import is_currency

    return bool(is_currency(currency))


def round_units(numerator: int, denominator: int) -> int:
    """`numerator / denominator` rounded half-up (away from zero on a tie) to a whole number."""
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((-2 * numerator + denominator) // (2 * denominator))


def to_units(value: Fraction | Decimal | int, digits: int) -> int:
    """The value in minor units (cents for USD), rounded half-up."""
    exact = Fraction(value) * 10**digits
    return round_units(exact.numerator, exact.denominator)


def from_units(units: int, digits: int) -> Decimal:
    """Minor units back to a `Decimal` with exactly `digits` decimals (never a negative zero)."""
    return Decimal(units).scaleb(-digits)


def book(value: Fraction | Decimal | int, currency: str) -> Decimal:
    """Round an exact amount half-up to the currency's minor unit, as it is booked."""
    digits = currency_digits(currency)
    return from_units(to_units(value, digits), digits)


def is_booked_amount(amount: Decimal, currency: str) -> bool:
    """Whether `amount` has exactly the currency's number of decimals."""
    exponent = amount.as_tuple().exponent
    return isinstance(exponent, int) and -exponent == currency_digits(currency)


def format_amount(amount: Decimal | Fraction, currency: str) -> str:
    """The amount with exactly the currency's decimals ("1.94", "194", "0.125"), rounded half-up."""
    return str(book(amount, currency))


def format_price(price: Decimal, currency: str) -> str:
    """A price for a note: the currency's decimals when they suffice, else the price as given."""
    digits = currency_digits(currency)
    if price == price.quantize(Decimal(1).scaleb(-digits)):
        return str(price.quantize(Decimal(1).scaleb(-digits)))
    return format(price.normalize(), "f")


def format_rate(price: Decimal, days: int, currency: str) -> str:
    """A daily cost for a note: "0.10" when `price / days` is exact in the currency, else "3.00/31"."""
    exact = Fraction(price) / days
    digits = currency_digits(currency)
    if (exact * 10**digits).denominator == 1:
        return format_amount(exact, currency)
    return f"{format_price(price, currency)}/{days}"


def format_percent(percent: Decimal) -> str:
    """ "50", "12.5" — a percentage without trailing zeros or exponent."""
    return format(percent.normalize(), "f")


def price_value(price: Decimal, currency: str) -> Decimal:
    """A price for a note's argument: with the currency's decimals when they suffice, else as given
    (written "3.00", "0.0333" — what `format_price` writes)."""
    digits = currency_digits(currency)
    quantized = price.quantize(Decimal(1).scaleb(-digits))
    return quantized if price == quantized else price.normalize()


def rate_value(price: Decimal, days: int, currency: str) -> Decimal | Note:
    """A daily cost for a note's argument: the amount when `price / days` is exact in the currency
    ("0.10"), else the fraction ("3.00/31") — what `format_rate` writes."""
    exact = Fraction(price) / days
    digits = currency_digits(currency)
    if (exact * 10**digits).denominator == 1:
        return book(exact, currency)
    return Note(N_("{price}/{days}"), {"price": price_value(price, currency), "days": days})
