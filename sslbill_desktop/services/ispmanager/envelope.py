"""Reading BILLmanager's JSON envelope.

A reply is `{"doc": {...}}`. Inside, attributes are `$name` keys, an element's text is `{"$": v}`,
a repeated element is a list — or a single object when there is only one — and a list reply says
how many elements exist in total in `p_elems`. An error is `doc.error` with `$type`, `$object`,
`msg` and `param` children (`{"$name": n, "$": v}`).

These helpers raise `EnvelopeError(detail)` for a shape they cannot read; the client turns it into
a `ProtocolError` naming the server.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sslbill_desktop.services.i18n import _

Node = Mapping[str, Any]


class EnvelopeError(Exception):
    """The reply is not a well-formed BILLmanager document; `detail` says what is wrong."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def parse_document(body: bytes, content_type: str) -> Node:
    """The `doc` object of a reply body, or `EnvelopeError` for HTML, garbled JSON or no `doc`."""
    head = body[:200].lstrip().lower()
    if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html")):
        raise EnvelopeError(_("an HTML page instead of JSON"))
    try:
        # Numbers as Decimal: money never passes through a float.
        payload = json.loads(body.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, ValueError, RecursionError):  # nested deeper than Python recurses
        raise EnvelopeError(_("a reply that is not valid JSON")) from None
    if not isinstance(payload, dict):
        raise EnvelopeError(_("a JSON reply without a document"))
    doc = payload.get("doc")
    if not isinstance(doc, dict):
        raise EnvelopeError(_("a JSON reply without the 'doc' key"))
    return doc


def text(node: Any) -> str:
    """An element's text: `{"$": v}`, a bare string or number, or "" when absent."""
    if node is None:
        return ""
    if isinstance(node, Mapping):
        value = node.get("$", "")
        return "" if value is None else str(value)
    if isinstance(node, str | int | Decimal):
        return str(node)
    if isinstance(node, list) and node:
        return text(node[0])
    raise EnvelopeError(_("a value of an unexpected type"))


def attr(node: Node, name: str) -> str:
    """Attribute `name` (`$name` key), or ""."""
    value = node.get("$" + name)
    if value is None:
        return ""
    if isinstance(value, Mapping | list):
        raise EnvelopeError(_("attribute {name} of an unexpected type").format(name=name))
    return str(value)


def child_text(node: Node, key: str) -> str:
    """The text of child element `key`, or "" when it is absent."""
    return text(node.get(key))


def required_text(node: Node, key: str) -> str:
    """The text of child element `key`; `EnvelopeError` naming the key when it is missing."""
    value = text(node.get(key)).strip()
    if not value:
        raise EnvelopeError(_("the key '{key}' is missing").format(key=key))
    return value


def required_attr(node: Node, name: str) -> str:
    value = attr(node, name).strip()
    if not value:
        raise EnvelopeError(_("the attribute '${name}' is missing").format(name=name))
    return value


def elements(node: Node, key: str) -> list[Node]:
    """The repeated child `key` as a list: none, a single object, or a list of objects."""
    value = node.get(key)
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
        return list(value)
    raise EnvelopeError(_("the key '{key}' is not a list of elements").format(key=key))


def child(node: Node, key: str) -> Node:
    """A required child object."""
    value = node.get(key)
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if not isinstance(value, Mapping):
        raise EnvelopeError(_("the key '{key}' is missing").format(key=key))
    return value


def decimal(value: str, what: str) -> Decimal:
    """A money amount from the upstream's text (a dot or comma decimal separator)."""
    cleaned = value.strip().replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise EnvelopeError(_("{what} is not a number").format(what=what)) from None
    if not number.is_finite():
        raise EnvelopeError(_("{what} is not a number").format(what=what))
    return number


def total_elements(doc: Node) -> int | None:
    """`p_elems`, the number of elements of a paged list, when the reply gives it."""
    raw = text(doc.get("p_elems")).strip() or attr(doc, "p_elems").strip()
    if not raw:
        return None
    try:
        total = int(raw)
    except ValueError:
        raise EnvelopeError(_("p_elems is not a number")) from None
    if total < 0:
        raise EnvelopeError(_("p_elems is negative"))
    return total


@dataclass(frozen=True)
class ErrorInfo:
    """`doc.error`: its `$type`, `$object`, message and named parameters."""

    type: str
    object: str
    message: str
    params: dict[str, str] = field(default_factory=dict)


def error_of(doc: Node) -> ErrorInfo | None:
    """The document's error, or None when it has none."""
    raw = doc.get("error")
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise EnvelopeError(_("an error of an unexpected shape"))
    params: dict[str, str] = {}
    for param in elements(raw, "param"):
        name = attr(param, "name")
        if name:
            params[name] = text(param)
    return ErrorInfo(
        type=attr(raw, "type"),
        object=attr(raw, "object"),
        message=text(raw.get("msg")).strip(),
        params=params,
    )
