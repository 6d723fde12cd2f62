"""The prices-per-period widget: offered periods, renewal prices, the margin columns."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from sslbill_desktop.services.margins import margin_report
from sslbill_desktop.services.tariff_input import PeriodPrice
from sslbill_desktop.views.widgets.period_prices import PeriodPricesEdit


def test_only_offered_periods_have_a_price_and_the_year_is_always_offered(qtbot) -> None:
    edit = PeriodPricesEdit("USD", required=(12,), with_renewal=True)
    qtbot.addWidget(edit)
    assert edit.offered_check(12).isChecked() and not edit.price_edit(1).isEnabled()
    edit.offered_check(12).click()  # cannot be unticked
    assert edit.offered_check(12).isChecked()
    edit.offered_check(1).setChecked(True)
    assert edit.price_edit(1).isEnabled()
    qtbot.keyClicks(edit.price_edit(1), "3")
    qtbot.keyClicks(edit.price_edit(12), "30")
    assert edit.prices() == (PeriodPrice(1, Decimal(3), None), PeriodPrice(12, Decimal(30), None))


def test_renewal_prices_are_editable_only_with_special_renewal(qtbot) -> None:
    edit = PeriodPricesEdit("USD", required=(12,), with_renewal=True)
    qtbot.addWidget(edit)
    assert not edit.renewal_edit(12).isEnabled()
    edit.set_renewal_enabled(True)
    assert edit.renewal_edit(12).isEnabled() and not edit.renewal_edit(24).isEnabled()
    edit.set_prices((PeriodPrice(12, Decimal("30.00"), Decimal("25.00")),))
    assert edit.renewal_edit(12).text() == "25.00"


def test_margins_show_the_loss_in_words(qtbot) -> None:
    edit = PeriodPricesEdit("USD", required=(12,), with_margins=True)
    qtbot.addWidget(edit)
    costs = {12: Decimal("11.00"), 24: Decimal("21.00")}
    report = margin_report(
        prices={12: Decimal("10.00")},
        renewal_prices={},
        offered=(12,),
        costs=costs,
        currency="USD",
        upstream_currency="USD",
        costs_at=datetime(2027, 7, 1, tzinfo=UTC),
    )
    edit.set_margins(report, costs)
    assert edit.cost_label(12).text() == "$11.00" and edit.cost_label(24).text() == "$21.00"
    assert edit.cost_label(1).text() == "$0.92"  # 1/12 of the year
    assert edit.margin_label(12).text().startswith("−$1.00")
    assert "b3261e" in edit.margin_label(12).styleSheet()
