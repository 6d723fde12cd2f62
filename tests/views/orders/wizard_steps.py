"""Driving the order wizard like a person would (shared by the wizard tests)."""

from __future__ import annotations

from typing import Any

from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.wizards.order import OrderWizard
from tests.services.orders.support import TODAY, World


def open_wizard(qtbot: Any, world: World, actor: Any = None) -> OrderWizard:
    wizard = OrderWizard(Workspace(world.db, actor or world.admin), on=TODAY)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def next_page(wizard: OrderWizard) -> None:
    assert wizard.currentPage().isComplete(), wizard.currentPage().error_text()
    before = wizard.currentId()
    wizard.next()
    assert wizard.currentId() != before, wizard.currentPage().error_text()


def through_period(
    wizard: OrderWizard, client_id: int, plan_id: int, period: int = 12, quantity: int = 1
) -> None:
    assert wizard.client_page.choose(client_id)
    next_page(wizard)
    assert wizard.plan_page.choose(plan_id)
    next_page(wizard)
    wizard.period_page.choose(period, quantity)
    next_page(wizard)


def through_parameters(
    wizard: OrderWizard, cn: str = "shop.example.com", sans: str = "", pem: str | None = None
) -> None:
    wizard.domain_page.enter(cn, sans)
    next_page(wizard)
    if pem is None:
        wizard.csr_page.choose_generate("ec-p256")
    else:
        wizard.csr_page.paste(pem)
    next_page(wizard)
    next_page(wizard)  # contacts, prefilled from the client
    wizard.approver_page.choose(wizard.approver_page.choices()[0])
    next_page(wizard)
