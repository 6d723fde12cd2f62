"""The whole story in the GUI: a client is created in the client dialog and pays through the
payment form, a certificate is ordered through the wizard and issued upstream, the activation e-mail
arrives rendered from the plan's template, the order is renewed on time and late (with the fee) and
deleted with a refund — ledger to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.models.payments import Payment
from sslbill_desktop.services import orders, templates
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.client import ClientDialog
from sslbill_desktop.views.dialogs.money_entry import PaymentDialog
from sslbill_desktop.views.dialogs.order_details import OrderDetailsDialog
from sslbill_desktop.views.lists.clients import ClientsPage
from tests.services.orders.support import TODAY, World, balance, contacts, ledger, plan, point_smtp_at
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.clients.support import make_page, newest, save
from tests.views.orders.wizard_steps import open_wizard, through_parameters, through_period


def create_client_in_dialog(qtbot, page: ClientsPage, world: World) -> int:
    """Clients → Add: the details and every contact typed into the client dialog, then saved."""
    page.verb("Add").trigger()
    dialog = newest(page, ClientDialog)
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog._name_edit, "Example GmbH")
    qtbot.keyClicks(dialog._email_edit, "example@example.com")
    dialog._country_combo.set_value("DE")
    assert dialog._provider_combo.select(world.provider_id)
    given = contacts()
    for role in ("admin", "tech"):
        person = getattr(given, role)
        for name in ("first_name", "last_name", "job_title", "email", "phone"):
            qtbot.keyClicks(dialog._fields[f"contacts.{role}.{name}"][1], getattr(person, name))
    organisation = given.organisation
    for name in ("name", "unit", "state", "locality", "email"):
        qtbot.keyClicks(dialog._fields[f"contacts.organisation.{name}"][1], getattr(organisation, name))
    dialog._org_country_combo.set_value(organisation.country)
    save(qtbot, dialog)
    assert is_closed(dialog), dialog.error_text()
    qtbot.waitUntil(lambda: [r.name for r in page.model.loaded_rows()] == ["Example GmbH"])
    (row,) = page.model.loaded_rows()
    return row.id


def pay_through_the_payment_form(qtbot, page: ClientsPage, client_id: int, amount: str, note: str) -> None:
    """Clients → Record payment…: the amount, the day it was received and a note."""
    assert page.select_key(client_id)
    page.verb("Record payment…").trigger()
    payment = newest(page, PaymentDialog)
    qtbot.waitExposed(payment)
    qtbot.keyClicks(payment._amount_edit, amount)
    payment._date_edit.set_value(TODAY)
    qtbot.keyClicks(payment._note_edit, note)
    save(qtbot, payment)
    assert is_closed(payment), payment.error_text()
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 5)) == "$100.00")


def assert_client_and_payment_stored(world: World, client_id: int) -> None:
    with world.db.uow() as s:
        row = s.get(Client, client_id)
        assert row is not None
        assert (row.name, row.email, row.country, row.language, row.provider_id, row.client_group_id) == (
            "Example GmbH",
            "example@example.com",
            "DE",
            "en",
            world.provider_id,
            None,
        )
        assert row.contacts["admin"]["email"] == "ada@example.com"
        assert row.contacts["tech"]["first_name"] == "Tom"
        assert row.contacts["organisation"]["name"] == "Example GmbH"
        (account,) = s.scalars(select(ClientAccount).where(ClientAccount.client_id == client_id))
        assert (account.currency, account.balance) == ("USD", Decimal("100.00"))
        (entry,) = s.scalars(select(LedgerEntry).where(LedgerEntry.account_id == account.id))
        assert (entry.kind, entry.amount, entry.on_date, entry.note) == (
            "deposit",
            Decimal("-100.00"),
            TODAY,
            "bank transfer 4711",
        )
        payment = s.get(Payment, entry.payment_id)
        assert payment is not None
        assert (payment.account_id, payment.amount, payment.currency, payment.method) == (
            account.id,
            Decimal("100.00"),
            "USD",
            "Bank transfer",
        )


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
    clients_page = make_page(qtbot, ClientsPage, world.db, world.admin)
    client_id = create_client_in_dialog(qtbot, clients_page, world)
    pay_through_the_payment_form(qtbot, clients_page, client_id, "100.00", "bank transfer 4711")
    assert_client_and_payment_stored(world, client_id)

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
