"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the notification tests.

- `smtp_server_factory(security=, username=, password=, port=)` starts a server in a thread at a
  free port (or the given one) and returns a `SmtpServer` handle; every server is stopped after
  the test. `security` is "none", "starttls" or "tls" (implicit TLS); with `username` the server
  requires AUTH with that password. TLS uses a self-signed certificate for 127.0.0.1 that the
  application's SMTP client is told to trust for the duration of the test.
- `smtp_server`: a plain server without login, already running.
- `free_port()`: a port nothing listens on (a "down" server, started later with `port=`).

`handle.messages` are the received messages as `email.message.EmailMessage` objects;
`handle.logins` the (user, password) pairs the server accepted.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sslbill test SMTP")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class _Collector:
    def __init__(self, handle: SmtpServer) -> None:
        self._handle = handle

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self._handle.lock:
            self._handle.messages.append(message)
            self._handle.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"


@dataclass
class SmtpServer:
    port: int
    security: str
    username: str | None
    password: str | None
    server_context: ssl.SSLContext | None
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Any = None

    host: str = HOST

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode()
            password = auth_data.password.decode()
            if (login, password) == (self.username, self.password):
                with self.lock:
                    self.logins.append((login, password))
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    def start(self) -> SmtpServer:
        from aiosmtpd.controller import Controller

        options: dict[str, Any] = {}
        if self.username is not None:
            options.update(authenticator=self._authenticate, auth_required=True)
            # aiosmtpd counts only STARTTLS as TLS; an implicit-TLS connection is encrypted anyway
            options["auth_require_tls"] = self.security == "starttls"
        if self.security == "starttls":
            options.update(tls_context=self.server_context, require_starttls=True)
        if self.security == "tls":
            options["ssl_context"] = self.server_context
        self._controller = Controller(_Collector(self), hostname=HOST, port=self.port, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            controller, self._controller = self._controller, None
            controller.stop()

    @property
    def running(self) -> bool:
        return self._controller is not None


@pytest.fixture
def smtp_server_factory(tmp_path: Path) -> Iterator[Callable[..., SmtpServer]]:
    from sslbill_desktop.services import smtp_transport

    started: list[SmtpServer] = []
    cert_path, key_path = _self_signed(tmp_path)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_path, key_path)
    previous = smtp_transport.set_ssl_context_factory(
        lambda: ssl.create_default_context(cafile=str(cert_path))
    )

    def make(
        *,
        security: str = "none",
        username: str | None = None,
        password: str | None = None,
        port: int | None = None,
        start: bool = True,
    ) -> SmtpServer:
        handle = SmtpServer(port or free_port(), security, username, password, server_context)
        started.append(handle)
        return handle.start() if start else handle

    try:
        yield make
    finally:
        for handle in started:
            handle.stop()
        smtp_transport.set_ssl_context_factory(previous)


@pytest.fixture
def smtp_server(smtp_server_factory: Callable[..., SmtpServer]) -> SmtpServer:
    """A running plain SMTP server without login on 127.0.0.1."""
    return smtp_server_factory()
