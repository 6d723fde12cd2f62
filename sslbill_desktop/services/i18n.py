"""Translations (gettext catalogs compiled by Babel) and locale-aware formatting.

Every visible string goes through `_`, `ngettext` or `pgettext`. Strings defined at import time
are marked with `N_` (or `NC_(context, message)` for `pgettext`) and translated where they are
shown. The active language is process-wide: `set_language("ru")` switches catalogs and Babel's
formatting locale together.
"""

from __future__ import annotations

import gettext as _gettext
import os
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
#: Languages that ship a catalog, in the order the language chooser lists them.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "ru")
#: A pseudo-locale that stretches every string, to find clipped layouts in screenshots.
PSEUDO_LANGUAGE = "pseudo"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def locales_dir() -> Path:
    override = os.environ.get("SSLBILL_LOCALES_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "locales"


class _PseudoTranslations(_gettext.NullTranslations):
    """Stretches text by about 40 % and brackets it, keeping `{placeholders}` intact."""

    @staticmethod
    def _stretch(text: str) -> str:
        out: list[str] = []
        depth = 0
        for ch in text:
            out.append(ch)
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth = max(0, depth - 1)
            elif depth == 0 and ch in "aeiouAEIOU":
                out.append(ch)
        return "[" + "".join(out) + "~~]"

    def gettext(self, message: str) -> str:
        return self._stretch(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return self._stretch(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return self._stretch(message)


def set_language(language: str) -> None:
    """Activate `language` ("en", "ru" or "pseudo"); an unknown one falls back to English."""
    global _translation, _language
    if language == PSEUDO_LANGUAGE:
        _translation, _language = _PseudoTranslations(), PSEUDO_LANGUAGE
        return
    if language not in SUPPORTED_LANGUAGES:
        language = DEFAULT_LANGUAGE
    _translation = _gettext.translation(DOMAIN, localedir=locales_dir(), languages=[language], fallback=True)
    _language = language


def current_language() -> str:
    return _language


def babel_locale() -> str:
    """The Babel locale matching the active language."""
    return DEFAULT_LANGUAGE if _language == PSEUDO_LANGUAGE else _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


def NC_(context: str, message: str) -> str:
    """Mark a string with its context for extraction; translate it with `pgettext(context, ...)`."""
    return message


def format_money(amount: Decimal, currency: str) -> str:
    from babel.numbers import format_currency

    return str(format_currency(amount, currency, locale=babel_locale()))


def format_date(value: date, fmt: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(value, format=fmt, locale=babel_locale()))


def format_datetime(value: datetime, fmt: str = "medium") -> str:
    from babel.dates import format_datetime as babel_format_datetime

    return str(babel_format_datetime(value, format=fmt, locale=babel_locale()))


def language_name(code: str) -> str:
    """A language's own name ("English", "Русский") for language choosers."""
    from babel import Locale

    try:
        return str(Locale.parse(code).get_display_name(code)).capitalize()
    except (ValueError, TypeError):
        return code
