"""`sslbill-desktop db current | upgrade` through a real subprocess, and which database it opens:
`--database` over `SSLBILL_DATABASE_URL` over the SQLite file in the (relocatable) data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from sslbill_desktop import config
from sslbill_desktop.migrations import HEAD_REVISION
from sslbill_desktop.services.db import Database

ROOT = Path(__file__).resolve().parents[2]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def db_command(home: Path, *args: str, env_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m sslbill_desktop ARGS` with its own home and, when given, SSLBILL_DATABASE_URL."""
    env = {k: v for k, v in os.environ.items() if k not in (config.ENV_DATABASE_URL, config.ENV_HOME)}
    env[config.ENV_HOME] = str(home)
    if env_url is not None:
        env[config.ENV_DATABASE_URL] = env_url
    return subprocess.run(
        [sys.executable, "-m", "sslbill_desktop", *args],
        check=False,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def revision_of(path: Path) -> str | None:
    db = Database(sqlite_url(path))
    try:
        return db.current_revision()
    finally:
        db.dispose()


def previous_revision() -> str:
    script = ScriptDirectory.from_config(Database("sqlite://").alembic_config())
    previous = script.get_revision(HEAD_REVISION).down_revision
    assert isinstance(previous, str)
    return previous


def test_current_then_upgrade_brings_an_empty_sqlite_file_to_the_newest_revision(
    tmp_path: Path, isolated_home: Path
) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()  # an empty file is an SQLite database without tables

    before = db_command(isolated_home, "db", "--database", sqlite_url(path), "current")
    assert (before.returncode, before.stderr) == (0, "")
    assert before.stdout.splitlines() == [
        f"SQLite {path}",
        "current: (empty)",
        f"newest:  {HEAD_REVISION} (behind: run `sslbill-desktop db upgrade`)",
    ]

    upgrade = db_command(isolated_home, "db", "--database", sqlite_url(path), "upgrade")
    assert (upgrade.returncode, upgrade.stderr) == (0, "")
    assert upgrade.stdout.splitlines() == [f"SQLite {path} is at revision {HEAD_REVISION}"]
    assert list(tmp_path.glob("*.backup-*")) == []  # nothing to keep of an empty file
    assert revision_of(path) == HEAD_REVISION

    after = db_command(isolated_home, "--database", sqlite_url(path), "db", "current")
    assert (after.returncode, after.stderr) == (0, "")
    assert after.stdout.splitlines()[1:] == [
        f"current: {HEAD_REVISION}",
        f"newest:  {HEAD_REVISION} (up to date)",
    ]


def test_upgrade_of_a_database_one_revision_behind_reports_its_backup(
    tmp_path: Path, isolated_home: Path
) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(sqlite_url(path))
    previous = previous_revision()
    old.migrate(target=previous)
    old.dispose()

    upgrade = db_command(isolated_home, "db", "upgrade", env_url=sqlite_url(path))
    assert (upgrade.returncode, upgrade.stderr) == (0, "")
    [backup] = tmp_path.glob("old.sqlite3.backup-*")
    assert upgrade.stdout.splitlines() == [
        f"SQLite {path} is at revision {HEAD_REVISION}",
        f"backup of the previous file: {backup}",
    ]
    assert revision_of(path) == HEAD_REVISION
    assert revision_of(backup) == previous


def test_current_and_upgrade_leave_an_up_to_date_database_as_it_is(database, isolated_home: Path) -> None:
    """On the database server of the run (the PostgreSQL pass runs this against PostgreSQL)."""
    current = db_command(isolated_home, "db", "current", env_url=database.url)
    assert (current.returncode, current.stderr) == (0, "")
    assert current.stdout.splitlines() == [
        database.description,
        f"current: {HEAD_REVISION}",
        f"newest:  {HEAD_REVISION} (up to date)",
    ]
    upgrade = db_command(isolated_home, "db", "upgrade", env_url=database.url)
    assert (upgrade.returncode, upgrade.stderr) == (0, "")
    assert upgrade.stdout.splitlines() == [f"{database.description} is at revision {HEAD_REVISION}"]
    assert database.current_revision() == HEAD_REVISION


def test_without_option_or_variable_the_database_is_the_file_in_the_data_folder_of_sslbill_home(
    tmp_path: Path,
) -> None:
    home = tmp_path / "elsewhere"
    done = db_command(home, "db", "upgrade")
    assert (done.returncode, done.stderr) == (0, "")
    default = home / "data" / config.SQLITE_FILE_NAME
    assert done.stdout.splitlines()[0] == f"SQLite {default} is at revision {HEAD_REVISION}"
    assert revision_of(default) == HEAD_REVISION


def test_the_environment_variable_is_used_over_the_default(tmp_path: Path, isolated_home: Path) -> None:
    from_env = tmp_path / "from-env.sqlite3"
    done = db_command(isolated_home, "db", "upgrade", env_url=sqlite_url(from_env))
    assert (done.returncode, done.stderr) == (0, "")
    assert revision_of(from_env) == HEAD_REVISION
    assert not (isolated_home / "data" / config.SQLITE_FILE_NAME).exists()


@pytest.mark.parametrize("placement", ["before the command", "after the command"])
def test_the_command_line_option_wins_over_the_environment_variable(
    tmp_path: Path, isolated_home: Path, placement: str
) -> None:
    from_env = tmp_path / "from-env.sqlite3"
    from_option = tmp_path / "from-option.sqlite3"
    option = ["--database", sqlite_url(from_option)]
    args = [*option, "db", "upgrade"] if placement == "before the command" else ["db", *option, "upgrade"]
    done = db_command(isolated_home, *args, env_url=sqlite_url(from_env))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[0] == f"SQLite {from_option} is at revision {HEAD_REVISION}"
    assert revision_of(from_option) == HEAD_REVISION
    assert not from_env.exists()
    assert not (isolated_home / "data" / config.SQLITE_FILE_NAME).exists()


def test_an_unreachable_database_is_one_line_on_stderr_without_the_password(isolated_home: Path) -> None:
    url = "postgresql+psycopg://sslbill:very-secret@127.0.0.1:1/sslbill"
    for action in ("current", "upgrade"):
        done = db_command(isolated_home, "db", "--database", url, action)
        assert done.returncode == 1
        assert done.stdout == ""
        assert done.stderr.startswith("error: The database PostgreSQL 127.0.0.1:1/sslbill cannot be opened")
        assert "very-secret" not in done.stderr
        assert "Traceback" not in done.stderr


def test_a_sqlite_path_that_cannot_exist_is_explained_without_a_traceback(
    tmp_path: Path, isolated_home: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = db_command(isolated_home, "db", "--database", f"sqlite:///{blocker}/x.sqlite3", "current")
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: The database SQLite {blocker}/x.sqlite3 cannot be opened: ")
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("no-such-thing", "no-such-thing"),
        ("postgresql+nosuchdriver://sslbill:very-secret@127.0.0.1/x", "PostgreSQL 127.0.0.1/x"),
    ],
)
def test_a_url_that_cannot_be_used_is_explained_without_a_traceback_or_password(
    isolated_home: Path, url: str, named: str
) -> None:
    done = db_command(isolated_home, "db", "--database", url, "upgrade")
    assert done.returncode == 1
    assert done.stderr.startswith("error: The database ")
    assert f"{named} cannot be opened: " in done.stderr
    assert "Traceback" not in done.stderr
    assert "very-secret" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# --- config.database_url, in process -------------------------------------------------------------


def test_database_url_prefers_the_command_line_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.ENV_DATABASE_URL, "postgresql+psycopg://env/db")
    assert config.database_url("postgresql+psycopg://cli/db") == "postgresql+psycopg://cli/db"


def test_database_url_takes_the_environment_when_no_command_line_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(config.ENV_DATABASE_URL, "postgresql+psycopg://env/db")
    assert config.database_url(None) == "postgresql+psycopg://env/db"
    assert config.database_url() == "postgresql+psycopg://env/db"


def test_database_url_defaults_to_sqlite_in_the_data_folder_under_sslbill_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(config.ENV_HOME, str(tmp_path / "moved"))
    monkeypatch.setenv(config.ENV_DATABASE_URL, "")  # set but empty counts as unset
    expected = f"sqlite:///{tmp_path / 'moved' / 'data' / config.SQLITE_FILE_NAME}"
    assert config.database_url(None) == expected
    assert config.default_database_url() == expected
    assert (tmp_path / "moved" / "data").is_dir()
