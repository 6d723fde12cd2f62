"""What every page and dialog of a signed-in session works with: the database and the actor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keep start-up free of SQLAlchemy
    from sslbill_desktop.services.auth import Actor
    from sslbill_desktop.services.db import Database


@dataclass(frozen=True)
class Workspace:
    """The open database and the signed-in staff member; passed to every page."""

    db: Database
    actor: Actor
