"""Workspace settings of order management (shared by every workstation, in `workspace_settings`).

- `orders.refund_on_delete`: "unused" — deleting an order refunds its unused days (and the unused
  part of its add-ons; a certificate that was never issued is refunded what its term cost) — or
  "none".
- `orders.renewal_reminder_days`: how many days before expiry clients are reminded, e.g. [14, 3].
- `reissue.ca_maximum`: the longest validity a certificate authority issues, by issue date:
  `[{"from": "2026-03-15", "days": 199}, ...]` (CA/Browser Forum ballot SC-081: 200 days from
  March 2026, 100 from March 2027, 47 from March 2029; kept one day under each limit). Before
  the first date: 398 days.
- `reissue.lead_days`: how many days before a certificate ends its reissue is due.

Reading needs no permission (the daily run and every order page read them); writing needs
`CHANGE_CONFIGURATION`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from sslbill_desktop.models.settings import WorkspaceSetting
from sslbill_desktop.services import audit
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _

REFUND_ON_DELETE = "orders.refund_on_delete"
RENEWAL_REMINDER_DAYS = "orders.renewal_reminder_days"
CA_MAXIMUM = "reissue.ca_maximum"
REISSUE_LEAD_DAYS = "reissue.lead_days"

REFUND_UNUSED = "unused"
REFUND_NONE = "none"

#: Validity before the first scheduled limit (the CA/Browser Forum's 398 days).
LEGACY_MAXIMUM_DAYS = 398


@dataclass(frozen=True)
class MaximumValidity:
    """From `since` on, certificates are issued for at most `days` days."""

    since: date
    days: int


DEFAULT_CA_MAXIMUM: tuple[MaximumValidity, ...] = (
    MaximumValidity(date(2026, 3, 15), 199),
    MaximumValidity(date(2027, 3, 15), 99),
    MaximumValidity(date(2029, 3, 15), 46),
)
DEFAULT_REMINDER_DAYS: tuple[int, ...] = (14, 3)
DEFAULT_LEAD_DAYS = 30


@dataclass(frozen=True)
class OrderSettings:
    refund_on_delete: str = REFUND_UNUSED
    renewal_reminder_days: tuple[int, ...] = DEFAULT_REMINDER_DAYS
    ca_maximum: tuple[MaximumValidity, ...] = DEFAULT_CA_MAXIMUM
    reissue_lead_days: int = DEFAULT_LEAD_DAYS

    def maximum_days(self, issued_on: date) -> int:
        """The longest validity of a certificate issued on `issued_on`."""
        latest: MaximumValidity | None = None  # the last step in force on that day
        for step in self.ca_maximum:
            if issued_on >= step.since and (latest is None or step.since >= latest.since):
                latest = step
        return LEGACY_MAXIMUM_DAYS if latest is None else latest.days


def _value(s: Session, key: str) -> Any:
    row = s.get(WorkspaceSetting, key)
    return row.value if row is not None else None


def _schedule(value: Any) -> tuple[MaximumValidity, ...] | None:
    if not isinstance(value, list):
        return None
    steps = []
    for item in value:
        try:
            steps.append(MaximumValidity(date.fromisoformat(str(item["from"])), int(item["days"])))
        except (KeyError, TypeError, ValueError):
            return None
    return tuple(steps)


def settings_in(s: Session) -> OrderSettings:
    refund = _value(s, REFUND_ON_DELETE)
    days = _value(s, RENEWAL_REMINDER_DAYS)
    lead = _value(s, REISSUE_LEAD_DAYS)
    return OrderSettings(
        refund_on_delete=refund if refund in (REFUND_UNUSED, REFUND_NONE) else REFUND_UNUSED,
        renewal_reminder_days=(
            tuple(sorted({int(d) for d in days if isinstance(d, int) and 0 < d <= 365}, reverse=True))
            if isinstance(days, list)
            else DEFAULT_REMINDER_DAYS
        ),
        ca_maximum=_schedule(_value(s, CA_MAXIMUM)) or DEFAULT_CA_MAXIMUM,
        reissue_lead_days=lead if isinstance(lead, int) and 0 <= lead <= 365 else DEFAULT_LEAD_DAYS,
    )


def order_settings(db: Database) -> OrderSettings:
    with db.uow() as s:
        return settings_in(s)


def _put(s: Session, key: str, value: Any) -> Any:
    row = s.get(WorkspaceSetting, key)
    before = row.value if row is not None else None
    if row is None:
        s.add(WorkspaceSetting(key=key, value=value))
    else:
        row.value = value
    return before


def _whole(field: str, value: object, minimum: int, maximum: int, out_of_range: str) -> int:
    """A whole number (an int, never a bool) from `minimum` to `maximum`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, _("not a whole number: {value}").format(value=repr(value)[:40]))
    if not minimum <= value <= maximum:
        raise ValidationError(field, out_of_range)
    return value


def _list(field: str, value: object) -> list[object]:
    if not isinstance(value, list | tuple):
        raise ValidationError(field, _("must be a list, not {value}").format(value=repr(value)[:40]))
    return list(value)


def _reminder_days(value: object) -> list[int]:
    field = "renewal_reminder_days"
    message = _("each reminder is 1 to 365 days before expiry")
    days = {_whole(field, item, 1, 365, message) for item in _list(field, value)}
    return sorted(days, reverse=True)


def _ca_maximum(value: object) -> list[dict[str, Any]]:
    field = "ca_maximum"
    steps = _list(field, value)
    if not steps:
        raise ValidationError(field, _("each maximum validity is 1 to 3650 days"))
    stored = []
    for step in steps:
        # a datetime is a date too, but would be stored with its time and never read back
        since = step.since if isinstance(step, MaximumValidity) else None
        if (
            not isinstance(step, MaximumValidity)
            or not isinstance(since, date)
            or isinstance(since, datetime)
        ):
            raise ValidationError(field, _("each step is a start date and a number of days"))
        days = _whole(field, step.days, 1, 3650, _("each maximum validity is 1 to 3650 days"))
        stored.append({"from": since.isoformat(), "days": days})
    return stored


def save_order_settings(
    db: Database,
    actor: Actor,
    *,
    refund_on_delete: str | None = None,
    renewal_reminder_days: Sequence[int] | None = None,
    ca_maximum: Sequence[MaximumValidity] | None = None,
    reissue_lead_days: int | None = None,
) -> OrderSettings:
    """Change the settings given (the others stay). A value of the wrong type or out of range is
    refused with a `ValidationError` naming its field; nothing is saved then."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    changes: dict[str, Any] = {}
    if refund_on_delete is not None:
        if not isinstance(refund_on_delete, str) or refund_on_delete not in (REFUND_UNUSED, REFUND_NONE):
            raise ValidationError("refund_on_delete", _("choose to refund the unused part or nothing"))
        changes[REFUND_ON_DELETE] = refund_on_delete
    if renewal_reminder_days is not None:
        changes[RENEWAL_REMINDER_DAYS] = _reminder_days(renewal_reminder_days)
    if ca_maximum is not None:
        changes[CA_MAXIMUM] = _ca_maximum(ca_maximum)
    if reissue_lead_days is not None:
        changes[REISSUE_LEAD_DAYS] = _whole(
            "reissue_lead_days", reissue_lead_days, 0, 365, _("the lead time is 0 to 365 days")
        )
    with db.uow() as s:
        before = {key: _put(s, key, value) for key, value in changes.items()}
        s.flush()
        audit.record(s, actor, "update", "order_settings", None, before=before, after=changes)
        return settings_in(s)
