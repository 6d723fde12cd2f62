import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.pool import NullPool

from sslbill_desktop.migrations import HEAD_REVISION
from sslbill_desktop.models.settings import WorkspaceSetting
from sslbill_desktop.models.staff import Staff
from sslbill_desktop.services.db import _MIGRATION_LOCK_KEY, Database, open_database
from sslbill_desktop.services.errors import Conflict
from tests.support.database import postgresql_url


def _script(db: Database) -> ScriptDirectory:
    return ScriptDirectory.from_config(db.alembic_config())


def test_head_constant_matches_alembic(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert _script(db).get_current_head() == HEAD_REVISION


def test_migrations_build_exactly_the_models(database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from sslbill_desktop.models.base import Base

    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_database_one_revision_behind_is_upgraded_on_start_with_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(f"sqlite:///{path}")
    previous = _script(old).get_revision(HEAD_REVISION).down_revision
    assert isinstance(previous, str)
    old.migrate(target=previous)
    assert old.current_revision() == previous
    old.dispose()

    db = open_database(f"sqlite:///{path}")
    assert db.current_revision() == HEAD_REVISION
    backups = list(tmp_path.glob("old.sqlite3.backup-*"))
    assert len(backups) == 1
    assert Database(f"sqlite:///{backups[0]}").current_revision() == previous


def _previous_revision() -> str:
    previous = _script(Database("sqlite://")).get_revision(HEAD_REVISION).down_revision
    assert isinstance(previous, str)
    return previous


@pytest.fixture
def one_revision_behind(tmp_path: Path) -> Iterator[str]:
    """The URL of a new database whose schema is one revision behind the head: on the PostgreSQL
    server of the PostgreSQL pass (`SSLBILL_TEST_DATABASE_URL`), else an SQLite file."""
    server = postgresql_url()
    if server is None:
        url = f"sqlite:///{tmp_path / 'behind.sqlite3'}"
        _migrate_to(url, _previous_revision())
        yield url
        return
    name = f"sslbill_behind_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        url = make_url(server).set(database=name).render_as_string(hide_password=False)
        _migrate_to(url, _previous_revision())
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _migrate_to(url: str, revision: str) -> None:
    db = Database(url)
    try:
        db.migrate(target=revision)
        assert db.current_revision() == revision
    finally:
        db.dispose()


def _wait_for(condition: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


@pytest.mark.db
def test_database_one_revision_behind_is_upgraded_on_start_on_either_server(
    one_revision_behind: str, tmp_path: Path
) -> None:
    url = one_revision_behind
    if url.startswith("sqlite"):
        db = open_database(url)
        assert db.current_revision() == HEAD_REVISION
        db.dispose()
        assert len(list(tmp_path.glob("behind.sqlite3.backup-*"))) == 1
        return

    # PostgreSQL: start-up upgrades under the advisory lock that keeps two workstations from
    # migrating at once. Another workstation holds it; start-up waits for it, then upgrades.
    # (NullPool: closing the holder's connection ends its session and so frees the lock even when
    # an assertion fails, before the pool waits for the start-up thread.)
    other = create_engine(url, poolclass=NullPool)
    with ThreadPoolExecutor(max_workers=1) as pool, other.connect() as holder:
        holder.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
        holder.commit()
        starting = pool.submit(open_database, url)

        def start_up_waits_for_the_lock() -> bool:
            waiting = holder.execute(
                text(
                    "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                    "WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objid = :k "
                    "AND d.datname = current_database()"
                ),
                {"k": _MIGRATION_LOCK_KEY},
            ).scalar_one()
            holder.commit()
            return bool(waiting) or starting.done()

        _wait_for(start_up_waits_for_the_lock, "start-up to wait for the migration lock")
        assert not starting.done()
        assert holder.execute(text("SELECT version_num FROM alembic_version")).scalar_one() != HEAD_REVISION
        holder.commit()
        holder.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK_KEY})
        holder.commit()
        db = starting.result(timeout=120)
    other.dispose()
    try:
        assert db.is_postgresql
        assert db.current_revision() == HEAD_REVISION
        assert db.migrate() is None  # nothing left to do, and no file to back up
    finally:
        db.dispose()


def test_up_to_date_database_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    open_database(f"sqlite:///{path}").dispose()
    assert list(tmp_path.glob("*.backup-*")) == []


def test_money_column_round_trips_decimal_exactly(database) -> None:
    from sqlalchemy import Column, Integer, MetaData, Table

    from sslbill_desktop.models.base import Money

    table = Table(
        "money_probe", MetaData(), Column("id", Integer, primary_key=True), Column("amount", Money())
    )
    table.create(database.engine)
    try:
        values = [Decimal("0.01"), Decimal("12345678.99"), Decimal("-3.10"), Decimal("0.0001")]
        with database.engine.begin() as conn:
            conn.execute(table.insert(), [{"amount": v} for v in values])
            stored = [r.amount for r in conn.execute(select(table.c.amount).order_by(table.c.id))]
        assert stored == values
        assert all(isinstance(v, Decimal) for v in stored)
        with pytest.raises(Exception, match="decimal places"), database.engine.begin() as conn:
            conn.execute(table.insert(), [{"amount": Decimal("0.00001")}])
    finally:
        table.drop(database.engine)


def test_stale_orm_save_raises_conflict(database, admin) -> None:
    with database.uow() as s:
        s.add(WorkspaceSetting(key="ca_max_days", value=199))
    session_one = database._sessions()
    row_one = session_one.get(WorkspaceSetting, "ca_max_days")
    with database.uow() as s:
        s.get(WorkspaceSetting, "ca_max_days").value = 100
    row_one.value = 50
    with pytest.raises(Conflict), database.uow() as s:
        merged = s.merge(row_one)
        assert merged is not None
    session_one.close()
    with database.uow() as s:
        assert s.get(WorkspaceSetting, "ca_max_days").value == 100
        assert s.scalar(select(Staff.login)) == "admin"
