"""An order's details: what each tab shows, which actions each role gets, and the action dialogs."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt

from sslbill_desktop.services import order_sync, orders
from sslbill_desktop.services.i18n import format_datetime
from sslbill_desktop.services.order_placing import OrderRequest, place_order
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.order_details import OrderDetailsDialog
from sslbill_desktop.views.dialogs.order_details_tabs import common
from tests.services.orders.support import TODAY, World, balance, client, ledger, order, plan
from tests.support.qt_fixtures import is_closed, wait_for_tasks


def open_details(qtbot, world: World, order_id: int, actor=None, on: date = TODAY) -> OrderDetailsDialog:
    actor = actor or world.admin
    dialog = OrderDetailsDialog(
        Workspace(world.db, actor), orders.get_order(world.db, actor, order_id), on=on
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def issued_order(world: World, simulator, plan_id: int, client_id: int, **kwargs) -> int:
    (placed,) = order(world, client_id, plan_id, **kwargs).orders
    simulator.issue_all()
    order_sync.sync_order(world.db, world.admin, placed.order_id)
    return placed.order_id


def test_the_tabs_show_status_certificate_and_request_data(qtbot, world: World, simulator) -> None:
    order_id = issued_order(
        world, simulator, plan(world), client(world, deposit="100"), sans=("www.shop.example.com",)
    )
    dialog = open_details(qtbot, world, order_id)

    assert dialog.windowTitle() == f"Order {order_id}: shop.example.com"
    status = dialog.status_tab.fields
    assert status.text("status") == "Active"
    assert status.text("certificate").startswith("Issued")
    assert status.text("names") == "shop.example.com, www.shop.example.com"
    assert status.text("balance") == "$75.00"
    certificate = dialog.certificate_tab.fields
    assert certificate.text("issuer") == "CN=sslbill-desktop Simulator CA, O=ispmanager simulator"
    assert certificate.text("names") == "shop.example.com, www.shop.example.com"
    assert certificate.text("fingerprint").count(":") == 31
    request = dialog.request_tab.fields
    assert request.text("key") == "ECDSA P-256" and request.text("subject").startswith("CN=shop.example.com")
    assert "BEGIN CERTIFICATE REQUEST" in dialog.request_tab.text.toPlainText()
    assert request.text("private_key").startswith("ec-p256, made")


def test_sales_staff_get_renew_but_not_delete_or_key_actions(qtbot, world: World, simulator, sales) -> None:
    order_id = issued_order(world, simulator, plan(world), client(world, deposit="100"))
    admin_view = open_details(qtbot, world, order_id)
    sales_view = open_details(qtbot, world, order_id, actor=sales)

    assert {"renew", "change_plan", "add_addon", "reissue", "export_key", "delete_key", "delete"} <= set(
        admin_view.actions_tab.enabled_actions()
    )
    assert admin_view.actions_tab.others_note.isHidden()
    assert sales_view.actions_tab.enabled_actions() == ["renew"]
    assert sales_view.actions_tab.shown_actions() == ["renew", "parameters", "retry"]
    for action in ("change_plan", "add_addon", "cancel_addon", "suspend", "resume", "reissue", "delete"):
        button = sales_view.actions_tab.buttons[action]
        assert button.isHidden() and not button.isEnabled()
    assert not sales_view.actions_tab.others_note.isHidden()


def test_sales_staff_renew_from_the_details_and_are_told_no_for_other_changes(
    qtbot, world: World, simulator, sales, messages_recorder
) -> None:
    client_id = client(world, deposit="100")
    order_id = issued_order(world, simulator, plan(world), client_id)
    dialog = open_details(qtbot, world, order_id, actor=sales, on=date(2027, 11, 1))

    dialog.start_action("change_plan")
    assert messages_recorder.last("warn").text == "Your role (Sales) cannot do this."
    assert dialog.last_dialog is None
    dialog.actions_tab.buttons["renew"].click()
    renew = dialog.last_dialog
    assert renew is not None
    renew.confirm()
    wait_for_tasks(qtbot)

    assert is_closed(renew)
    assert dialog.record.expires_on == date(2028, 11, 26)
    assert ledger(world, client_id) == [
        ("order", Decimal("20.00"), "12 months"),
        ("renewal", Decimal("20.00"), "12 months"),
    ]


def test_the_contacts_are_read_only_for_sales_staff_and_the_service_refuses_them_too(
    qtbot, world: World, simulator, sales, messages_recorder
) -> None:
    order_id = issued_order(world, simulator, plan(world), client(world, deposit="100"))
    admin_view = open_details(qtbot, world, order_id)
    admin_tab = admin_view.contacts_tab
    dialog = open_details(qtbot, world, order_id, actor=sales)
    tab = dialog.contacts_tab

    assert not admin_tab.is_read_only() and not admin_tab.save_button.isHidden()
    assert tab.is_read_only()
    assert tab.save_button.isHidden() and not tab.read_only_note.isHidden()
    assert tab.form.edit("contacts.tech.first_name").isReadOnly()
    assert tab.form.edit("contacts.tech.first_name").text() == "Tom"
    assert tab.read_only_note.text() == "Your role (Sales) can read the contacts but not change them."
    dialog.save_contacts()  # what the hidden button would do: the service says no
    wait_for_tasks(qtbot)
    assert messages_recorder.last("warn").text == (
        "Your role (Sales) does not allow you to manage orders. Ask an administrator."
    )
    assert simulator.certificates()[0].contacts["tech_fname"] == "Tom"


def test_contacts_are_saved_upstream_and_a_missing_one_is_shown_at_its_field(
    qtbot, world: World, simulator, messages_recorder
) -> None:
    order_id = issued_order(world, simulator, plan(world), client(world, deposit="100"))
    dialog = open_details(qtbot, world, order_id)
    form = dialog.contacts_tab.form

    form.edit("contacts.tech.first_name").setText("Tina")
    dialog.save_contacts()
    wait_for_tasks(qtbot)
    assert simulator.certificates()[0].contacts["tech_fname"] == "Tina"
    form.edit("contacts.admin.email").setText("")
    dialog.save_contacts()
    wait_for_tasks(qtbot)
    assert (
        dialog.contacts_tab.error_text()
        == "Administrative contact, E-mail: this field is required for an order"
    )


def test_the_renew_dialog_shows_the_price_and_add_on_and_change_plan_dialogs_book_it(
    qtbot, world: World, simulator
) -> None:
    first = plan(world, "Basic", prices={12: "36.50"})
    second = plan(world, "Premium", prices={12: "73.00"})
    client_id = client(world, deposit="200")
    order_id = issued_order(world, simulator, first, client_id)
    dialog = open_details(qtbot, world, order_id, on=date(2027, 5, 28))

    dialog.start_action("add_addon")
    addon = dialog.last_dialog
    addon.choose("addon1", 2)
    assert addon.line_texts() == [
        ["Add-on", "Extra domain names (SAN) × 2: 182/365 days until 2027-11-26", "$4.99"]
    ]
    addon.confirm()
    wait_for_tasks(qtbot)
    assert is_closed(addon)
    dialog.start_action("change_plan")
    change = dialog.last_dialog
    change.choose(second, 12)
    assert change.line_texts() == [
        ["Tariff change", "Basic → Premium: price difference for 182 days remaining", "$18.20"]
    ]
    change.confirm()
    wait_for_tasks(qtbot)
    assert dialog.record.plan_title == "Premium"
    assert balance(world, client_id) == Decimal("200") - Decimal("36.50") - Decimal("4.99") - Decimal("18.20")


def test_delete_key_asks_first_and_the_key_export_is_written_once(
    qtbot, world: World, simulator, messages_recorder, monkeypatch, tmp_path: Path
) -> None:
    order_id = issued_order(world, simulator, plan(world), client(world, deposit="100"))
    dialog = open_details(qtbot, world, order_id)
    monkeypatch.setattr(common, "choose_save_path", lambda *_args: tmp_path / "shop.key")

    dialog.start_action("export_key")
    wait_for_tasks(qtbot)
    assert (tmp_path / "shop.key").read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert "export_key" not in dialog.actions_tab.enabled_actions()
    messages_recorder.answer(False)
    dialog.start_action("delete_key")
    wait_for_tasks(qtbot)
    assert dialog.record.key is not None and dialog.record.key.has_material
    dialog.start_action("delete_key")
    wait_for_tasks(qtbot)
    assert dialog.record.key is not None and not dialog.record.key.has_material
    assert dialog.request_tab.fields.text("private_key").count("deleted") == 1


def test_a_quick_orders_parameters_are_filled_in_from_its_details(qtbot, world: World, simulator) -> None:
    plan_id = plan(world, "Quick", quick_order=True)
    client_id = client(world, deposit="100")
    result = place_order(world.db, world.admin, OrderRequest(client_id, plan_id, 12, TODAY))
    dialog = open_details(qtbot, world, result.orders[0].order_id)
    assert dialog.actions_tab.enabled_actions() == ["parameters", "delete"]

    dialog.start_action("parameters")
    parameters = dialog.last_dialog
    parameters.enter("quick.example.com")
    parameters.csr.generate("ec-p256")
    parameters._save_button.click()
    wait_for_tasks(qtbot)

    assert is_closed(parameters)
    assert dialog.record.upstream_status == "requested" and dialog.record.domain == "quick.example.com"
    assert ledger(world, client_id) == [("order", Decimal("20.00"), "12 months")]


def test_reissue_from_the_details_sends_a_new_csr(qtbot, world: World, simulator) -> None:
    order_id = issued_order(world, simulator, plan(world), client(world, deposit="100"))
    dialog = open_details(qtbot, world, order_id)
    old_key = dialog.record.key

    dialog.start_action("reissue")
    reissue = dialog.last_dialog
    reissue.csr.generate("ec-p256")
    reissue._save_button.click()
    wait_for_tasks(qtbot)

    assert is_closed(reissue)
    assert dialog.record.upstream_status == "requested"
    assert dialog.record.key is not None and old_key is not None and dialog.record.key.id != old_key.id
    assert replace(dialog.record).id == order_id


def test_the_status_tab_shows_the_last_sync_time_after_a_sync(qtbot, world: World, simulator, sales) -> None:
    (placed,) = order(world, client(world, deposit="100"), plan(world)).orders
    dialog = open_details(qtbot, world, placed.order_id, actor=sales)
    status = dialog.status_tab
    assert status.fields.text("synced") == "never"
    assert status.fields.text("certificate").startswith("Requested")

    simulator.issue_all()
    qtbot.mouseClick(status.sync_button, Qt.MouseButton.LeftButton)
    wait_for_tasks(qtbot)

    synced_at = orders.get_order(world.db, world.admin, placed.order_id).last_sync_at
    assert synced_at is not None
    assert status.fields.text("synced") == format_datetime(synced_at, "short")
    assert status.fields.text("certificate").startswith("Issued")
