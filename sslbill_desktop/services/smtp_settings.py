"""SMTP settings per provider: the mail server the provider's notifications go out through.

Host, port, security (STARTTLS, TLS or none) and the user name are in the `smtp_settings` table;
the password only in the OS keyring (`smtp-password-<secret_ref>`, see `models/smtp.py`). The
sender is the provider's "e-mail for notifications".

`save_smtp_settings(..., password=None)` keeps the stored password, `password="..."` replaces it,
`clear_password=True` removes it. Sending a password unencrypted is refused except to a loopback
host. `check_connection` connects and logs in with the saved settings and says how it went.
Reading needs `Permission.READ_CONFIGURATION`, changing `CHANGE_CONFIGURATION`.
"""

from __future__ import annotations

import contextlib
import ipaddress
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.provider import Provider
from sslbill_desktop.models.smtp import (
    SECURITY_NONE,
    SECURITY_STARTTLS,
    SECURITY_TLS,
    SMTP_SECURITY,
    SmtpSettings,
)
from sslbill_desktop.services import audit, credentials, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, touch
from sslbill_desktop.services.errors import Conflict, SecretStoreError, UserError, ValidationError
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.smtp_transport import SendError, SmtpConfig, SmtpConnection, is_loopback

ENTITY = "smtp_settings"
DEFAULT_PORTS: dict[str, int] = {SECURITY_STARTTLS: 587, SECURITY_TLS: 465, SECURITY_NONE: 25}
SECURITY_LABELS: dict[str, str] = {
    SECURITY_STARTTLS: N_("STARTTLS (usually port 587)"),
    SECURITY_TLS: N_("TLS (usually port 465)"),
    SECURITY_NONE: N_("None (unencrypted)"),
}
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


@dataclass(frozen=True)
class SmtpSettingsRecord:
    provider_id: int
    provider_name: str
    #: The provider's notifications address: what messages are sent from.
    sender: str
    #: False when nothing was saved yet (the other fields are then the defaults).
    configured: bool
    host: str
    port: int
    security: str
    username: str
    has_password: bool
    #: None when nothing was saved yet.
    version: int | None


def password_entry(secret_ref: str) -> str:
    """The keyring entry of an SMTP password."""
    return f"smtp-password-{secret_ref}"


def _record(provider: Provider, row: SmtpSettings | None) -> SmtpSettingsRecord:
    if row is None:
        return SmtpSettingsRecord(
            provider.id,
            provider.name,
            provider.notification_email,
            False,
            "",
            587,
            SECURITY_STARTTLS,
            "",
            False,
            None,
        )
    return SmtpSettingsRecord(
        provider.id,
        provider.name,
        provider.notification_email,
        True,
        row.host,
        row.port,
        row.security,
        row.username,
        bool(row.secret_ref),
        row.version,
    )


def _settings_of(s: Session, provider_id: int) -> SmtpSettings | None:
    return s.scalar(select(SmtpSettings).where(SmtpSettings.provider_id == provider_id))


def clean_host(field: str, value: object) -> str:
    text = fields.line(field, value, required=True, max_length=253)
    try:
        return str(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        pass
    if not _HOST.fullmatch(text) or ".." in text:
        raise ValidationError(field, _("not a host name or IP address: {value}").format(value=text))
    return text.lower()


def clean_security(field: str, value: object) -> str:
    text = str(value or "").strip().lower()
    if text not in SMTP_SECURITY:
        raise ValidationError(field, _("choose STARTTLS, TLS or none"))
    return text


def list_smtp_settings(db: Database, actor: Actor) -> list[SmtpSettingsRecord]:
    """Every provider with its settings (or the defaults), by provider name."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        by_provider = {row.provider_id: row for row in s.scalars(select(SmtpSettings))}
        providers = s.scalars(select(Provider).order_by(func.lower(Provider.name), Provider.id))
        return [_record(p, by_provider.get(p.id)) for p in providers]


def get_smtp_settings(db: Database, actor: Actor, provider_id: int) -> SmtpSettingsRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        provider = load(s, Provider, provider_id)
        return _record(provider, _settings_of(s, provider.id))


def save_smtp_settings(
    db: Database,
    actor: Actor,
    provider_id: int,
    *,
    version: int | None,
    host: str,
    port: int | str,
    security: str,
    username: str = "",
    password: str | None = None,
    clear_password: bool = False,
) -> SmtpSettingsRecord:
    """Create or update the provider's settings. `version` is the one loaded (None: none existed)."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    clean_host_name = clean_host("host", host)
    clean_port = fields.whole_number("port", port, minimum=1, maximum=65535)
    clean_sec = clean_security("security", security)
    user = fields.line("username", username, max_length=254)
    if password is not None and not isinstance(password, str):
        raise ValidationError("password", _("must be text"))
    new_password = password or None
    if new_password is not None and not user:
        raise ValidationError("username", _("enter the user name the password belongs to"))
    if user and clean_sec == SECURITY_NONE and not is_loopback(clean_host_name):
        raise ValidationError("security", _("the password would travel unencrypted: choose STARTTLS or TLS"))
    with db.uow() as s:
        provider = load(s, Provider, provider_id)
        row = _settings_of(s, provider.id)
        if row is None and version is not None:
            raise Conflict(
                _("Someone else removed these SMTP settings meanwhile. Close the dialog and open it again.")
            )
        if row is not None and row.version != version:
            raise Conflict(
                _(
                    "Someone else changed these SMTP settings after you opened them. Nothing was "
                    "overwritten: reopen them to see their changes."
                )
            )
        created = row is None
        if row is None:
            row = SmtpSettings(provider_id=provider.id, secret_ref="")
            s.add(row)
        before = audit.snapshot(row) if not created else None
        row.host, row.port, row.security, row.username = clean_host_name, clean_port, clean_sec, user
        if clear_password or not user:
            if row.secret_ref:
                credentials.delete_secret(password_entry(row.secret_ref))
            row.secret_ref = ""
        if new_password is not None:
            if not row.secret_ref:
                row.secret_ref = secrets.token_hex(16)
            credentials.save_secret(password_entry(row.secret_ref), new_password)
        touch(row)
        s.flush()
        after = audit.snapshot(row) | {"password_changed": new_password is not None or clear_password}
        audit.record(
            s,
            actor,
            "create" if created else "update",
            ENTITY,
            row.id,
            before=before,
            after=after,
            summary=provider.name,
        )
        return _record(provider, row)


def delete_smtp_settings(db: Database, actor: Actor, provider_id: int, *, version: int) -> None:
    """Remove the settings and their keyring password; the provider's mail then waits in the outbox."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        provider = load(s, Provider, provider_id)
        row = _settings_of(s, provider.id)
        if row is None:
            return
        if row.version != version:
            raise Conflict(_("Someone else changed these SMTP settings after you opened them."))
        before = audit.snapshot(row)
        if row.secret_ref:
            # the settings go anyway; an unreachable keyring keeps an unused entry
            with contextlib.suppress(SecretStoreError):
                credentials.delete_secret(password_entry(row.secret_ref))
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, row.id, before=before, summary=provider.name)


@dataclass(frozen=True)
class Transport:
    """What sending needs: the connection settings and where the password is (for `outbox`)."""

    config: SmtpConfig
    secret_ref: str


def transport_for(s: Session, provider_id: int) -> Transport | None:
    """The provider's transport inside a unit of work, or None when no settings are saved."""
    row = _settings_of(s, provider_id)
    if row is None:
        return None
    return Transport(SmtpConfig(row.host, row.port, row.security, row.username), row.secret_ref)


def password_for(transport: Transport) -> str | None:
    """The SMTP password from the keyring (None without a user); `SecretStoreError` when missing."""
    if not transport.config.username:
        return None
    if not transport.secret_ref:
        raise SecretStoreError(
            _("No password is saved for the SMTP user {user}: enter it in the SMTP settings.").format(
                user=transport.config.username
            )
        )
    password = credentials.read_secret(password_entry(transport.secret_ref))
    if password is None:
        raise SecretStoreError(
            _(
                "The keyring of this workstation has no SMTP password for {host} (it was saved on another "
                "workstation, or the keyring was reset). Enter it again in the SMTP settings."
            ).format(host=transport.config.host)
        )
    return password


def check_connection(db: Database, actor: Actor, provider_id: int) -> str:
    """Connect and log in with the saved settings; returns what happened, for the dialog."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        provider = load(s, Provider, provider_id)
        transport = transport_for(s, provider.id)
    if transport is None:
        raise UserError(_("Save the SMTP settings of {provider} first.").format(provider=provider.name))
    password = password_for(transport)
    try:
        with SmtpConnection(transport.config, password) as connection:
            connection.check()
    except SendError as exc:
        raise UserError(_("The connection test failed: {reason}").format(reason=exc.reason)) from None
    return _("Connected to {host}:{port}{login}.").format(
        host=transport.config.host,
        port=transport.config.port,
        login=_(" and logged in as {user}").format(user=transport.config.username)
        if transport.config.username
        else "",
    )
