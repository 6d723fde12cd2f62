"""Why a charge was booked, in any language: a `Note` is a message template with typed arguments.

Every entry the engine books carries a `Note` ("{covered}/{days} of {month}" with covered=20,
days=31, month=July 2027). `Note.render()` gives the English text that the `simulate` command
prints and the ledger keeps in `Entry.note`, byte for byte the text BILLING.md shows ("20/31 of
July"); `Note.render("ru")` translates the template with the gettext catalog of that language and
formats the arguments with Babel for its locale ("20/31 июля": the month in the genitive, a
decimal comma, ...).

Templates are English msgids marked for extraction: `N_` for a plain one, `Note.plural(singular,
plural, n)` for one whose words depend on a count (Russian has three forms: "1 день", "2 дня",
"5 дней"; extracted with the `plural:1,2` keyword of `make i18n`).

Arguments (`NoteArg`) are values, not text, so that each language writes them its own way:
- `int`: a count or a day number ("31");
- `Decimal`: an amount or a price, written with exactly its own decimals ("3.00", "0.0333");
- `Percent`: a percentage (50 -> "50%", Russian "50 %");
- `date`: a day ("2027-12-01"; Russian "1 декабря 2027 г.");
- `Month`: the month of a date, named ("July"; Russian genitive "июля");
- `str`: a name as it is (an add-on's, a tariff plan's);
- `Note`: a nested note, rendered in the same language.

`to_json()` / `Note.from_json()` keep a note in a database column as JSON-safe values with a type
tag per argument. Pure Python: the gettext catalogs and Babel are read only when a language other
than English is rendered.
"""

from __future__ import annotations

import gettext
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from sslbill_desktop.services import i18n

ENGLISH = "en"

#: English month names (not `calendar.month_name`, which follows the process's C locale).
MONTH_NAMES: tuple[str, ...] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Month:
    """The month of `of`, named: "July", in Russian the genitive "июля" ("20/31 июля")."""

    of: date


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage: `Percent(Decimal(50))` is "50%" (Russian "50 %")."""

    value: Decimal


@dataclass(frozen=True, slots=True, init=False)
class Note:
    """A message template (an English msgid with `{placeholders}`) and its typed arguments.

    `plural_template` and `count` make a plural message: the English text takes `template` when
    `count` is 1 and `plural_template` otherwise; other languages take their catalog's form for
    `count`. Build one with `Note.plural`.
    """

    template: str
    args: Mapping[str, NoteArg]
    plural_template: str | None
    count: int | None

    def __init__(
        self,
        template: str,
        args: Mapping[str, NoteArg] | None = None,
        plural_template: str | None = None,
        count: int | None = None,
    ) -> None:
        if (plural_template is None) != (count is None):
            raise ValueError("a plural note needs both its plural template and its count")
        values = dict(args) if args else {}  # a copy: the note does not change with the caller's dict
        for name, value in values.items():
            if type(value) not in _PLAIN_ARG_TYPES:
                _check_arg(name, value)
        set_field = object.__setattr__
        set_field(self, "template", template)
        set_field(self, "args", values)
        set_field(self, "plural_template", plural_template)
        set_field(self, "count", count)

    @classmethod
    def plural(cls, singular: str, plural: str, n: int, **args: NoteArg) -> Note:
        """A note whose words follow the count `n` (also available as `{n}` in the templates)."""
        return cls(singular, {"n": n, **args}, plural, n)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Note):
            return NotImplemented
        return (self.template, self.plural_template, self.count, dict(self.args)) == (
            other.template,
            other.plural_template,
            other.count,
            dict(other.args),
        )

    def __hash__(self) -> int:
        return hash((self.template, self.plural_template, self.count, tuple(sorted(self.args.items()))))

    def __repr__(self) -> str:
        return f"Note({self.render()!r})"

    # --- text -------------------------------------------------------------------------------------

    def render(self, language: str = ENGLISH) -> str:
        """The text in `language`: exactly the engine's English text for "en"."""
        if language == ENGLISH:
            return _english(self)
        writer = _Localized(language)
        try:
            return self._render(writer)
        except (KeyError, IndexError, ValueError):
            # a catalog whose translation lost a placeholder: English is better than nothing
            return _english(self)

    def _render(self, writer: _Writer) -> str:
        template = writer.template(self)
        values = {name: _written(value, writer) for name, value in self.args.items()}
        return template.format(**values)

    # --- storage ----------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        """JSON-safe values: the templates, the count, and each argument as `[type, value]`."""
        data: dict[str, Any] = {
            "template": self.template,
            "args": {name: _arg_to_json(value) for name, value in self.args.items()},
        }
        if self.plural_template is not None:
            data["plural"] = self.plural_template
            data["count"] = self.count
        return data

    @classmethod
    def from_json(cls, data: object) -> Note:
        """The note `to_json` wrote; ValueError for anything else."""
        if not isinstance(data, Mapping) or not isinstance(data.get("template"), str):
            raise ValueError("a note needs a template")
        raw_args = data.get("args", {})
        if not isinstance(raw_args, Mapping):
            raise ValueError("a note's arguments must be a mapping")
        plural = data.get("plural")
        count = data.get("count")
        if plural is not None and not isinstance(plural, str):
            raise ValueError("a note's plural template must be a text")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
            raise ValueError("a note's count must be a whole number")
        args = {str(name): _arg_from_json(value) for name, value in raw_args.items()}
        for template in (data["template"], plural):
            if template is not None and not _placeholders(template) <= args.keys():
                raise ValueError(f"a note's template needs arguments it does not have: {template!r}")
        return cls(data["template"], args, plural, count)


#: What a note's argument may be.
NoteArg = int | Decimal | Percent | date | Month | str | Note


# --- writing arguments --------------------------------------------------------------------------


class _Writer(Protocol):
    def template(self, note: Note) -> str: ...
    def integer(self, value: int) -> str: ...
    def decimal(self, value: Decimal) -> str: ...
    def percent(self, value: Decimal) -> str: ...
    def day(self, value: date) -> str: ...
    def month(self, value: date) -> str: ...
    def nested(self, note: Note) -> str: ...


class _English:
    """The engine's own English: ISO dates, "." decimals, no grouping, "50%"."""

    def template(self, note: Note) -> str:
        if note.plural_template is not None and note.count != 1:
            return note.plural_template
        return note.template

    def integer(self, value: int) -> str:
        return str(value)

    def decimal(self, value: Decimal) -> str:
        return format(value, "f")

    def percent(self, value: Decimal) -> str:
        return format(value.normalize(), "f") + "%"

    def day(self, value: date) -> str:
        return value.isoformat()

    def month(self, value: date) -> str:
        return MONTH_NAMES[value.month - 1]

    def nested(self, note: Note) -> str:
        return _english(note)


_ENGLISH = _English()


def _english(note: Note) -> str:
    """`note` in the engine's English (the daily run writes thousands: the common types directly)."""
    template = note.template if note.plural_template is None or note.count == 1 else note.plural_template
    values: dict[str, str] = {}
    for name, value in note.args.items():
        kind = type(value)
        if kind is int:
            values[name] = str(value)
        elif kind is str:
            values[name] = value  # type: ignore[assignment]
        elif kind is Note:
            values[name] = _english(value)  # type: ignore[arg-type]
        elif kind is Decimal:
            values[name] = format(value, "f")
        else:
            values[name] = _written(value, _ENGLISH)
    return template.format_map(values)


class _Localized:
    """A language's catalog for the templates, Babel's formats of its locale for the arguments."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = ENGLISH if language == i18n.PSEUDO_LANGUAGE else language
        self._gettext: Callable[[str], str]
        self._ngettext: Callable[[str, str, int], str]
        if language == i18n.current_language():
            self._gettext, self._ngettext = i18n._, i18n.ngettext
        else:
            catalog = gettext.translation(
                i18n.DOMAIN, localedir=i18n.locales_dir(), languages=[language], fallback=True
            )
            self._gettext, self._ngettext = catalog.gettext, catalog.ngettext

    def template(self, note: Note) -> str:
        if note.plural_template is not None and note.count is not None:
            return self._ngettext(note.template, note.plural_template, note.count)
        return self._gettext(note.template)

    def integer(self, value: int) -> str:
        from babel.numbers import format_decimal

        return str(format_decimal(value, locale=self.locale))

    def decimal(self, value: Decimal) -> str:
        from babel.numbers import format_decimal

        exponent = value.as_tuple().exponent
        digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, format=pattern, locale=self.locale, decimal_quantization=True))

    def percent(self, value: Decimal) -> str:
        from babel.numbers import format_percent

        return str(format_percent(value / 100, locale=self.locale, decimal_quantization=False))

    def day(self, value: date) -> str:
        from babel.dates import format_date

        return str(format_date(value, format="long", locale=self.locale))

    def month(self, value: date) -> str:
        from babel.dates import format_date

        # "MMMM" is the month as a date writes it: the genitive in Russian ("июля")
        return str(format_date(value, format="MMMM", locale=self.locale))

    def nested(self, note: Note) -> str:
        return note._render(self)


def _written(value: NoteArg, writer: _Writer) -> str:
    if isinstance(value, Note):
        return writer.nested(value)
    if isinstance(value, Month):
        return writer.month(value.of)
    if isinstance(value, Percent):
        return writer.percent(value.value)
    if isinstance(value, int):
        return writer.integer(value)
    if isinstance(value, Decimal):
        return writer.decimal(value)
    if isinstance(value, date):
        return writer.day(value)
    return value


#: Argument types that need no further check (a Decimal must be finite).
_PLAIN_ARG_TYPES = frozenset({int, str, Note, Month, Percent, date})


def _check_arg(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, Percent, date, Month, str, Note)):
        raise TypeError(f"note argument {name!r} cannot be a {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"note argument {name!r} must be a finite Decimal")


# --- storage ------------------------------------------------------------------------------------


def _placeholders(template: str) -> set[str]:
    """The argument names `template` uses ("{n} days" -> {"n"}); ValueError for a broken one."""
    return {field for _text, field, _spec, _conversion in string.Formatter().parse(template) if field}


def _arg_to_json(value: NoteArg) -> list[Any]:
    if isinstance(value, Note):
        return ["note", value.to_json()]
    if isinstance(value, Month):
        return ["month", value.of.isoformat()]
    if isinstance(value, Percent):
        return ["percent", str(value.value)]
    if isinstance(value, int):
        return ["int", value]
    if isinstance(value, Decimal):
        return ["decimal", str(value)]
    if isinstance(value, date):
        return ["date", value.isoformat()]
    return ["str", value]


def _arg_from_json(item: object) -> NoteArg:
    if not isinstance(item, (list, tuple)) or len(item) != 2:
        raise ValueError(f"a note argument must be [type, value], not {item!r}")
    kind, value = item
    try:
        if kind == "note":
            return Note.from_json(value)
        if kind == "month":
            return Month(date.fromisoformat(str(value)))
        if kind == "percent":
            return Percent(Decimal(str(value)))
        if kind == "int" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if kind == "decimal":
            return Decimal(str(value))
        if kind == "date":
            return date.fromisoformat(str(value))
        if kind == "str" and isinstance(value, str):
            return value
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"not a note argument: {item!r}") from exc
    raise ValueError(f"not a note argument: {item!r}")
