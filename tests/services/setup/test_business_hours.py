import pytest

from sslbill_desktop.models.infrastructure import BusinessHours
from sslbill_desktop.services import business_hours, departments
from sslbill_desktop.services.business_hours import describe_schedule
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from tests.services.setup.helpers import audit_entries, count

WORKDAY = [["09:00", "13:00"], ["14:00", "18:00"]]
WEEK = {day: WORKDAY for day in ("mon", "tue", "wed", "thu", "fri")} | {"sat": [["10:00", "14:00"]]}


def _create(database, actor, **overrides):
    values = {"name": "Office", "time_zone": "Europe/Berlin", "schedule": WEEK} | overrides
    return business_hours.create_business_hours(database, actor, **values)


def test_business_hours_round_trip_with_every_day_present(database, admin) -> None:
    created = _create(database, admin, schedule={"tue": [["14:00", "18:00"], ["09:00", "13:00"]]})
    loaded = business_hours.get_business_hours(database, admin, created.id)
    assert loaded.time_zone == "Europe/Berlin"
    assert loaded.schedule["tue"] == (("09:00", "13:00"), ("14:00", "18:00"))
    assert loaded.schedule["mon"] == ()
    assert set(loaded.schedule) == {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}


def test_schedule_is_described_in_words_grouping_equal_days(database, admin) -> None:
    created = _create(database, admin)
    assert created.description == "Mon–Fri 09:00–13:00, 14:00–18:00; Sat 10:00–14:00; Sun closed"


def test_schedule_is_described_in_russian_day_names() -> None:
    text = describe_schedule({"mon": [["00:00", "24:00"]]}, "ru")
    assert text.startswith("пн 00:00–24:00; вт–вс ")
    assert describe_schedule({}, "en") == "closed all week"


def test_overlapping_intervals_are_refused_naming_the_day(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        _create(database, admin, schedule={"wed": [["09:00", "13:00"], ["12:30", "18:00"]]})
    assert error.value.field == "schedule.wed"
    assert "09:00–13:00" in error.value.detail and "12:30–18:00" in error.value.detail
    assert count(database, BusinessHours) == 0


def test_touching_intervals_do_not_overlap(database, admin) -> None:
    created = _create(database, admin, schedule={"wed": [["09:00", "12:00"], ["12:00", "18:00"]]})
    assert created.schedule["wed"] == (("09:00", "12:00"), ("12:00", "18:00"))


@pytest.mark.parametrize(
    "interval",
    [
        ["18:00", "09:00"],
        ["09:00", "09:00"],
        ["9:00", "18:00"],
        ["09:60", "18:00"],
        ["24:00", "24:00"],
        ["25:00", "26:00"],
        ["09:00"],
        "09:00-18:00",
        [9, 18],
        ["٠٩:٠٠", "18:00"],
    ],
)
def test_bad_intervals_are_refused_naming_the_day(database, admin, interval) -> None:
    with pytest.raises(ValidationError) as error:
        _create(database, admin, schedule={"fri": [interval]})
    assert error.value.field == "schedule.fri"


def test_unknown_day_is_refused(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        _create(database, admin, schedule={"monday": WORKDAY})
    assert error.value.field == "schedule.monday"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../etc/passwd", "Europe/Berlin\x00"])
def test_invalid_time_zone_is_refused_naming_the_field(database, admin, zone) -> None:
    with pytest.raises(ValidationError) as error:
        _create(database, admin, time_zone=zone)
    assert error.value.field == "time_zone"
    assert count(database, BusinessHours) == 0


def test_time_zone_choices_are_the_iana_names() -> None:
    choices = business_hours.time_zone_choices()
    assert "Europe/Moscow" in choices and "America/New_York" in choices
    assert choices == sorted(choices)


def test_names_are_unique_ignoring_case(database, admin) -> None:
    _create(database, admin, name="Office")
    with pytest.raises(ValidationError) as error:
        _create(database, admin, name="OFFICE")
    assert error.value.field == "name"


def test_list_is_sorted_by_name(database, admin) -> None:
    for name in ("night shift", "Day shift", "Around the clock"):
        _create(database, admin, name=name)
    assert [r.name for r in business_hours.list_business_hours(database, admin)] == [
        "Around the clock",
        "Day shift",
        "night shift",
    ]


def test_update_is_audited_and_stale_version_refused(database, admin) -> None:
    created = _create(database, admin)
    updated = business_hours.update_business_hours(
        database,
        admin,
        created.id,
        version=created.version,
        name="Office",
        time_zone="Asia/Tokyo",
        schedule={"sun": [["10:00", "12:00"]]},
    )
    assert updated.version > created.version
    (entry,) = audit_entries(database, "business_hours", "update")
    assert entry.before["time_zone"] == "Europe/Berlin"
    assert entry.after == {"schedule": {"sun": [["10:00", "12:00"]]}, "time_zone": "Asia/Tokyo"}
    with pytest.raises(Conflict):
        business_hours.update_business_hours(
            database, admin, created.id, version=created.version, name="Stale", time_zone="UTC", schedule={}
        )
    assert business_hours.get_business_hours(database, admin, created.id).name == "Office"


def test_delete_is_refused_while_a_department_uses_them(database, admin) -> None:
    created = _create(database, admin)
    department = departments.create_department(
        database, admin, name={"en": "Support"}, business_hours_id=created.id
    )
    with pytest.raises(UserError, match="1 department"):
        business_hours.delete_business_hours(database, admin, created.id, version=created.version)
    departments.delete_department(database, admin, department.id, version=department.version)
    business_hours.delete_business_hours(database, admin, created.id, version=created.version)
    assert count(database, BusinessHours) == 0


def test_sales_may_read_but_not_change(database, admin, sales) -> None:
    created = _create(database, admin)
    assert business_hours.list_business_hours(database, sales)[0].id == created.id
    with pytest.raises(PermissionDenied):
        _create(database, sales, name="Other")
    with pytest.raises(PermissionDenied):
        business_hours.update_business_hours(
            database, sales, created.id, version=created.version, name="X", time_zone="UTC", schedule={}
        )
    with pytest.raises(PermissionDenied):
        business_hours.delete_business_hours(database, sales, created.id, version=created.version)
