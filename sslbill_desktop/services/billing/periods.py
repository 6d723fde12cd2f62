"""Dates and terms: half-open ranges, month arithmetic with end-of-month clamping, calendar alignment.

A service covers `[starts_on, expires_on)`: `expires_on` is the first day that is not paid for.
Month arithmetic clamps to the month's end exactly as `dateutil.relativedelta` does
(Jan 31 + 1 month = Feb 28 or 29); it is implemented here with `calendar.monthrange` because the
daily run calls it thousands of times.

Decisions:
- A term that starts on the 1st of a month is always a whole number of months at the full price,
  whatever the pro-rata day (BILLING.md: "renewals of an aligned service start on the 1st and cost
  the full price"); an order placed on the 1st is such a term too.
- The *period window* of a term is the `months`-long range its daily cost is measured on: the term
  itself, or for a calendar-aligned term the whole months that end at its `expires_on`
  (an order July 12 -> August 1 has the window July 1 -> August 1, 31 days).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from sslbill_desktop.services.billing.notes import Month, Note, NoteArg
from sslbill_desktop.services.i18n import N_

ONE_DAY = timedelta(days=1)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, clamped to the end of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def first_of_next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def period_days(start: date, months: int) -> int:
    """The number of days in `[start, start + months)`."""
    return (add_months(start, months) - start).days


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def months_note(months: int) -> Note:
    """ "1 month", "12 months"."""
    return Note.plural("{n} month", "{n} months", months)


def days_note(days: int) -> Note:
    """ "1 day", "5 days"."""
    return Note.plural("{n} day", "{n} days", days)


def months_text(months: int) -> str:
    """ "1 month", "12 months" (the English text of `months_note`)."""
    return months_note(months).render()


def days_text(days: int) -> str:
    """ "1 day", "5 days" (the English text of `days_note`)."""
    return days_note(days).render()


@dataclass(frozen=True, slots=True)
class Term:
    """One paid term `[starts_on, expires_on)` and how much of the period price it costs.

    `factor` scales the period price (1 for a whole period; 20/31 for July 12 -> August 1 on a
    monthly plan); `window_start` starts the `months`-long period window the daily cost is measured
    on; `explanation` explains the factor ("20/31 of July + 11 months"), `note` in English.
    """

    starts_on: date
    expires_on: date
    months: int
    factor: Fraction
    window_start: date
    explanation: Note

    @property
    def window_days(self) -> int:
        return period_days(self.window_start, self.months)

    @property
    def note(self) -> str:
        return self.explanation.render()


def plain_term(start: date, months: int) -> Term:
    """A term of whole months from `start`, at the full price."""
    return Term(start, add_months(start, months), months, Fraction(1), start, months_note(months))


def aligned_term(start: date, months: int, prorata_day: int) -> Term:
    """A calendar-aligned term: it ends at the start of a month, the price scaled by covered time.

    Before the pro-rata day the term runs to the end of the current month plus `months - 1` whole
    months; on or after it, to the end of the following month plus `months - 1`. Whole months
    count 1, the partial first month `covered days / days in that month`, and the sum is divided
    by `months`.
    """
    if start.day == 1:
        return plain_term(start, months)
    next_first = first_of_next_month(start)
    whole = months - 1 if start.day < prorata_day else months
    expires_on = add_months(next_first, whole)
    covered = (next_first - start).days
    month_length = days_in_month(start.year, start.month)
    factor = (Fraction(covered, month_length) + whole) / months
    return Term(start, expires_on, months, factor, add_months(expires_on, -months), _part_note(start, whole))


def _part_note(start: date, whole: int) -> Note:
    """ "20/31 of July", "15/31 of July + 11 months": the covered part of the first month."""
    covered = (first_of_next_month(start) - start).days
    args: dict[str, NoteArg] = {
        "covered": covered,
        "days": days_in_month(start.year, start.month),
        "month": Month(start),
    }
    if whole:
        return Note.plural(
            "{covered}/{days} of {month} + {n} month",
            "{covered}/{days} of {month} + {n} months",
            whole,
            **args,
        )
    return Note(N_("{covered}/{days} of {month}"), args)


def term_from(start: date, months: int, *, calendar_charges: bool, prorata_day: int) -> Term:
    """The term a payment for `months` starting on `start` buys under the plan's alignment."""
    if calendar_charges:
        return aligned_term(start, months, prorata_day)
    return plain_term(start, months)
