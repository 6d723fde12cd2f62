"""Localizations and message / document templates (Settings menu)."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, LocalizedText, TimestampMixin, VersionedMixin


class Localization(TimestampMixin, Base):
    """A language the workspace offers; every "name per localization" field has one entry each."""

    __tablename__ = "localizations"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    is_default: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    sorting: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class Template(IdMixin, TimestampMixin, VersionedMixin, Base):
    """A message template (e-mail notification) or a document template (service agreement)."""

    __tablename__ = "templates"

    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # "message" | "document"
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    subject: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False, default=dict)
    body: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False, default=dict)
