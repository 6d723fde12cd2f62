"""No password or private key the tests used is left in a database file, a log, a settings file
or an error message (see `secrets_plugin.py`, which registers the secrets and scans after every
test). The last test of the run reports what was found; the others check the scanner itself."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from sslbill_desktop.services.errors import UserError
from tests.reliability import secrets_plugin
from tests.reliability.secrets_plugin import FINDINGS, REGISTRY, SecretRegistry, files_to_scan


def _pem(key: object) -> bytes:
    return key.private_bytes(  # type: ignore[attr-defined,no-any-return]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def test_the_scanner_finds_a_password_in_a_database_file_a_log_and_a_settings_file(tmp_path: Path) -> None:
    registry = SecretRegistry()
    secret = f"Leak-{uuid.uuid4().hex[:12]}!"
    registry.add_password(secret, "a test account")
    home = tmp_path / "leaky"
    (home / "logs").mkdir(parents=True)
    (home / "config").mkdir()
    connection = sqlite3.connect(home / "leak.sqlite3")
    connection.execute("CREATE TABLE t (v TEXT)")
    connection.execute("INSERT INTO t VALUES (?)", (f"password={secret}",))
    connection.commit()
    connection.close()
    (home / "logs" / "sslbill-desktop.log").write_text(f"signing in with {secret}\n")
    (home / "config" / "settings.ini").write_text(f"[general]\nlast=https://u:{secret}@h\n")
    (home / "export.txt").write_text(secret)  # not a database, log or settings file: not scanned

    found = {path.name: registry.find(path.read_bytes()) for path in files_to_scan(home)}

    assert found == {name: ["the password of a test account"] for name in found}
    assert set(found) == {"leak.sqlite3", "sslbill-desktop.log", "settings.ini"}
    url_encoded = secret.replace("!", "%21").encode()
    assert registry.find(b"x=" + url_encoded) == ["the password of a test account"]
    for path in files_to_scan(home):
        path.unlink()  # the plugin scans this test's directory after it: leave nothing to report


def test_the_scanner_finds_private_keys_as_pem_lines_and_as_unencrypted_der() -> None:
    registry = SecretRegistry()
    ec_key = ec.generate_private_key(ec.SECP256R1())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    registry.add_key(ec_key, "ec")
    registry.add_key(rsa_key, "rsa")
    rsa_line = _pem(rsa_key).splitlines()[5]
    # a key line escaped into JSON, without its PEM header
    assert registry.find(b'{"k": "\\n' + rsa_line + b'\\n"}') == ["a line of the private key rsa"]
    assert "a PEM private key block" in registry.find(_pem(ec_key))
    ec_der = ec_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    sec1 = ec_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    assert registry.find(b"\x00blob" + ec_der) == ["an unencrypted PKCS#8 EC private key (DER)"]
    assert registry.find(sec1) == ["an unencrypted SEC1 EC P-256 private key (DER)"]
    assert registry.find(ec_der.hex().encode(), hex_dump=True) == [
        "an unencrypted PKCS#8 EC private key (DER)"
    ]
    # public material is no finding: a certificate's public key, an encrypted key
    public = ec_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    encrypted = ec_key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase-long"),
    )
    assert registry.find(public + encrypted) == []


def test_the_suite_registers_the_secrets_it_uses(database, admin, memory_keyring) -> None:
    memory_keyring.set_password("sslbill-desktop", "probe", "Probe-Secret-4417")
    key = ec.generate_private_key(ec.SECP256R1())
    line = _pem(key).splitlines()[1]

    assert REGISTRY.passwords["admin-password"] == "a staff account"
    assert REGISTRY.passwords["Probe-Secret-4417"].startswith("the keyring entry")
    assert line in REGISTRY.key_lines
    assert REGISTRY.find(b"x" * 3 + line) != []


def test_error_messages_and_log_records_are_collected_for_the_scan() -> None:
    before = len(FINDINGS.texts)
    message = f"nothing secret {uuid.uuid4().hex}"
    logging.getLogger("sslbill_desktop.test").warning("logged: %s", message)
    error = UserError(message)
    texts = FINDINGS.texts[before:]
    assert any(message in t and t.startswith("log ") for t in texts)
    assert any(t == f"UserError: {error}" for t in texts)


def test_the_short_or_trivial_secrets_are_not_searched_for() -> None:
    registry = SecretRegistry()
    for value in ("x", "pw", "aaaaaaaaaa", "12121212"):
        registry.add_password(value, "test")
    assert registry.passwords == {}


@pytest.mark.db
def test_no_secret_is_left_in_databases_logs_settings_or_messages(tmp_path_factory) -> None:
    """Runs last (the plugin moves it): everything the suite left behind, scanned."""
    secrets_plugin.scan_texts("after the last test")
    for path in files_to_scan(tmp_path_factory.getbasetemp()):
        if path not in FINDINGS.scanned_files:  # session-wide files, such as the template database
            FINDINGS.scanned_files.add(path)
            FINDINGS.report(f"session file {path.name}", REGISTRY.find(path.read_bytes()))
    assert FINDINGS.hits == [], "secrets found:\n" + "\n".join(sorted(set(FINDINGS.hits)))
    assert REGISTRY.passwords or FINDINGS.scanned_tests == 0  # the scan had something to look for
