"""Junk in every field of the dialogs' services — tariff plans, clients, payments, staff, product
types, SMTP settings, order settings, processing modules — never saves anything invalid: either
a `ValidationError` naming one of the service's fields (and the database exactly as before), or a
record that saves again unchanged (what was stored is valid). The set-up services (data centers,
departments, business hours, employees, providers, client groups, templates, localizations) have
the same suite in `tests/services/setup/test_junk_input.py`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from sslbill_desktop.services import (
    clients,
    order_settings,
    payments,
    processing,
    product_types,
    smtp_settings,
    staff,
    tariffs,
)
from sslbill_desktop.services.contacts import ClientContacts, Organisation, Person
from sslbill_desktop.services.errors import UpstreamError, ValidationError
from sslbill_desktop.services.ledger import check_balances
from sslbill_desktop.services.tariff_input import TariffInput
from tests.reliability.junk import FUZZ, JUNK, SCALAR, TEXT, database_fingerprint
from tests.services.tariffs.support import make_provider, module_offline, plan, provider
from tests.support.upstream_fixtures import RESELLER, RESELLER_PASSWORD

__all__ = ["module_offline", "plan", "provider"]  # fixtures used below

_numbers = itertools.count(1)


def unique_secret(junk: Any) -> Any:
    """A junk password that may be saved (to the database's hash or the keyring) becomes a secret
    the suite's leak scan looks for everywhere; Hypothesis draws text from the program's own
    literals (field names, "notes"), so a long one gets a suffix that makes it this test's own."""
    if isinstance(junk, str) and len(junk) >= 8:
        return f"{junk}~junk-secret-{next(_numbers)}"
    return junk


def _root(field: str) -> str:
    return re.split(r"[.\[]", field, maxsplit=1)[0]


def attempt(
    database: Any,
    allowed: set[str],
    call: Callable[[], Any],
    save_again: Callable[[Any], None],
    *,
    upstream_may_refuse: bool = False,
) -> None:
    """Run `call` with junk: refused naming a field with nothing written, or saved validly."""
    before = database_fingerprint(database)
    try:
        saved = call()
    except ValidationError as exc:
        assert _root(exc.field) in allowed, f"the error names {exc.field!r}, not a field of the form"
        assert exc.detail.strip() and "Traceback" not in str(exc)
        assert database_fingerprint(database) == before, f"{exc.field} was refused but something was saved"
        return
    except UpstreamError:
        assert upstream_may_refuse
        assert database_fingerprint(database) == before
        return
    save_again(saved)


TARIFF_FIELDS = sorted(f.name for f in fields(TariffInput))


@FUZZ
@given(field=st.sampled_from(TARIFF_FIELDS), junk=JUNK)
@example(field="prices", junk=0)  # found by the explore profile: rows that are not a list
@example(field="addons", junk="0")
@example(field="addons", junk=None)
def test_junk_in_a_tariff_plan_field_is_refused_naming_it_or_saved_validly(
    database, admin, plan, field, junk
) -> None:
    current = tariffs.get_tariff(database, admin, plan)

    def again(record: tariffs.TariffRecord) -> None:
        stored = tariffs.get_tariff(database, admin, plan)
        resaved = tariffs.update_tariff(database, admin, plan, version=stored.version, values=stored.settings)
        assert resaved.settings == stored.settings

    attempt(
        database,
        set(TARIFF_FIELDS),
        lambda: tariffs.update_tariff(
            database, admin, plan, version=current.version, values=replace(current.settings, **{field: junk})
        ),
        again,
    )


CLIENT_FIELDS = ["name", "company", "email", "phone", "country", "language", "provider_id", "client_group_id"]
PERSON_FIELDS = [f.name for f in fields(Person)]
ORGANISATION_FIELDS = [f.name for f in fields(Organisation)]


def _contacts_with(data: st.DataObject) -> Any:
    where = data.draw(st.sampled_from(["whole", "admin", "tech", "organisation"]))
    junk = data.draw(JUNK)
    if where == "whole":
        return junk
    if where == "organisation":
        return ClientContacts(
            organisation=replace(Organisation(), **{data.draw(st.sampled_from(ORGANISATION_FIELDS)): junk})
        )
    person = replace(Person(), **{data.draw(st.sampled_from(PERSON_FIELDS)): junk})
    return ClientContacts(**{where: person})


@FUZZ
@given(field=st.sampled_from([*CLIENT_FIELDS, "contacts"]), data=st.data())
def test_junk_in_a_client_field_is_refused_naming_it_or_saved_validly(
    database, admin, provider, field, data
) -> None:
    values = clients.ClientInput(
        name=f"Client {next(_numbers)}", email="client@example.com", country="DE", provider_id=provider
    )
    junk = _contacts_with(data) if field == "contacts" else data.draw(JUNK)
    values = replace(values, **{field: junk})

    def again(record: clients.ClientRecord) -> None:
        stored = clients.get_client(database, admin, record.id)
        resaved = clients.update_client(
            database, admin, record.id, version=stored.version, values=stored.as_input()
        )
        assert resaved.as_input() == stored.as_input()

    attempt(
        database, {*CLIENT_FIELDS, "contacts"}, lambda: clients.create_client(database, admin, values), again
    )


@FUZZ
@given(field=st.sampled_from(["amount", "received_on", "method", "note"]), junk=JUNK)
@example(field="amount", junk="1E30")  # found by the explore profile: beyond Decimal's precision
def test_junk_in_a_payment_is_refused_naming_the_field_or_booked_with_the_books_right(
    database, admin, provider, field, junk
) -> None:
    client = clients.create_client(
        database,
        admin,
        clients.ClientInput(
            name=f"Payer {next(_numbers)}", email="payer@example.com", country="DE", provider_id=provider
        ),
    )
    values: dict[str, Any] = {"amount": "10.00", "received_on": date(2027, 1, 5), "method": "", "note": ""}
    values[field] = junk

    def again(_result: Any) -> None:
        assert check_balances(database) == []

    attempt(
        database,
        set(values),
        lambda: payments.record_payment(database, admin, client.accounts[0].id, **values),
        again,
    )


@FUZZ
@given(field=st.sampled_from(["balance_change", "on_date", "note"]), junk=JUNK)
@example(field="balance_change", junk=Decimal("1E+999999"))
def test_junk_in_a_correction_is_refused_naming_the_field_or_booked_with_the_books_right(
    database, admin, provider, field, junk
) -> None:
    client = clients.create_client(
        database,
        admin,
        clients.ClientInput(
            name=f"Corrected {next(_numbers)}", email="payer@example.com", country="DE", provider_id=provider
        ),
    )
    values: dict[str, Any] = {"balance_change": "-1.50", "on_date": date(2027, 1, 5), "note": "goodwill"}
    values[field] = junk

    def again(_result: Any) -> None:
        assert check_balances(database) == []

    attempt(
        database,
        {*values, "corrects_id"},
        lambda: payments.record_correction(database, admin, client.accounts[0].id, **values),
        again,
    )


STAFF_FIELDS = ["login", "full_name", "role", "password", "email"]


@FUZZ
@given(field=st.sampled_from(STAFF_FIELDS), data=st.data())
def test_junk_in_a_staff_account_is_refused_naming_the_field_or_saved_validly(
    database, admin, field, data
) -> None:
    # The staff dialog passes text.
    junk = data.draw(TEXT)
    if field == "password":
        junk = unique_secret(junk)
    number = next(_numbers)
    values: dict[str, Any] = {
        "login": f"member{number}",
        "full_name": f"Member {number}",
        "role": "sales",
        "password": f"pass-{number}-long",
        "email": "",
    }
    values[field] = junk

    def again(record: staff.StaffRecord) -> None:
        stored = staff.get_staff(database, admin, record.id)
        resaved = staff.update_staff(
            database,
            admin,
            stored.id,
            version=stored.version,
            full_name=stored.full_name,
            role=stored.role,
            email=stored.email,
        )
        assert (resaved.full_name, resaved.role, resaved.email) == (
            stored.full_name,
            stored.role,
            stored.email,
        )

    attempt(database, set(STAFF_FIELDS), lambda: staff.create_staff(database, admin, **values), again)


@FUZZ
@given(field=st.sampled_from(["name", "auto_delete_days", "suspend_on_weekends"]), junk=JUNK)
def test_junk_in_the_product_type_is_refused_naming_the_field_or_saved_validly(
    database, admin, field, junk
) -> None:
    current = product_types.list_product_types(database, admin)[0]
    values = replace(current.as_input(), **{field: junk})

    def again(_record: Any) -> None:
        stored = product_types.get_product_type(database, admin, current.id)
        resaved = product_types.update_product_type(
            database, admin, current.id, version=stored.version, values=stored.as_input()
        )
        assert resaved.as_input() == stored.as_input()

    attempt(
        database,
        {"name", "auto_delete_days", "suspend_on_weekends"},
        lambda: product_types.update_product_type(
            database, admin, current.id, version=current.version, values=values
        ),
        again,
    )


SMTP_FIELDS = ["host", "port", "security", "username", "password"]


@FUZZ
@given(field=st.sampled_from(SMTP_FIELDS), junk=JUNK)
def test_junk_in_the_smtp_settings_is_refused_naming_the_field_or_saved_validly(
    database, admin, provider, field, junk
) -> None:
    current = smtp_settings.get_smtp_settings(database, admin, provider)
    values: dict[str, Any] = {
        "host": "mail.example.com",
        "port": 587,
        "security": "starttls",
        "username": "",
        "password": None,
    }
    values[field] = unique_secret(junk) if field == "password" else junk

    def again(record: Any) -> None:
        stored = smtp_settings.get_smtp_settings(database, admin, provider)
        resaved = smtp_settings.save_smtp_settings(
            database,
            admin,
            provider,
            version=stored.version,
            host=stored.host,
            port=stored.port,
            security=stored.security,
            username=stored.username,
        )
        assert (resaved.host, resaved.port, resaved.security) == (stored.host, stored.port, stored.security)

    attempt(
        database,
        set(SMTP_FIELDS),
        lambda: smtp_settings.save_smtp_settings(
            database, admin, provider, version=current.version if current else None, **values
        ),
        again,
    )


ANY_INT = st.integers(min_value=-(2**64), max_value=2**64)
#: The order settings' widgets pass values of the right type (spin boxes, date edits): junk values.
ORDER_SETTINGS_JUNK = {
    "refund_on_delete": TEXT,
    "renewal_reminder_days": st.lists(ANY_INT, max_size=6),
    "ca_maximum": st.lists(
        st.builds(order_settings.MaximumValidity, since=st.dates(), days=ANY_INT), max_size=4
    ),
    "reissue_lead_days": ANY_INT,
}


@FUZZ
@given(field=st.sampled_from(sorted(ORDER_SETTINGS_JUNK)), data=st.data())
def test_junk_in_the_order_settings_is_refused_naming_the_field_or_saved_validly(
    database, admin, field, data
) -> None:
    junk = data.draw(ORDER_SETTINGS_JUNK[field])

    def again(saved: order_settings.OrderSettings) -> None:
        stored = order_settings.order_settings(database)
        resaved = order_settings.save_order_settings(
            database,
            admin,
            refund_on_delete=stored.refund_on_delete,
            renewal_reminder_days=stored.renewal_reminder_days,
            ca_maximum=stored.ca_maximum,
            reissue_lead_days=stored.reissue_lead_days,
        )
        assert resaved == stored

    attempt(
        database,
        {"refund_on_delete", "renewal_reminder_days", "ca_maximum", "reissue_lead_days"},
        lambda: order_settings.save_order_settings(database, admin, **{field: junk}),
        again,
    )


MODULE_FIELDS = ["name", "username", "data_center_id", "department_id", "sorting", "minimal_balance"]


@FUZZ
@given(field=st.sampled_from([*MODULE_FIELDS, "password"]), junk=st.one_of(JUNK, SCALAR, TEXT))
def test_junk_in_a_processing_module_is_refused_naming_the_field_or_saved_validly(
    database, admin, simulator, field, junk
) -> None:
    values = processing.ModuleInput(
        name={"en": f"Module {next(_numbers)}"},
        url=simulator.url,
        username=RESELLER,
        data_center_id=None,
        department_id=None,
    )
    password = RESELLER_PASSWORD
    if field == "password":
        password = junk
    else:
        values = replace(values, **{field: junk})

    def again(record: processing.ProcessingModuleRecord) -> None:
        stored = processing.get_processing_module(database, admin, record.id)
        resaved = processing.update_processing_module(
            database,
            admin,
            record.id,
            version=stored.version,
            values=processing.ModuleInput(
                name=stored.name,
                url=stored.url,
                username=stored.username,
                data_center_id=stored.data_center_id,
                department_id=stored.department_id,
                sorting=stored.sorting,
                minimal_balance=stored.minimal_balance,
            ),
        )
        assert (resaved.name, resaved.username, resaved.sorting) == (
            stored.name,
            stored.username,
            stored.sorting,
        )

    attempt(
        database,
        {*MODULE_FIELDS, "password", "url"},
        lambda: processing.create_processing_module(database, admin, values, password=password),
        again,
        upstream_may_refuse=field in ("username", "password"),
    )


def test_the_tariff_fixture_provider_is_the_one_the_plan_uses(database, admin, plan, provider) -> None:
    """The junk tests above edit a real, saved plan of a real provider."""
    assert tariffs.get_tariff(database, admin, plan).provider_id == provider
    assert make_provider  # the helper the fixtures use
