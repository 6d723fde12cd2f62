"""The reissue planner: orders whose paid term outlives their certificate.

From March 2026 a publicly trusted certificate is valid for at most 199 days (less from 2027 and
2029), while plans sell a year or more: such an order needs its certificate reissued before it
ends, perhaps several times. For each active order:

- the certificate's end: for an issued certificate, its `notAfter`, but never later than its
  `notBefore` plus the maximum validity in force on that day (`order_settings.ca_maximum`); for a
  certificate not issued yet, an estimate from the date it was ordered;
- the order is listed when its term (`expires_on`) ends after its certificate does, with the date
  the next reissue is due: the certificate's end less the lead time (`reissue.lead_days`).

The daily run reminds the department of the plan's processing module of every reissue due by
that day (once per order and certificate end; `notifications.reissue_due_reminder`). It reads only
the candidates: the query itself keeps the issued certificates that end by the day plus the lead
time (`_ending_by`: their `notAfter`, or their issue date plus the maximum in force then), so the
daily run does not read every active order.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, or_, select

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.clients import Client
from sslbill_desktop.models.orders import ORDER_ACTIVE, UPSTREAM_ISSUED, UPSTREAM_REQUESTED, Order
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.domains import to_unicode
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.order_settings import LEGACY_MAXIMUM_DAYS, OrderSettings, settings_in
from sslbill_desktop.services.sql_lists import chunks


@dataclass(frozen=True)
class ReissueRow:
    order_id: int
    client_name: str
    common_name: str
    plan_title: str
    #: When the order's paid term ends.
    term_ends_on: date
    #: When its certificate stops being valid.
    certificate_ends_on: date
    #: True when the certificate is not issued yet (its end is estimated).
    estimated: bool
    reissue_due_on: date
    #: How many reissues the rest of the term needs (at the maximum validity in force on `on`).
    reissues_needed: int
    department_id: int | None
    provider_id: int

    @property
    def domain(self) -> str:
        return to_unicode(self.common_name)

    def days_left(self, on: date) -> int:
        return (self.reissue_due_on - on).days


def certificate_end(
    settings: OrderSettings,
    *,
    not_before: datetime | None,
    not_after: datetime | None,
    ordered_on: date | None,
) -> tuple[date, bool] | None:
    """The certificate's last valid day and whether it is an estimate (None: unknown)."""
    if not_before is not None and not_after is not None:
        issued = not_before.date()
        capped = issued + timedelta(days=settings.maximum_days(issued))
        return min(not_after.date(), capped), False
    if ordered_on is not None:
        return ordered_on + timedelta(days=settings.maximum_days(ordered_on)), True
    return None


def _reissues_needed(settings: OrderSettings, certificate_ends_on: date, term_ends_on: date) -> int:
    count, end = 0, certificate_ends_on
    while end < term_ends_on and count < 1000:
        count += 1
        end = end + timedelta(days=settings.maximum_days(end))
    return count


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _ending_by(settings: OrderSettings, last_day: date) -> Any:
    """The SQL condition "the issued certificate's end (`certificate_end`) is on `last_day` or
    before": its `notAfter` is, or its issue date plus the maximum validity in force on that date
    is (the maximum is constant between the steps of `ca_maximum`, so this is a union of ranges of
    issue dates)."""
    not_before, not_after = Order.certificate_not_before, Order.certificate_not_after
    conditions: list[Any] = [not_after < _midnight(last_day + timedelta(days=1))]
    steps = sorted(settings.ca_maximum, key=lambda m: m.since)
    starts: list[date | None] = [None, *(step.since for step in steps)]
    ends: list[date | None] = [*(step.since for step in steps), None]
    validity = [LEGACY_MAXIMUM_DAYS, *(step.days for step in steps)]
    for start, end, days in zip(starts, ends, validity, strict=True):
        # Issued on d in [start, end), it ends on d + days: by `last_day` when d <= last_day - days.
        upper = last_day - timedelta(days=days) + timedelta(days=1)
        if end is not None:
            upper = min(upper, end)
        if start is not None and upper <= start:
            continue
        condition = not_before < _midnight(upper)
        if start is not None:
            condition = and_(not_before >= _midnight(start), condition)
        conditions.append(condition)
    return or_(*conditions)


def _active(query: Any, on: date) -> Any:
    """Keep the active orders, with no operation under way, whose term goes on after `on`."""
    return query.where(
        Order.status == ORDER_ACTIVE,
        Order.pending.is_(None),
        Order.expires_on.is_not(None),
        Order.expires_on > on,
        Order.upstream_status.in_((UPSTREAM_ISSUED, UPSTREAM_REQUESTED)),
    )


def _rows(db: Database, on: date, *, only: Collection[int] | None = None) -> list[ReissueRow]:
    """Every active order whose term outlives its certificate (with `only`, those orders)."""
    ids = None if only is None else sorted(only)
    with db.uow() as s:
        settings = settings_in(s)
        default = languages_in(s).default
        query = _active(
            select(
                Order.id,
                Client.name,
                Order.common_name,
                TariffPlan.name,
                Order.expires_on,
                Order.certificate_not_before,
                Order.certificate_not_after,
                Order.ordered_on,
                ProcessingModule.department_id,
                TariffPlan.provider_id,
            )
            .join(Client, Client.id == Order.client_id)
            .join(TariffPlan, TariffPlan.id == Order.tariff_plan_id)
            .join(ProcessingModule, ProcessingModule.id == Order.processing_module_id),
            on,
        )
        queries = [query] if ids is None else [query.where(Order.id.in_(c)) for c in chunks(ids)]
        rows: list[ReissueRow] = []
        for piece in queries:
            for (
                order_id,
                client_name,
                common_name,
                plan_name,
                expires_on,
                not_before,
                not_after,
                ordered_on,
                department_id,
                provider_id,
            ) in s.execute(piece):
                end = certificate_end(
                    settings, not_before=not_before, not_after=not_after, ordered_on=ordered_on
                )
                if end is None or expires_on is None:
                    continue
                certificate_ends_on, estimated = end
                # A term ending on `expires_on` uses its last day on the day before.
                if expires_on - timedelta(days=1) <= certificate_ends_on:
                    continue
                rows.append(
                    ReissueRow(
                        order_id=order_id,
                        client_name=client_name,
                        common_name=common_name,
                        plan_title=pick(plan_name, default),
                        term_ends_on=expires_on,
                        certificate_ends_on=certificate_ends_on,
                        estimated=estimated,
                        reissue_due_on=certificate_ends_on - timedelta(days=settings.reissue_lead_days),
                        reissues_needed=_reissues_needed(
                            settings, certificate_ends_on, expires_on - timedelta(days=1)
                        ),
                        department_id=department_id,
                        provider_id=provider_id,
                    )
                )
    return sorted(rows, key=lambda r: (r.reissue_due_on, r.order_id))


def _due(db: Database, day: date) -> dict[int, date]:
    """The orders whose issued certificate's reissue is due by `day` and whose department can be
    told: order id → the certificate's end. Reads only the few columns that decide it (the daily
    run sees every past-due reissue again each day; most were reminded before)."""
    with db.uow() as s:
        settings = settings_in(s)
        query = _active(
            select(Order.id, Order.expires_on, Order.certificate_not_before, Order.certificate_not_after)
            .join(ProcessingModule, ProcessingModule.id == Order.processing_module_id)
            .where(
                Order.certificate_not_before.is_not(None),
                Order.certificate_not_after.is_not(None),
                ProcessingModule.department_id.is_not(None),
                _ending_by(settings, day + timedelta(days=settings.reissue_lead_days)),
            ),
            day,
        )
        due: dict[int, date] = {}
        lead = timedelta(days=settings.reissue_lead_days)
        for order_id, expires_on, not_before, not_after in s.connection().execute(query):
            end = certificate_end(settings, not_before=not_before, not_after=not_after, ordered_on=None)
            if end is None:
                continue
            ends_on = end[0]
            if expires_on - timedelta(days=1) > ends_on and ends_on - lead <= day:
                due[int(order_id)] = ends_on
    return due


def plan_reissues(db: Database, actor: Actor, on: date) -> list[ReissueRow]:
    """Every active order whose term outlives its certificate, the soonest reissue first."""
    require(actor, Permission.HANDLE_ORDERS)
    return _rows(db, on)


def due_reminders(
    db: Database, day: date, *, reminded: Callable[[dict[int, date]], set[int]] | None = None
) -> list[ReissueRow]:
    """The issued certificates whose reissue is due by `day` and whose department can be told;
    `reminded(due)` — given order id → certificate end — names the orders already reminded of
    that certificate, which are left out before their details are read."""
    due = _due(db, day)
    if reminded is not None and due:
        for order_id in reminded(due):
            due.pop(order_id, None)
    if not due:
        return []
    return [r for r in _rows(db, day, only=due) if due.get(r.order_id) == r.certificate_ends_on]
