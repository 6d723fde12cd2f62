"""The errors a user is shown as they are.

Services raise a `UserError` subclass for anything the person at the keyboard can act on; any
other exception is a bug and goes to the crash dialog with its traceback. Messages are already
translated when they are raised, and never contain secrets.
"""

from __future__ import annotations


class UserError(Exception):
    """An error whose message is meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Bad input in one field; `field` names it (a form field name or a JSON path)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.detail = message


class PermissionDenied(UserError):
    """The signed-in staff member's role does not allow this."""


class Conflict(UserError):
    """Someone else saved the same record first; nothing was overwritten."""


class NotFound(UserError):
    """The record no longer exists (deleted elsewhere, or a stale id)."""


class UpstreamError(UserError):
    """The ispmanager billing account could not do what was asked; `kind` says why."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class SecretStoreError(UserError):
    """The operating system's keyring cannot be used."""
