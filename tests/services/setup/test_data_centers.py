import pytest
from sqlalchemy import select

from sslbill_desktop.models.infrastructure import DataCenter
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import data_centers
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from sslbill_desktop.services.i18n import set_language
from tests.services.setup.helpers import audit_entries, count


def test_data_center_round_trips_with_blank_external_id_by_default(database, admin) -> None:
    created = data_centers.create_data_center(
        database, admin, name={"en": " Amsterdam ", "ru": "Амстердам"}, sorting="3"
    )
    loaded = data_centers.get_data_center(database, admin, created.id)
    assert loaded.name == {"en": "Amsterdam", "ru": "Амстердам"}
    assert loaded.external_id == ""
    assert loaded.sorting == 3
    assert loaded.title == "Amsterdam"
    set_language("ru")
    assert data_centers.get_data_center(database, admin, created.id).title == "Амстердам"


def test_name_in_the_default_localization_is_required(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        data_centers.create_data_center(database, admin, name={"ru": "Амстердам"})
    assert error.value.field == "name.en"
    assert count(database, DataCenter) == 0


def test_name_in_a_language_the_workspace_lacks_is_refused(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        data_centers.create_data_center(database, admin, name={"en": "A", "de": "B"})
    assert error.value.field == "name.de"


@pytest.mark.parametrize("sorting", [0, -1, "x", 1.5, 10**12, True])
def test_sorting_must_be_a_natural_number(database, admin, sorting) -> None:
    with pytest.raises(ValidationError) as error:
        data_centers.create_data_center(database, admin, name={"en": "A"}, sorting=sorting)
    assert error.value.field == "sorting"


def test_list_sorts_by_position_then_by_name(database, admin) -> None:
    data_centers.create_data_center(database, admin, name={"en": "Zurich"}, sorting=1)
    data_centers.create_data_center(database, admin, name={"en": "berlin"}, sorting=2)
    data_centers.create_data_center(database, admin, name={"en": "Amsterdam"}, sorting=2)
    data_centers.create_data_center(database, admin, name={"en": "Oslo"})  # goes last: 3
    titles = [r.title for r in data_centers.list_data_centers(database, admin)]
    assert titles == ["Zurich", "Amsterdam", "berlin", "Oslo"]


def test_changes_are_audited_with_before_and_after(database, admin) -> None:
    created = data_centers.create_data_center(database, admin, name={"en": "Amsterdam"}, sorting=1)
    data_centers.update_data_center(
        database,
        admin,
        created.id,
        version=created.version,
        name={"en": "Rotterdam"},
        external_id="dc-7",
        sorting=2,
    )
    (create,) = audit_entries(database, "data_center", "create")
    assert create.after["name"] == {"en": "Amsterdam"}
    (update,) = audit_entries(database, "data_center", "update")
    assert update.staff_login == "admin"
    assert update.before == {"external_id": "", "name": {"en": "Amsterdam"}, "sorting": 1}
    assert update.after == {"external_id": "dc-7", "name": {"en": "Rotterdam"}, "sorting": 2}


def test_stale_version_is_refused_and_nothing_is_overwritten(database, admin) -> None:
    created = data_centers.create_data_center(database, admin, name={"en": "Amsterdam"})
    data_centers.update_data_center(
        database, admin, created.id, version=created.version, name={"en": "First"}, external_id="", sorting=1
    )
    with pytest.raises(Conflict):
        data_centers.update_data_center(
            database,
            admin,
            created.id,
            version=created.version,
            name={"en": "Second"},
            external_id="",
            sorting=1,
        )
    assert data_centers.get_data_center(database, admin, created.id).title == "First"


def test_delete_is_refused_while_a_processing_module_uses_it(database, admin) -> None:
    created = data_centers.create_data_center(database, admin, name={"en": "Amsterdam"})
    with database.uow() as s:
        s.add(
            ProcessingModule(
                name={"en": "ispmanager"}, url="https://x.example", username="u", data_center_id=created.id
            )
        )
    with pytest.raises(UserError, match="1 processing module"):
        data_centers.delete_data_center(database, admin, created.id, version=created.version)
    with database.uow() as s:
        s.delete(s.scalars(select(ProcessingModule)).one())
    data_centers.delete_data_center(database, admin, created.id, version=created.version)
    assert count(database, DataCenter) == 0
    (deleted,) = audit_entries(database, "data_center", "delete")
    assert deleted.before["name"] == {"en": "Amsterdam"}


def test_sales_may_read_but_not_change(database, admin, sales) -> None:
    created = data_centers.create_data_center(database, admin, name={"en": "Amsterdam"})
    assert [r.id for r in data_centers.list_data_centers(database, sales)] == [created.id]
    with pytest.raises(PermissionDenied):
        data_centers.create_data_center(database, sales, name={"en": "B"})
    with pytest.raises(PermissionDenied):
        data_centers.update_data_center(
            database, sales, created.id, version=created.version, name={"en": "B"}, external_id="", sorting=1
        )
    with pytest.raises(PermissionDenied):
        data_centers.delete_data_center(database, sales, created.id, version=created.version)
    assert data_centers.get_data_center(database, sales, created.id).title == "Amsterdam"
