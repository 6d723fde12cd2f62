"""The catalogs: Russian complete (three plural forms), placeholders kept, nothing fuzzy."""

import sys
from pathlib import Path

import pytest

from sslbill_desktop.services import i18n

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import catalog_status

LOCALES = i18n.locales_dir()


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_translation_keeps_its_placeholders(language: str) -> None:
    status = catalog_status.check(
        catalog_status.read_catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language), language
    )
    assert status.broken_placeholders == []
    assert status.fuzzy == []


def test_russian_catalog_has_no_untranslated_entries() -> None:
    catalog = catalog_status.read_catalog(LOCALES / "ru" / "LC_MESSAGES" / "messages.po", "ru")
    status = catalog_status.check(catalog, "ru")
    assert status.untranslated == []
    assert status.total > 0


def test_russian_catalog_has_three_plural_forms_for_every_plural() -> None:
    catalog = catalog_status.read_catalog(LOCALES / "ru" / "LC_MESSAGES" / "messages.po", "ru")
    assert catalog.num_plurals == 3
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert plurals
    assert all(len(m.string) == 3 and all(m.string) for m in plurals)


def test_catalogs_cover_every_message_of_the_template() -> None:
    template = catalog_status.read_catalog(LOCALES / "messages.pot", "en")
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    for language in ("en", "ru"):
        catalog = catalog_status.read_catalog(LOCALES / language / "LC_MESSAGES" / "messages.po", language)
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        assert wanted <= have, f"{language} lacks: {sorted(wanted - have)[:5]}"


def test_russian_plural_forms_are_chosen_by_the_russian_rule(compiled_locales) -> None:
    i18n.set_language("ru")
    forms = [i18n.ngettext("{n} record", "{n} records", n).format(n=n) for n in (1, 2, 5, 21, 22, 25, 11)]
    assert forms == [
        "1 запись",
        "2 записи",
        "5 записей",
        "21 запись",
        "22 записи",
        "25 записей",
        "11 записей",
    ]


def test_russian_money_and_dates_use_babel_formats(compiled_locales) -> None:
    from datetime import date
    from decimal import Decimal

    i18n.set_language("ru")
    assert i18n.format_money(Decimal("1234.5"), "RUB") == "1\xa0234,50\xa0₽"
    written = i18n.format_date(date(2026, 3, 1))
    assert written.startswith("1 мар")  # CLDR's Russian month, whatever its spacing this year
    assert "2026" in written
