"""Long `IN (...)` lists sent in pieces: SQLite and PostgreSQL both take a bounded number of
parameters per statement, so queries over many ids or keys go `IN_LIST_SIZE` at a time."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

_T = TypeVar("_T")

IN_LIST_SIZE = 500


def chunks(values: Sequence[_T], size: int = IN_LIST_SIZE) -> Iterator[Sequence[_T]]:
    """`values` in consecutive pieces of at most `size`."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
