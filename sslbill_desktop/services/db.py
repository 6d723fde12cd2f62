"""The database: engine, unit of work and schema migrations.

`Database(url)` opens SQLite or PostgreSQL. `with db.uow() as s:` is one transaction: committed
when the block ends, rolled back on any exception; a stale optimistic-locking save becomes
`Conflict`. `db.migrate()` brings the schema to the newest revision, copying an SQLite file to a
backup first; Alembic is imported only when the schema is actually behind.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from sslbill_desktop.config import describe_database
from sslbill_desktop.services.errors import Conflict, UserError
from sslbill_desktop.services.i18n import _

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
#: Advisory-lock key that serialises schema upgrades between workstations on PostgreSQL.
_MIGRATION_LOCK_KEY = 0x551B11


class DatabaseError(UserError):
    """The database cannot be opened or upgraded."""


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Database:
    """One database, shared by every service call of a process."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.description = describe_database(url)
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 10}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_on_connect)
            if self.sqlite_path is not None:
                self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def is_postgresql(self) -> bool:
        return self.url.startswith("postgresql")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = self.engine.url.database
        if not database or database == ":memory:":
            return None
        return Path(database)

    @contextmanager
    def uow(self) -> Iterator[Session]:
        """One unit of work: commit at the end of the block, roll back on error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except StaleDataError as exc:
            session.rollback()
            raise Conflict(
                _(
                    "Someone else changed this record after you opened it. Nothing was overwritten: "
                    "close the dialog, reopen it to see their changes, and make yours again."
                )
            ) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()

    # --- schema -------------------------------------------------------------------------------

    def current_revision(self) -> str | None:
        """The schema revision stored in the database, or None for an empty database."""
        try:
            with self.engine.connect() as conn:
                if not inspect(conn).has_table("alembic_version"):
                    return None
                row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except OperationalError as exc:
            raise DatabaseError(
                _("The database {database} cannot be opened: {reason}").format(
                    database=self.description, reason=exc.orig
                )
            ) from exc
        return str(row[0]) if row else None

    def is_current(self) -> bool:
        from sslbill_desktop.migrations import HEAD_REVISION

        return self.current_revision() == HEAD_REVISION

    def migrate(self, *, target: str = "head") -> Path | None:
        """Upgrade the schema; returns the SQLite backup made first (None when nothing was due)."""
        if target == "head" and self.is_current():
            return None
        backup = self.backup_sqlite() if self.current_revision() is not None else None
        from alembic import command

        config = self.alembic_config()
        with self.engine.begin() as conn:
            if self.is_postgresql:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
            config.attributes["connection"] = conn
            command.upgrade(config, target)
        log.info("database %s upgraded to %s", self.description, target)
        return backup

    def alembic_config(self) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def backup_sqlite(self) -> Path | None:
        """Copy the SQLite file beside itself before an upgrade; None for PostgreSQL or memory."""
        path = self.sqlite_path
        if path is None or not path.exists():
            return None
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        revision = self.current_revision() or "empty"
        backup = path.with_name(f"{path.name}.backup-{revision}-{stamp}")
        self.engine.dispose()
        shutil.copy2(path, backup)
        log.info("database backed up to %s before upgrading", backup)
        return backup


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open the database at `url` and, unless told otherwise, bring its schema up to date."""
    import sslbill_desktop.models  # noqa: F401  (registers every table)

    db = Database(url)
    if migrate:
        db.migrate()
    return db
