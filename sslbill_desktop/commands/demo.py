"""`sslbill-desktop demo`: open the application on a demo workspace, signed in as the demo admin.

The demo database is `demo.sqlite3` in the data directory (or `--database URL`). Demo mode starts
the ispmanager simulator in a background thread for the life of the process (its state is kept in
the data directory) and, through `services.demo.open_demo_workspace`, gives the workspace what it
lacks: the demo admin and sales accounts (password `services.staff.DEMO_PASSWORD`), the set-up (a
data center, business hours, a department with its head, a provider in USD, two client groups)
and a processing module connected to the simulator. When the keyring is unusable the module is
left out and the user is told why.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sslbill_desktop.services.db import Database

DEMO_FILE_NAME = "demo.sqlite3"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--language", choices=("en", "ru", "pseudo"), help="interface language for this run")
    parser.add_argument(
        "--screenshot-dir", type=Path, metavar="DIR", help="save a PNG of the main window in DIR and quit"
    )


def demo_database_url(cli_value: str | None) -> str:
    if cli_value:
        return cli_value
    from sslbill_desktop.config import data_dir

    return f"sqlite:///{data_dir() / DEMO_FILE_NAME}"


def prepare_demo(db: Database) -> str | None:
    """Start the simulator and fill the demo workspace (on the start-up worker thread); returns
    what the user should be told, if anything."""
    from sslbill_desktop.services.demo import demo_simulator, open_demo_workspace

    return open_demo_workspace(db, demo_simulator().url).notice or None


def run(args: argparse.Namespace) -> int:
    from sslbill_desktop.app import run as run_app
    from sslbill_desktop.services.demo import stop_demo_simulator
    from sslbill_desktop.services.staff import DEMO_ADMIN_LOGIN, DEMO_PASSWORD

    try:
        return run_app(
            demo_database_url(args.database),
            language=args.language,
            prepare=prepare_demo,
            sign_in_as=(DEMO_ADMIN_LOGIN, DEMO_PASSWORD),
            screenshot_dir=args.screenshot_dir,
        )
    finally:
        stop_demo_simulator()
