"""`sslbill-desktop demo`: open the application on a demo workspace, signed in as the demo admin.

The demo database is `demo.sqlite3` in the data directory (or `--database URL`); it gets the demo
admin and sales accounts (password shown on the first-run page, `services.staff.DEMO_PASSWORD`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

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


def run(args: argparse.Namespace) -> int:
    from sslbill_desktop.app import run as run_app
    from sslbill_desktop.services.staff import DEMO_ADMIN_LOGIN, DEMO_PASSWORD, create_demo_staff

    return run_app(
        demo_database_url(args.database),
        language=args.language,
        prepare=create_demo_staff,
        sign_in_as=(DEMO_ADMIN_LOGIN, DEMO_PASSWORD),
        screenshot_dir=args.screenshot_dir,
    )
