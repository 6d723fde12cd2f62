"""The money line edit: Decimal straight from the text, the locale's separator, the currency's digits."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator

from sslbill_desktop.services import i18n
from sslbill_desktop.views.dialogs.form_dialog import field_value
from sslbill_desktop.views.widgets.money_edit import MoneyEdit, parse_amount


def test_typed_text_becomes_a_decimal_never_a_float(qtbot) -> None:
    edit = MoneyEdit("USD")
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "12.10")
    assert edit.value() == Decimal("12.10") and isinstance(edit.value(), Decimal)
    assert field_value(edit) == Decimal("12.10")


def test_more_decimals_than_the_currency_has_cannot_be_typed(qtbot) -> None:
    edit = MoneyEdit("USD")
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "1.999")
    assert edit.text() == "1.99"
    yen = MoneyEdit("JPY")
    qtbot.addWidget(yen)
    qtbot.keyClicks(yen, "150.5")
    assert yen.text() == "1505" and yen.value() == Decimal(1505)
    dinar = MoneyEdit("BHD")
    qtbot.addWidget(dinar)
    qtbot.keyClicks(dinar, "1.125")
    assert dinar.value() == Decimal("1.125")


def test_letters_cannot_be_typed(qtbot) -> None:
    edit = MoneyEdit("USD")
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "1a2")
    assert edit.text() == "12"


def test_the_russian_decimal_comma_is_understood_and_shown(qtbot) -> None:
    i18n.set_language("ru")
    edit = MoneyEdit("RUB")
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "1 234,5")
    assert edit.value() == Decimal("1234.5")
    edit.set_value(Decimal("7.25"))
    assert edit.text() == "7,25"
    assert parse_amount("7.25", 2) == Decimal("7.25")  # the dot is always accepted


def test_blank_and_unfinished_values(qtbot) -> None:
    edit = MoneyEdit("USD")
    qtbot.addWidget(edit)
    assert edit.field_value() is None and edit.is_valid()
    assert edit.state_of("12.") == QValidator.State.Acceptable
    assert edit.state_of(".") == QValidator.State.Intermediate
    edit.setText(".")
    assert not edit.is_valid() and edit.field_value() == "."
    assert "b3261e" in edit.styleSheet()


def test_set_value_shows_the_currency_digits(qtbot) -> None:
    edit = MoneyEdit("USD")
    qtbot.addWidget(edit)
    edit.set_value(Decimal("3"))
    assert edit.text() == "3.00"
    edit.set_value(Decimal("3.1250"))  # stored with four places, exact to the cent? no: shown as it is
    assert edit.text() == "3.125"
    edit.set_value(None)
    assert edit.text() == ""


def test_a_percentage_has_its_own_digits(qtbot) -> None:
    edit = MoneyEdit(digits=2)
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "12.5")
    assert edit.value() == Decimal("12.5")
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.value() == Decimal("12")
