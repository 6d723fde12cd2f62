"""Products → Product types: the SSL certificate type's own settings, edited in a dialog."""

from __future__ import annotations

from sslbill_desktop.services import product_types
from sslbill_desktop.services.billing.terms import WeekendPolicy
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.product_type import ProductTypeDialog
from sslbill_desktop.views.lists.product_types import ProductTypePage
from tests.support.qt_fixtures import wait_for_tasks
from tests.views.tariffs.support import show


def _dialog(qtbot, page: ProductTypePage) -> ProductTypeDialog:  # type: ignore[no-untyped-def]
    (dialog,) = page.findChildren(ProductTypeDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_the_ssl_type_is_listed_and_its_settings_can_be_edited(qtbot, database, admin) -> None:
    page = show(qtbot, ProductTypePage(Workspace(database, admin)))
    (row,) = page.model.loaded_rows()
    assert page.model.data(page.model.index(0, 1)) == "Never"
    assert page.select_key(row.id)
    page.verb("Edit").trigger()
    dialog = _dialog(qtbot, page)
    qtbot.keyClicks(dialog.auto_delete, "14")
    dialog.weekends.set_value(WeekendPolicy.DO_NOT_SUSPEND)
    dialog._save_button.click()
    wait_for_tasks(qtbot)
    (saved,) = product_types.list_product_types(database, admin)
    assert (saved.auto_delete_days, saved.suspend_on_weekends) == (14, WeekendPolicy.DO_NOT_SUSPEND)
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 1)) == "14 days after expiry")


def test_a_blank_name_keeps_save_disabled(qtbot, database, admin) -> None:
    (record,) = product_types.list_product_types(database, admin)
    from sslbill_desktop.views.dialogs.product_type import languages_of

    workspace = Workspace(database, admin)
    dialog = show(qtbot, ProductTypeDialog(workspace, record, languages_of(workspace)))
    dialog.name_edit.input_for("en").clear()
    assert not dialog._save_button.isEnabled()
    assert "Name" in dialog.reason_text()


def test_sales_staff_only_view_it(qtbot, database, sales) -> None:
    page = show(qtbot, ProductTypePage(Workspace(database, sales)))
    (row,) = page.model.loaded_rows()
    assert page.select_key(row.id)
    assert not page.verb("Edit").isEnabled()
    page.verb("View").trigger()
    dialog = _dialog(qtbot, page)
    assert dialog.read_only and dialog.name_edit.input_for("en").isReadOnly()
    assert not dialog.weekends.isEnabled()
