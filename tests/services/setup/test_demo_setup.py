from sslbill_desktop.services import (
    business_hours,
    client_groups,
    data_centers,
    departments,
    employees,
    providers,
)
from sslbill_desktop.services.demo_setup import seed_demo_setup
from tests.services.setup.helpers import table_counts


def test_demo_setup_has_what_issue_6_asks_for(database, admin) -> None:
    seeded = seed_demo_setup(database)
    (center,) = data_centers.list_data_centers(database, admin)
    assert center.id == seeded.data_center_id
    (department,) = departments.list_departments(database, admin)
    assert department.business_hours_id == seeded.business_hours_id
    assert department.head_employee_id == seeded.employee_id
    assert department.show_in_support_center and department.provider_ids == (seeded.provider_id,)
    assert employees.get_employee(database, admin, seeded.employee_id).department_ids == (department.id,)
    hours = business_hours.get_business_hours(database, admin, seeded.business_hours_id)
    assert hours.description.startswith("Mon–Fri 09:00–13:00, 14:00–18:00")
    (provider,) = providers.list_providers(database, admin)
    assert provider.currency == "USD"
    groups = {g.name: g for g in client_groups.list_client_groups(database, admin)}
    assert set(groups) == {"Retail", "Resellers"}
    assert groups["Resellers"].ignore_service_limit and not groups["Retail"].ignore_service_limit


def test_seeding_twice_changes_nothing(database) -> None:
    first = seed_demo_setup(database)
    counts = table_counts(database)
    assert seed_demo_setup(database) == first
    assert table_counts(database) == counts
