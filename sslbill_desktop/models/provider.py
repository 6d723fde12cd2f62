"""Providers: the brands that sell to clients, each with its own currency."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, TimestampMixin, VersionedMixin


class Provider(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "providers"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    #: At most 16×16 pixels; PNG, SVG or ICO bytes as uploaded.
    icon: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    icon_format: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    notification_email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    #: Blank: notifications about activation and recovery go from `notification_email`.
    support_email: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    website_url: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    billing_url: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    help_url: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    currency: Mapped[str] = mapped_column(String(3), nullable=False)
    default_country: Mapped[str] = mapped_column(String(2), nullable=False, default="")
    phone_auth: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    code_entry_attempts: Mapped[int | None] = mapped_column(Integer, nullable=True)
    code_retrieval_attempts: Mapped[int | None] = mapped_column(Integer, nullable=True)
