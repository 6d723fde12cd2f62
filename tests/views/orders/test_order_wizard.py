"""The order wizard: every step, the price on the summary, and Finish buying the certificate."""

from __future__ import annotations

from decimal import Decimal

from sslbill_desktop.services.ordering import SUMMARY
from tests.services.orders.support import World, balance, client, ledger, plan
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.orders.wizard_steps import open_wizard, through_parameters, through_period


def test_the_wizard_orders_a_certificate_with_extra_names_and_shows_the_price_first(
    qtbot, world: World, simulator, messages_recorder
) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")
    wizard = open_wizard(qtbot, world)

    through_period(wizard, client_id, plan_id)
    through_parameters(wizard, "shop.example.com", "www.shop.example.com\nbücher.example.com")

    assert wizard.flow.current == SUMMARY
    assert wizard.summary_page.line_texts() == [
        ["Order", "12 months", "$20.00"],
        ["Add-on", "Extra domain names (SAN) × 2: 365/365 days until 2027-11-26", "$10.00"],
    ]
    assert wizard.summary_page.balance_after_text() == "$70.00"
    wizard.accept()
    wait_for_tasks(qtbot)

    assert is_closed(wizard)
    assert messages_recorder.last("inform").text == "1 of 1 certificate ordered, $30.00 charged."
    (certificate,) = simulator.certificates()
    assert certificate.sans == ("www.shop.example.com", "xn--bcher-kva.example.com")
    assert balance(world, client_id) == Decimal("70.00")
    assert [kind for kind, _amount, _note in ledger(world, client_id)] == ["order", "addon"]
