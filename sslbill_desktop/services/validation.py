"""Small validators shared by services. Each raises `ValidationError` naming the field."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
_LINE_BREAKS = frozenset("\n\r\t")


def _text(field: str, value: object) -> str:
    """`value` as text: None is "", anything not a `str` is refused, and so are control characters
    other than line breaks and tabs (PostgreSQL refuses a NUL byte) and unpaired surrogates."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(field, _("must be text"))
    for ch in value:
        category = unicodedata.category(ch)
        if category == "Cs" or (category == "Cc" and ch not in _LINE_BREAKS):
            raise ValidationError(
                field, _("contains a control character (U+{code:04X})").format(code=ord(ch))
            )
    return value


def required_text(field: str, value: str | None, *, max_length: int = 200) -> str:
    text = _text(field, value).strip()
    if not text:
        raise ValidationError(field, _("this field is required"))
    if len(text) > max_length:
        raise ValidationError(field, _("at most {n} characters").format(n=max_length))
    return text


def optional_text(field: str, value: str | None, *, max_length: int = 200) -> str:
    text = _text(field, value).strip()
    if len(text) > max_length:
        raise ValidationError(field, _("at most {n} characters").format(n=max_length))
    return text


def email(field: str, value: str | None, *, required: bool = False) -> str:
    text = _text(field, value).strip()
    if not text:
        if required:
            raise ValidationError(field, _("this field is required"))
        return ""
    if not _EMAIL.match(text) or len(text) > 254:
        raise ValidationError(field, _("not an e-mail address: {value}").format(value=text))
    return text


def url(
    field: str, value: str | None, *, required: bool = False, schemes: tuple[str, ...] = ("http", "https")
) -> str:
    text = _text(field, value).strip()
    if not text:
        if required:
            raise ValidationError(field, _("this field is required"))
        return ""
    parts = urlsplit(text)
    if parts.scheme not in schemes or not parts.hostname:
        raise ValidationError(
            field,
            _("not a web address (it must start with {schemes}): {value}").format(
                schemes=_(" or ").join(f"{s}://" for s in schemes), value=text
            ),
        )
    return text


def login(field: str, value: str | None) -> str:
    text = _text(field, value).strip().lower()
    if not _LOGIN.match(text):
        raise ValidationError(
            field,
            _("use 2 to 64 letters, digits, dots, dashes, underscores or @, starting with a letter or digit"),
        )
    return text


def positive_int(field: str, value: int | str | None, *, minimum: int = 1, maximum: int | None = None) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(field, _("not a whole number: {value}").format(value=value)) from None
    if number < minimum:
        raise ValidationError(field, _("must be at least {n}").format(n=minimum))
    if maximum is not None and number > maximum:
        raise ValidationError(field, _("must be at most {n}").format(n=maximum))
    return number


def amount(
    field: str, value: Decimal | str | int | None, *, allow_negative: bool = False, places: int = 4
) -> Decimal:
    """A money amount given as text or Decimal (never float)."""
    if isinstance(value, float):
        raise ValidationError(field, _("money must not be a floating-point number"))
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError(field, _("not an amount: {value}").format(value=value)) from None
    if not number.is_finite():
        raise ValidationError(field, _("not an amount: {value}").format(value=value))
    if number < 0 and not allow_negative:
        raise ValidationError(field, _("must not be negative"))
    try:
        whole = number.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN")
    except InvalidOperation:  # more digits than an amount can hold (e.g. 1E30)
        raise ValidationError(field, _("this amount is too large")) from None
    if number != whole:
        raise ValidationError(field, _("at most {n} decimal places").format(n=places))
    return number
