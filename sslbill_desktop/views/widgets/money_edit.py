"""A line edit for an amount of money (or a percentage) that never goes through a float.

The text is parsed straight into `decimal.Decimal`. Both the UI language's decimal separator
(",", "٫" ...) and "." are accepted, grouping separators and spaces are ignored, and no more
decimals are allowed than the currency has (USD 2, JPY 0, BHD 3; `digits=` for a percentage).
Typing anything else is blocked as it is typed; a value that is not complete yet ("12,") is shown
with a red frame.

`value()` is the `Decimal` (None when blank or not an amount); `field_value()` — what
`FormDialog` collects — is the `Decimal`, None when blank, or the text as typed when it is not an
amount, so that the service's check names the field and the bad text. `set_value()` shows an
amount with the currency's decimals and the language's separator.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from sslbill_desktop.services import i18n
from sslbill_desktop.services.billing.money import currency_digits

INVALID_STYLE = "QLineEdit { border: 1px solid #b3261e; }"
#: At most this many digits before the separator (a quadrillion is enough for any price).
MAX_WHOLE_DIGITS = 15


def decimal_symbol() -> str:
    """The UI language's decimal separator."""
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(i18n.babel_locale()))


def group_symbol() -> str:
    from babel.numbers import get_group_symbol

    return str(get_group_symbol(i18n.babel_locale()))


def parse_amount(text: str, digits: int, *, allow_negative: bool = False) -> Decimal | None:
    """The amount in `text` (locale separator or "."), or None when it is not a complete amount."""
    normalized = _normalize(text)
    pattern = rf"^{'-?' if allow_negative else ''}\d{{1,{MAX_WHOLE_DIGITS}}}(\.\d{{0,{digits}}})?$"
    if digits == 0:
        pattern = rf"^{'-?' if allow_negative else ''}\d{{1,{MAX_WHOLE_DIGITS}}}$"
    if not re.match(pattern, normalized):
        return None
    try:
        return Decimal(normalized.rstrip("."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def _normalize(text: str) -> str:
    """Spaces and grouping separators dropped; the decimal separator made a dot."""
    symbol = decimal_symbol()
    group = group_symbol()
    cleaned = "".join(ch for ch in text.strip() if not ch.isspace() and ch not in "\u00a0\u202f")
    if group not in (symbol, "."):
        cleaned = cleaned.replace(group, "")
    if symbol != ".":
        if "." in cleaned and symbol in cleaned:
            return "invalid"
        cleaned = cleaned.replace(symbol, ".")
    return cleaned


def format_amount(value: Decimal, digits: int) -> str:
    """`value` with exactly `digits` decimals (more when it has them) and the locale's separator."""
    quantum = Decimal(1).scaleb(-digits)
    shown = value.quantize(quantum) if value == value.quantize(quantum) else value.normalize()
    return format(shown, "f").replace(".", decimal_symbol())


class _AmountValidator(QValidator):
    def __init__(self, edit: MoneyEdit) -> None:
        super().__init__(edit)
        self._edit = edit

    def validate(self, text: str, pos: int) -> object:
        state = self._edit.state_of(text)
        return (state, text, pos)


class MoneyEdit(QLineEdit):
    """See the module documentation. `currency` gives the number of decimals; `digits` overrides it
    (a percentage: `MoneyEdit(digits=2, suffix="%")`)."""

    value_changed = Signal()

    def __init__(
        self,
        currency: str | None = None,
        parent: QWidget | None = None,
        *,
        digits: int | None = None,
        allow_negative: bool = False,
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        if digits is None:
            digits = currency_digits(currency) if currency else 2
        self._currency = currency
        self._digits = digits
        self._allow_negative = allow_negative
        self.setValidator(_AmountValidator(self))
        self.setPlaceholderText(placeholder or format_amount(Decimal(0), digits))
        self.setMaximumWidth(160)
        self.textChanged.connect(self._on_text_changed)

    @property
    def currency(self) -> str | None:
        return self._currency

    @property
    def digits(self) -> int:
        return self._digits

    def state_of(self, text: str) -> QValidator.State:
        """Acceptable: blank or a complete amount; Intermediate: on the way to one; else Invalid."""
        if (
            not text.strip()
            or parse_amount(text, self._digits, allow_negative=self._allow_negative) is not None
        ):
            return QValidator.State.Acceptable
        normalized = _normalize(text)
        partial = (
            rf"^{'-?' if self._allow_negative else ''}\d{{0,{MAX_WHOLE_DIGITS}}}(\.\d{{0,{self._digits}}})?$"
        )
        if self._digits == 0:
            partial = rf"^{'-?' if self._allow_negative else ''}\d{{0,{MAX_WHOLE_DIGITS}}}$"
        return QValidator.State.Intermediate if re.match(partial, normalized) else QValidator.State.Invalid

    # --- values -------------------------------------------------------------------------------

    def value(self) -> Decimal | None:
        return parse_amount(self.text(), self._digits, allow_negative=self._allow_negative)

    def is_blank(self) -> bool:
        return not self.text().strip()

    def is_valid(self) -> bool:
        return self.is_blank() or self.value() is not None

    def field_value(self) -> Decimal | str | None:
        if self.is_blank():
            return None
        value = self.value()
        return value if value is not None else self.text()

    def set_value(self, value: Decimal | str | None) -> None:
        if value is None or value == "":
            self.clear()
        elif isinstance(value, Decimal):
            self.setText(format_amount(value, self._digits))
        else:
            self.setText(str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)

    def _on_text_changed(self, _text: str) -> None:
        self.setStyleSheet("" if self.is_valid() else INVALID_STYLE)
        self.value_changed.emit()
