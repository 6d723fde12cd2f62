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
    parser.add_argument(
        "--size",
        type=_size,
        default=0,
        metavar="N",
        help="fill the demo workspace up to N generated services (clients, plans, every state, a "
        "realistic spread of expiry dates) before opening it; 100000 takes about 20 s",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated services (default 0)")
    parser.add_argument(
        "--fill-only", action="store_true", help="with --size: fill the database and exit without a window"
    )


def _size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--size: not a whole number: {text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--size: cannot be negative: {text}")
    return value


def fill(db: Database, size: int, seed: int) -> int:
    """Generate services until the workspace holds `size` of them; how many were added."""
    from datetime import date

    from sslbill_desktop.services.auth import SYSTEM
    from sslbill_desktop.services.demo_data import generate
    from sslbill_desktop.services.orders import list_orders

    existing = list_orders(db, SYSTEM, limit=1).total
    missing = size - max(existing, 0)
    if missing > 0:
        generate(db, missing, seed, on=date.today())
    return max(missing, 0)


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

    size, seed = getattr(args, "size", 0), getattr(args, "seed", 0)
    if getattr(args, "fill_only", False):
        return _fill_only(demo_database_url(args.database), size, seed)

    def prepare(db: Database) -> str | None:
        notice = prepare_demo(db)
        if size:
            fill(db, size, seed)
        return notice

    try:
        return run_app(
            demo_database_url(args.database),
            language=args.language,
            prepare=prepare,
            sign_in_as=(DEMO_ADMIN_LOGIN, DEMO_PASSWORD),
            screenshot_dir=args.screenshot_dir,
        )
    finally:
        stop_demo_simulator()


def _fill_only(url: str, size: int, seed: int) -> int:
    import sys

    from sslbill_desktop.config import describe_database
    from sslbill_desktop.services.db import open_database
    from sslbill_desktop.services.errors import UserError
    from sslbill_desktop.services.staff import create_demo_staff

    try:
        db = open_database(url)
        try:
            create_demo_staff(db)
            added = fill(db, size, seed)
        finally:
            db.dispose()
    except UserError as exc:
        print(f"sslbill-desktop demo: {exc}", file=sys.stderr)
        return 2
    print(f"{describe_database(url)}: {added} services added (up to {size}).")
    return 0
