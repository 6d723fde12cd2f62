"""Data centers, departments, business hours and employees: lists and dialogs with real widgets."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from sslbill_desktop.services import business_hours, data_centers, departments, employees
from sslbill_desktop.services.errors import PermissionDenied
from sslbill_desktop.views.context import Workspace
from sslbill_desktop.views.dialogs.business_hours import BusinessHoursDialog
from sslbill_desktop.views.dialogs.data_center import DataCenterDialog
from sslbill_desktop.views.dialogs.department import DepartmentDialog
from sslbill_desktop.views.dialogs.employee import EmployeeDialog
from sslbill_desktop.views.lists.business_hours import BusinessHoursPage
from sslbill_desktop.views.lists.data_centers import DataCenterPage
from sslbill_desktop.views.lists.departments import DepartmentPage
from sslbill_desktop.views.lists.employees import EmployeePage
from tests.services.processing.support import create_module, make_provider
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.setup_infra.support import make_page, newest, show


def open_dialog(qtbot, page, verb: str, dialog_class, key=None):
    if key is not None:
        assert page.select_key(key)
    page.verb(verb).trigger()
    dialog = newest(page, dialog_class)
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot, dialog) -> None:
    dialog.save_button.click()
    wait_for_tasks(qtbot)


# --- data centers ---------------------------------------------------------------------------


def test_adding_a_data_center_from_the_list(qtbot, database, admin) -> None:
    page = make_page(qtbot, DataCenterPage, database, admin)
    dialog = open_dialog(qtbot, page, "Add", DataCenterDialog)
    assert not dialog.save_button.isEnabled()
    assert dialog.reason_text() == "Name: this field is required in English (the default localization)"
    qtbot.keyClicks(dialog._name_edit.input_for("en"), "Frankfurt")
    dialog._name_edit.input_for("ru").setText("Франкфурт")  # keyClicks aborts on non-Latin keys
    assert dialog._external_id_edit.text() == "" and dialog._sorting_spin.value() == 1
    save(qtbot, dialog)
    assert is_closed(dialog)
    (row,) = page.model.loaded_rows()
    assert row.name == {"en": "Frankfurt", "ru": "Франкфурт"} and row.sorting == 1
    assert page.selected_rows() == [row]


def test_escape_in_a_dialog_asks_before_discarding_typed_data(
    qtbot, database, admin, messages_recorder
) -> None:
    page = make_page(qtbot, DataCenterPage, database, admin)
    dialog = open_dialog(qtbot, page, "Add", DataCenterDialog)
    qtbot.keyClicks(dialog._name_edit.input_for("en"), "Half")
    messages_recorder.answer(False)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert messages_recorder.last("confirm").text == "Discard the changes you typed?"
    assert dialog.isVisible()
    messages_recorder.answer(True)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert is_closed(dialog)


def test_a_stale_data_center_edit_gets_the_conflict_message(
    qtbot, database, admin, messages_recorder
) -> None:
    record = data_centers.create_data_center(database, admin, name={"en": "Paris"})
    first_page = make_page(qtbot, DataCenterPage, database, admin)
    second_page = make_page(qtbot, DataCenterPage, database, admin)
    first = open_dialog(qtbot, first_page, "Edit", DataCenterDialog, record.id)
    second = open_dialog(qtbot, second_page, "Edit", DataCenterDialog, record.id)
    first._name_edit.input_for("en").setText("Paris North")
    save(qtbot, first)
    assert is_closed(first)
    second._name_edit.input_for("en").setText("Paris South")
    save(qtbot, second)
    assert second.isVisible()
    shown = messages_recorder.last("warn")
    assert shown.title == "Changed elsewhere"
    assert shown.text.startswith("Someone else changed this record after you opened it.")
    assert data_centers.get_data_center(database, admin, record.id).title == "Paris North"


def test_deleting_a_data_center_used_by_a_module_is_refused(
    qtbot, database, admin, simulator, messages_recorder
) -> None:
    module = create_module(database, admin, simulator.url, "reseller", "reseller-pass")
    page = make_page(qtbot, DataCenterPage, database, admin)
    page.select_key(module.data_center_id)
    page.verb("Delete").trigger()
    wait_for_tasks(qtbot)
    assert messages_recorder.last("error").text == (
        "The data center Frankfurt cannot be deleted while it is used by 1 processing module."
    )
    assert len(page.model.loaded_rows()) == 1


# --- departments ----------------------------------------------------------------------------


def test_department_settings_are_disabled_until_show_in_support_center_is_checked(
    qtbot, database, admin
) -> None:
    provider_id = make_provider(database, admin)
    head = employees.create_employee(database, admin, full_name="Dana Head")
    page = make_page(qtbot, DepartmentPage, database, admin)
    dialog = open_dialog(qtbot, page, "Add", DepartmentDialog)
    settings = (dialog._providers_list, dialog._head_combo, dialog._description_edit, dialog._sorting_spin)
    assert not dialog.settings_enabled
    assert not any(widget.isEnabled() for widget in settings)
    qtbot.keyClicks(dialog._name_edit.input_for("en"), "Support")
    dialog._support_check.setChecked(True)
    assert dialog.settings_enabled and all(widget.isEnabled() for widget in settings)
    dialog._providers_list.set_checked([provider_id])
    dialog._head_combo.select(head.id)
    qtbot.keyClicks(dialog._description_edit, "Questions about certificates")
    dialog._support_check.setChecked(False)
    assert not any(widget.isEnabled() for widget in settings)
    dialog._support_check.setChecked(True)
    save(qtbot, dialog)
    assert is_closed(dialog)
    (record,) = departments.list_departments(database, admin)
    assert record.show_in_support_center and record.provider_ids == (provider_id,)
    assert record.head_employee_id == head.id
    assert record.ticket_category_description == "Questions about certificates"


def test_a_department_with_business_hours_and_a_task_localization(qtbot, database, admin) -> None:
    hours = business_hours.create_business_hours(
        database, admin, name="Office", time_zone="Europe/Berlin", schedule={"mon": [["09:00", "17:00"]]}
    )
    page = make_page(qtbot, DepartmentPage, database, admin)
    dialog = open_dialog(qtbot, page, "Add", DepartmentDialog)
    qtbot.keyClicks(dialog._name_edit.input_for("en"), "Billing")
    dialog._hours_combo.select(hours.id)
    dialog._language_combo.setCurrentIndex(dialog._language_combo.findData("ru"))
    save(qtbot, dialog)
    (record,) = departments.list_departments(database, admin)
    assert (record.business_hours_id, record.task_language, record.show_in_support_center) == (
        hours.id,
        "ru",
        False,
    )
    (row,) = page.model.loaded_rows()
    assert page.model.data(page.model.index(0, 1)) == "Office"
    assert row.id == record.id


# --- business hours -------------------------------------------------------------------------


def test_a_weekly_schedule_with_several_intervals_a_day(qtbot, database, admin) -> None:
    page = make_page(qtbot, BusinessHoursPage, database, admin)
    dialog = open_dialog(qtbot, page, "Add", BusinessHoursDialog)
    schedule = dialog.schedule_edit
    assert schedule.value() == {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
    qtbot.keyClicks(dialog._name_edit, "Split shift")
    monday = schedule.intervals("mon")[0]
    monday.end_edit.setText("13:00")
    second = schedule.add_interval("mon")
    qtbot.keyClicks(second.start_edit, "14")
    second.start_edit.editingFinished.emit()
    qtbot.keyClicks(second.end_edit, "1830")
    second.end_edit.editingFinished.emit()
    assert second.value() == ("14:00", "18:30")
    schedule.copy_monday_to_working_days()
    schedule.add_interval("sat", "10:00", "12:00")
    dialog._zone_combo.setEditText("Europe/Moscow")
    save(qtbot, dialog)
    assert is_closed(dialog)
    (record,) = business_hours.list_business_hours(database, admin)
    assert record.time_zone == "Europe/Moscow"
    assert record.schedule["fri"] == (("09:00", "13:00"), ("14:00", "18:30"))
    assert record.schedule["sat"] == (("10:00", "12:00"),) and record.schedule["sun"] == ()
    assert record.description == "Mon–Fri 09:00–13:00, 14:00–18:30; Sat 10:00–12:00; Sun closed"


def test_overlapping_intervals_are_named_with_their_day(qtbot, database, admin) -> None:
    page = make_page(qtbot, BusinessHoursPage, database, admin)
    dialog = open_dialog(qtbot, page, "Add", BusinessHoursDialog)
    qtbot.keyClicks(dialog._name_edit, "Broken")
    dialog.schedule_edit.add_interval("tue", "17:00", "19:00")
    assert not dialog.save_button.isEnabled()
    assert dialog.reason_text() == "Schedule, Tuesday: the intervals 09:00–18:00 and 17:00–19:00 overlap"
    dialog._zone_combo.setEditText("Mars/Olympus")
    dialog.schedule_edit.remove_interval("tue", dialog.schedule_edit.intervals("tue")[1])
    assert dialog.reason_text() == "Time zone: not a time zone of the IANA database: Mars/Olympus"


# --- employees ------------------------------------------------------------------------------


def test_an_employee_with_departments_and_a_staff_account(qtbot, database, admin, sales) -> None:
    support = departments.create_department(database, admin, name={"en": "Support"})
    page = make_page(qtbot, EmployeePage, database, admin)
    dialog = open_dialog(qtbot, page, "Add", EmployeeDialog)
    qtbot.keyClicks(dialog._name_edit, "Sam Sales")
    qtbot.keyClicks(dialog._phone_edit, "phone?")
    assert dialog.reason_text().startswith("Phone: not a phone number")
    dialog._phone_edit.setText("+49 30 1234567")
    dialog._departments_list.set_checked([support.id])
    dialog._staff_combo.select(sales.staff_id)
    save(qtbot, dialog)
    (record,) = employees.list_employees(database, admin)
    assert record.department_ids == (support.id,) and record.staff_login == "sam"
    assert page.model.data(page.model.index(0, 3)) == "Support"


# --- sales staff ----------------------------------------------------------------------------


def test_a_sales_user_sees_every_set_up_page_and_dialog_read_only(qtbot, database, admin, sales) -> None:
    center = data_centers.create_data_center(database, admin, name={"en": "Oslo"})
    hours = business_hours.create_business_hours(database, admin, name="Office", time_zone="UTC", schedule={})
    department = departments.create_department(database, admin, name={"en": "Support"})
    employee = employees.create_employee(database, admin, full_name="Eve")
    for page_class, dialog_class, key in (
        (DataCenterPage, DataCenterDialog, center.id),
        (BusinessHoursPage, BusinessHoursDialog, hours.id),
        (DepartmentPage, DepartmentDialog, department.id),
        (EmployeePage, EmployeeDialog, employee.id),
    ):
        page = make_page(qtbot, page_class, database, sales)
        for verb in ("Add", "Edit", "Delete"):
            assert not page.verb(verb).isEnabled()
        dialog = open_dialog(qtbot, page, "View", dialog_class, key)
        assert dialog.read_only and not dialog.save_button.isVisible()
        assert dialog.reason_text() == "Your role (Sales) can look at this record but not change it."


def test_the_services_refuse_every_change_from_sales(database, admin, sales) -> None:
    center = data_centers.create_data_center(database, admin, name={"en": "Oslo"})
    hours = business_hours.create_business_hours(database, admin, name="Office", time_zone="UTC", schedule={})
    department = departments.create_department(database, admin, name={"en": "Support"})
    employee = employees.create_employee(database, admin, full_name="Eve")
    attempts = (
        lambda: data_centers.create_data_center(database, sales, name={"en": "X"}),
        lambda: data_centers.update_data_center(
            database, sales, center.id, version=center.version, name={"en": "X"}, external_id="", sorting=1
        ),
        lambda: data_centers.delete_data_center(database, sales, center.id, version=center.version),
        lambda: business_hours.create_business_hours(database, sales, name="X", time_zone="UTC", schedule={}),
        lambda: business_hours.update_business_hours(
            database, sales, hours.id, version=hours.version, name="X", time_zone="UTC", schedule={}
        ),
        lambda: business_hours.delete_business_hours(database, sales, hours.id, version=hours.version),
        lambda: departments.create_department(database, sales, name={"en": "X"}),
        lambda: departments.update_department(
            database,
            sales,
            department.id,
            version=department.version,
            name={"en": "X"},
            business_hours_id=None,
            show_in_support_center=False,
            task_language="en",
        ),
        lambda: departments.delete_department(database, sales, department.id, version=department.version),
        lambda: employees.create_employee(database, sales, full_name="X"),
        lambda: employees.update_employee(
            database,
            sales,
            employee.id,
            version=employee.version,
            full_name="X",
            email="",
            phone="",
            department_ids=(),
            staff_id=None,
        ),
        lambda: employees.delete_employee(database, sales, employee.id, version=employee.version),
    )
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()


def test_a_refused_save_from_a_read_only_dialog_never_reaches_the_database(qtbot, database, sales) -> None:
    dialog = show(qtbot, DataCenterDialog(Workspace(database, sales)))
    dialog._save()  # even if Save were somehow pressed, the service refuses
    wait_for_tasks(qtbot)
    assert data_centers.list_data_centers(database, sales) == []


def test_the_pages_are_plugged_into_the_navigation(qtbot, admin_window) -> None:
    from sslbill_desktop.views.lists.processing_modules import ProcessingModulePage

    for key, page_class in (
        ("processing_modules", ProcessingModulePage),
        ("data_centers", DataCenterPage),
        ("departments", DepartmentPage),
        ("business_hours", BusinessHoursPage),
        ("employees", EmployeePage),
    ):
        admin_window.navigation.select(key)
        assert admin_window.findChildren(page_class), key
