"""Notes: every booked charge explained in English (as `simulate` prints it) and in Russian."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings

from sslbill_desktop.services import i18n
from sslbill_desktop.services.billing import (
    AddonOrderPolicy,
    AddonTerms,
    EntryKind,
    LateFee,
    LateFeePolicy,
    WeekendPolicy,
    cancel_addon,
    change_tariff,
    load_scenario,
    order_addon,
    parse_scenario,
    renew_service,
    replay,
    suspend_by_client,
)
from sslbill_desktop.services.billing.notes import Month, Note, Percent
from sslbill_desktop.services.billing.periods import aligned_term
from tests.unit.billing.support import PLENTY, Run, d, of_kind, ok, order, ordered, plan
from tests.unit.billing.test_properties import scenarios

EXAMPLES = sorted((i18n.locales_dir().parent / "examples").glob("*.json"))
NBSP = "\xa0"


@pytest.fixture
def russian(compiled_locales) -> None:
    """The freshly compiled catalogs (the UI language stays English: notes pick their own)."""


def test_an_order_before_the_prorata_day_is_the_covered_part_of_its_month(russian):
    terms = plan(prices={1: "3.00"}, calendar_charges=True)
    (entry,) = order(terms, "2027-07-12").entries
    assert (entry.note, str(entry.amount)) == ("20/31 of July", "1.94")
    assert entry.explanation is not None
    assert entry.explanation.render() == "20/31 of July"
    assert entry.explanation.render("ru") == "20/31 июля"  # the month in the genitive


def test_the_whole_months_after_the_partial_one_take_the_russian_plural(russian):
    one = aligned_term(d("2027-07-17"), 1, 15).explanation
    twelve = aligned_term(d("2027-07-17"), 12, 15).explanation
    assert (one.render(), one.render("ru")) == ("15/31 of July + 1 month", "15/31 июля + 1 месяц")
    assert (twelve.render(), twelve.render("ru")) == ("15/31 of July + 12 months", "15/31 июля + 12 месяцев")


def test_the_percent_late_fee_is_written_with_a_russian_percent_and_decimal_comma(russian):
    terms = plan(prices={1: "3.10"}, late_fee=LateFee(LateFeePolicy.PERCENT, percent=Decimal(50)))
    state = ordered(terms, "2027-08-01")  # expires September 1; 3.10 / 31 days = 0.10 a day
    (fee,) = of_kind(ok(renew_service(state, terms, d("2027-09-05"), PLENTY)).entries, EntryKind.LATE_FEE)
    assert (fee.note, str(fee.amount)) == ("late fee 50% × 5 days × 0.10", "0.25")
    assert fee.explanation is not None
    assert fee.explanation.render("ru") == f"неустойка 50{NBSP}% × 5 дней × 0,10"


def test_an_inexact_daily_cost_stays_a_fraction_in_russian(russian):
    terms = plan(late_fee=LateFee(LateFeePolicy.PERCENT, percent=Decimal("12.5")))
    state = ordered(terms, "2027-03-10")  # 3.00 for 31 days
    (fee,) = of_kind(ok(renew_service(state, terms, d("2027-04-10"), PLENTY)).entries, EntryKind.LATE_FEE)
    assert fee.note == "late fee 12.5% × 1 day × 3.00/31"
    assert fee.explanation is not None
    assert fee.explanation.render("ru") == f"неустойка 12,5{NBSP}% × 1 день × 3,00/31"


def test_weekend_days_kept_active_are_counted_in_russian(russian):
    terms = plan(prices={1: "3.10"}, suspend_on_weekends=WeekendPolicy.DO_NOT_SUSPEND)
    run = Run(ordered(terms, "2027-08-04"), terms, balance=Decimal(0))  # expires Saturday 2027-09-04
    run.days("2027-09-04", "2027-09-07")
    (kept,) = of_kind(ok(renew_service(run.state, terms, d("2027-09-08"), PLENTY)).entries, EntryKind.DAILY)
    assert kept.note == "kept active over the weekend: 2 days"
    assert kept.explanation is not None
    assert kept.explanation.render("ru") == "оставлена активной на выходные: 2 дня"


def test_the_setup_fee(russian):
    terms = plan(prices={1: "3.00"}, setup_fee="1.50")
    (_order, setup) = order(terms, "2027-07-01").entries
    assert (setup.kind, setup.note) == (EntryKind.SETUP_FEE, "setup fee")
    assert setup.explanation is not None
    assert setup.explanation.render("ru") == "плата за подключение"


def test_an_addon_is_named_by_its_name_and_its_key_when_it_has_none(russian):
    named = plan(
        prices={1: "3.00"}, addons={"addon1": AddonTerms("addon1", {1: Decimal("3.00")}, "Доп. домены")}
    )
    state = ordered(named, "2027-11-01")  # to December 1, 30 days
    (line,) = ok(order_addon(state, named, "addon1", 2, d("2027-11-16"), PLENTY)).entries
    assert (line.note, str(line.amount)) == ("Доп. домены × 2: 15/30 days until 2027-12-01", "3.00")
    assert line.explanation is not None
    assert line.explanation.render("ru") == "Доп. домены × 2: 15/30 дн. до 1 декабря 2027\u202fг."

    unnamed = plan(prices={1: "3.00"}, addons={"san": AddonTerms("san", {1: Decimal("3.00")})})
    (line,) = ok(
        order_addon(ordered(unnamed, "2027-11-01"), unnamed, "san", 1, d("2027-11-16"), PLENTY)
    ).entries
    assert line.note == "san × 1: 15/30 days until 2027-12-01"


def test_addon_refunds_and_full_period_prices_take_the_russian_plural(russian):
    san = {"san": AddonTerms("san", {1: Decimal("3.10")}, "SAN")}
    terms = plan(prices={1: "3.10"}, addons=san, addon_order_policy=AddonOrderPolicy.FULL_PERIOD)
    state = ordered(terms, "2027-08-01")
    ordered_addon = ok(order_addon(state, terms, "san", 1, d("2027-08-10"), PLENTY))
    (bought,) = ordered_addon.entries
    assert bought.explanation is not None
    assert (bought.note, bought.explanation.render("ru")) == (
        "SAN × 1: full price of 1 month",
        "SAN × 1: полная цена за 1 месяц",
    )
    (refund,) = ok(cancel_addon(ordered_addon.state, terms, "san", d("2027-08-10"))).entries
    assert refund.explanation is not None
    assert (refund.note, refund.explanation.render("ru")) == (
        "SAN × 1: 22 days unused refunded",
        "SAN × 1: возврат за 22 неиспользованных дня",
    )


def test_a_client_suspension_refund(russian):
    terms = plan(prices={1: "3.10"}, allow_client_suspend=True)
    state = ordered(terms, "2027-08-01")
    (refund,) = ok(suspend_by_client(state, terms, d("2027-08-11"))).entries
    assert refund.explanation is not None
    assert (refund.note, refund.explanation.render("ru")) == (
        "suspended by the client: 21 days unused refunded",
        "приостановлено клиентом: возврат за 21 неиспользованный день",
    )


def test_a_tariff_change_names_both_plans(russian):
    basic = plan("basic", {1: "3.10"}, name="Базовый")
    premium = plan("premium", {1: "6.20"}, name="Премиум")
    state = ordered(basic, "2027-08-01")
    (line,) = ok(change_tariff(state, basic, premium, d("2027-08-22"), PLENTY)).entries
    assert line.explanation is not None
    assert (line.note, line.explanation.render("ru")) == (
        "Базовый → Премиум: price difference for 10 days remaining",
        "Базовый → Премиум: разница в цене за 10 оставшихся дней",
    )


def test_a_daily_charge_in_russian(russian):
    terms = plan(prices={1: "3.00"}, charge_daily=True, daily_cost_by_order_period=True)
    (first_day,) = order(terms, "2027-04-01").entries
    assert first_day.explanation is not None
    assert (first_day.note, first_day.explanation.render("ru")) == (
        "day 1/30 of 1 month at 3.00",
        "день 1/30 периода в 1 месяц по 3,00",
    )


def test_the_russian_plural_follows_the_russian_rule(russian):
    texts = [Note.plural("{n} day", "{n} days", n).render("ru") for n in (1, 2, 5, 11, 21, 22)]
    assert texts == ["1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня"]
    assert [Note.plural("{n} day", "{n} days", n).render() for n in (1, 2)] == ["1 day", "2 days"]


def test_the_active_catalog_is_used_for_the_active_language(russian):
    i18n.set_language("ru")
    assert Note(i18n.N_("setup fee")).render("ru") == "плата за подключение"
    assert Note(i18n.N_("setup fee")).render() == "setup fee"


def test_arguments_are_written_in_the_language_of_the_note(russian):
    note = Note(
        "{amount} {percent} {day} {month} {count} {name}",
        {
            "amount": Decimal("1234.50"),
            "percent": Percent(Decimal("12.5")),
            "day": date(2027, 12, 1),
            "month": Month(date(2027, 5, 20)),
            "count": 12345,
            "name": "SAN",
        },
    )
    assert note.render() == "1234.50 12.5% 2027-12-01 May 12345 SAN"
    assert note.render("ru") == f"1{NBSP}234,50 12,5{NBSP}% 1 декабря 2027\u202fг. мая 12{NBSP}345 SAN"


def test_a_template_unknown_to_the_catalog_is_rendered_in_english_words(russian):
    assert Note("{n} widgets", {"n": 3}).render("ru") == "3 widgets"


def test_a_note_survives_json_and_compares_by_value():
    note = Note.plural(
        "late fee {percent} × {n} day × {rate}",
        "late fee {percent} × {n} days × {rate}",
        5,
        percent=Percent(Decimal(50)),
        rate=Note("{price}/{days}", {"price": Decimal("3.00"), "days": 31}),
    )
    stored = json.loads(json.dumps(note.to_json()))
    again = Note.from_json(stored)
    assert again == note and hash(again) == hash(note)
    assert again.render() == "late fee 50% × 5 days × 3.00/31"
    dated = Note("{d} {m}", {"d": date(2027, 7, 1), "m": Month(date(2027, 7, 12))})
    assert Note.from_json(json.loads(json.dumps(dated.to_json()))) == dated


@pytest.mark.parametrize(
    "data",
    [
        None,
        "20/31 of July",
        {"args": {}},
        {"template": "{n}", "args": {"n": 5}},
        {"template": "{n}", "args": {"n": ["float", 1.5]}},
        {"template": "{n}", "args": {"n": ["decimal", "not a number"]}},
        {"template": "{n}", "args": {"n": ["int", True]}},
        {"template": "{n} day", "plural": "{n} days", "args": {}},
        {"template": "{n} day", "args": {}},
        {"template": "{n", "args": {"n": ["int", 1]}},
        {"template": "{n} day", "plural": "{n} days {x}", "count": 2, "args": {"n": ["int", 2]}},
    ],
)
def test_anything_but_a_stored_note_is_refused(data):
    with pytest.raises(ValueError):
        Note.from_json(data)


def test_an_argument_of_another_type_is_a_programming_error():
    with pytest.raises(TypeError, match="'amount'"):
        Note("{amount}", {"amount": 1.5})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        Note("{flag}", {"flag": True})


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_entry_is_explained_by_its_english_note(path, russian):
    result = replay(load_scenario(path.read_text(encoding="utf-8")))
    for entry in result.entries:
        if entry.kind is EntryKind.DEPOSIT:
            assert entry.explanation is None
            continue
        assert entry.explanation is not None, entry
        assert entry.explanation.render() == entry.note
        assert entry.explanation.render("ru") != entry.note, entry.note
        assert Note.from_json(json.loads(json.dumps(entry.explanation.to_json()))) == entry.explanation


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_the_english_note_is_always_the_explanation_rendered_in_english(data):
    result = replay(parse_scenario(data))
    for entry in result.entries:
        if entry.kind is not EntryKind.DEPOSIT:
            assert entry.explanation is not None and entry.explanation.render() == entry.note
            entry.explanation.render("ru")  # every template and argument has a Russian form
