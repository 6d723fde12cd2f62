"""Passwords live in the OS keyring only; a missing, locked or hanging keyring is a clear error."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import KeyringLocked

from sslbill_desktop.services import credentials
from sslbill_desktop.services.errors import SecretStoreError


class HangingKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(10)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(10)

    def delete_password(self, service: str, username: str) -> None:
        self.release.wait(10)


class LockedKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("locked")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("locked")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("locked")


@pytest.fixture
def short_timeout() -> Iterator[None]:
    previous = credentials.set_timeout(0.2)
    yield
    credentials.set_timeout(previous)


def test_a_module_password_is_saved_read_replaced_and_deleted(memory_keyring) -> None:
    credentials.save_module_password(7, "first-secret")
    assert memory_keyring.store == {("sslbill-desktop", "processing-module-7"): "first-secret"}
    assert credentials.read_module_password(7) == "first-secret"
    credentials.save_module_password(7, "second-secret")
    assert credentials.require_module_password(7) == "second-secret"
    assert credentials.delete_module_password(7) is True
    assert credentials.read_module_password(7) is None
    assert credentials.delete_module_password(7) is False


def test_a_missing_module_password_says_how_to_put_it_back() -> None:
    with pytest.raises(SecretStoreError, match="enter the password again"):
        credentials.require_module_password(3)


def test_without_a_keyring_backend_the_error_says_what_to_install() -> None:
    keyring.set_keyring(fail.Keyring())
    for action in (
        lambda: credentials.save_module_password(1, "secret-value"),
        lambda: credentials.read_module_password(1),
        lambda: credentials.delete_module_password(1),
    ):
        with pytest.raises(SecretStoreError) as caught:
            action()
        message = str(caught.value)
        assert "No usable keyring" in message
        assert "GNOME Keyring" in message and "KWallet" in message
        assert "secret-value" not in message


def test_a_locked_keyring_is_a_clear_error() -> None:
    keyring.set_keyring(LockedKeyring())
    with pytest.raises(SecretStoreError, match="locked"):
        credentials.read_module_password(1)


def test_a_keyring_that_hangs_times_out(short_timeout) -> None:
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    try:
        with pytest.raises(SecretStoreError, match=r"did not answer within 0\.2 seconds"):
            credentials.save_module_password(1, "secret-value")
        with pytest.raises(SecretStoreError, match="Unlock your keyring"):
            credentials.read_module_password(1)
    finally:
        backend.release.set()
