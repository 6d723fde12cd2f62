import pytest

from sslbill_desktop.services.domains import (
    DomainNames,
    approver_emails,
    clean_approver_email,
    clean_domain_names,
    clean_hostname,
    registered_domain,
    split_sans,
    to_unicode,
)
from sslbill_desktop.services.errors import ValidationError


def refused(value: str, field: str = "common_name") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        clean_hostname(field, value)
    assert caught.value.field == field
    return caught.value


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("www.example.com", "www.example.com"),
        ("  WWW.Example.COM.  ", "www.example.com"),
        ("shop-1.example.org", "shop-1.example.org"),
        ("*.example.com", "*.example.com"),
        ("*.example.co.uk", "*.example.co.uk"),
    ],
)
def test_hostnames_are_stored_lower_case_without_trailing_dot(typed: str, stored: str) -> None:
    assert clean_hostname("common_name", typed) == stored


def test_internationalized_name_is_converted_to_punycode() -> None:
    assert clean_hostname("common_name", "Bücher.Example") == "xn--bcher-kva.example"
    assert clean_hostname("common_name", "пример.рф") == "xn--e1afmkfd.xn--p1ai"
    assert clean_hostname("common_name", "*.bücher.example") == "*.xn--bcher-kva.example"


def test_idna_2008_keeps_sharp_s_where_the_2003_codec_would_map_it_to_ss() -> None:
    assert clean_hostname("common_name", "faß.de") == "xn--fa-hia.de"
    assert "faß.de".encode("idna") == b"fass.de"  # what the standard library codec would have ordered


def test_punycode_input_is_kept_and_shown_in_unicode() -> None:
    assert clean_hostname("common_name", "xn--bcher-kva.example") == "xn--bcher-kva.example"
    assert to_unicode("xn--bcher-kva.example") == "bücher.example"
    assert to_unicode("*.xn--bcher-kva.example") == "*.bücher.example"


def test_broken_punycode_is_refused_naming_the_label() -> None:
    error = refused("xn--abc.com")
    assert "xn--abc" in error.detail


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("ex_ample.com", "only letters, digits and hyphens"),
        ("-shop.example.com", "starts or ends with a hyphen"),
        ("shop-.example.com", "starts or ends with a hyphen"),
        ("a..example.com", "empty label"),
        ("localhost", "fully qualified"),
        ("192.0.2.10", "IP addresses"),
        ("2001:db8::1", "IP addresses"),
        ("www.example.123", "top-level domain cannot be a number"),
        ("https://www.example.com", "a character such as"),
        ("www example.com", "a space"),
        ("a" * 64 + ".example.com", "longer than 63"),
    ],
)
def test_bad_hostnames_are_refused_with_the_reason(typed: str, reason: str) -> None:
    error = refused(typed)
    assert reason in error.detail
    assert str(error).startswith("common_name: ")


def test_a_name_longer_than_253_characters_is_refused() -> None:
    name = ".".join(["a" * 60] * 4) + ".example.com"
    assert "longer than 253" in refused(name).detail


@pytest.mark.parametrize(
    "typed", ["www.*.example.com", "*example.com", "w*.example.com", "*.*.example.com", "**.example.com"]
)
def test_wildcard_only_as_the_whole_leftmost_label(typed: str) -> None:
    assert "leftmost label" in refused(typed).detail


@pytest.mark.parametrize("typed", ["*.com", "*.co.uk", "*.com.au", "*.рф"])
def test_wildcard_on_a_bare_tld_or_public_suffix_is_refused(typed: str) -> None:
    assert "public suffix" in refused(typed).detail


def test_wildcard_can_be_forbidden_where_it_makes_no_sense() -> None:
    with pytest.raises(ValidationError, match="wildcard name is not allowed"):
        clean_hostname("common_name", "*.example.com", allow_wildcard=False)


def test_domain_names_drop_repeats_and_the_common_name_from_the_sans() -> None:
    names = clean_domain_names(
        "example.com", "www.example.com, EXAMPLE.com\nwww.example.com;mail.example.com"
    )
    assert names == DomainNames("example.com", ("www.example.com", "mail.example.com"))
    assert names.extra_count == 2
    assert names.all_names == ("example.com", "www.example.com", "mail.example.com")


def test_a_bad_san_is_refused_on_the_sans_field() -> None:
    with pytest.raises(ValidationError) as caught:
        clean_domain_names("example.com", ["www.example.com", "bad_name.example.com"])
    assert caught.value.field == "sans"
    assert "bad_name.example.com" in caught.value.detail


def test_sans_given_as_a_list_or_text() -> None:
    assert split_sans(None) == []
    assert split_sans(" a.example.com  b.example.com ") == ["a.example.com", "b.example.com"]
    assert split_sans(["a.example.com", " ", "b.example.com"]) == ["a.example.com", "b.example.com"]


@pytest.mark.parametrize(
    ("name", "registered"),
    [
        ("www.example.com", "example.com"),
        ("example.com", "example.com"),
        ("*.shop.example.com", "example.com"),
        ("www.shop.example.co.uk", "example.co.uk"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
    ],
)
def test_registered_domain(name: str, registered: str) -> None:
    assert registered_domain(name) == registered


def test_approver_emails_are_the_five_mailboxes_of_the_registered_domain() -> None:
    assert approver_emails("*.shop.example.co.uk") == [
        "admin@example.co.uk",
        "administrator@example.co.uk",
        "hostmaster@example.co.uk",
        "postmaster@example.co.uk",
        "webmaster@example.co.uk",
    ]


def test_approver_email_must_be_one_of_them() -> None:
    assert (
        clean_approver_email("approver_email", " Hostmaster@Example.com ", "www.example.com")
        == "hostmaster@example.com"
    )
    with pytest.raises(ValidationError) as caught:
        clean_approver_email("approver_email", "info@example.com", "www.example.com")
    assert caught.value.field == "approver_email"
    assert "admin@example.com" in caught.value.detail
