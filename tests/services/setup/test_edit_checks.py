"""The Qt-free checks the set-up dialogs run as the user types, and the icon file reader."""

from pathlib import Path

import pytest

from sslbill_desktop.services import client_groups, localizations, templates
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.icons import MAX_ICON_BYTES, read_icon_file
from tests.services.setup import images

EN_RU = Languages(("en", "ru"), "en")


def test_client_group_name_is_checked_before_saving() -> None:
    (problem,) = client_groups.field_problems(name="   ")
    assert (problem.field, problem.detail) == ("name", "this field is required")
    assert client_groups.field_problems(name="Partners") == []


def test_localization_code_is_checked_before_adding() -> None:
    assert localizations.add_problems("de", ["en", "ru"]) == []
    (unknown,) = localizations.add_problems("xx", ["en", "ru"])
    assert str(unknown) == "code: not a known language code: xx"
    (taken,) = localizations.add_problems("RU", ["en", "ru"])
    assert taken.detail == "Russian is already a localization of this workspace"


def test_template_edit_problems_list_every_problem_with_its_field() -> None:
    problems = templates.edit_problems(
        "message",
        "",
        {"ru": "Привет {name}"},
        {"en": "Hello {client_name} {plan", "ru": "{client_name}"},
        EN_RU,
    )
    assert [(p.field, p.detail) for p in problems] == [
        ("name", "this field is required"),
        ("subject.en", "this field is required in English (the default localization)"),
        ("subject.ru", "unknown placeholder {name}"),
        ("body.en", "{plan: an opening brace without a closing one (write {{ for a brace)"),
    ]


def test_a_document_template_needs_only_a_name_and_a_body() -> None:
    assert templates.edit_problems("document", "Agreement", {}, {"en": "{provider_name}"}, EN_RU) == []


def test_the_live_preview_keeps_unknown_placeholders_visible() -> None:
    rendered = templates.preview_texts("For {domain}", "Dear {client_name}, {nonsense}")
    assert rendered.subject == "For www.example.com"
    assert rendered.body == "Dear Alice Example, {nonsense}"


def test_an_edit_keeps_the_texts_of_a_removed_localization(database, admin) -> None:
    created = templates.create_template(
        database,
        admin,
        kind="message",
        name="Activation",
        subject={"en": "Ready", "ru": "Готово"},
        body={"en": "Hello", "ru": "Привет"},
    )
    localizations.remove_localization(database, admin, "ru")
    updated = templates.update_template(
        database,
        admin,
        created.id,
        version=created.version,
        name="Activation",
        subject={"en": "Ready!"},
        body={"en": "Hello!"},
    )
    assert updated.subject == {"en": "Ready!", "ru": "Готово"}
    assert updated.body == {"en": "Hello!", "ru": "Привет"}
    with pytest.raises(ValidationError) as error:  # but no new text in a language that is not offered
        templates.update_template(
            database,
            admin,
            created.id,
            version=updated.version,
            name="Activation",
            subject={"en": "Ready!"},
            body={"en": "Hello!", "ru": "Новое"},
        )
    assert error.value.field == "body.ru"


def test_an_icon_file_is_read_and_checked(tmp_path: Path) -> None:
    small = tmp_path / "small.ico"
    small.write_bytes(images.ico(16))
    data, info = read_icon_file("icon", small)
    assert (data, info.format, info.size_text) == (images.ico(16), "ico", "16×16")

    big = tmp_path / "big.png"
    big.write_bytes(images.png(32, 32))
    with pytest.raises(ValidationError, match="the icon is 32×32 pixels; at most 16×16"):
        read_icon_file("icon", big)


def test_a_huge_or_empty_or_missing_icon_file_is_refused_by_name(tmp_path: Path) -> None:
    huge = tmp_path / "huge.png"
    huge.write_bytes(images.png(16, 16) + b"\0" * (3 * MAX_ICON_BYTES))
    with pytest.raises(ValidationError, match=r"the icon file is 193 KB; at most 64 KB"):
        read_icon_file("icon", huge)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(ValidationError, match=r"the file empty\.png is empty"):
        read_icon_file("icon", empty)
    with pytest.raises(ValidationError, match=r"cannot read gone\.png"):
        read_icon_file("icon", tmp_path / "gone.png")
