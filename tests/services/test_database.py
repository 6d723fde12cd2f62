from decimal import Decimal
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select

from sslbill_desktop.migrations import HEAD_REVISION
from sslbill_desktop.models.settings import WorkspaceSetting
from sslbill_desktop.models.staff import Staff
from sslbill_desktop.services.db import Database, open_database
from sslbill_desktop.services.errors import Conflict


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
