"""SMTP settings per provider: the mail server its notifications go out through.

The password is not here: it lives in the OS keyring under `smtp-password-<secret_ref>`, where
`secret_ref` is a random token made when a password is first saved ("" = no password). A random
token, not the provider id, so that a provider created later with a reused id never inherits an
old password. Deleting the provider deletes its settings (the keyring entry is removed by
`services.smtp_settings.delete_smtp_settings`, or stays unused).
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sslbill_desktop.models.base import Base, IdMixin, TimestampMixin, VersionedMixin

SECURITY_NONE = "none"
SECURITY_STARTTLS = "starttls"
SECURITY_TLS = "tls"
SMTP_SECURITY: tuple[str, ...] = (SECURITY_STARTTLS, SECURITY_TLS, SECURITY_NONE)


class SmtpSettings(IdMixin, TimestampMixin, VersionedMixin, Base):
    __tablename__ = "smtp_settings"

    provider_id: Mapped[int] = mapped_column(
        ForeignKey("providers.id", ondelete="CASCADE"), nullable=False, unique=True
    )
    host: Mapped[str] = mapped_column(String(253), nullable=False)
    port: Mapped[int] = mapped_column(Integer, nullable=False)
    #: "starttls", "tls" (implicit TLS, usually port 465) or "none".
    security: Mapped[str] = mapped_column(String(16), nullable=False, default=SECURITY_STARTTLS)
    #: Blank: send without logging in.
    username: Mapped[str] = mapped_column(String(254), nullable=False, default="")
    secret_ref: Mapped[str] = mapped_column(String(32), nullable=False, default="")
