"""Fresh databases for tests, each a copy of one migrated template: an SQLite file copied per test,
or on PostgreSQL (`SSLBILL_TEST_DATABASE_URL`) a database created from a template database."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url, text

import sslbill_desktop.models  # noqa: F401
from sslbill_desktop.services.db import Database

ENV_TEST_DATABASE_URL = "SSLBILL_TEST_DATABASE_URL"


def postgresql_url() -> str | None:
    return os.environ.get(ENV_TEST_DATABASE_URL) or None


def make_sqlite_template(directory: Path) -> Path:
    template = directory / "template.sqlite3"
    db = Database(f"sqlite:///{template}")
    db.migrate()
    db.dispose()
    return template


def fresh_sqlite(template: Path, directory: Path) -> Database:
    path = directory / "sslbill.sqlite3"
    shutil.copyfile(template, path)
    return Database(f"sqlite:///{path}")


#: One template per pytest-xdist worker (they build theirs at the same time).
TEMPLATE_DATABASE = f"sslbill_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def _admin_engine(url: str) -> Engine:
    return create_engine(url, isolation_level="AUTOCOMMIT")


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def prepare_postgresql(url: str) -> str:
    """Build a migrated template database once per test session; returns its name."""
    engine = _admin_engine(url)
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE_DATABASE}"))
        conn.execute(text(f"CREATE DATABASE {TEMPLATE_DATABASE}"))
    engine.dispose()
    db = Database(_with_database(url, TEMPLATE_DATABASE))
    db.migrate()
    db.dispose()
    return TEMPLATE_DATABASE


def fresh_postgresql(url: str) -> Database:
    """A new database copied from the migrated template (seed rows included)."""
    name = f"sslbill_t_{uuid.uuid4().hex[:12]}"
    engine = _admin_engine(url)
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DATABASE}"))
    engine.dispose()
    return Database(_with_database(url, name))


def drop_postgresql(url: str, db: Database) -> None:
    db.dispose()
    engine = _admin_engine(url)
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {db.engine.url.database} WITH (FORCE)"))
    engine.dispose()
