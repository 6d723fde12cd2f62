"""Charge daily: what each day of a daily-charged service (or add-on) costs.

Periods follow one another from the anchor (the order date): period k is
`[anchor + k*months, anchor + (k+1)*months)`, each computed from the anchor, so month-end clamping
never drifts. A period of `n` days has a total `T`:

- with "calculate daily cost depending on order period": `T` is the period price, so every
  period costs exactly its price;
- without it: the daily rate is the monthly price / 30 (`price / (30 * months)`), so
  `T = rate * n` (a 31-day January of a $3.00 plan costs $3.10).

Day `i` (1-based) of the period costs `round(T*i/n) - round(T*(i-1)/n)`: the rounding remainder is
carried from day to day, so the days of a period always add up to `round(T)` to the cent, and the
charge for any run of days `i..j` is `round(T*j/n) - round(T*(i-1)/n)`.

Decisions:
- The remainder is carried in both modes (not only with the order-period option), so a January
  without the option costs exactly 31 x 3.00/30 = 3.10 however the rate rounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from sslbill_desktop.services.billing.money import currency_digits, from_units, price_value, round_units
from sslbill_desktop.services.billing.notes import Note, NoteArg
from sslbill_desktop.services.billing.periods import add_months
from sslbill_desktop.services.i18n import N_


@dataclass(frozen=True, slots=True)
class DailyPeriod:
    """One period of a daily-charged service: `[starts_on, ends_on)`, `index` counted from 0."""

    index: int
    starts_on: date
    ends_on: date

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days

    def day_number(self, day: date) -> int:
        """1 for the period's first day."""
        return (day - self.starts_on).days + 1


@dataclass(frozen=True, slots=True)
class DaySpan:
    """Days `first..last` (1-based, inclusive) of one period and what they cost in minor units."""

    period: DailyPeriod
    first: int
    last: int
    units: int


@dataclass(frozen=True, slots=True)
class DailyRate:
    """How a daily-charged price is spread over the days of its periods."""

    price: Decimal
    months: int
    anchor: date
    by_order_period: bool
    currency: str

    def period_containing(self, day: date) -> DailyPeriod:
        return _period_containing(self.anchor, self.months, day)

    def periods(self, first: date, last: date) -> Iterator[DailyPeriod]:
        """The periods that days `first..last` fall in, in order."""
        period = self.period_containing(first)
        while period.starts_on <= last:
            yield period
            index = period.index + 1
            period = DailyPeriod(index, period.ends_on, add_months(self.anchor, (index + 1) * self.months))

    def spans(self, first: date, last: date) -> list[DaySpan]:
        """Days `first..last` (inclusive) split by period, each span with its booked cost."""
        if last < first:
            return []
        digits = currency_digits(self.currency)
        numerator, denominator = self.price.as_integer_ratio()
        numerator *= 10**digits
        result: list[DaySpan] = []
        for period in self.periods(first, last):
            n = period.days
            # T = price (by order period) or price * n / (30 * months); units(j) = round(T * j / n)
            if self.by_order_period:
                num, den = numerator, denominator * n
            else:
                num, den = numerator, denominator * 30 * self.months
            i = period.day_number(max(first, period.starts_on))
            j = period.day_number(min(last, _last_day(period)))
            units = round_units(num * j, den) - round_units(num * (i - 1), den)
            result.append(DaySpan(period, i, j, units))
        return result

    def amount(self, spans: list[DaySpan]) -> Decimal:
        return from_units(sum(span.units for span in spans), currency_digits(self.currency))

    def explain(self, span: DaySpan) -> Note:
        """ "day 15/31 of 1 month at 3.00"; without the order-period option "day 15/31 at 3.00/30 a day"."""
        price = price_value(self.price, self.currency)
        days = span.period.days
        if span.first == span.last:
            if self.by_order_period:
                return Note.plural(
                    "day {day}/{days} of {n} month at {price}",
                    "day {day}/{days} of {n} months at {price}",
                    self.months,
                    day=span.first,
                    days=days,
                    price=price,
                )
            args: dict[str, NoteArg] = {
                "day": span.first,
                "days": days,
                "price": price,
                "per": 30 * self.months,
            }
            return Note(N_("day {day}/{days} at {price}/{per} a day"), args)
        if self.by_order_period:
            return Note.plural(
                "days {first}–{last}/{days} of {n} month at {price}",
                "days {first}–{last}/{days} of {n} months at {price}",
                self.months,
                first=span.first,
                last=span.last,
                days=days,
                price=price,
            )
        args = {"first": span.first, "last": span.last, "days": days, "price": price, "per": 30 * self.months}
        return Note(N_("days {first}–{last}/{days} at {price}/{per} a day"), args)

    def note(self, span: DaySpan) -> str:
        """The English text of `explain(span)`."""
        return self.explain(span).render()


@lru_cache(maxsize=4096)
def _period_containing(anchor: date, months: int, day: date) -> DailyPeriod:
    if day < anchor:
        raise ValueError(f"{day} is before the first period, which starts on {anchor}")
    months_apart = (day.year - anchor.year) * 12 + day.month - anchor.month
    index = max(0, months_apart // months)
    start = add_months(anchor, index * months)
    while start > day:
        index -= 1
        start = add_months(anchor, index * months)
    end = add_months(anchor, (index + 1) * months)
    while end <= day:
        index += 1
        start, end = end, add_months(anchor, (index + 1) * months)
    return DailyPeriod(index, start, end)


def _last_day(period: DailyPeriod) -> date:
    return date.fromordinal(period.ends_on.toordinal() - 1)
