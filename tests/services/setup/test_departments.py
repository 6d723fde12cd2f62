import pytest

from sslbill_desktop.models.infrastructure import Department
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import departments, employees, localizations, providers
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from tests.services.setup.helpers import audit_entries, count


def _provider(database, admin, name="SSL Shop"):
    return providers.create_provider(
        database,
        admin,
        providers.ProviderInput(name=name, currency="USD", notification_email="n@shop.example"),
    )


def test_department_round_trips_with_its_settings(database, admin) -> None:
    shop = _provider(database, admin)
    head = employees.create_employee(database, admin, full_name="Dana Head")
    created = departments.create_department(
        database,
        admin,
        name={"en": "Technical department", "ru": "Технический отдел"},
        show_in_support_center=True,
        task_language="ru",
        provider_ids=[shop.id],
        head_employee_id=head.id,
        ticket_category_description="Certificates:\n issuance and installation",
        sorting=4,
    )
    loaded = departments.get_department(database, admin, created.id)
    assert loaded.name == {"en": "Technical department", "ru": "Технический отдел"}
    assert loaded.task_language == "ru"
    assert loaded.provider_ids == (shop.id,)
    assert loaded.head_employee_id == head.id
    assert loaded.ticket_category_description == "Certificates:\n issuance and installation"
    assert loaded.sorting == 4
    (entry,) = audit_entries(database, "department", "create")
    assert entry.after["provider_ids"] == [shop.id]


def test_task_language_defaults_to_the_default_localization_and_must_be_a_workspace_one(
    database, admin
) -> None:
    created = departments.create_department(database, admin, name={"en": "Sales"})
    assert created.task_language == "en"
    with pytest.raises(ValidationError) as error:
        departments.create_department(database, admin, name={"en": "Other"}, task_language="de")
    assert error.value.field == "task_language"


def test_department_settings_are_ignored_without_show_in_support_center(database, admin) -> None:
    shop = _provider(database, admin)
    head = employees.create_employee(database, admin, full_name="Dana Head")
    hidden = departments.create_department(
        database,
        admin,
        name={"en": "Back office"},
        show_in_support_center=False,
        provider_ids=[shop.id],
        head_employee_id=head.id,
        ticket_category_description="ignored",
        sorting="not even a number",
    )
    assert hidden.provider_ids == ()
    assert hidden.head_employee_id is None
    assert hidden.ticket_category_description == ""
    assert departments.support_center_departments(database, admin, shop.id) == []


def test_turning_show_in_support_center_off_keeps_but_ignores_the_settings(database, admin) -> None:
    shop = _provider(database, admin)
    head = employees.create_employee(database, admin, full_name="Dana Head")
    shown = departments.create_department(
        database,
        admin,
        name={"en": "Support"},
        show_in_support_center=True,
        provider_ids=[shop.id],
        head_employee_id=head.id,
        ticket_category_description="Help with certificates",
        sorting=2,
    )
    assert [d.id for d in departments.support_center_departments(database, admin, shop.id)] == [shown.id]

    off = departments.update_department(
        database,
        admin,
        shown.id,
        version=shown.version,
        name={"en": "Support"},
        business_hours_id=None,
        show_in_support_center=False,
        task_language="en",
        provider_ids=[],
        head_employee_id=999,
        ticket_category_description="junk that is not stored",
        sorting=-5,
    )
    assert off.provider_ids == (shop.id,)
    assert off.head_employee_id == head.id
    assert off.ticket_category_description == "Help with certificates"
    assert off.sorting == 2
    assert departments.support_center_departments(database, admin, shop.id) == []

    on = departments.update_department(
        database,
        admin,
        off.id,
        version=off.version,
        name={"en": "Support"},
        business_hours_id=None,
        show_in_support_center=True,
        task_language="en",
        provider_ids=off.provider_ids,
        head_employee_id=off.head_employee_id,
        ticket_category_description=off.ticket_category_description,
        sorting=off.sorting,
    )
    assert [d.id for d in departments.support_center_departments(database, admin, shop.id)] == [on.id]


def test_settings_are_checked_when_shown(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        departments.create_department(
            database, admin, name={"en": "Support"}, show_in_support_center=True, head_employee_id=12345
        )
    assert error.value.field == "head_employee_id"
    with pytest.raises(ValidationError) as error:
        departments.create_department(
            database, admin, name={"en": "Support"}, show_in_support_center=True, provider_ids=[777]
        )
    assert error.value.field == "provider_ids"
    with pytest.raises(ValidationError) as error:
        departments.create_department(
            database, admin, name={"en": "Support"}, show_in_support_center=True, sorting=0
        )
    assert error.value.field == "sorting"
    assert count(database, Department) == 0


def test_unknown_business_hours_are_refused(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        departments.create_department(database, admin, name={"en": "Support"}, business_hours_id=41)
    assert error.value.field == "business_hours_id"


def test_support_center_lists_only_the_providers_departments_in_order(database, admin) -> None:
    shop, other = _provider(database, admin), _provider(database, admin, "Other shop")
    for name, sorting, provider_ids in (
        ("b", 2, [shop.id]),
        ("a", 2, [shop.id, other.id]),
        ("z", 1, [shop.id]),
        ("other", 1, [other.id]),
    ):
        departments.create_department(
            database,
            admin,
            name={"en": name},
            show_in_support_center=True,
            provider_ids=provider_ids,
            sorting=sorting,
        )
    listed = departments.support_center_departments(database, admin, shop.id)
    assert [d.title for d in listed] == ["z", "a", "b"]


def test_a_departments_task_language_cannot_be_removed(database, admin) -> None:
    departments.create_department(database, admin, name={"en": "Support"}, task_language="ru")
    with pytest.raises(UserError, match="Support"):
        localizations.remove_localization(database, admin, "ru")


def test_stale_version_is_refused(database, admin) -> None:
    created = departments.create_department(database, admin, name={"en": "Support"})
    args = {"business_hours_id": None, "show_in_support_center": False, "task_language": "en"}
    departments.update_department(
        database, admin, created.id, version=created.version, name={"en": "A"}, **args
    )
    with pytest.raises(Conflict):
        departments.update_department(
            database, admin, created.id, version=created.version, name={"en": "B"}, **args
        )
    assert departments.get_department(database, admin, created.id).title == "A"


def test_changing_only_the_providers_bumps_the_version(database, admin) -> None:
    shop = _provider(database, admin)
    created = departments.create_department(
        database, admin, name={"en": "Support"}, show_in_support_center=True
    )
    args = {
        "name": {"en": "Support"},
        "business_hours_id": None,
        "show_in_support_center": True,
        "task_language": "en",
    }
    departments.update_department(
        database, admin, created.id, version=created.version, provider_ids=[shop.id], **args
    )
    with pytest.raises(Conflict):
        departments.update_department(
            database, admin, created.id, version=created.version, provider_ids=[], **args
        )


def test_delete_is_refused_while_a_processing_module_sends_it_tasks(database, admin) -> None:
    created = departments.create_department(database, admin, name={"en": "Support"})
    with database.uow() as s:
        s.add(
            ProcessingModule(
                name={"en": "m"}, url="https://x.example", username="u", department_id=created.id
            )
        )
    with pytest.raises(UserError, match="processing module"):
        departments.delete_department(database, admin, created.id, version=created.version)


def test_sales_may_read_but_not_change(database, admin, sales) -> None:
    created = departments.create_department(database, admin, name={"en": "Support"})
    assert departments.list_departments(database, sales)[0].id == created.id
    with pytest.raises(PermissionDenied):
        departments.create_department(database, sales, name={"en": "Other"})
    with pytest.raises(PermissionDenied):
        departments.update_department(
            database,
            sales,
            created.id,
            version=created.version,
            name={"en": "X"},
            business_hours_id=None,
            show_in_support_center=False,
            task_language="en",
        )
    with pytest.raises(PermissionDenied):
        departments.delete_department(database, sales, created.id, version=created.version)
