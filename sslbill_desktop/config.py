"""Where data lives and which database to open.

The database URL comes from `--database URL`, else `SSLBILL_DATABASE_URL`, else an SQLite file in
the platformdirs user data directory. `SSLBILL_HOME` moves every per-user file (tests, demos).
"""

from __future__ import annotations

import os
from pathlib import Path

from sslbill_desktop import APP_NAME

ENV_DATABASE_URL = "SSLBILL_DATABASE_URL"
ENV_HOME = "SSLBILL_HOME"
SQLITE_FILE_NAME = "sslbill.sqlite3"


def _user_dir(folder: str, kind: str) -> Path:
    """`$SSLBILL_HOME/<folder>`, else platformdirs' `user_<kind>_dir` for the app; created."""
    home = os.environ.get(ENV_HOME)
    if home:
        path = Path(home) / folder
    else:
        import platformdirs  # only when needed: the paths of tests and demos never read it

        path = Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    return _user_dir("data", "data")


def log_dir() -> Path:
    return _user_dir("logs", "log")


def config_dir() -> Path:
    """Per-user preferences (window geometry, language): `settings.ini` here, read through QSettings."""
    return _user_dir("config", "config")


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / SQLITE_FILE_NAME}"


def database_url(cli_value: str | None = None) -> str:
    """The URL to open: the command line wins over the environment, which wins over the default."""
    if cli_value:
        return cli_value
    return os.environ.get(ENV_DATABASE_URL) or default_database_url()


def describe_database(url: str) -> str:
    """A short, password-free description of a database URL for the status bar and logs."""
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1] if "///" in url else ":memory:"
        return f"SQLite {path}"
    rest = url.split("://", 1)[-1]
    if "@" in rest:
        rest = rest.split("@", 1)[1]
    return f"PostgreSQL {rest}"
