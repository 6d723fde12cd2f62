import pytest

from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.models.clients import Client
from sslbill_desktop.services import client_groups, providers
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from tests.services.setup.helpers import audit_entries, count


def test_client_group_round_trips(database, admin) -> None:
    created = client_groups.create_client_group(
        database, admin, name=" Resellers ", allow_suspend_resume=True, ignore_service_limit=True
    )
    loaded = client_groups.get_client_group(database, admin, created.id)
    assert (loaded.name, loaded.allow_suspend_resume, loaded.allow_deletion, loaded.ignore_service_limit) == (
        "Resellers",
        True,
        False,
        True,
    )


def test_update_is_audited_and_stale_version_refused(database, admin) -> None:
    created = client_groups.create_client_group(database, admin, name="Retail")
    client_groups.update_client_group(
        database,
        admin,
        created.id,
        version=created.version,
        name="Retail",
        allow_suspend_resume=False,
        allow_deletion=True,
        ignore_service_limit=False,
    )
    (entry,) = audit_entries(database, "client_group", "update")
    assert (entry.before, entry.after) == ({"allow_deletion": False}, {"allow_deletion": True})
    with pytest.raises(Conflict):
        client_groups.update_client_group(
            database,
            admin,
            created.id,
            version=created.version,
            name="Stale",
            allow_suspend_resume=False,
            allow_deletion=False,
            ignore_service_limit=False,
        )


def test_names_are_unique_ignoring_case(database, admin) -> None:
    client_groups.create_client_group(database, admin, name="Retail")
    with pytest.raises(ValidationError) as error:
        client_groups.create_client_group(database, admin, name="RETAIL")
    assert error.value.field == "name"
    assert count(database, ClientGroup) == 1


def test_flags_must_be_yes_or_no(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        client_groups.create_client_group(database, admin, name="Retail", allow_deletion="yes")
    assert error.value.field == "allow_deletion"


def test_list_is_sorted_by_name(database, admin) -> None:
    for name in ("Retail", "partners", "Enterprise"):
        client_groups.create_client_group(database, admin, name=name)
    assert [g.name for g in client_groups.list_client_groups(database, admin)] == [
        "Enterprise",
        "partners",
        "Retail",
    ]


def test_delete_is_refused_while_clients_are_in_the_group(database, admin) -> None:
    group = client_groups.create_client_group(database, admin, name="Retail")
    shop = providers.create_provider(
        database,
        admin,
        providers.ProviderInput(name="Shop", currency="USD", notification_email="n@shop.example"),
    )
    with database.uow() as s:
        s.add(Client(name="Alice", provider_id=shop.id, client_group_id=group.id))
    with pytest.raises(UserError, match="1 client"):
        client_groups.delete_client_group(database, admin, group.id, version=group.version)


def test_sales_may_read_but_not_change(database, admin, sales) -> None:
    created = client_groups.create_client_group(database, admin, name="Retail")
    assert client_groups.list_client_groups(database, sales)[0].id == created.id
    with pytest.raises(PermissionDenied):
        client_groups.create_client_group(database, sales, name="Other")
    with pytest.raises(PermissionDenied):
        client_groups.update_client_group(
            database,
            sales,
            created.id,
            version=created.version,
            name="X",
            allow_suspend_resume=False,
            allow_deletion=False,
            ignore_service_limit=False,
        )
    with pytest.raises(PermissionDenied):
        client_groups.delete_client_group(database, sales, created.id, version=created.version)
