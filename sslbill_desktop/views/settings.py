"""Per-user preferences (language, window geometry, last login) in `config_dir()/settings.ini`.

QSettings in IniFormat, opened afresh on every call so that a changed `SSLBILL_HOME` (tests) is
honoured and nothing is cached between windows. Never store secrets here.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from sslbill_desktop.config import config_dir

SETTINGS_FILE_NAME = "settings.ini"
_LANGUAGE = "ui/language"
_LAST_LOGIN = "ui/last_login"


def open_settings() -> QSettings:
    return QSettings(str(config_dir() / SETTINGS_FILE_NAME), QSettings.Format.IniFormat)


def language() -> str | None:
    value = open_settings().value(_LANGUAGE)
    return str(value) if value else None


def set_language(code: str) -> None:
    settings = open_settings()
    settings.setValue(_LANGUAGE, code)
    settings.sync()


def last_login() -> str:
    value = open_settings().value(_LAST_LOGIN)
    return str(value) if value else ""


def set_last_login(login: str) -> None:
    settings = open_settings()
    settings.setValue(_LAST_LOGIN, login)
    settings.sync()


def save_geometry(widget: QWidget, key: str) -> None:
    settings = open_settings()
    settings.setValue(f"geometry/{key}", widget.saveGeometry())
    settings.sync()


def restore_geometry(widget: QWidget, key: str) -> bool:
    """Restore a saved geometry; False when none was saved (the caller picks a default size)."""
    value = open_settings().value(f"geometry/{key}")
    if isinstance(value, QByteArray) and not value.isEmpty():
        return bool(widget.restoreGeometry(value))
    return False
