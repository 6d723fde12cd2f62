"""One signal hub: a service call that wrote something announces the entity it changed.

`hub().changed.emit("staff")` after a save; every open page whose `entities` include "staff"
refreshes. Entity names are the services' record kinds ("staff", "data_center", ...).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    changed = Signal(str)


_hub: Hub | None = None


def hub() -> Hub:
    global _hub
    if _hub is None:
        _hub = Hub()
    return _hub


def announce(*entities: str) -> None:
    """Tell open pages that these entities changed."""
    for entity in entities:
        hub().changed.emit(entity)
