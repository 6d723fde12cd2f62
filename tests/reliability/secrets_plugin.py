"""A pytest plugin (loaded by `tests/conftest.py`) that finds secrets where they must never be.

While the suite runs it registers every secret the tests use:

- every password that goes through `hashlib.scrypt` (staff passwords, right or wrong);
- every secret stored in the keyring (the in-memory backend of the tests): processing-module and
  SMTP passwords, the key that encrypts private keys;
- every private key generated with `cryptography` (EC and RSA: the base64 lines of its PEM).

After each test (its fixtures torn down) it scans what the test left behind — the database files,
the logs and the settings files under the test's temporary directory, the test's PostgreSQL
database (dumped before it is dropped), the log records emitted (every level a test enabled),
and the text of every `UserError` raised — for those secrets and for any private key at all (a
PEM "PRIVATE KEY" block or the DER structure of an unencrypted PKCS#8, SEC1 or PKCS#1 key).
What it finds fails that test's teardown, naming the file and the secret's origin (never the
secret); `tests/reliability/test_secrets.py` also reports everything found in a last test (which
this plugin moves to the end of the run) and scans the session-wide files.

Secrets shorter than `MIN_SECRET_LENGTH`, or made of fewer than four different characters, are
not searched for (a password like "x" would match everywhere); test passwords are longer.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

MIN_SECRET_LENGTH = 8
FINAL_TEST = "test_secrets.py::test_no_secret_is_left_in_databases_logs_settings_or_messages"

#: Bytes that begin an unencrypted private key in DER (PKCS#8 EC and RSA, SEC1 EC, PKCS#1 RSA).
PRIVATE_KEY_DER = {
    "PKCS#8 EC private key": bytes.fromhex("020100301306072a8648ce3d0201"),
    "PKCS#8 RSA private key": bytes.fromhex("020100300d06092a864886f70d0101010500"),
    "SEC1 EC P-256 private key": bytes.fromhex("30770201010420"),
    "SEC1 EC P-384 private key": bytes.fromhex("3081a40201010430"),
    "PKCS#1 RSA-2048/3072 private key": bytes.fromhex("020100028201"),
    "PKCS#1 RSA-4096 private key": bytes.fromhex("020100028202"),
}
PEM_PRIVATE_KEY = b"PRIVATE KEY-----"
_BASE64_RUN = re.compile(rb"[A-Za-z0-9+/]{64,}")
_DATABASE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


@dataclass
class SecretRegistry:
    """The secrets seen so far and a scanner for them."""

    #: secret text -> where it came from
    passwords: dict[str, str] = field(default_factory=dict)
    #: a 64-character base64 line of a private key's PEM -> which key
    key_lines: dict[bytes, str] = field(default_factory=dict)
    _pattern: re.Pattern[bytes] | None = None
    _forms: dict[bytes, str] = field(default_factory=dict)

    def add_password(self, value: str, origin: str) -> None:
        if len(value) < MIN_SECRET_LENGTH or len(set(value)) < 4 or value in self.passwords:
            return
        self.passwords[value] = origin
        for form in {value, quote(value, safe=""), quote_plus(value)}:
            self._forms[form.encode("utf-8")] = value
        self._pattern = None

    def add_key(self, key: Any, origin: str) -> None:
        from cryptography.hazmat.primitives import serialization

        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        for line in pem.splitlines():
            if len(line) == 64:
                self.key_lines[line] = origin

    def _password_pattern(self) -> re.Pattern[bytes] | None:
        if self._pattern is None and self._forms:
            alternatives = sorted(self._forms, key=len, reverse=True)
            self._pattern = re.compile(b"|".join(re.escape(a) for a in alternatives))
        return self._pattern

    def find(self, data: bytes, *, hex_dump: bool = False) -> list[str]:
        """What secret material `data` holds (descriptions, no secret in them)."""
        found: list[str] = []
        pattern = self._password_pattern()
        if pattern is not None:
            for match in {m.group(0) for m in pattern.finditer(data)}:
                secret = self._forms[match]
                found.append(f"the password of {self.passwords[secret]}")
        if PEM_PRIVATE_KEY in data:
            found.append("a PEM private key block")
        for what, marker in PRIVATE_KEY_DER.items():
            if marker in data or (hex_dump and marker.hex().encode() in data):
                found.append(f"an unencrypted {what} (DER)")
        if self.key_lines:
            for run in _BASE64_RUN.finditer(data):
                text = run.group(0)
                windows = {text[:64], text[1:65], text[-64:], text[-65:-1]}
                for window in windows:
                    if window in self.key_lines:
                        found.append(f"a line of the private key {self.key_lines[window]}")
        return sorted(set(found))


REGISTRY = SecretRegistry()


@dataclass
class Findings:
    hits: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    scanned_files: set[Path] = field(default_factory=set)
    scanned_tests: int = 0

    def report(self, where: str, found: list[str]) -> None:
        self.hits.extend(f"{where}: {what}" for what in found)


FINDINGS = Findings()


class _TextCatcher(logging.Handler):
    """Keeps the text of every log record that reaches the root logger (at any enabled level)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # a malformed record is the logging call's bug, not ours
            text = str(record.msg)
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        FINDINGS.texts.append(f"log {record.name}: {text}")


def _wrap(owner: Any, name: str, make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    original = getattr(owner, name)
    if getattr(original, "_secrets_plugin", False):
        return
    wrapper = make(original)
    wrapper._secrets_plugin = True  # type: ignore[attr-defined]
    setattr(owner, name, wrapper)


def _install() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    from sslbill_desktop.services.errors import UserError
    from tests.support.memory_keyring import MemoryKeyring

    def scrypt(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(password: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(password, bytes | bytearray):
                with contextlib.suppress(UnicodeDecodeError):
                    REGISTRY.add_password(bytes(password).decode("utf-8"), "a staff account")
            return original(password, *args, **kwargs)

        return wrapper

    def set_password(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: Any, service: str, username: str, password: str) -> Any:
            REGISTRY.add_password(password, f"the keyring entry {service}/{username}")
            return original(self, service, username, password)

        return wrapper

    def generate(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = original(*args, **kwargs)
            REGISTRY.add_key(key, f"#{len(REGISTRY.key_lines) // 2 + 1} ({type(key).__name__})")
            return key

        return wrapper

    def user_error_init(original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> None:
            original(self, *args, **kwargs)
            FINDINGS.texts.append(f"{type(self).__name__}: {self}")

        return wrapper

    _wrap(hashlib, "scrypt", scrypt)
    _wrap(MemoryKeyring, "set_password", set_password)
    _wrap(ec, "generate_private_key", generate)
    _wrap(rsa, "generate_private_key", generate)
    _wrap(UserError, "__init__", user_error_init)
    root = logging.getLogger()
    if not any(isinstance(h, _TextCatcher) for h in root.handlers):
        catcher = _TextCatcher(logging.DEBUG)
        root.addHandler(catcher)


def is_scanned_file(path: Path) -> bool:
    """Database files, logs and settings files (where the program writes)."""
    name = path.name.lower()
    if name.endswith(_DATABASE_SUFFIXES) or ".sqlite3-" in name or ".sqlite3.backup" in name:
        return True
    if name.endswith((".log", ".ini", ".conf")) or ".log." in name:
        return True
    return path.parent.name in ("logs", "config")


def files_to_scan(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_file() and is_scanned_file(path):
                yield path


def scan_files(root: Path, where: str) -> None:
    for path in files_to_scan(root):
        FINDINGS.scanned_files.add(path)
        try:
            data = path.read_bytes()
        except OSError:
            continue
        FINDINGS.report(f"{where}: {path.name}", REGISTRY.find(data))


def postgresql_dump(db: Any) -> bytes:
    """Every row of every table of a PostgreSQL database as text (bytea as hex)."""
    from sqlalchemy import text

    import sslbill_desktop.models  # noqa: F401
    from sslbill_desktop.models.base import Base

    parts: list[str] = []
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(text(f'SELECT CAST(t AS text) FROM "{table.name}" AS t'))
            parts.extend(str(row[0]) for row in rows)
    return "\n".join(parts).encode("utf-8")


def scan_texts(where: str) -> None:
    texts, FINDINGS.texts[:] = list(FINDINGS.texts), []
    if texts:
        FINDINGS.report(f"{where}: a message or log record", REGISTRY.find("\n".join(texts).encode("utf-8")))


def pytest_configure(config: pytest.Config) -> None:
    _install()


class SecretLeak(AssertionError):
    """A test left a secret where the program must never put one."""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Scan what the test left; a finding makes the test's teardown fail, naming it."""
    funcargs: dict[str, Any] = getattr(item, "funcargs", {})
    tmp_path = funcargs.get("tmp_path")
    database = funcargs.get("database")
    already = len(FINDINGS.hits)
    if database is not None and getattr(database, "is_postgresql", False):
        try:
            FINDINGS.report(
                f"{item.nodeid}: PostgreSQL", REGISTRY.find(postgresql_dump(database), hex_dump=True)
            )
        except Exception as exc:  # the test's own teardown reports a broken database
            FINDINGS.report(item.nodeid, [f"the database could not be read for the scan ({exc})"])
    try:
        result = yield
    finally:
        scan_texts(item.nodeid)
        if isinstance(tmp_path, Path):
            scan_files(tmp_path, item.nodeid)
        FINDINGS.scanned_tests += 1
    found = FINDINGS.hits[already:]
    if found:
        raise SecretLeak("secrets left behind:\n" + "\n".join(sorted(set(found))))
    return result


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    last = [item for item in items if item.nodeid.endswith(FINAL_TEST)]
    if last:
        items[:] = [item for item in items if item not in last] + last
