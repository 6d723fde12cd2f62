"""The wizard's pages: a refusal shows on the page where it occurs and keeps Next disabled; a CSR
is generated or pasted (and a bad one refused); quick orders and several certificates at once."""

from __future__ import annotations

from decimal import Decimal

from sslbill_desktop.services.ordering import CSR, DOMAIN, PERIOD, PLAN, SUMMARY
from tests.services.orders.csrs import csr
from tests.services.orders.support import World, client, ledger, order, plan
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.orders.wizard_steps import next_page, open_wizard, through_parameters, through_period


def test_the_plan_page_lists_only_orderable_plans_and_shows_the_per_client_limit(
    qtbot, world: World, simulator
) -> None:
    limited = plan(world, "Limited", max_services_per_client=1, labels=("DV",))
    plan(world, "Hidden", certificate_type="3033", enabled=False)
    client_id = client(world, deposit="100.00")
    order(world, client_id, limited)
    wizard = open_wizard(qtbot, world)
    assert wizard.client_page.choose(client_id)
    next_page(wizard)

    assert wizard.plan_page.plan_titles() == ["Limited"]
    wizard.plan_page.choose(limited)
    assert not wizard.plan_page.isComplete()
    assert wizard.plan_page.error_text() == (
        "Max services per client: the client already has 1 of at most 1 services of the tariff plan Limited"
    )


def test_too_little_money_shows_on_the_period_page(qtbot, world: World) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="15.00")
    wizard = open_wizard(qtbot, world)
    assert wizard.client_page.choose(client_id)
    next_page(wizard)
    wizard.plan_page.choose(plan_id)
    next_page(wizard)

    wizard.period_page.choose(12)
    assert wizard.flow.current == PERIOD and not wizard.period_page.isComplete()
    assert wizard.period_page.error_text() == "Balance: the balance 15.00 does not cover 20.00"
    wizard.period_page.choose(24)
    assert wizard.period_page.error_text() == "Balance: the balance 15.00 does not cover 36.00"


def test_extra_names_the_plan_does_not_sell_show_on_the_domain_page(qtbot, world: World) -> None:
    plan_id = plan(world, "Plain", addons=())
    client_id = client(world, deposit="100")
    wizard = open_wizard(qtbot, world)
    through_period(wizard, client_id, plan_id)

    wizard.domain_page.enter("example.com", "www.example.com")
    assert wizard.flow.current == DOMAIN and not wizard.domain_page.isComplete()
    assert (
        wizard.domain_page.error_text()
        == "the tariff plan Plain sells no extra names: order the common name only"
    )


def test_extra_names_beyond_the_balance_show_on_the_summary(qtbot, world: World) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="25.00")
    wizard = open_wizard(qtbot, world)
    through_period(wizard, client_id, plan_id)
    through_parameters(wizard, "example.com", "www.example.com\nmail.example.com")

    assert wizard.flow.current == SUMMARY
    assert not wizard.summary_page.isComplete()
    assert wizard.summary_page.error_text() == "Balance: the balance 25.00 does not cover 30.00"
    assert wizard.summary_page.balance_after_text() == "-$5.00"


def test_a_pasted_csr_is_decoded_and_one_with_a_wrong_name_or_a_weak_key_is_refused(
    qtbot, world: World, simulator
) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100")
    wizard = open_wizard(qtbot, world)
    through_period(wizard, client_id, plan_id)
    wizard.domain_page.enter("shop.example.com")
    next_page(wizard)
    assert wizard.flow.current == CSR

    wizard.csr_page.paste(csr("other.example.com"))
    assert not wizard.csr_page.isComplete()
    assert (
        wizard.csr_page.error_text()
        == "its common name is other.example.com, but the order is for shop.example.com"
    )
    wizard.csr_page.paste(csr("shop.example.com", rsa_bits=1024))
    assert wizard.csr_page.error_text().startswith("its RSA key has 1024 bits, which is too weak")
    pem = csr("shop.example.com", rsa_bits=2048)
    wizard.csr_page.paste(pem)
    assert wizard.csr_page.isComplete() and wizard.csr_page.error_text() == ""
    assert wizard.csr_page.decoded_text() == "RSA 2048 bits, signed with SHA256; names: shop.example.com"
    next_page(wizard)
    next_page(wizard)
    wizard.approver_page.choose("admin@example.com")
    next_page(wizard)
    wizard.accept()
    wait_for_tasks(qtbot)

    assert is_closed(wizard)
    from sslbill_desktop.services import orders

    (row,) = orders.list_orders(world.db, world.admin).rows
    record = orders.get_order(world.db, world.admin, row.id)
    assert record.key is None and record.csr_pem.strip() == pem.strip()


def test_a_generated_csr_gets_a_key_of_the_chosen_type(qtbot, world: World, simulator) -> None:
    from sslbill_desktop.services import orders

    plan_id = plan(world)
    client_id = client(world, deposit="100")
    wizard = open_wizard(qtbot, world)
    through_period(wizard, client_id, plan_id)
    wizard.domain_page.enter("shop.example.com")
    next_page(wizard)
    wizard.csr_page.choose_generate("rsa-3072")
    next_page(wizard)
    next_page(wizard)
    wizard.approver_page.choose("admin@example.com")
    next_page(wizard)
    wizard.accept()
    wait_for_tasks(qtbot)

    (row,) = orders.list_orders(world.db, world.admin).rows
    record = orders.get_order(world.db, world.admin, row.id)
    assert record.key is not None and record.key.algorithm.value == "rsa-3072"
    assert record.request is not None and record.request.key_description == "RSA 3072 bits"


def test_several_certificates_at_once_only_where_the_plan_allows_up_to_its_maximum(
    qtbot, world: World, simulator, messages_recorder
) -> None:
    plan_id = plan(world, simultaneous_order=True, max_simultaneous=3)
    single = plan(world, "Single", certificate_type="3033")
    client_id = client(world, deposit="100")
    wizard = open_wizard(qtbot, world)
    assert wizard.client_page.choose(client_id)
    next_page(wizard)
    wizard.plan_page.choose(single)
    next_page(wizard)
    assert wizard.order_flow.max_quantity() == 1
    wizard.back()
    wizard.plan_page.choose(plan_id)
    next_page(wizard)
    assert wizard.order_flow.max_quantity() == 3
    wizard.period_page.choose(12, 4)
    assert wizard.period_page.error_text().startswith("Maximum number of services: at most 3 services")
    wizard.period_page.choose(12, 3)
    next_page(wizard)
    through_parameters(wizard, "shop.example.com")
    assert wizard.summary_page.line_texts()[0] == ["Order", "12 months", "$20.00"]
    wizard.accept()
    wait_for_tasks(qtbot)

    assert messages_recorder.last("inform").text == "3 of 3 certificates ordered, $60.00 charged."
    assert len(simulator.certificates()) == 3
    assert [kind for kind, _a, _n in ledger(world, client_id)] == ["order"] * 3


def test_a_quick_order_skips_the_parameters_and_waits_for_them(
    qtbot, world: World, simulator, messages_recorder
) -> None:
    plan_id = plan(world, "Quick", quick_order=True)
    client_id = client(world, deposit="100")
    wizard = open_wizard(qtbot, world)
    through_period(wizard, client_id, plan_id)

    assert wizard.flow.current == SUMMARY and PLAN in wizard.flow.history
    assert "quick order" in wizard.summary_page._what.text().lower()
    wizard.accept()
    wait_for_tasks(qtbot)

    assert messages_recorder.last("inform").text == "1 order is waiting for its certificate parameters."
    assert simulator.certificates() == [] and ledger(world, client_id) == []
    assert Decimal("100.00") > 0
