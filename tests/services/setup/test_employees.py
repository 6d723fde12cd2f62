import pytest

from sslbill_desktop.services import departments, employees
from sslbill_desktop.services.errors import Conflict, PermissionDenied, ValidationError
from tests.services.setup.helpers import audit_entries


def test_employee_round_trips_with_departments_and_staff_link(database, admin, sales) -> None:
    support = departments.create_department(database, admin, name={"en": "Support"})
    created = employees.create_employee(
        database,
        admin,
        full_name=" Dana Head ",
        email="dana@shop.example",
        phone="+49 (30) 123-45-67",
        department_ids=[support.id, support.id],
        staff_id=sales.staff_id,
    )
    loaded = employees.get_employee(database, admin, created.id)
    assert (loaded.full_name, loaded.email, loaded.phone) == (
        "Dana Head",
        "dana@shop.example",
        "+49 (30) 123-45-67",
    )
    assert loaded.department_ids == (support.id,)
    assert (loaded.staff_id, loaded.staff_login) == (sales.staff_id, "sam")
    (entry,) = audit_entries(database, "employee", "create")
    assert entry.after["department_ids"] == [support.id]


def test_a_staff_account_links_to_one_employee_only(database, admin, sales) -> None:
    employees.create_employee(database, admin, full_name="Sam", staff_id=sales.staff_id)
    with pytest.raises(ValidationError) as error:
        employees.create_employee(database, admin, full_name="Another Sam", staff_id=sales.staff_id)
    assert error.value.field == "staff_id"
    assert "sam" in error.value.detail
    assert [c.login for c in employees.linkable_staff(database, admin)] == ["admin"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-address"),
        ("phone", "call me"),
        ("phone", "+"),
        ("full_name", "  "),
        ("staff_id", 9999),
        ("department_ids", [4242]),
    ],
)
def test_bad_values_are_refused_naming_the_field(database, admin, field, value) -> None:
    values = {"full_name": "Dana"} | {field: value}
    with pytest.raises(ValidationError) as error:
        employees.create_employee(database, admin, **values)
    assert error.value.field == field
    assert employees.list_employees(database, admin) == []


def test_deleting_the_head_leaves_the_department_without_one(database, admin) -> None:
    head = employees.create_employee(database, admin, full_name="Dana Head")
    support = departments.create_department(
        database, admin, name={"en": "Support"}, show_in_support_center=True, head_employee_id=head.id
    )
    employees.delete_employee(database, admin, head.id, version=head.version)
    after = departments.get_department(database, admin, support.id)
    assert after.head_employee_id is None
    assert after.version > support.version
    (entry,) = audit_entries(database, "employee", "delete")
    assert entry.before["headed_department_ids"] == [support.id]


def test_changing_only_departments_still_refuses_a_stale_edit(database, admin) -> None:
    support = departments.create_department(database, admin, name={"en": "Support"})
    created = employees.create_employee(database, admin, full_name="Dana")
    args = {"full_name": "Dana", "email": "", "phone": "", "staff_id": None}
    employees.update_employee(
        database, admin, created.id, version=created.version, department_ids=[support.id], **args
    )
    with pytest.raises(Conflict):
        employees.update_employee(
            database, admin, created.id, version=created.version, department_ids=[], **args
        )
    assert employees.get_employee(database, admin, created.id).department_ids == (support.id,)


def test_list_is_sorted_by_name(database, admin) -> None:
    for name in ("zoe", "Adam", "Bea"):
        employees.create_employee(database, admin, full_name=name)
    assert [e.full_name for e in employees.list_employees(database, admin)] == ["Adam", "Bea", "zoe"]


def test_sales_may_read_but_not_change(database, admin, sales) -> None:
    created = employees.create_employee(database, admin, full_name="Dana")
    assert employees.list_employees(database, sales)[0].id == created.id
    with pytest.raises(PermissionDenied):
        employees.create_employee(database, sales, full_name="X")
    with pytest.raises(PermissionDenied):
        employees.update_employee(
            database,
            sales,
            created.id,
            version=created.version,
            full_name="X",
            email="",
            phone="",
            department_ids=[],
            staff_id=None,
        )
    with pytest.raises(PermissionDenied):
        employees.delete_employee(database, sales, created.id, version=created.version)
