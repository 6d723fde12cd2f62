"""Secrets in the operating system's keyring, and only there.

Service name `sslbill-desktop`; one entry per secret: `processing-module-<id>` for the password of
a processing module's ispmanager account (other features add their own entry names). Every keyring
call runs in a worker thread with a time limit, because a locked or broken Secret Service can block
forever; a missing backend (a headless Linux without Secret Service), a locked keyring or a timeout
all become `SecretStoreError` with a message that says what to do. Secrets never reach a message,
a log line or the database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from sslbill_desktop.services.errors import SecretStoreError
from sslbill_desktop.services.i18n import _

log = logging.getLogger(__name__)

SERVICE_NAME = "sslbill-desktop"
#: Seconds a keyring call may take before we give up on it (tests lower it).
DEFAULT_TIMEOUT = 15.0
_timeout = DEFAULT_TIMEOUT

T = TypeVar("T")


def processing_module_entry(module_id: int) -> str:
    """The keyring user name holding processing module `module_id`'s password."""
    return f"processing-module-{module_id}"


def set_timeout(seconds: float) -> float:
    """Change the time limit of keyring calls; returns the previous one."""
    global _timeout
    previous, _timeout = _timeout, seconds
    return previous


def _unusable(detail: str) -> SecretStoreError:
    return SecretStoreError(
        _(
            "No usable keyring exists to keep passwords safe ({detail}). Install and unlock a Secret "
            "Service such as GNOME Keyring or KWallet (on a server: `apt-get install gnome-keyring` "
            "and unlock it in your session), then try again. Passwords are never stored elsewhere."
        ).format(detail=detail)
    )


def _run(action: Callable[[], T], what: str) -> T:
    """Run one keyring call in a daemon thread; a call that hangs is abandoned after the limit."""
    import keyring.errors

    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["value"] = action()
        except BaseException as exc:  # handed to the caller's thread below
            outcome["error"] = exc

    worker = threading.Thread(target=target, name=f"keyring-{what}", daemon=True)
    worker.start()
    worker.join(_timeout)
    if worker.is_alive():
        log.warning("keyring %s did not answer within %.1f s", what, _timeout)
        raise SecretStoreError(
            _(
                "The keyring did not answer within {seconds} seconds (it may be locked and waiting "
                "for a password prompt). Unlock your keyring (GNOME Keyring, KWallet) and try again."
            ).format(seconds=f"{_timeout:g}")
        )
    error = outcome.get("error")
    if isinstance(error, keyring.errors.NoKeyringError):
        raise _unusable(_("no keyring backend is available")) from None
    if isinstance(error, keyring.errors.KeyringLocked):
        raise _unusable(_("the keyring is locked")) from None
    if isinstance(error, keyring.errors.InitError):
        raise _unusable(_("the keyring could not be opened")) from None
    if isinstance(error, keyring.errors.PasswordDeleteError):
        raise error
    if isinstance(error, keyring.errors.KeyringError):
        log.warning("keyring %s failed: %s", what, type(error).__name__)
        raise _unusable(_("the keyring refused the request")) from None
    if isinstance(error, BaseException):
        log.warning("keyring %s failed: %s", what, type(error).__name__)
        raise _unusable(type(error).__name__) from None
    return outcome["value"]  # type: ignore[return-value]


def _backend_check() -> None:
    import keyring
    from keyring.backends import fail

    if isinstance(keyring.get_keyring(), fail.Keyring):
        raise _unusable(_("no keyring backend is available"))


def save_secret(entry: str, secret: str) -> None:
    """Store (or replace) the secret under `entry`."""
    import keyring

    _backend_check()
    _run(lambda: keyring.set_password(SERVICE_NAME, entry, secret), "save")
    log.info("keyring: saved %s", entry)


def read_secret(entry: str) -> str | None:
    """The secret under `entry`, or None when there is none."""
    import keyring

    _backend_check()
    value: str | None = _run(lambda: keyring.get_password(SERVICE_NAME, entry), "read")
    return value


def delete_secret(entry: str) -> bool:
    """Remove the secret under `entry`; False when there was none."""
    import keyring
    import keyring.errors

    _backend_check()
    try:
        _run(lambda: keyring.delete_password(SERVICE_NAME, entry), "delete")
    except keyring.errors.PasswordDeleteError:
        return False
    log.info("keyring: deleted %s", entry)
    return True


def save_module_password(module_id: int, password: str) -> None:
    """Store or replace the ispmanager password of processing module `module_id`."""
    save_secret(processing_module_entry(module_id), password)


def read_module_password(module_id: int) -> str | None:
    return read_secret(processing_module_entry(module_id))


def delete_module_password(module_id: int) -> bool:
    """Delete the module's password (deleting a module deletes its secret)."""
    return delete_secret(processing_module_entry(module_id))


def require_module_password(module_id: int) -> str:
    """The module's password, or `SecretStoreError` saying how to put it back."""
    password = read_module_password(module_id)
    if password is None:
        raise SecretStoreError(
            _(
                "The keyring has no password for processing module {id} (it was set up on another "
                "workstation, or the keyring was reset). Edit the module and enter the password again."
            ).format(id=module_id)
        )
    return password
