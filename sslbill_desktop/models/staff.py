"""Staff accounts: the people who sign in to the desktop (admins and sales)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, TimestampMixin, UTCDateTime, VersionedMixin


class Staff(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "staff"

    login: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    #: `scrypt$N$r$p$salt$hash` (base64); the plain password is never stored.
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
