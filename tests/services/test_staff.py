import pytest
from sqlalchemy import select

from sslbill_desktop.models.audit import AuditEntry
from sslbill_desktop.models.staff import Staff
from sslbill_desktop.services import staff
from sslbill_desktop.services.auth import Permission, Role, SignInError, authenticate, require
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError


def test_first_admin_is_stored_with_a_hash_not_the_password(database) -> None:
    staff.create_first_admin(database, "Boss", "The Boss", "s3cret-pass")
    with database.uow() as s:
        row = s.scalar(select(Staff))
        assert row.login == "boss"
        assert row.role == "admin"
        assert "s3cret-pass" not in row.password_hash
    assert authenticate(database, "BOSS", "s3cret-pass").role is Role.ADMIN


def test_first_admin_only_once(database, admin) -> None:
    with pytest.raises(UserError):
        staff.create_first_admin(database, "second", "", "another-pass")


def test_wrong_password_and_unknown_login_get_the_same_message(database, admin) -> None:
    with pytest.raises(SignInError) as wrong:
        authenticate(database, "admin", "nope-nope")
    with pytest.raises(SignInError) as unknown:
        authenticate(database, "nobody", "nope-nope")
    assert str(wrong.value) == str(unknown.value)


def test_disabled_account_cannot_sign_in(database, admin, sales) -> None:
    record = next(r for r in staff.list_staff(database, admin) if r.login == "sam")
    staff.set_disabled(database, admin, record.id, version=record.version, disabled=True)
    with pytest.raises(SignInError, match="disabled"):
        authenticate(database, "sam", "sales-password")


def test_sales_cannot_manage_staff_in_the_service(database, admin, sales) -> None:
    with pytest.raises(PermissionDenied):
        staff.list_staff(database, sales)
    with pytest.raises(PermissionDenied):
        staff.create_staff(database, sales, login="x2", full_name="", role="admin", password="whatever-1")
    with pytest.raises(PermissionDenied):
        require(sales, Permission.CHANGE_CONFIGURATION)
    require(sales, Permission.PLACE_ORDERS)


def test_stale_edit_is_refused_and_nothing_is_overwritten(database, admin, sales) -> None:
    loaded_by_one = staff.get_staff(database, admin, sales.staff_id)
    loaded_by_two = staff.get_staff(database, admin, sales.staff_id)
    staff.update_staff(
        database,
        admin,
        sales.staff_id,
        version=loaded_by_one.version,
        full_name="First Writer",
        email="",
        role="sales",
    )
    with pytest.raises(Conflict):
        staff.update_staff(
            database,
            admin,
            sales.staff_id,
            version=loaded_by_two.version,
            full_name="Second Writer",
            email="",
            role="admin",
        )
    after = staff.get_staff(database, admin, sales.staff_id)
    assert after.full_name == "First Writer"
    assert after.role is Role.SALES


def test_changes_are_audited_with_before_and_after(database, admin, sales) -> None:
    record = staff.get_staff(database, admin, sales.staff_id)
    staff.update_staff(
        database,
        admin,
        record.id,
        version=record.version,
        full_name="Sam S.",
        email="sam@example.com",
        role="admin",
    )
    with database.uow() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "update")).one()
        assert entry.staff_login == "admin"
        assert entry.before == {"email": "", "full_name": "Sam Sales", "role": "sales"}
        assert entry.after == {"email": "sam@example.com", "full_name": "Sam S.", "role": "admin"}


def test_reset_password_is_audited_without_the_password(database, admin, sales) -> None:
    record = staff.get_staff(database, admin, sales.staff_id)
    staff.reset_password(database, admin, record.id, version=record.version, password="brand-new-pass")
    assert authenticate(database, "sam", "brand-new-pass").login == "sam"
    with database.uow() as s:
        texts = [repr((e.before, e.after, e.summary)) for e in s.scalars(select(AuditEntry))]
    assert not any("brand-new-pass" in t for t in texts)


def test_the_last_admin_cannot_be_demoted_or_disabled(database, admin) -> None:
    record = staff.get_staff(database, admin, admin.staff_id)
    with pytest.raises(ValidationError):
        staff.update_staff(
            database, admin, record.id, version=record.version, full_name="", email="", role="sales"
        )
    with pytest.raises(UserError):
        staff.set_disabled(database, admin, record.id, version=record.version, disabled=True)


@pytest.mark.parametrize(
    ("login", "password", "field"),
    [("", "long-enough", "login"), ("bad login", "long-enough", "login"), ("good", "short", "password")],
)
def test_bad_input_names_the_field(database, admin, login, password, field) -> None:
    with pytest.raises(ValidationError) as error:
        staff.create_staff(database, admin, login=login, full_name="", role="sales", password=password)
    assert error.value.field == field


def test_taken_login_is_refused(database, admin) -> None:
    with pytest.raises(ValidationError, match="taken"):
        staff.create_staff(database, admin, login="ADMIN", full_name="", role="sales", password="long-enough")
