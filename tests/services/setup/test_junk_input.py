"""Random junk in every text and number field of the set-up services never saves anything invalid:
either a `ValidationError` naming that field (and nothing written), or a record that saves again
unchanged (so what was stored is valid)."""

import itertools
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sslbill_desktop.services import (
    business_hours,
    client_groups,
    data_centers,
    departments,
    employees,
    localizations,
    providers,
    templates,
)
from sslbill_desktop.services.errors import ValidationError
from tests.services.setup import images
from tests.services.setup.helpers import table_counts

SETTINGS = settings(
    max_examples=75,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\n",
        "\t",
        "\u200b",
        "{",
        "}",
        "{x}",
        "{client_name}",
        "ü" * 201,
        "x" * 5000,
        "https://",
        "http://[",
        "a@b.c",
        "a@b",
        "USD",
        "usd",
        "DE",
        "Europe/Berlin",
        "09:00",
        "24:00",
        "0",
        "-1",
        "1e3",
        "99999999999999999999",
        "١٢",
        "NaN",
        "en",
        "ru",
    ]
)
TEXT = st.one_of(st.text(max_size=40), st.text(min_size=150, max_size=400), NASTY)
SCALAR = st.one_of(TEXT, st.integers(), st.floats(), st.booleans(), st.none(), st.binary(max_size=30))
LOCALIZED = st.one_of(
    SCALAR,
    st.dictionaries(
        st.one_of(st.sampled_from(["en", "ru", "de", "", "EN"]), st.text(max_size=4)), SCALAR, max_size=3
    ),
    st.fixed_dictionaries({"en": SCALAR}),
)
IDS = st.one_of(
    SCALAR, st.integers(min_value=-3, max_value=2**70), st.lists(st.one_of(SCALAR, st.integers()), max_size=3)
)
SCHEDULE = st.one_of(
    SCALAR,
    st.dictionaries(
        st.one_of(st.sampled_from(business_hours.DAYS), st.text(max_size=4)),
        st.one_of(
            SCALAR, st.lists(st.one_of(SCALAR, st.lists(st.one_of(SCALAR, NASTY), max_size=3)), max_size=3)
        ),
        max_size=3,
    ),
)
_names = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix} {next(_names)}"


def _attempt(database, field, call, save_again) -> None:
    before = table_counts(database)
    try:
        record = call()
    except ValidationError as exc:
        assert exc.field == field or exc.field.startswith(field + "."), (exc.field, field)
        assert table_counts(database) == before
        return
    saved_again = save_again(record)
    assert replace(saved_again, version=record.version) == record


@SETTINGS
@given(field=st.sampled_from(["name", "external_id", "sorting"]), data=st.data())
def test_data_center_junk(database, admin, field, data) -> None:
    values = {"name": {"en": _unique("DC")}, "external_id": "", "sorting": 1}
    values[field] = data.draw(LOCALIZED if field == "name" else SCALAR)

    def again(r):
        return data_centers.update_data_center(
            database,
            admin,
            r.id,
            version=r.version,
            name=r.name,
            external_id=r.external_id,
            sorting=r.sorting,
        )

    _attempt(database, field, lambda: data_centers.create_data_center(database, admin, **values), again)


@SETTINGS
@given(field=st.sampled_from(["name", "time_zone", "schedule"]), data=st.data())
def test_business_hours_junk(database, admin, field, data) -> None:
    values = {"name": _unique("Hours"), "time_zone": "UTC", "schedule": {}}
    values[field] = data.draw(SCHEDULE if field == "schedule" else SCALAR)

    def again(r):
        return business_hours.update_business_hours(
            database, admin, r.id, version=r.version, name=r.name, time_zone=r.time_zone, schedule=r.schedule
        )

    _attempt(database, field, lambda: business_hours.create_business_hours(database, admin, **values), again)


@SETTINGS
@given(
    field=st.sampled_from(
        [
            "name",
            "task_language",
            "business_hours_id",
            "provider_ids",
            "head_employee_id",
            "ticket_category_description",
            "sorting",
        ]
    ),
    data=st.data(),
)
def test_department_junk(database, admin, field, data) -> None:
    values = {"name": {"en": _unique("Dept")}, "show_in_support_center": True, "task_language": "en"}
    values[field] = data.draw(LOCALIZED if field == "name" else IDS if field.endswith("ids") else SCALAR)

    def update(r):
        return departments.update_department(
            database,
            admin,
            r.id,
            version=r.version,
            name=r.name,
            business_hours_id=r.business_hours_id,
            show_in_support_center=r.show_in_support_center,
            task_language=r.task_language,
            provider_ids=r.provider_ids,
            head_employee_id=r.head_employee_id,
            ticket_category_description=r.ticket_category_description,
            sorting=r.sorting,
        )

    _attempt(database, field, lambda: departments.create_department(database, admin, **values), update)


@SETTINGS
@given(field=st.sampled_from(["full_name", "email", "phone", "staff_id", "department_ids"]), data=st.data())
def test_employee_junk(database, admin, field, data) -> None:
    values = {"full_name": _unique("Employee")}
    values[field] = data.draw(IDS if field.endswith("ids") else SCALAR)

    def update(r):
        return employees.update_employee(
            database,
            admin,
            r.id,
            version=r.version,
            full_name=r.full_name,
            email=r.email,
            phone=r.phone,
            department_ids=r.department_ids,
            staff_id=None,
        )

    _attempt(database, field, lambda: employees.create_employee(database, admin, **values), update)


PROVIDER_FIELDS = [
    "name",
    "notification_email",
    "support_email",
    "website_url",
    "billing_url",
    "help_url",
    "currency",
    "default_country",
    "code_entry_attempts",
    "code_retrieval_attempts",
    "icon",
]


@SETTINGS
@given(field=st.sampled_from(PROVIDER_FIELDS), data=st.data())
def test_provider_junk(database, admin, field, data) -> None:
    strategy = st.one_of(SCALAR, st.sampled_from([images.png(16, 16), images.png(17, 3), images.ico(0)]))
    values = providers.ProviderInput(
        name=_unique("Provider"),
        currency="USD",
        notification_email="n@shop.example",
        phone_auth=True,
        code_entry_attempts=3,
        code_retrieval_attempts=3,
    )
    values = replace(values, **{field: data.draw(strategy)})

    def again(r):
        return providers.update_provider(database, admin, r.id, version=r.version, values=r.as_input())

    _attempt(database, field, lambda: providers.create_provider(database, admin, values), again)


@SETTINGS
@given(junk=SCALAR)
def test_client_group_junk(database, admin, junk) -> None:
    def again(r):
        return client_groups.update_client_group(
            database,
            admin,
            r.id,
            version=r.version,
            name=r.name,
            allow_suspend_resume=r.allow_suspend_resume,
            allow_deletion=r.allow_deletion,
            ignore_service_limit=r.ignore_service_limit,
        )

    _attempt(database, "name", lambda: client_groups.create_client_group(database, admin, name=junk), again)


@SETTINGS
@given(field=st.sampled_from(["name", "subject", "body"]), data=st.data())
def test_template_junk(database, admin, field, data) -> None:
    values = {"kind": "message", "name": _unique("Template"), "subject": {"en": "Hi"}, "body": {"en": "Body"}}
    values[field] = data.draw(SCALAR if field == "name" else LOCALIZED)

    def again(r):
        return templates.update_template(
            database, admin, r.id, version=r.version, name=r.name, subject=r.subject, body=r.body
        )

    _attempt(database, field, lambda: templates.create_template(database, admin, **values), again)


@SETTINGS
@given(junk=SCALAR)
def test_localization_junk(database, admin, junk) -> None:
    before = table_counts(database)
    try:
        added = localizations.add_localization(database, admin, junk)
    except ValidationError as exc:
        assert exc.field == "code"
        assert table_counts(database) == before
        return
    assert added.code in {x.code for x in localizations.workspace_languages(database)}
    assert localizations.normalize_code("code", added.code) == added.code
