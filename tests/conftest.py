"""Fixtures for every suite: an isolated home directory, an in-memory keyring, fresh databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from hypothesis import settings as hypothesis_settings

from sslbill_desktop.services import i18n
from tests.support.database import (
    drop_postgresql,
    fresh_postgresql,
    fresh_sqlite,
    make_sqlite_template,
    postgresql_url,
    prepare_postgresql,
)
from tests.support.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.support.upstream_fixtures",
    "tests.support.qt_fixtures",
    "tests.support.smtp_fixtures",
    "tests.reliability.secrets_plugin",  # registers the secrets tests use; scans for them after each
]

# `make test` must give the same verdict on every run: property tests use a fixed seed there and
# keep no example database; `make soak` explores with random seeds and many more examples.
hypothesis_settings.register_profile("default", derandomize=True, database=None)
hypothesis_settings.register_profile("explore", max_examples=1000, database=None)
hypothesis_settings.load_profile(os.environ.get("SSLBILL_HYPOTHESIS_PROFILE", "default"))

#: Fixtures that open the database: a test using one is marked `db` and runs on PostgreSQL too.
DATABASE_FIXTURES = frozenset({"database", "admin", "sales"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run the large (soak) variants only")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    run_slow = config.getoption("--run-slow")
    kept, dropped = [], []
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)
        is_slow = item.get_closest_marker("slow") is not None
        (kept if is_slow == run_slow else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data, log and settings directory."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SSLBILL_HOME", str(home))
    monkeypatch.delenv("SSLBILL_DATABASE_URL", raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(scope="session")
def _database_template(tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    url = postgresql_url()
    if url:
        prepare_postgresql(url)
        return url
    return make_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def database(_database_template: Path | str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A fresh, migrated, empty database for one test."""
    if isinstance(_database_template, str):
        db = fresh_postgresql(_database_template)
        yield db
        drop_postgresql(_database_template, db)
    else:
        db = fresh_sqlite(_database_template, tmp_path)
        yield db
        db.dispose()


@pytest.fixture
def admin(database):  # type: ignore[no-untyped-def]
    from sslbill_desktop.services import staff
    from sslbill_desktop.services.auth import authenticate

    staff.create_first_admin(database, "admin", "Ada Admin", "admin-password")
    return authenticate(database, "admin", "admin-password")


@pytest.fixture
def sales(database, admin):  # type: ignore[no-untyped-def]
    from sslbill_desktop.services import staff
    from sslbill_desktop.services.auth import authenticate

    staff.create_staff(
        database, admin, login="sam", full_name="Sam Sales", role="sales", password="sales-password"
    )
    return authenticate(database, "sam", "sales-password")
