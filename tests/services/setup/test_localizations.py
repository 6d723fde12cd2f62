import pytest

from sslbill_desktop.services import data_centers, localizations
from sslbill_desktop.services.errors import PermissionDenied, UserError, ValidationError
from sslbill_desktop.services.i18n import set_language
from tests.services.setup.helpers import audit_entries


def test_workspace_starts_with_english_default_then_russian(database) -> None:
    languages = localizations.workspace_languages(database)
    assert [(x.code, x.is_default) for x in languages] == [("en", True), ("ru", False)]
    assert [x.name for x in languages] == ["English", "Russian"]
    assert languages[1].native_name == "русский"


def test_an_added_language_gets_a_name_field_everywhere(database, admin) -> None:
    added = localizations.add_localization(database, admin, "de")
    assert (added.code, added.name, added.native_name) == ("de", "German", "Deutsch")
    assert [x.code for x in localizations.workspace_languages(database)] == ["en", "ru", "de"]
    created = data_centers.create_data_center(
        database, admin, name={"en": "Frankfurt", "de": "Frankfurt am Main"}
    )
    assert created.name["de"] == "Frankfurt am Main"
    (entry,) = audit_entries(database, "localization", "create")
    assert entry.summary == "de"


def test_language_codes_are_normalized_and_checked_against_babel(database, admin) -> None:
    assert localizations.add_localization(database, admin, "pt-BR").code == "pt_BR"
    for bad in ("xx", "", "english", "de\x00"):
        with pytest.raises(ValidationError) as error:
            localizations.add_localization(database, admin, bad)
        assert error.value.field == "code"
    with pytest.raises(ValidationError, match="already"):
        localizations.add_localization(database, admin, "ru")


def test_the_default_localization_cannot_be_removed(database, admin) -> None:
    with pytest.raises(UserError, match="default localization"):
        localizations.remove_localization(database, admin, "en")
    assert [x.code for x in localizations.workspace_languages(database)] == ["en", "ru"]


def test_removing_a_language_keeps_texts_written_in_it(database, admin) -> None:
    created = data_centers.create_data_center(database, admin, name={"en": "Moscow", "ru": "Москва"})
    localizations.remove_localization(database, admin, "ru")
    assert [x.code for x in localizations.workspace_languages(database)] == ["en"]
    assert data_centers.get_data_center(database, admin, created.id).name["ru"] == "Москва"
    with pytest.raises(ValidationError) as error:
        data_centers.create_data_center(database, admin, name={"en": "Kazan", "ru": "Казань"})
    assert error.value.field == "name.ru"
    (entry,) = audit_entries(database, "localization", "delete")
    assert entry.before["code"] == "ru"


def test_language_names_follow_the_ui_language(database) -> None:
    set_language("ru")
    assert [x.name for x in localizations.workspace_languages(database)] == ["английский", "русский"]
    assert ("de", "немецкий") in localizations.language_choices()


def test_sales_may_read_but_not_change(database, admin, sales) -> None:
    assert [x.code for x in localizations.list_localizations(database, sales)] == ["en", "ru"]
    with pytest.raises(PermissionDenied):
        localizations.add_localization(database, sales, "de")
    with pytest.raises(PermissionDenied):
        localizations.remove_localization(database, sales, "ru")
