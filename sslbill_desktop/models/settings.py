"""Workspace-wide settings shared by every workstation (per-user preferences live in QSettings)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, TimestampMixin, VersionedMixin


class WorkspaceSetting(TimestampMixin, VersionedMixin, Base):
    __tablename__ = "workspace_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
