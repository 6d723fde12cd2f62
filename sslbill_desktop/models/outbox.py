"""The outbox: every notification e-mail, queued before it is sent and kept after.

A message is written in the same transaction as the change it reports (so a rolled-back renewal
sends nothing), then sent; a failed send stays `queued` with `next_attempt_at` moved on by a
growing delay, until it is sent or, after the last attempt, `failed`. `dedupe_key` makes a
notification idempotent ("renewal-reminder:42:2027-08-01" is queued once, however often the daily
run passes). Nothing secret is stored: `last_error` is scrubbed of the SMTP password.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, TimestampMixin, UTCDateTime

OUTBOX_QUEUED = "queued"
OUTBOX_SENT = "sent"
OUTBOX_FAILED = "failed"
OUTBOX_STATES: tuple[str, ...] = (OUTBOX_QUEUED, OUTBOX_SENT, OUTBOX_FAILED)


class OutboxMessage(IdMixin, TimestampMixin, Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_state_next", "state", "next_attempt_at"),)

    #: `services.notifications.NotificationKind` value.
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("providers.id", ondelete="SET NULL"), nullable=True
    )
    client_id: Mapped[int | None] = mapped_column(
        ForeignKey("clients.id", ondelete="SET NULL"), nullable=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="SET NULL"), nullable=True
    )
    #: The service (certificate order) it is about; the services table comes with part B.
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sender: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    #: Comma-separated addresses.
    recipients: Mapped[str] = mapped_column(String(2000), nullable=False)
    subject: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    language: Mapped[str] = mapped_column(String(16), nullable=False, default="en")
    state: Mapped[str] = mapped_column(String(16), nullable=False, default=OUTBOX_QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str] = mapped_column(String(1000), nullable=False, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), nullable=True, unique=True)
