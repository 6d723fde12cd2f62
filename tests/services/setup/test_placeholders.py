import pytest

from sslbill_desktop.services.i18n import set_language
from sslbill_desktop.services.placeholders import (
    PLACEHOLDERS,
    find_problems,
    render_text,
    sample_values,
    used_placeholders,
)


def test_every_placeholder_has_a_description_and_a_sample() -> None:
    names = [p.name for p in PLACEHOLDERS]
    assert len(names) == len(set(names))
    for required in (
        "client_name",
        "client_email",
        "domain",
        "plan",
        "period",
        "expiry_date",
        "order_id",
        "provider_name",
        "support_email",
        "billing_url",
        "certificate_download_link",
    ):
        assert required in names
    for placeholder in PLACEHOLDERS:
        assert placeholder.description
        assert placeholder.sample()
        assert placeholder.written == "{" + placeholder.name + "}"


def test_render_fills_placeholders_and_undoubles_braces() -> None:
    text = "Dear {client_name}, {{literal}} {domain} expires {expiry_date}."
    rendered = render_text(text, {"client_name": "Bob", "domain": "example.org", "expiry_date": "1 Sep"})
    assert rendered == "Dear Bob, {literal} example.org expires 1 Sep."


def test_a_placeholder_without_a_value_renders_blank() -> None:
    assert render_text("[{order_id}]", {}) == "[]"


@pytest.mark.parametrize(
    ("text", "placeholder", "words"),
    [
        ("Hello {client_nmae}", "{client_nmae}", "unknown placeholder {client_nmae}"),
        ("Hello {client name}", "{client name}", "is not a placeholder"),
        ("Hello {Client_Name}", "{Client_Name}", "is not a placeholder"),
        ("Hello {0}", "{0}", "is not a placeholder"),
        ("Hello {client_name!r}", "{client_name!r}", "is not a placeholder"),
        ("Hello {}", "{}", "is not a placeholder"),
        ("Hello client_name}", "}", "closing brace"),
        ("Hello {client_name", "{client_name", "opening brace"),
        ("Hello {client {domain}", "{client ", "opening brace"),
    ],
)
def test_unknown_and_malformed_placeholders_are_found(text, placeholder, words) -> None:
    problems = find_problems(text)
    assert problems, text
    assert problems[0].placeholder == placeholder
    assert words in problems[0].message
    assert placeholder.strip() in problems[0].message
    assert problems[0].position == text.index(placeholder)


def test_well_formed_text_has_no_problems() -> None:
    assert find_problems("{{ {client_name} }} {domain}{plan}") == []
    assert used_placeholders("{plan} {domain} {plan}") == ["plan", "domain"]


def test_samples_follow_the_ui_language() -> None:
    english = sample_values()["expiry_date"]
    set_language("ru")
    assert sample_values()["expiry_date"] != english
    assert "2027" in sample_values()["expiry_date"]
