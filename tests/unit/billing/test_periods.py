"""Half-open terms, month arithmetic with end-of-month clamping, calendar alignment."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from sslbill_desktop.services.billing.periods import add_months, aligned_term, period_days, plain_term
from tests.unit.billing.support import d


@settings(max_examples=300)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)), st.integers(-240, 240))
def test_add_months_clamps_like_relativedelta(day, months):
    assert add_months(day, months) == day + relativedelta(months=months)


def test_month_end_clamps_to_the_shorter_month():
    assert add_months(d("2027-01-31"), 1) == d("2027-02-28")
    assert add_months(d("2028-01-31"), 1) == d("2028-02-29")
    assert period_days(d("2027-01-31"), 1) == 28


def test_a_plain_term_is_whole_months_at_full_price():
    term = plain_term(d("2027-07-12"), 12)
    assert (term.starts_on, term.expires_on, term.factor) == (d("2027-07-12"), d("2028-07-12"), 1)
    assert term.note == "12 months"


def test_aligned_yearly_term_after_prorata_day_covers_the_partial_month_and_twelve_more():
    term = aligned_term(d("2027-07-17"), 12, 15)
    assert term.expires_on == d("2028-08-01")
    assert term.factor == (Fraction(15, 31) + 12) / 12
    assert term.note == "15/31 of July + 12 months"
    assert term.window_start == d("2027-08-01")


def test_aligned_term_starting_on_the_first_is_whole_months_whatever_the_prorata_day():
    term = aligned_term(d("2027-08-01"), 1, 1)
    assert (term.expires_on, term.factor, term.note) == (d("2027-09-01"), 1, "1 month")


def test_aligned_term_before_prorata_day_of_three_months():
    term = aligned_term(d("2027-07-12"), 3, 15)
    assert term.expires_on == d("2027-10-01")
    assert term.factor == (Fraction(20, 31) + 2) / 3
    assert term.note == "20/31 of July + 2 months"
    assert term.window_start == d("2027-07-01")
