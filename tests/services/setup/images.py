"""Real image files of a chosen size, built byte by byte (no Qt, no Pillow)."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png(width: int, height: int) -> bytes:
    """A valid grey PNG of `width`×`height` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw))
        + _chunk(b"IEND", b"")
    )


def ico(*sizes: int) -> bytes:
    """An ICO file holding one PNG image per size (a 0 byte in the directory means 256)."""
    images = [png(size, size) for size in sizes]
    directory = b""
    offset = 6 + 16 * len(sizes)
    for size, image in zip(sizes, images, strict=True):
        byte = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", byte, byte, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return struct.pack("<HHH", 0, 1, len(sizes)) + directory + b"".join(images)


def svg(width: str | None = "16", height: str | None = "16", view_box: str | None = None) -> bytes:
    attributes = ""
    if width is not None:
        attributes += f' width="{width}"'
    if height is not None:
        attributes += f' height="{height}"'
    if view_box is not None:
        attributes += f' viewBox="{view_box}"'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"{attributes}>'
        '<rect x="2" y="2" width="12" height="12" fill="#08c"/></svg>'
    ).encode()
