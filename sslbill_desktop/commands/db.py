"""`sslbill-desktop db current | upgrade`."""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    actions.add_parser("current", help="print the schema revision of the database and the newest one")
    actions.add_parser("upgrade", help="bring the schema to the newest revision (SQLite is backed up first)")


def run(args: argparse.Namespace) -> int:
    from sslbill_desktop.config import database_url
    from sslbill_desktop.migrations import HEAD_REVISION
    from sslbill_desktop.services.db import Database
    from sslbill_desktop.services.errors import UserError

    url = database_url(args.database)
    try:
        db = Database(url)
    except Exception as exc:  # a malformed URL, a missing driver, a folder that cannot be made
        print(f"error: {_cannot_open(url, exc)}", file=sys.stderr)
        return 1
    try:
        if args.db_action == "current":
            current = db.current_revision()
            state = "up to date" if current == HEAD_REVISION else "behind: run `sslbill-desktop db upgrade`"
            print(f"{db.description}\ncurrent: {current or '(empty)'}\nnewest:  {HEAD_REVISION} ({state})")
            return 0
        backup = db.migrate()
        print(f"{db.description} is at revision {db.current_revision()}")
        if backup is not None:
            print(f"backup of the previous file: {backup}")
        return 0
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        db.dispose()


def _cannot_open(url: str, exc: BaseException) -> str:
    """One line naming the database (never its password) and why it cannot be opened."""
    from sslbill_desktop.config import describe_database
    from sslbill_desktop.services.i18n import _

    lines = str(exc).strip().splitlines()
    reason = lines[0] if lines else type(exc).__name__
    return _("The database {database} cannot be opened: {reason}").format(
        database=describe_database(url), reason=reason.replace(url, describe_database(url))
    )
