"""Business hours (Provider → Business hours): a department's weekly working time.

A schedule maps the days "mon".."sun" to from–to intervals written "HH:MM" (24-hour clock; "24:00"
may end a day). In each interval from < to, and the intervals of one day must not overlap (they
may touch: 09:00–12:00 and 12:00–18:00). A day without intervals is a day off. The time zone is
an IANA name ("Europe/Berlin"), checked against the zone database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from sqlalchemy import select

from sslbill_desktop.models.infrastructure import BusinessHours
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, name_taken, refuse_if_used, touch
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _, babel_locale

ENTITY = "business_hours"
DAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_INTERVALS_PER_DAY = 12
_TIME = re.compile(r"(?:([01][0-9]|2[0-3]):([0-5][0-9])|(24):(00))")

Interval = tuple[str, str]
#: Every day of the week, in order, with its intervals sorted by start (empty: a day off).
Schedule = dict[str, tuple[Interval, ...]]


@dataclass(frozen=True)
class BusinessHoursRecord:
    id: int
    name: str
    time_zone: str
    schedule: Schedule
    #: The schedule in words, in the UI language ("Mon–Fri 09:00–18:00; Sat, Sun closed").
    description: str
    version: int


@cache
def _zones() -> frozenset[str]:
    import zoneinfo

    return frozenset(zoneinfo.available_timezones())


def time_zone_choices() -> list[str]:
    """Every IANA time zone name, sorted."""
    return sorted(_zones())


def clean_time_zone(field: str, value: object) -> str:
    text = fields.line(field, value, required=True, max_length=64)
    if text not in _zones():
        raise ValidationError(field, _("not a time zone of the IANA database: {zone}").format(zone=text))
    return text


def _minutes(text: str) -> int:
    match = _TIME.fullmatch(text)
    if match is None:
        raise ValueError(text)
    hours, minutes = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    return int(hours) * 60 + int(minutes)


def clean_schedule(field: str, value: object) -> Schedule:
    """Check a weekly schedule and return it with every day present and intervals sorted."""
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise ValidationError(field, _("must map days of the week to intervals"))
    for day in value:
        if day not in DAYS:
            raise ValidationError(f"{field}.{day}", _("not a day of the week: {day}").format(day=day))
    schedule: Schedule = {}
    for day in DAYS:
        sub = f"{field}.{day}"
        raw = value.get(day)
        if raw is None:
            raw = ()
        if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
            raise ValidationError(sub, _("must be a list of from–to intervals"))
        if len(raw) > MAX_INTERVALS_PER_DAY:
            raise ValidationError(sub, _("at most {n} intervals a day").format(n=MAX_INTERVALS_PER_DAY))
        intervals: list[tuple[int, int, Interval]] = []
        for pair in raw:
            if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
                raise ValidationError(sub, _("an interval is a pair of times: from and to"))
            start, end = pair
            try:
                if not isinstance(start, str) or not isinstance(end, str):
                    raise ValueError
                begin, finish = _minutes(start.strip()), _minutes(end.strip())
            except ValueError:
                raise ValidationError(
                    sub,
                    _("times are written HH:MM (00:00 to 24:00): {start}–{end}").format(start=start, end=end),
                ) from None
            if begin >= finish:
                raise ValidationError(
                    sub,
                    _("the interval {start}–{end} must end after it starts").format(
                        start=start.strip(), end=end.strip()
                    ),
                )
            if begin == 24 * 60:
                raise ValidationError(sub, _("an interval cannot start at 24:00"))
            intervals.append((begin, finish, (start.strip(), end.strip())))
        intervals.sort()
        for (_b1, end1, first), (begin2, _e2, second) in pairwise(intervals):
            if begin2 < end1:
                raise ValidationError(
                    sub,
                    _("the intervals {first} and {second} overlap").format(
                        first="–".join(first), second="–".join(second)
                    ),
                )
        schedule[day] = tuple(interval for _b, _e, interval in intervals)
    return schedule


def _day_labels(language: str | None) -> dict[str, str]:
    from babel.dates import get_day_names

    names = get_day_names("abbreviated", locale=language or babel_locale())
    return {day: str(names[index]) for index, day in enumerate(DAYS)}


def describe_schedule(schedule: Mapping[str, Sequence[Sequence[str]]], language: str | None = None) -> str:
    """The schedule in words: consecutive days with the same hours are grouped,
    e.g. "Mon–Fri 09:00–13:00, 14:00–18:00; Sat 10:00–14:00; Sun closed"."""
    labels = _day_labels(language)
    hours = [tuple(tuple(pair) for pair in schedule.get(day) or ()) for day in DAYS]
    if not any(hours):
        return _("closed all week")
    parts: list[str] = []
    start = 0
    while start < len(DAYS):
        end = start
        while end + 1 < len(DAYS) and hours[end + 1] == hours[start]:
            end += 1
        days = labels[DAYS[start]] if start == end else f"{labels[DAYS[start]]}–{labels[DAYS[end]]}"
        if hours[start]:
            parts.append(f"{days} " + ", ".join(f"{a}–{b}" for a, b in hours[start]))
        else:
            parts.append(_("{days} closed").format(days=days))
        start = end + 1
    return "; ".join(parts)


def _stored(row: BusinessHours) -> Schedule:
    raw = row.schedule or {}
    return {day: tuple((str(a), str(b)) for a, b in raw.get(day, ())) for day in DAYS}


def _record(row: BusinessHours) -> BusinessHoursRecord:
    schedule = _stored(row)
    return BusinessHoursRecord(
        row.id, row.name, row.time_zone, schedule, describe_schedule(schedule), row.version
    )


def field_problems(*, name: object, time_zone: object, schedule: object) -> list[ValidationError]:
    """What the business hours dialog reports before saving (no database needed)."""
    checks: tuple[Callable[[], object], ...] = (
        lambda: fields.line("name", name, required=True),
        lambda: clean_time_zone("time_zone", time_zone),
        lambda: clean_schedule("schedule", schedule),
    )
    return fields.problems(checks)


def _apply(row: BusinessHours, name: str, time_zone: str, schedule: object) -> None:
    clean_name = fields.line("name", name, required=True)
    clean_zone = clean_time_zone("time_zone", time_zone)
    clean = clean_schedule("schedule", schedule)
    row.name = clean_name
    row.time_zone = clean_zone
    row.schedule = {day: [list(pair) for pair in intervals] for day, intervals in clean.items() if intervals}


def list_business_hours(db: Database, actor: Actor) -> list[BusinessHoursRecord]:
    """Sorted by name."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        rows = [_record(x) for x in s.scalars(select(BusinessHours))]
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


def get_business_hours(db: Database, actor: Actor, business_hours_id: int) -> BusinessHoursRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(load(s, BusinessHours, business_hours_id))


def create_business_hours(
    db: Database,
    actor: Actor,
    *,
    name: str,
    time_zone: str,
    schedule: Mapping[str, Sequence[Sequence[str]]],
) -> BusinessHoursRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = BusinessHours()
        _apply(row, name, time_zone, schedule)
        if name_taken(s, BusinessHours.name, row.name, None):
            raise ValidationError("name", _("the name {name} is taken").format(name=row.name))
        s.add(row)
        s.flush()
        audit.record(s, actor, "create", ENTITY, row.id, after=audit.snapshot(row), summary=row.name)
        return _record(row)


def update_business_hours(
    db: Database,
    actor: Actor,
    business_hours_id: int,
    *,
    version: int,
    name: str,
    time_zone: str,
    schedule: Mapping[str, Sequence[Sequence[str]]],
) -> BusinessHoursRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, BusinessHours, business_hours_id, version)
        before = audit.snapshot(row)
        _apply(row, name, time_zone, schedule)
        if name_taken(s, BusinessHours.name, row.name, row.id):
            raise ValidationError("name", _("the name {name} is taken").format(name=row.name))
        touch(row)
        s.flush()
        audit.record(
            s, actor, "update", ENTITY, row.id, before=before, after=audit.snapshot(row), summary=row.name
        )
        return _record(row)


def delete_business_hours(db: Database, actor: Actor, business_hours_id: int, *, version: int) -> None:
    """Refused while a department uses the schedule."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, BusinessHours, business_hours_id, version)
        refuse_if_used(s, row, _("The business hours {name}").format(name=row.name))
        before = audit.snapshot(row)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, business_hours_id, before=before, summary=row.name)
