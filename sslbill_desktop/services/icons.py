"""Icon images checked without Qt: the format and the pixel size of PNG, ICO and SVG data.

- PNG: the width and height of the IHDR chunk.
- ICO: the directory's entries (a 0 in an entry means 256); the largest image counts.
- SVG: the root element's `width`/`height` (plain numbers or `px`), else its `viewBox`. A document
  with a DOCTYPE or entity declarations is refused before it is parsed, so no entity expansion or
  external entity can happen; the parser is the standard library's.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _

PNG = "png"
ICO = "ico"
SVG = "svg"
FORMATS: tuple[str, ...] = (PNG, SVG, ICO)
#: Largest icon file accepted, whatever its pixel size.
MAX_ICON_BYTES = 64 * 1024

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ICO_ENTRY = struct.Struct("<BBBBHHII")
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px)?\s*")
_SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


class ImageError(ValueError):
    """The data is not a PNG, ICO or SVG image whose size can be read; the message says why."""


@dataclass(frozen=True)
class ImageInfo:
    format: str
    width: float
    height: float

    @property
    def size_text(self) -> str:
        """ "32×32" (SVG sizes may be fractional: "16.5×16")."""
        return f"{_number(self.width)}×{_number(self.height)}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def _png(data: bytes) -> ImageInfo:
    if len(data) < 24 or data[12:16] != b"IHDR":
        raise ImageError(_("the PNG image is damaged (no IHDR header)"))
    width, height = struct.unpack(">II", data[16:24])
    if width == 0 or height == 0:
        raise ImageError(_("the PNG image is damaged (zero size)"))
    return ImageInfo(PNG, width, height)


def _is_ico(data: bytes) -> bool:
    return len(data) >= 6 and data[:4] == b"\x00\x00\x01\x00"


def _ico(data: bytes) -> ImageInfo:
    (count,) = struct.unpack("<H", data[4:6])
    if count == 0 or len(data) < 6 + count * _ICO_ENTRY.size:
        raise ImageError(_("the ICO image is damaged (its directory is incomplete)"))
    width = height = 0
    for index in range(count):
        w, h, _colors, _reserved, _planes, _bits, size, offset = _ICO_ENTRY.unpack_from(
            data, 6 + index * _ICO_ENTRY.size
        )
        if size == 0 or offset + size > len(data):
            raise ImageError(_("the ICO image is damaged (an image lies outside the file)"))
        width, height = max(width, w or 256), max(height, h or 256)
    return ImageInfo(ICO, width, height)


def _length(value: str | None) -> float | None:
    """A pixel length from an SVG attribute; None when absent or relative (a percentage)."""
    if value is None or value.strip().endswith("%"):
        return None
    match = _LENGTH.fullmatch(value)
    if match is None:
        raise ImageError(
            _("the SVG image's size {value} is not in pixels: give width and height in px").format(
                value=value
            )
        )
    return float(match.group(1))


def _svg(data: bytes) -> ImageInfo:
    from xml.etree import ElementTree

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImageError(_("not a PNG, ICO or SVG image")) from None
    lowered = text.lower()
    if "<!doctype" in lowered or "<!entity" in lowered:
        raise ImageError(_("SVG images with a DOCTYPE or entity declarations are not accepted"))
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        raise ImageError(_("not a PNG, ICO or SVG image")) from None
    if root.tag not in {"svg", f"{_SVG_NAMESPACE}svg"}:
        raise ImageError(_("not a PNG, ICO or SVG image"))
    width, height = _length(root.get("width")), _length(root.get("height"))
    if width is None or height is None:
        box = [part for part in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if part]
        try:
            box_width, box_height = (float(box[2]), float(box[3])) if len(box) == 4 else (None, None)
        except ValueError:
            box_width = box_height = None
        width = width if width is not None else box_width
        height = height if height is not None else box_height
    if width is None or height is None:
        raise ImageError(_("the SVG image has no size: give it width and height, or a viewBox"))
    if not (0 < width < float("inf") and 0 < height < float("inf")):
        raise ImageError(_("the SVG image's size is not positive"))
    return ImageInfo(SVG, width, height)


def image_info(data: bytes) -> ImageInfo:
    """The format and size of PNG, ICO or SVG `data`; `ImageError` when it is none of them."""
    if data.startswith(_PNG_SIGNATURE):
        return _png(data)
    if _is_ico(data):
        return _ico(data)
    return _svg(data)


def check_icon(field: str, data: object, *, max_width: int = 16, max_height: int = 16) -> ImageInfo | None:
    """Check an uploaded icon: None for no icon, else its info; a larger image is refused with its
    size in the message ("the icon is 32×32 pixels; at most 16×16")."""
    if data is None or data == b"":
        return None
    if not isinstance(data, bytes):
        raise ValidationError(field, _("not a PNG, ICO or SVG image"))
    if len(data) > MAX_ICON_BYTES:
        raise _too_large(field, len(data))
    try:
        info = image_info(data)
    except ImageError as exc:
        raise ValidationError(field, str(exc)) from None
    if info.width > max_width or info.height > max_height:
        raise ValidationError(
            field,
            _("the icon is {size} pixels; at most {width}×{height}").format(
                size=info.size_text, width=max_width, height=max_height
            ),
        )
    return info


def _too_large(field: str, size: int) -> ValidationError:
    return ValidationError(
        field,
        _("the icon file is {size} KB; at most {limit} KB").format(
            size=(size + 1023) // 1024, limit=MAX_ICON_BYTES // 1024
        ),
    )


def read_icon_file(
    field: str, path: Path, *, max_width: int = 16, max_height: int = 16
) -> tuple[bytes, ImageInfo]:
    """Read and check an icon file chosen by the user. A file over `MAX_ICON_BYTES` is refused
    before it is read; an unreadable or empty file, or a refused image, raises `ValidationError`."""
    try:
        size = path.stat().st_size
        if size > MAX_ICON_BYTES:
            raise _too_large(field, size)
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            field, _("cannot read {file}: {reason}").format(file=path.name, reason=exc.strerror or exc)
        ) from None
    info = check_icon(field, data, max_width=max_width, max_height=max_height)
    if info is None:
        raise ValidationError(field, _("the file {file} is empty").format(file=path.name))
    return data, info
