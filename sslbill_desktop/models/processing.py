"""Processing modules: a connection to an ispmanager billing account that sells certificates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import (
    Base,
    IdMixin,
    LocalizedText,
    Money,
    TimestampMixin,
    UTCDateTime,
    VersionedMixin,
)

PRODUCT_TYPE_SSL = "ssl_certificate"
MODULE_ISPMANAGER_SSL = "ispmanager_ssl"


class ProcessingModule(IdMixin, TimestampMixin, VersionedMixin, Base):
    """The password is not here: it lives in the OS keyring under the module's id."""

    __tablename__ = "processing_modules"

    product_type: Mapped[str] = mapped_column(String(32), nullable=False, default=PRODUCT_TYPE_SSL)
    module_type: Mapped[str] = mapped_column(String(32), nullable=False, default=MODULE_ISPMANAGER_SSL)
    name: Mapped[dict[str, str]] = mapped_column(LocalizedText(), nullable=False)
    url: Mapped[str] = mapped_column(String(500), nullable=False)
    username: Mapped[str] = mapped_column(String(200), nullable=False)
    data_center_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_centers.id", ondelete="RESTRICT"), nullable=True
    )
    department_id: Mapped[int | None] = mapped_column(
        ForeignKey("departments.id", ondelete="RESTRICT"), nullable=True
    )
    sorting: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    #: In the upstream account's currency (`upstream_currency`).
    minimal_balance: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    upstream_currency: Mapped[str] = mapped_column(String(3), nullable=False, default="")
    # The last balance read from the upstream, kept for offline use.
    last_balance: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    last_balance_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
