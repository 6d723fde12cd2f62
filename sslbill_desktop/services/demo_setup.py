"""The demo workspace's set-up (issue 6): what a BILLmanager admin would have configured before
connecting a processing module.

`seed_demo_setup(db)` creates, when not there yet (matched by name, so running it again changes
nothing): business hours, a data center, an employee who heads a department, a provider selling in
USD, and two client groups ("Retail", and "Resellers" which ignores the number of services).
Everything goes through the services as the `SYSTEM` actor, so it is validated and audited like
an admin's work. The processing module connected to the simulator is added by the demo command.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute

from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.models.infrastructure import BusinessHours, DataCenter, Department, Employee
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import (
    business_hours,
    client_groups,
    data_centers,
    departments,
    employees,
    providers,
)
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.localizations import languages_in

DEMO_DATA_CENTER = {"en": "Amsterdam", "ru": "Амстердам"}
DEMO_DEPARTMENT = {"en": "Technical department", "ru": "Технический отдел"}
DEMO_BUSINESS_HOURS = "Working days"
DEMO_EMPLOYEE = "Dana Head"
DEMO_PROVIDER = "SSL Shop"
DEMO_GROUPS = ("Retail", "Resellers")


@dataclass(frozen=True)
class DemoSetup:
    data_center_id: int
    business_hours_id: int
    department_id: int
    employee_id: int
    provider_id: int
    client_group_ids: tuple[int, ...]


def _localized(texts: dict[str, str], languages: Languages) -> dict[str, str]:
    """The demo's texts in the workspace's languages; English stands in for a missing default."""
    chosen = {code: text for code, text in texts.items() if code in languages}
    chosen.setdefault(languages.default, texts["en"])
    return chosen


def _find_localized(db: Database, column: InstrumentedAttribute[dict[str, str]], english: str) -> int | None:
    with db.uow() as s:
        for ident, name in s.execute(select(column.class_.id, column)):
            if english in name.values():
                return int(ident)
    return None


def _find(db: Database, column: InstrumentedAttribute[str], name: str) -> int | None:
    with db.uow() as s:
        ident = s.scalar(select(column.class_.id).where(column == name))
        return None if ident is None else int(ident)


def seed_demo_setup(db: Database) -> DemoSetup:
    """Create the demo's set-up where missing; returns the ids of what is there."""
    with db.uow() as s:
        languages = languages_in(s)

    hours_id = _find(db, BusinessHours.name, DEMO_BUSINESS_HOURS)
    if hours_id is None:
        workday = [["09:00", "13:00"], ["14:00", "18:00"]]
        hours_id = business_hours.create_business_hours(
            db,
            SYSTEM,
            name=DEMO_BUSINESS_HOURS,
            time_zone="Europe/Amsterdam",
            schedule={day: workday for day in ("mon", "tue", "wed", "thu", "fri")},
        ).id

    data_center_id = _find_localized(db, DataCenter.name, DEMO_DATA_CENTER["en"])
    if data_center_id is None:
        data_center_id = data_centers.create_data_center(
            db, SYSTEM, name=_localized(DEMO_DATA_CENTER, languages), sorting=1
        ).id

    provider_id = _find(db, Provider.name, DEMO_PROVIDER)
    if provider_id is None:
        provider_id = providers.create_provider(
            db,
            SYSTEM,
            providers.ProviderInput(
                name=DEMO_PROVIDER,
                currency="USD",
                notification_email="noreply@ssl-shop.example",
                support_email="support@ssl-shop.example",
                website_url="https://ssl-shop.example",
                billing_url="https://billing.ssl-shop.example",
                help_url="https://ssl-shop.example/help",
                default_country="US",
            ),
        ).id

    employee_id = _find(db, Employee.full_name, DEMO_EMPLOYEE)
    if employee_id is None:
        employee_id = employees.create_employee(
            db, SYSTEM, full_name=DEMO_EMPLOYEE, email="dana@ssl-shop.example", phone="+1 555 0100"
        ).id

    department_id = _find_localized(db, Department.name, DEMO_DEPARTMENT["en"])
    if department_id is None:
        department_id = departments.create_department(
            db,
            SYSTEM,
            name=_localized(DEMO_DEPARTMENT, languages),
            business_hours_id=hours_id,
            show_in_support_center=True,
            provider_ids=[provider_id],
            head_employee_id=employee_id,
            ticket_category_description="Certificate issuance, validation and installation questions.",
            sorting=1,
        ).id
        employee = employees.get_employee(db, SYSTEM, employee_id)
        if department_id not in employee.department_ids:
            employees.update_employee(
                db,
                SYSTEM,
                employee_id,
                version=employee.version,
                full_name=employee.full_name,
                email=employee.email,
                phone=employee.phone,
                department_ids=[*employee.department_ids, department_id],
                staff_id=employee.staff_id,
            )

    group_ids: list[int] = []
    for name, ignore_limit in ((DEMO_GROUPS[0], False), (DEMO_GROUPS[1], True)):
        group_id = _find(db, ClientGroup.name, name)
        if group_id is None:
            group_id = client_groups.create_client_group(
                db,
                SYSTEM,
                name=name,
                allow_suspend_resume=True,
                allow_deletion=ignore_limit,
                ignore_service_limit=ignore_limit,
            ).id
        group_ids.append(group_id)

    return DemoSetup(data_center_id, hours_id, department_id, employee_id, provider_id, tuple(group_ids))
