"""The catalogs: Russian complete (three plural forms), placeholders kept, nothing fuzzy."""

import re
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

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


# --- the template matches the source ------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "sslbill_desktop"


def _makefile_extract_options() -> tuple[list[str], str]:
    """The `-k` keywords and the `-F` mapping file of `make i18n`'s `pybabel extract`."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ")
    [command] = [line for line in makefile.splitlines() if "pybabel extract" in line]
    keywords = re.findall(r"\s-k\s+(\S+)", command)
    [mapping] = re.findall(r"\s-F\s+(\S+)", command)
    return keywords, mapping


def _extracted_messages() -> Catalog:
    """What `make i18n` would write to messages.pot now, extracted in memory."""
    keyword_specs, mapping_file = _makefile_extract_options()
    keywords = dict(DEFAULT_KEYWORDS)
    keywords.update(parse_keywords(keyword_specs))
    with (ROOT / mapping_file).open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, mapping_file)
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / PACKAGE), method_map, options_map, keywords=keywords
    ):
        catalog.add(
            message, None, [(f"{PACKAGE}/{filename}", lineno)], auto_comments=comments, context=context
        )
    return catalog


MessageKey = tuple[str | None, str | tuple[str, ...]]


def _keys(catalog: Catalog) -> set[MessageKey]:
    """(context, msgid) of every message; a plural's msgid is its (singular, plural) pair."""
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def _describe(keys: set[MessageKey], catalog: Catalog) -> list[str]:
    """One line per message: its text, its context, where it is (the template has no locations)."""
    lines = []
    for context, msgid in sorted(keys, key=repr):
        message = catalog.get(msgid if isinstance(msgid, str) else msgid[0], context)
        where = ", ".join(f"{name}:{line}" for name, line in message.locations) if message else ""
        lines.append(
            repr(msgid) + (f" (context {context!r})" if context else "") + (f" at {where}" if where else "")
        )
    return lines


def test_make_i18n_extracts_with_the_projects_keywords() -> None:
    keywords, mapping = _makefile_extract_options()
    assert keywords == ["N_", "NC_:1c,2", "pgettext:1c,2", "ngettext:1,2", "plural:1,2"]
    assert mapping == "babel.cfg"


def test_the_message_template_holds_exactly_the_messages_of_the_source() -> None:
    extracted = _extracted_messages()
    with (LOCALES / "messages.pot").open("rb") as template_file:
        template = read_po(template_file)
    source, committed = _keys(extracted), _keys(template)
    assert len(source) > 100  # the extraction found the program's texts
    problems = []
    if missing := _describe(source - committed, extracted):
        problems.append(f"missing from the template ({len(missing)}):\n  " + "\n  ".join(missing))
    if stale := _describe(committed - source, template):
        problems.append(f"in the template but not in the source ({len(stale)}):\n  " + "\n  ".join(stale))
    assert not problems, "locales/messages.pot is out of date (run `make i18n`); " + "\n".join(problems)
