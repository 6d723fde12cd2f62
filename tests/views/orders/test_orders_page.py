"""Orders → SSL certificates, the reissue planner and the upstream journal in the main window."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer

from sslbill_desktop.services.demo_data import generate
from sslbill_desktop.services.demo_orders import seed_demo_orders
from sslbill_desktop.views.dialogs.order_details import OrderDetailsDialog
from sslbill_desktop.views.lists.orders import SYNC_INTERVAL_MS, OrdersPage
from sslbill_desktop.views.wizards.order import OrderWizard

ON = date(2026, 11, 26)


def orders_page(window) -> OrdersPage:
    window.navigation.select("ssl_certificates")
    page = window.page("ssl_certificates")
    assert isinstance(page, OrdersPage)
    return page


def test_the_list_pages_through_many_orders_sorts_by_header_and_filters_by_status(
    qtbot, database, admin, admin_window
) -> None:
    generate(database, 450, seed=11, on=ON)
    page = orders_page(admin_window)
    model = page.model
    assert model.rowCount() == 200 and model.total == 450
    while model.canFetchMore():
        model.fetchMore()
    ids = [r.id for r in model.loaded_rows()]
    assert len(ids) == len(set(ids)) == 450
    expiries = [r.expires_on for r in model.loaded_rows() if r.expires_on]
    assert expiries == sorted(expiries)

    page.table.horizontalHeader().sectionClicked.emit(1)  # Domain
    domains = [r.domain for r in model.loaded_rows()]
    assert domains == sorted(domains)
    page.table.horizontalHeader().sectionClicked.emit(1)  # again: descending
    descending = [r.domain for r in model.loaded_rows()]
    assert descending == sorted(descending, reverse=True) and descending[0] >= domains[-1]
    assert page.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.DescendingOrder

    page.set_status_filter("suspended")
    assert model.rowCount() > 0 and all(r.status == "suspended" for r in model.loaded_rows())
    page.filter_edit.setText("no-such-domain")
    page._apply_filter()
    assert model.rowCount() == 0


def test_details_open_from_the_list_and_order_certificate_opens_the_wizard(
    qtbot, database, admin, admin_window
) -> None:
    seed_demo_orders(database, ON)
    page = orders_page(admin_window)
    first = page.model.loaded_rows()[0]
    assert page.select_key(first.id)
    page.verb("Details…").trigger()
    dialog = page.findChildren(OrderDetailsDialog)[-1]
    assert dialog.record.id == first.id
    dialog.reject()
    page.verb("Order certificate…").trigger()
    wizard = page.findChildren(OrderWizard)[-1]
    assert len(wizard.client_page.client_names()) == 6
    wizard.reject()


def background_sync_timer(page: OrdersPage) -> QTimer:
    (timer,) = [t for t in page.findChildren(QTimer) if t.interval() == SYNC_INTERVAL_MS]
    return timer


def test_the_background_sync_timer_brings_issued_certificates_into_the_list(
    qtbot, world, simulator, sales, sales_window, messages_recorder
) -> None:
    from tests.services.orders.support import client, order, plan
    from tests.support.qt_fixtures import wait_for_tasks

    (placed,) = order(world, client(world, deposit="100.00"), plan(world)).orders
    page = orders_page(sales_window)
    (row,) = page.model.loaded_rows()
    assert row.upstream_status == "requested"
    timer = background_sync_timer(page)
    assert timer.isActive()

    simulator.issue_all()
    timer.timeout.emit()  # what the timer does every few minutes
    wait_for_tasks(qtbot)

    qtbot.waitUntil(lambda: page.model.loaded_rows()[0].upstream_status == "issued")
    assert page.model.loaded_rows()[0].id == placed.order_id
    assert messages_recorder.shown == []


def test_the_background_sync_keeps_quiet_when_the_upstream_fails(
    qtbot, world, simulator, admin_window, messages_recorder
) -> None:
    from tests.services.orders.support import client, order, plan
    from tests.support.qt_fixtures import wait_for_tasks

    order(world, client(world, deposit="100.00"), plan(world))
    page = orders_page(admin_window)
    simulator.set_fault("http_500", funcs=["certificate"], times=None)
    listed = simulator.requests("certificate")

    background_sync_timer(page).timeout.emit()
    wait_for_tasks(qtbot)

    assert simulator.requests("certificate") > listed  # the sync did ask
    assert page.model.loaded_rows()[0].upstream_status == "requested"
    assert messages_recorder.shown == []
    page.verb("Sync status").trigger()  # on demand, the same failure is shown
    wait_for_tasks(qtbot)
    assert "answered with HTTP error 500" in messages_recorder.last("error").text


def test_sales_staff_may_order_and_renew_but_the_delete_verb_is_disabled(
    qtbot, database, sales, sales_window
) -> None:
    seed_demo_orders(database, ON)
    page = orders_page(sales_window)
    active = next(r for r in page.model.loaded_rows() if r.status == "active")
    assert page.select_key(active.id)
    assert page.verb("Order certificate…").isEnabled()
    assert page.verb("Renew…").isEnabled()
    assert not page.verb("Delete…").isEnabled()
    assert "upstream_journal" not in sales_window.navigation.page_keys()
    assert "Run daily processing…" not in [a.text() for a in page.actions()]


def test_the_reissue_planner_and_the_journal_show_their_rows(qtbot, database, admin, admin_window) -> None:
    seed_demo_orders(database, ON)
    admin_window.navigation.select("reissue_planner")
    planner = admin_window.page("reissue_planner")
    domains = [r.domain for r in planner.model.loaded_rows()]
    assert "www.lotus-travel.example" in domains
    assert planner.verb("Reissue…") is not None
    admin_window.navigation.select("upstream_journal")
    journal_page = admin_window.page("upstream_journal")
    assert journal_page.model.total == 0
    assert journal_page.verb("Reconcile all").isEnabled()


def test_the_journal_retries_an_unknown_purchase_and_the_order_is_then_charged(
    qtbot, world, simulator, admin_window, messages_recorder
) -> None:
    from tests.services.orders.support import balance, client, order, plan
    from tests.support.qt_fixtures import wait_for_tasks

    plan_id = plan(world)
    client_id = client(world, deposit="100.00")
    simulator.set_fault("reset", funcs=["certificate.order.param"], times=None)
    (placed,) = order(world, client_id, plan_id).orders
    assert placed.outcome == "sending" and balance(world, client_id) == 100
    simulator.clear_faults()

    admin_window.navigation.select("upstream_journal")
    page = admin_window.page("upstream_journal")
    (row,) = page.model.loaded_rows()
    assert row.state == "unknown" and row.subject_id == placed.order_id
    assert page.select_key(row.reference)
    page.verb("Retry").trigger()
    wait_for_tasks(qtbot)

    assert messages_recorder.last("inform").text.startswith("The entry is now Done.")
    assert page.model.loaded_rows()[0].state == "done"
    assert balance(world, client_id) == 80
    assert len(simulator.certificates()) == 1


def test_sales_staff_see_the_reissue_plan_without_a_reissue_verb(qtbot, database, sales_window) -> None:
    seed_demo_orders(database, ON)
    sales_window.navigation.select("reissue_planner")
    planner = sales_window.page("reissue_planner")
    assert "www.lotus-travel.example" in [r.domain for r in planner.model.loaded_rows()]
    assert "Reissue…" not in [a.text() for a in planner.actions()]
    assert planner.verb("Details…") is not None
