"""Talking SMTP: one connection to a provider's mail server, reused for several messages.

`SmtpConfig` is what a connection needs (host, port, security, user); the password comes from the
keyring at the moment of sending and is only ever passed to `smtplib.login`. Security:
`starttls` upgrades a plain connection (port 587), `tls` connects with TLS from the start (port
465), `none` sends in clear — refused with a password except to a loopback host (the settings
refuse it when saved, and this module checks again).

Every failure becomes `SendError(reason)` whose text names what went wrong (refused connection,
TLS, login, rejected recipient...) without the password: `scrub()` removes the password, and its
base64 forms as AUTH PLAIN/LOGIN would send them, from any text before it is kept or logged.

Tests point `set_ssl_context_factory` at a context that trusts their own certificate.
"""

from __future__ import annotations

import base64
import ipaddress
import logging
import smtplib
import socket
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType

from sslbill_desktop.models.smtp import SECURITY_NONE, SECURITY_STARTTLS, SECURITY_TLS
from sslbill_desktop.services.i18n import _

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0
_context_factory: Callable[[], ssl.SSLContext] = ssl.create_default_context


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: str
    username: str = ""


class SendError(Exception):
    """A message could not be handed to the server; `reason` is safe to show and store."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def set_ssl_context_factory(factory: Callable[[], ssl.SSLContext]) -> Callable[[], ssl.SSLContext]:
    """Replace how TLS contexts are made (tests); returns the previous factory."""
    global _context_factory
    previous, _context_factory = _context_factory, factory
    return previous


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secret_forms(password: str | None, username: str = "") -> list[str]:
    """The password as it could appear in text: plain, and base64 as AUTH LOGIN/PLAIN send it."""
    if not password:
        return []
    forms = [password, base64.b64encode(password.encode()).decode()]
    if username:
        forms.append(base64.b64encode(f"\0{username}\0{password}".encode()).decode())
    return forms


def scrub(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _describe(exc: BaseException, config: SmtpConfig) -> str:
    where = f"{config.host}:{config.port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return _("the mail server {server} refused the user name or password ({code})").format(
            server=where, code=exc.smtp_code
        )
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = ", ".join(sorted(exc.recipients))
        return _("the mail server {server} refused the recipients {recipients}").format(
            server=where, recipients=refused
        )
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return _("the mail server {server} refused the sender address {sender} ({code})").format(
            server=where, sender=exc.sender, code=exc.smtp_code
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return _("the mail server {server} does not support {what}").format(server=where, what=str(exc))
    if isinstance(exc, smtplib.SMTPResponseException):
        message = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return _("the mail server {server} answered {code} {message}").format(
            server=where, code=exc.smtp_code, message=message
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _(
            "the mail server {server} has a TLS certificate this computer does not trust ({reason})"
        ).format(server=where, reason=exc.verify_message)
    if isinstance(exc, ssl.SSLError):
        return _("the TLS connection to the mail server {server} failed ({reason})").format(
            server=where, reason=exc.reason or type(exc).__name__
        )
    if isinstance(exc, ConnectionRefusedError):
        return _("the mail server {server} refused the connection (is it running?)").format(server=where)
    if isinstance(exc, socket.timeout | TimeoutError):
        return _("the mail server {server} did not answer in time").format(server=where)
    if isinstance(exc, socket.gaierror):
        return _("the mail server's name {host} cannot be resolved").format(host=config.host)
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError):
        return _("the mail server {server} closed the connection").format(server=where)
    if isinstance(exc, OSError):
        return _("the mail server {server} cannot be reached ({reason})").format(
            server=where, reason=exc.strerror or type(exc).__name__
        )
    return _("sending through {server} failed ({reason})").format(server=where, reason=type(exc).__name__)


class SmtpConnection:
    """A connection opened on first use and kept for the next messages (`with` closes it).

    When connecting or logging in fails, every later message through this object fails at once
    with the same reason: a run over many messages waits for a dead server only once."""

    def __init__(self, config: SmtpConfig, password: str | None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._config = config
        self._password = password
        self._timeout = timeout
        self._smtp: smtplib.SMTP | None = None
        #: Why connecting or logging in failed; later messages fail at once with it (no second wait).
        self._open_failure: SendError | None = None

    def __enter__(self) -> SmtpConnection:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _fail(self, exc: BaseException) -> SendError:
        self.close()
        reason = scrub(_describe(exc, self._config), secret_forms(self._password, self._config.username))
        log.info("SMTP %s:%s: %s", self._config.host, self._config.port, reason)
        return SendError(reason)

    def _open(self) -> smtplib.SMTP:
        if self._open_failure is not None:
            raise SendError(self._open_failure.reason)
        try:
            return self._connect()
        except SendError as exc:
            self._open_failure = exc
            raise

    def _connect(self) -> smtplib.SMTP:
        config = self._config
        if config.username and config.security == SECURITY_NONE and not is_loopback(config.host):
            raise SendError(
                _("the password would travel unencrypted to {host}: choose STARTTLS or TLS").format(
                    host=config.host
                )
            )
        try:
            smtp: smtplib.SMTP
            if config.security == SECURITY_TLS:
                smtp = smtplib.SMTP_SSL(
                    config.host, config.port, timeout=self._timeout, context=_context_factory()
                )
            else:
                smtp = smtplib.SMTP(config.host, config.port, timeout=self._timeout)
            try:
                smtp.ehlo()
                if config.security == SECURITY_STARTTLS:
                    smtp.starttls(context=_context_factory())
                    smtp.ehlo()
                if config.username:
                    smtp.login(config.username, self._password or "")
            except BaseException:
                smtp.close()
                raise
        except (smtplib.SMTPException, OSError) as exc:
            raise self._fail(exc) from None
        return smtp

    def check(self) -> None:
        """Connect and log in (the settings dialog's test), then keep the connection."""
        if self._smtp is None:
            self._smtp = self._open()
        try:
            self._smtp.noop()
        except (smtplib.SMTPException, OSError) as exc:
            raise self._fail(exc) from None

    def send(self, message: EmailMessage) -> list[str]:
        """Hand one message to the server (connecting first when needed).

        Returns the recipients the server refused while it accepted others (usually none); when
        it refuses all of them, that is a `SendError`."""
        if self._smtp is None:
            self._smtp = self._open()
        try:
            refused = self._smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise self._fail(exc) from None
        return sorted(refused)

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


__all__ = [
    "SECURITY_NONE",
    "SECURITY_STARTTLS",
    "SECURITY_TLS",
    "SendError",
    "SmtpConfig",
    "SmtpConnection",
    "is_loopback",
    "scrub",
    "secret_forms",
    "set_ssl_context_factory",
]
