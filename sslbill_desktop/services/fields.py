"""Field cleaners for the set-up screens: each returns the clean value or raises `ValidationError`
naming the field.

They complement `validation.py` with what the set-up dialogs need: text that a database accepts
(no control characters, no unpaired surrogates: PostgreSQL refuses NUL bytes), texts "per
localization", sorting numbers, yes/no flags and references to other rows.

A localized field's error names the language too: `name.en`, `body.ru`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sslbill_desktop.services import validation
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _, current_language, language_name

#: "Sorting uses natural integers from 1 to N": N is bounded so it fits every database's integer.
MAX_SORTING = 999_999
#: Ids fit a 32-bit signed integer column on every database.
MAX_ID = 2**31 - 1
_LINE_BREAKS = frozenset("\n\r\t")


@dataclass(frozen=True)
class Languages:
    """The workspace's localizations: their codes (default first) and the default one."""

    codes: tuple[str, ...]
    default: str

    def __contains__(self, code: object) -> bool:
        return code in self.codes


def _check_characters(field: str, text: str, *, multiline: bool) -> None:
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cs" or (category == "Cc" and not (multiline and ch in _LINE_BREAKS)):
            raise ValidationError(
                field, _("contains a control character (U+{code:04X})").format(code=ord(ch))
            )


def _as_text(field: str, value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field, _("must be text"))
    return value


def line(field: str, value: object, *, required: bool = False, max_length: int = 200) -> str:
    """One line of text, stripped."""
    text = _as_text(field, value).strip()
    _check_characters(field, text, multiline=False)
    if required:
        return validation.required_text(field, text, max_length=max_length)
    return validation.optional_text(field, text, max_length=max_length)


def text_block(field: str, value: object, *, required: bool = False, max_length: int = 4000) -> str:
    """Several lines of text; line breaks and tabs are kept, the ends are stripped."""
    text = _as_text(field, value).strip()
    _check_characters(field, text, multiline=True)
    if required and not text:
        raise ValidationError(field, _("this field is required"))
    if len(text) > max_length:
        raise ValidationError(field, _("at most {n} characters").format(n=max_length))
    return text


def email(field: str, value: object, *, required: bool = False) -> str:
    text = _as_text(field, value).strip()
    _check_characters(field, text, multiline=False)
    return validation.email(field, text, required=required)


def url(field: str, value: object, *, required: bool = False, max_length: int = 500) -> str:
    text = _as_text(field, value).strip()
    _check_characters(field, text, multiline=False)
    if len(text) > max_length:
        raise ValidationError(field, _("at most {n} characters").format(n=max_length))
    try:
        return validation.url(field, text, required=required)
    except ValueError:  # urlsplit refuses e.g. "http://[" (a broken IPv6 literal)
        raise ValidationError(
            field, _("not a web address (it must start with http:// or https://): {value}").format(value=text)
        ) from None


def whole_number(field: str, value: object, *, minimum: int = 1, maximum: int = MAX_SORTING) -> int:
    """A whole number given as int or text (never bool or float)."""
    if isinstance(value, bool | float):
        raise ValidationError(field, _("not a whole number: {value}").format(value=value))
    if isinstance(value, str):
        _check_characters(field, value, multiline=False)
    if not isinstance(value, int | str):
        raise ValidationError(field, _("not a whole number: {value}").format(value=value))
    return validation.positive_int(field, value, minimum=minimum, maximum=maximum)


def sorting(field: str, value: object) -> int:
    """A sorting position: a natural number 1..N, the lowest first."""
    return whole_number(field, value, minimum=1, maximum=MAX_SORTING)


def flag(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(field, _("must be yes or no"))
    return value


def reference(field: str, value: object) -> int | None:
    """An optional id of another row (existence is checked by the caller, in its session)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise ValidationError(field, _("not a valid choice"))
    return value


def references(field: str, values: object) -> tuple[int, ...]:
    """A list of ids, without repeats, in the given order."""
    if values is None:
        return ()
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ValidationError(field, _("not a valid choice"))
    seen: dict[int, None] = {}
    for value in values:
        ident = reference(field, value)
        if ident is not None:
            seen[ident] = None
    return tuple(seen)


def localized(
    field: str,
    value: object,
    languages: Languages,
    *,
    required: bool = True,
    max_length: int = 200,
    multiline: bool = False,
) -> dict[str, str]:
    """A text per localization (`{"en": "...", "ru": "..."}`); blank ones are dropped.

    Only the workspace's languages are accepted. `required` means the default language's text.
    """
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise ValidationError(field, _("must be a text per localization"))
    clean: dict[str, str] = {}
    for code, text in value.items():
        sub = f"{field}.{code}"
        if not isinstance(code, str) or code not in languages:
            raise ValidationError(sub, _("{code} is not a localization of this workspace").format(code=code))
        if multiline:
            cleaned = text_block(sub, text, max_length=max_length)
        else:
            cleaned = line(sub, text, max_length=max_length)
        if cleaned:
            clean[code] = cleaned
    if required and languages.default not in clean:
        raise ValidationError(
            f"{field}.{languages.default}",
            _("this field is required in {language} (the default localization)").format(
                language=language_name(languages.default)
            ),
        )
    return {code: clean[code] for code in languages.codes if code in clean}


def pick(texts: Mapping[str, str], default: str, language: str | None = None) -> str:
    """The text to show: in `language` (the UI language by default), else the default one."""
    language = language or current_language()
    for code in (language, default):
        if texts.get(code):
            return texts[code]
    return next((t for t in texts.values() if t), "")


def problems(checks: Iterable[Callable[[], object]]) -> list[ValidationError]:
    """Run field cleaners and collect the `ValidationError` of each one that fails (the dialogs
    that check their input as it is typed show these; the services raise the first one)."""
    found: list[ValidationError] = []
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            found.append(exc)
    return found
