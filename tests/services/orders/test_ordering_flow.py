"""The order wizard's flow without widgets: the steps, and every ordering-policy refusal on the
step where it occurs, naming the rule."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sslbill_desktop.services.ordering import (
    AGREEMENT,
    APPROVER,
    CLIENT,
    CONTACTS,
    CSR,
    DOMAIN,
    PERIOD,
    PLAN,
    SUMMARY,
    OrderFlow,
)
from tests.services.orders.support import TODAY, World, client, contacts, order, plan


def flow_at_plan(world: World, client_id: int) -> OrderFlow:
    flow = OrderFlow(world.db, world.admin, TODAY)
    flow.go_next({"client_id": client_id})
    return flow


def test_the_steps_follow_the_plan_quick_order_skips_the_parameters_and_an_agreement_is_asked(
    world: World,
) -> None:
    from sslbill_desktop.services import templates

    agreement = templates.create_template(
        world.db,
        world.admin,
        kind="document",
        name="Terms",
        subject={"en": "Terms"},
        body={"en": "Be nice, {client_name}."},
    ).id
    normal = plan(world)
    quick = plan(world, "Quick", certificate_type="3033", quick_order=True, agreement_template_id=agreement)
    client_id = client(world, deposit="100.00")

    flow = flow_at_plan(world, client_id)
    assert flow.peek_next({"plan_id": normal}) == PERIOD
    flow.go_next({"plan_id": normal})
    flow.go_next({"period": 12, "quantity": 1})
    assert flow.history == (CLIENT, PLAN, PERIOD, DOMAIN)
    flow.go_next({"common_name": "shop.example.com", "sans": ""})
    flow.go_next({"csr_mode": "generate", "key_algorithm": "rsa-2048", "csr": ""})
    flow.go_next({"contacts": contacts()})
    flow.go_next({"approver_email": "admin@example.com"})
    assert flow.current == SUMMARY

    flow = flow_at_plan(world, client_id)
    flow.go_next({"plan_id": quick})
    assert flow.peek_next({"period": 12, "quantity": 1}) == AGREEMENT
    flow.go_next({"period": 12, "quantity": 1})
    assert flow.agreement_text() == "Terms\n\nBe nice, Example GmbH."
    assert flow.errors({"accepted": False}) == {
        "accepted": "the client must accept the service agreement to order"
    }
    flow.go_next({"accepted": True})
    assert flow.current == SUMMARY and DOMAIN not in flow.history and CSR not in flow.history


@pytest.mark.parametrize(
    ("options", "group", "expected"),
    [
        ({"enabled": False}, None, "Tariff plan disabled: the tariff plan Plan is disabled"),
        (
            {"end_date": TODAY},
            None,
            f"Tariff plan end date: the tariff plan Plan ended on {TODAY.isoformat()}",
        ),
        (
            {"forbidden_groups": "retail"},
            "retail",
            "Forbidden client groups: the client group Retail may not order or change to the tariff plan "
            "Plan",
        ),
        (
            {"allowed_groups": "resellers"},
            "retail",
            "Allowed client groups: the tariff plan Plan is only for the client groups Resellers",
        ),
    ],
)
def test_plan_refusals_appear_on_the_plan_step_naming_the_rule(
    world: World, options, group, expected
) -> None:
    groups = {"retail": world.retail, "resellers": world.resellers}
    for key in ("forbidden_groups", "allowed_groups"):
        if key in options:
            options[key] = (groups[options[key]],)
    plan_id = plan(world, "Plan", **options)
    client_id = client(world, group=groups.get(group) if group else None, deposit="100.00")
    other = plan(world, "Other", certificate_type="3033")

    flow = flow_at_plan(world, client_id)

    assert plan_id not in [p.id for p in flow.plans()] and other in [p.id for p in flow.plans()]
    assert flow.errors({"plan_id": plan_id}) == {"plan_id": expected}


def test_the_per_client_limit_refuses_on_the_plan_step_unless_the_group_ignores_it(
    world: World, simulator
) -> None:
    plan_id = plan(world, "Plan", max_services_per_client=1)
    retail = client(world, "Retail Ltd", group=world.retail, deposit="100.00")
    reseller = client(world, "Reseller Ltd", group=world.resellers, deposit="100.00")
    order(world, retail, plan_id)
    order(world, reseller, plan_id)

    assert flow_at_plan(world, retail).errors({"plan_id": plan_id}) == {
        "plan_id": "Max services per client: the client already has 1 of at most 1 services of the tariff "
        "plan Plan"
    }
    assert flow_at_plan(world, reseller).errors({"plan_id": plan_id}) == {}


@pytest.mark.parametrize(
    ("options", "period", "quantity", "deposit", "expected"),
    [
        (
            {"disable_yearly": True},
            12,
            1,
            "100",
            ("period", "Disable the Yearly period: the yearly period is disabled"),
        ),
        ({}, 36, 1, "100", ("period", "Order period: the tariff plan Plan has no price for 36 months")),
        (
            {},
            12,
            2,
            "100",
            ("quantity", "Simultaneous services order: only one service of the tariff plan Plan"),
        ),
        (
            {"simultaneous_order": True, "max_simultaneous": 2},
            12,
            3,
            "100",
            (
                "quantity",
                "Maximum number of services: at most 2 services of the tariff plan Plan can be ordered",
            ),
        ),
        ({}, 12, 1, "10", ("period", "Balance: the balance 10.00 does not cover 20.00")),
        (
            {"setup_fee": Decimal("5")},
            12,
            1,
            "24",
            ("period", "Balance: the balance 24.00 does not cover 25.00"),
        ),
        (
            {"simultaneous_order": True},
            12,
            2,
            "30",
            ("period", "Balance: the balance 30.00 does not cover 40.00"),
        ),
    ],
)
def test_period_refusals_appear_on_the_period_step_naming_the_rule(
    world: World, options, period, quantity, deposit, expected
) -> None:
    plan_id = plan(world, "Plan", **options)
    client_id = client(world, deposit=deposit)
    flow = flow_at_plan(world, client_id)
    flow.go_next({"plan_id": plan_id})

    field, start = expected
    problems = flow.errors({"period": period, "quantity": quantity})
    assert list(problems) == [field]
    assert problems[field].startswith(start)


def test_extra_names_need_the_plans_san_add_on_on_the_domain_step(world: World) -> None:
    plan_id = plan(world, "Plain", addons=())
    flow = flow_at_plan(world, client(world, deposit="100"))
    flow.go_next({"plan_id": plan_id})
    flow.go_next({"period": 12, "quantity": 1})

    assert flow.errors({"common_name": "example.com", "sans": "www.example.com"}) == {
        "sans": "the tariff plan Plain sells no extra names: order the common name only"
    }
    assert flow.errors({"common_name": "example.com", "sans": "example.com"}) == {}
    assert flow.errors({"common_name": "*.com", "sans": ""})["common_name"].startswith("*.com is not a valid")


def test_the_balance_against_the_whole_order_is_checked_on_the_summary(world: World) -> None:
    plan_id = plan(world)
    flow = flow_at_plan(world, client(world, deposit="25.00"))
    flow.go_next({"plan_id": plan_id})
    flow.go_next({"period": 12, "quantity": 1})
    flow.go_next({"common_name": "example.com", "sans": "www.example.com\nmail.example.com"})
    flow.go_next({"csr_mode": "generate", "key_algorithm": "ec-p256"})
    flow.go_next({"contacts": contacts()})
    flow.go_next({"approver_email": "webmaster@example.com"})

    summary = flow.summary()
    assert not isinstance(summary, type(None))
    assert [(line.kind.value, line.amount) for line in summary.lines] == [
        ("order", Decimal("20.00")),
        ("addon", Decimal("10.00")),
    ]
    assert flow.errors({}) == {"balance": "Balance: the balance 25.00 does not cover 30.00"}


def test_contacts_and_the_approver_are_checked_on_their_steps(world: World) -> None:
    from dataclasses import replace

    plan_id = plan(world)
    flow = flow_at_plan(world, client(world, deposit="100"))
    flow.go_next({"plan_id": plan_id})
    flow.go_next({"period": 12})
    flow.go_next({"common_name": "bücher.example", "sans": ""})
    flow.go_next({"csr_mode": "generate", "key_algorithm": "rsa-3072"})
    broken = replace(contacts(), admin=replace(contacts().admin, email=""))
    assert flow.errors({"contacts": broken}) == {
        "contacts.admin.email": "this field is required for an order"
    }
    flow.go_next({"contacts": flow.prefilled_contacts()})
    assert flow.approver_choices()[0] == "admin@xn--bcher-kva.example"
    assert list(flow.errors({"approver_email": "admin@example.com"})) == ["approver_email"]
    assert flow.current == APPROVER
    assert CONTACTS in flow.history


def test_a_client_without_any_orderable_plan_is_refused_on_the_client_step(world: World) -> None:
    flow = OrderFlow(world.db, world.admin, TODAY)
    client_id = client(world)
    assert flow.errors({"client_id": client_id}) == {
        "client_id": "no tariff plan can be ordered for this client now (provider SSL Shop, group no group)"
    }
    assert flow.errors({"client_id": None}) == {"client_id": "choose the client the certificate is for"}
