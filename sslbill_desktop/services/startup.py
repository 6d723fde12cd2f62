"""Work done once per start, after the database is open and off the GUI thread."""

from __future__ import annotations

from sslbill_desktop.services.db import Database
from sslbill_desktop.services.journal import ReconcileResult, reconcile_all


def reconcile_purchases(db: Database) -> list[ReconcileResult]:
    """Settle purchases left open by a crash or a lost reply (DESIGN.md: the journal); the
    charges of adopted certificates are booked as the entries are marked done."""
    return reconcile_all(db)
