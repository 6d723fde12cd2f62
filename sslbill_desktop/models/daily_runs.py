"""The daily run's records: one row per run, and one mark per (service, day) it processed.

A mark is written in the same transaction as what the run booked for that service on that day,
so a day processed twice (the same workstation again, another one, or a run resumed after a
crash) books nothing twice: the primary key (order, day) refuses the second mark. A renewal that
is on its way upstream is marked `renewing` first; the journal's completion replaces that with
its outcome. Notices sent to departments (low balance, reissue due) are marked per (kind,
subject, day) in `daily_run_notices`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, UTCDateTime, utcnow

RUN_RUNNING = "running"
RUN_FINISHED = "finished"
RUN_FAILED = "failed"

MARK_RENEWING = "renewing"


class DailyRun(IdMixin, Base):
    __tablename__ = "daily_runs"
    __table_args__ = (Index("ix_daily_runs_day", "day", "id"),)

    day: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default=RUN_RUNNING)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    #: The staff login (or "system") that started it, and the process (host:pid:token).
    started_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    owner: Mapped[str] = mapped_column(String(160), nullable=False, default="")
    #: `DailyRunSummary.to_dict()` once finished (or as far as it got).
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str] = mapped_column(String(1000), nullable=False, default="")


class DailyRunMark(Base):
    __tablename__ = "daily_run_marks"

    order_id: Mapped[int] = mapped_column(
        ForeignKey("certificate_orders.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    #: What happened: "renewed", "suspended", "kept_active", "deleted", "charged", "renewing", ...
    outcome: Mapped[str] = mapped_column(String(32), nullable=False)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("daily_runs.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)


class DailyRunNotice(Base):
    """A notice the daily run sent for a subject on a day (a module's low balance, a reissue)."""

    __tablename__ = "daily_run_notices"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    subject_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("daily_runs.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
