import pytest

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.icons import ImageError, check_icon, image_info
from tests.services.setup import images


@pytest.mark.parametrize(
    ("data", "fmt", "size"),
    [
        (images.png(16, 16), "png", "16×16"),
        (images.png(32, 20), "png", "32×20"),
        (images.ico(16), "ico", "16×16"),
        (images.ico(16, 48, 32), "ico", "48×48"),
        (images.ico(256), "ico", "256×256"),
        (images.svg("16", "16"), "svg", "16×16"),
        (images.svg("16px", "12.5px"), "svg", "16×12.5"),
        (images.svg(None, None, "0 0 24 24"), "svg", "24×24"),
        (images.svg("100%", "100%", "0,0,16,16"), "svg", "16×16"),
    ],
)
def test_image_size_is_read_without_qt(data, fmt, size) -> None:
    info = image_info(data)
    assert (info.format, info.size_text) == (fmt, size)


def test_svg_without_namespace_is_accepted() -> None:
    assert image_info(b'<svg width="8" height="8"></svg>').size_text == "8×8"


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a\x10\x00\x10\x00",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        b"\x00\x00\x01\x00\x01\x00" + b"\x10\x10" + b"\x00" * 6,
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        b'<svg width="1in" height="1in"/>',
        b"<html><body/></html>",
        b"\xff\xfe<\x00s\x00",
    ],
)
def test_other_data_is_not_an_image(data) -> None:
    with pytest.raises(ImageError):
        image_info(data)


def test_svg_with_a_doctype_or_entities_is_refused_before_parsing() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<svg width="16" height="16"><text>&b;</text></svg>'
    )
    with pytest.raises(ImageError, match="DOCTYPE"):
        image_info(bomb)


def test_a_larger_icon_is_refused_with_its_size() -> None:
    with pytest.raises(ValidationError) as error:
        check_icon("icon", images.png(32, 32))
    assert error.value.field == "icon"
    assert error.value.detail == "the icon is 32×32 pixels; at most 16×16"


def test_no_icon_is_fine() -> None:
    assert check_icon("icon", None) is None
    assert check_icon("icon", b"") is None
