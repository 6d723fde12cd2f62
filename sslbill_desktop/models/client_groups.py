"""Client groups: what the clients of a group may do, and which tariff plans they may order."""

from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, TimestampMixin, VersionedMixin


class ClientGroup(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "client_groups"

    name: Mapped[str] = mapped_column(String(200), nullable=False, unique=True)
    allow_suspend_resume: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    allow_deletion: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    ignore_service_limit: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
