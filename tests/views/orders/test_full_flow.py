"""The whole story in the GUI: a client is created and pays, a certificate is ordered through the
wizard and issued upstream, the activation e-mail arrives rendered from the plan's template, the
order is renewed on time and late (with the fee) and deleted with a refund — ledger to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sslbill_desktop.services import orders, templates
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.order_details import OrderDetailsDialog
from tests.services.orders.support import World, balance, client, ledger, plan, point_smtp_at
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.orders.wizard_steps import open_wizard, through_parameters, through_period


def details(qtbot, world: World, order_id: int, on: date) -> OrderDetailsDialog:
    record = orders.get_order(world.db, world.admin, order_id)
    dialog = OrderDetailsDialog(Workspace(world.db, world.admin), record, on=on)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def confirm_action(qtbot, dialog: OrderDetailsDialog, action: str) -> None:
    dialog.start_action(action)
    action_dialog = dialog.last_dialog
    assert action_dialog is not None and action_dialog.can_confirm(), action_dialog.error_text()
    action_dialog.confirm()
    wait_for_tasks(qtbot)
    assert is_closed(action_dialog)


def test_client_pays_orders_gets_the_certificate_and_mail_renews_late_and_is_refunded(
    qtbot, world: World, simulator, smtp_server, messages_recorder
) -> None:
    point_smtp_at(world, smtp_server)
    activation = templates.create_template(
        world.db,
        world.admin,
        kind="message",
        name="Activation",
        subject={"en": "{domain}: your certificate is ready"},
        body={"en": "Dear {client_name}, your {plan} certificate for {domain} is valid until {expiry_date}."},
    ).id
    plan_id = plan(
        world,
        "RapidSSL",
        late_fee_policy="percent",
        late_fee_percent=Decimal(50),
        activation_template_id=activation,
    )
    client_id = client(world, "Example GmbH", deposit="100.00")

    wizard = open_wizard(qtbot, world)
    through_period(wizard, client_id, plan_id)
    through_parameters(wizard, "bücher.example.com")
    wizard.accept()
    wait_for_tasks(qtbot)
    assert is_closed(wizard)
    (row,) = orders.list_orders(world.db, world.admin).rows
    assert row.domain == "bücher.example.com" and row.upstream_status == "requested"

    simulator.issue_all()
    dialog = details(qtbot, world, row.id, date(2026, 11, 26))
    dialog.sync()
    wait_for_tasks(qtbot)
    assert dialog.record.is_issued
    assert "xn--bcher-kva.example.com" in dialog.certificate_tab.fields.text("names")
    (mail,) = smtp_server.messages
    assert mail["Subject"] == "bücher.example.com: your certificate is ready"
    assert mail["To"] == "example@example.com"
    assert mail.get_content().strip() == (
        "Dear Example GmbH, your RapidSSL certificate for bücher.example.com is valid until "
        "November 26, 2027."
    )

    dialog.on = date(2027, 11, 1)
    confirm_action(qtbot, dialog, "renew")
    assert dialog.record.expires_on == date(2028, 11, 26)
    dialog.on = date(2028, 11, 30)
    dialog.start_action("renew")
    renew = dialog.last_dialog
    assert renew.line_texts() == [
        ["Renewal", "12 months", "$20.00"],
        ["Late fee", "late fee 50% × 5 days × 20.00/366", "$0.14"],
    ]
    renew.confirm()
    wait_for_tasks(qtbot)
    assert dialog.record.expires_on == date(2029, 11, 30)
    dialog.on = date(2029, 5, 30)
    dialog.start_action("delete")
    delete = dialog.last_dialog
    assert delete.line_texts() == [["Refund", "deleted: 184 days unused refunded", "-$10.08"]]
    delete.confirm()
    wait_for_tasks(qtbot)

    assert dialog.record.is_deleted
    assert simulator.certificates() == []
    assert ledger(world, client_id) == [
        ("order", Decimal("20.00"), "12 months"),
        ("renewal", Decimal("20.00"), "12 months"),
        ("renewal", Decimal("20.00"), "12 months"),
        ("late_fee", Decimal("0.14"), "late fee 50% × 5 days × 20.00/366"),
        ("refund", Decimal("-10.08"), "deleted: 184 days unused refunded"),
    ]
    assert balance(world, client_id) == Decimal("49.94")
    assert [m.kind for m in messages_recorder.shown] == ["inform"]
