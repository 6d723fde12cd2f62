"""The order wizard's summary on a Russian screen in a workspace whose default language is Russian."""

from __future__ import annotations

from sqlalchemy import select

from sslbill_desktop.models.templates import Localization
from sslbill_desktop.services import i18n
from sslbill_desktop.services.ordering import SUMMARY
from tests.services.orders.support import World, client, plan
from tests.views.orders.wizard_steps import open_wizard, through_parameters, through_period


def test_the_summary_explains_every_line_in_russian_with_the_addons_russian_name(
    qtbot, world: World, simulator, compiled_locales
) -> None:
    with world.db.uow() as s:
        for row in s.scalars(select(Localization)):
            row.is_default = row.code == "ru"
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")
    i18n.set_language("ru")
    wizard = open_wizard(qtbot, world)

    through_period(wizard, client_id, plan_id)
    through_parameters(wizard, "shop.example.com", "www.shop.example.com\nbücher.example.com")

    assert wizard.flow.current == SUMMARY
    (order, addon) = wizard.summary_page.line_texts()
    assert order[:2] == ["Заказ", "12 месяцев"]
    assert addon[1] == "Дополнительные домены (SAN) × 2: 365/365 дн. до 26 ноября 2027\u202fг."
