"""ISO 3166 alpha-2 country codes to the numeric codes the upstream's `field_country` expects.

CLDR (shipped with Babel) lists numeric codes as aliases of territories; a few countries have
retired codes beside the current one, which are named here.
"""

from __future__ import annotations

from functools import lru_cache

#: Where CLDR lists several numeric codes for one country, the current ISO 3166 one.
_CURRENT: dict[str, str] = {"DE": "276", "ET": "231", "FR": "250", "SD": "729", "YE": "887"}


@lru_cache(maxsize=1)
def _numeric_codes() -> dict[str, str]:
    from babel.core import get_global

    codes: dict[str, str] = {}
    for alias, targets in get_global("territory_aliases").items():
        if alias.isdigit() and len(targets) == 1:
            codes.setdefault(targets[0], alias)
    codes.update(_CURRENT)
    return codes


def numeric_country(alpha2: str) -> str:
    """ "DE" -> "276"; "" for a blank or unknown code."""
    return _numeric_codes().get(alpha2.strip().upper(), "")
