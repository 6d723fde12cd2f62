"""The placeholders message and document templates may use, and how they are filled in.

A placeholder is written `{client_name}`: a known name (lower-case letters, digits and `_`) in
braces. A literal brace is doubled: `{{` and `}}`. Anything else between braces, an unknown name,
or a brace without its partner is a *problem*, found with `find_problems` before a template is
saved (and saving refuses it). `render_text` fills the placeholders in; `sample_values` gives the
example values the live preview uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from sslbill_desktop.services.i18n import N_, _, format_date, format_money, ngettext

_NAME = re.compile(r"[a-z][a-z0-9_]*")
# Kinds of malformed spots found by the scanner.
_CLOSING, _OPENING, _MALFORMED = "closing", "opening", "malformed"


@dataclass(frozen=True)
class Placeholder:
    name: str
    #: What it stands for (marked for translation; show it with `_()`).
    description: str
    _sample: Callable[[], str]

    @property
    def written(self) -> str:
        """How it is typed in a template: "{client_name}"."""
        return "{" + self.name + "}"

    def sample(self) -> str:
        """An example value, in the UI language (dates and money formatted for it)."""
        return self._sample()


def _period_sample() -> str:
    return ngettext("{n} year", "{n} years", 1).format(n=1)


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("client_name", N_("The client's name"), lambda: "Alice Example"),
    Placeholder("client_company", N_("The client's company"), lambda: "Example Ltd"),
    Placeholder("client_email", N_("The client's e-mail address"), lambda: "alice@example.com"),
    Placeholder("domain", N_("The domain name the certificate is for"), lambda: "www.example.com"),
    Placeholder("plan", N_("The tariff plan's name"), lambda: "AlphaSSL"),
    Placeholder("period", N_("The order or renewal period"), _period_sample),
    Placeholder("expiry_date", N_("The date the service expires"), lambda: format_date(date(2027, 9, 1))),
    Placeholder(
        "price", N_("The price charged, with its currency"), lambda: format_money(Decimal("30.00"), "USD")
    ),
    Placeholder("order_id", N_("The order (service) number"), lambda: "10042"),
    Placeholder("provider_name", N_("The provider's name"), lambda: "SSL Shop"),
    Placeholder(
        "support_email", N_("The provider's support e-mail address"), lambda: "support@ssl-shop.example"
    ),
    Placeholder(
        "billing_url", N_("The provider's billing address"), lambda: "https://billing.ssl-shop.example"
    ),
    Placeholder("help_url", N_("The provider's help page"), lambda: "https://ssl-shop.example/help"),
    Placeholder(
        "certificate_download_link",
        N_("Where the client downloads the issued certificate"),
        lambda: "https://billing.ssl-shop.example/certificates/10042",
    ),
)
_BY_NAME: dict[str, Placeholder] = {p.name: p for p in PLACEHOLDERS}


def placeholder_names() -> frozenset[str]:
    return frozenset(_BY_NAME)


def sample_values() -> dict[str, str]:
    """Example values of every placeholder, for previews."""
    return {p.name: p.sample() for p in PLACEHOLDERS}


@dataclass(frozen=True)
class Problem:
    """A bad spot in a template text: `placeholder` is the offending text as written."""

    position: int
    placeholder: str
    message: str


@dataclass(frozen=True)
class _Piece:
    position: int
    literal: str
    name: str | None = None
    problem: str | None = None


def _scan(text: str) -> Iterator[_Piece]:
    """Split `text` into literal text and placeholders, marking the malformed spots."""
    i, length = 0, len(text)
    literal: list[str] = []
    start = 0
    while i < length:
        ch = text[i]
        if ch == "{" and text.startswith("{{", i):
            literal.append("{")
            i += 2
        elif ch == "}" and text.startswith("}}", i):
            literal.append("}")
            i += 2
        elif ch == "}":
            yield _Piece(start, "".join(literal))
            yield _Piece(i, "}", problem=_CLOSING)
            literal, i, start = [], i + 1, i + 1
        elif ch == "{":
            yield _Piece(start, "".join(literal))
            end = text.find("}", i + 1)
            opening = text.find("{", i + 1)
            if end < 0 or (0 <= opening < end):
                stop = opening if opening >= 0 else min(length, i + 30)
                yield _Piece(i, text[i:stop], problem=_OPENING)
                literal, i, start = [], stop, stop
                continue
            inner = text[i + 1 : end]
            if _NAME.fullmatch(inner):
                yield _Piece(i, text[i : end + 1], name=inner)
            else:
                yield _Piece(i, text[i : end + 1], problem=_MALFORMED)
            literal, i, start = [], end + 1, end + 1
        else:
            literal.append(ch)
            i += 1
    yield _Piece(start, "".join(literal))


def _message(problem: str, placeholder: str) -> str:
    if problem == _CLOSING:
        return _("{placeholder}: a closing brace without an opening one (write {escape} for a brace)").format(
            placeholder=placeholder, escape="}}"
        )
    if problem == _OPENING:
        return _("{placeholder}: an opening brace without a closing one (write {escape} for a brace)").format(
            placeholder=placeholder.strip(), escape="{{"
        )
    return _(
        "{placeholder} is not a placeholder: write a name of lower-case letters, digits and _ in braces, "
        "like {example}"
    ).format(placeholder=placeholder, example="{client_name}")


def find_problems(text: str, known: frozenset[str] | None = None) -> list[Problem]:
    """Unknown and malformed placeholders in `text`, in the order they occur; each message names
    the placeholder as written."""
    names = placeholder_names() if known is None else known
    problems: list[Problem] = []
    for piece in _scan(text):
        if piece.problem is not None:
            problems.append(Problem(piece.position, piece.literal, _message(piece.problem, piece.literal)))
        elif piece.name is not None and piece.name not in names:
            problems.append(
                Problem(
                    piece.position,
                    piece.literal,
                    _("unknown placeholder {placeholder}").format(placeholder=piece.literal),
                )
            )
    return problems


def used_placeholders(text: str) -> list[str]:
    """The well-formed placeholder names used in `text`, each once, in order."""
    seen: dict[str, None] = {}
    for piece in _scan(text):
        if piece.name is not None:
            seen[piece.name] = None
    return list(seen)


@lru_cache(maxsize=512)
def _pieces(text: str) -> tuple[_Piece, ...]:
    """`_scan(text)`, kept: the daily run renders the same few templates for every message."""
    return tuple(_scan(text))


def render_text(text: str, values: Mapping[str, object]) -> str:
    """`text` with each placeholder replaced by its value (blank when `values` has none) and doubled
    braces made single. A malformed spot is left as written (saved templates have none)."""
    out: list[str] = []
    for piece in _pieces(text):
        if piece.name is not None:
            value = values.get(piece.name)
            out.append("" if value is None else str(value))
        else:
            out.append(piece.literal)
    return "".join(out)
