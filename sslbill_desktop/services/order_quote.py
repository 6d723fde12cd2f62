"""The price of one certificate order, line by line: the period, the setup fee and the extra names.

Extra names (SANs beyond the common name) are units of the plan's SAN add-on, ordered together
with the certificate: `quote_certificate` asks the billing engine for the order and then for the
add-on on the state the order leaves, so the lines are exactly what will be booked.

Which add-on counts the names: the catalog has no "this is the SAN add-on" flag, so the plan's
add-on whose unit or name speaks of domains or SANs is taken ("domain", "SAN", "altname",
"домен"); a plan with a single add-on uses that one. A plan without one sells no extra names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sslbill_desktop.services.billing import (
    Entry,
    Refusal,
    Rule,
    ServiceState,
    TariffTerms,
    quote_addon,
    quote_order,
)
from sslbill_desktop.services.billing.refusals import refuse

SAN_WORDS: tuple[str, ...] = ("san", "domain", "altname", "домен")


@dataclass(frozen=True)
class AddonInfo:
    key: str
    names: Mapping[str, str]
    unit: str


def san_addon_key(addons: Iterable[AddonInfo]) -> str | None:
    """The key of the add-on extra names are counted against (None: the plan sells none)."""
    listed = list(addons)
    for addon in listed:
        words = " ".join((addon.unit, *addon.names.values())).casefold()
        if any(word in words for word in SAN_WORDS):
            return addon.key
    return listed[0].key if len(listed) == 1 else None


@dataclass(frozen=True)
class CertificateQuote:
    """What one certificate costs on its order date, and the service it creates."""

    lines: tuple[Entry, ...]
    state: ServiceState

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))


def quote_certificate(
    terms: TariffTerms, on: date, period: int, extra_names: int, san_key: str | None, plan_title: str = ""
) -> CertificateQuote | Refusal:
    """The order's lines and state, with `extra_names` units of the SAN add-on."""
    quote = quote_order(terms, on, period)
    if isinstance(quote, Refusal):
        return quote
    if extra_names <= 0:
        return CertificateQuote(quote.lines, quote.state)
    if san_key is None:
        return refuse(Rule.ADDON_UNKNOWN, plan=plan_title or terms.key, addon="SAN")
    addon = quote_addon(quote.state, terms, san_key, extra_names, on)
    if isinstance(addon, Refusal):
        return addon
    return CertificateQuote((*quote.lines, *addon.lines), addon.state)
