"""The upstream journal: every call that spends money, written and committed before it is sent.

States: `sent` (written, outcome not known yet), `done` (the upstream confirmed, `upstream_id`
set), `failed` (the upstream refused: nothing was bought), `unknown` (timeout, reset or crash:
reconciliation must find out before anything is sent again).

`purpose` and `subject_id` say whose purchase it is (e.g. "order" and the order's id): the service
that registered a completion handler for that purpose books its side (the client's charge) in the
same transaction that marks the entry `done`. `owner` is the process that is sending it
(host:pid:token), so that start-up reconciliation can tell a crashed sender from a live one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, UTCDateTime, utcnow

JOURNAL_SENT = "sent"
JOURNAL_DONE = "done"
JOURNAL_FAILED = "failed"
JOURNAL_UNKNOWN = "unknown"


class JournalEntry(IdMixin, Base):
    __tablename__ = "upstream_journal"
    __table_args__ = (Index("ix_upstream_journal_state", "state"),)

    #: Our own reference, unique, written before the call (a UUID).
    reference: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    processing_module_id: Mapped[int] = mapped_column(
        ForeignKey("processing_modules.id", ondelete="RESTRICT"), nullable=False
    )
    operation: Mapped[str] = mapped_column(String(32), nullable=False)  # order | renew | reissue ...
    #: What was asked, without secrets (no password, no private key; a CSR is public).
    request: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    # Matching fields used by reconciliation.
    common_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    pricelist_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    upstream_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error: Mapped[str] = mapped_column(Text, nullable=False, default="")
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_by: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    purpose: Mapped[str] = mapped_column(String(32), nullable=False, default="", server_default="")
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    owner: Mapped[str] = mapped_column(String(160), nullable=False, default="", server_default="")
    #: What the upstream answered when done (`{"id": ..., "expires": ...}`), or what reconciliation found.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
