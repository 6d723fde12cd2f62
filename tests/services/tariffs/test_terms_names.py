"""The engine's notes name a stored plan and its add-ons in the workspace's default language."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from sslbill_desktop.models.templates import Localization
from sslbill_desktop.services import tariffs
from sslbill_desktop.services.billing import Outcome, order_addon, order_service
from sslbill_desktop.services.tariff_form import tariff_form
from sslbill_desktop.services.tariff_input import AddonInput, PeriodPrice
from sslbill_desktop.services.tariff_terms import tariff_terms
from tests.services.tariffs.support import save


def _name_everything(database, admin, plan: int) -> None:  # type: ignore[no-untyped-def]
    addon = AddonInput(
        None,
        name={"en": "Extra domain names", "ru": "Дополнительные домены"},
        unit="domain",
        prices=(PeriodPrice(12, Decimal("10.00")),),
    )
    save(database, admin, plan, name={"en": "RapidSSL Plus", "ru": "РапидССЛ Плюс"}, addons=(addon,))


def _make_default(database, code: str) -> None:  # type: ignore[no-untyped-def]
    with database.uow() as s:
        for row in s.scalars(select(Localization)):
            row.is_default = row.code == code


def test_the_notes_name_the_plan_and_its_addons_in_the_default_language(database, admin, plan) -> None:
    _name_everything(database, admin, plan)
    terms = tariff_terms(database, admin, plan)
    key = next(iter(terms.addons))
    assert (terms.name, terms.addons[key].name) == ("RapidSSL Plus", "Extra domain names")
    state = order_service(replace(terms, enabled=True), date(2027, 7, 1), 12, Decimal(1000))
    assert isinstance(state, Outcome)
    (line,) = order_addon(state.state, terms, key, 2, date(2027, 7, 1), Decimal(1000)).entries
    assert line.note == "Extra domain names × 2: 366/366 days until 2028-07-01"

    _make_default(database, "ru")
    terms = tariff_terms(database, admin, plan)
    assert (terms.name, terms.addons[key].name) == ("РапидССЛ Плюс", "Дополнительные домены")


def test_the_dialogs_unsaved_values_are_named_like_the_stored_plan(database, admin, plan) -> None:
    _name_everything(database, admin, plan)
    _make_default(database, "ru")
    form = tariff_form(database, admin, plan)
    terms, _problems = form.terms(tariffs.get_tariff(database, admin, plan).settings)
    key = next(iter(terms.addons))
    assert (terms.name, terms.addons[key].name) == ("РапидССЛ Плюс", "Дополнительные домены")
