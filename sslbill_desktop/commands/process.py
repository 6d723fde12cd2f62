"""`sslbill-desktop process [--date D]`: the daily run (renewals, suspensions, deletions, daily
charges, reminders and alerts) for one date, over the whole database, as the system.

Prints the summary and exits 0; exits 1 when the run had problems (listed), 2 when it could not
run at all (another workstation is running it, a bad date, the database cannot be opened). The
date defaults to today on this computer's clock — the only place the clock is read.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--date: not a date (YYYY-MM-DD): {text}") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="the day to process (default: today)"
    )


def run(args: argparse.Namespace) -> int:
    from sslbill_desktop.config import database_url
    from sslbill_desktop.services.auth import SYSTEM
    from sslbill_desktop.services.daily_run import run_daily
    from sslbill_desktop.services.db import open_database
    from sslbill_desktop.services.errors import UserError

    day = args.date or date.today()
    try:
        db = open_database(database_url(args.database))
        try:
            summary = run_daily(db, SYSTEM, day)
        finally:
            db.dispose()
    except UserError as exc:
        print(f"sslbill-desktop process: {exc}", file=sys.stderr)
        return 2
    for line in summary.lines():
        print(line)
    return 1 if summary.errors else 0
