"""The daily run in a process of its own, to be killed — for the crash test.

Usage: python -m tests.reliability.daily_run_subprocess DATABASE_URL YYYY-MM-DD MODULE_ID
The module's password is read from the first line of stdin (never from argv or the environment)
into an in-memory keyring. Prints `started` once the database is open, `progress N` after each
service, `finished` at the end — the test kills it with SIGKILL at a point of its choosing.
"""

from __future__ import annotations

import sys
from datetime import date

import keyring

from sslbill_desktop.services import credentials, journal, upstream
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.daily_run import run_daily
from sslbill_desktop.services.db import Database
from tests.support.memory_keyring import MemoryKeyring
from tests.support.upstream_fixtures import fast_client_settings, fast_journal_settings


def main() -> int:
    url, day, module_id = sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3])
    keyring.set_keyring(MemoryKeyring())
    credentials.save_module_password(module_id, sys.stdin.readline().rstrip("\n"))
    upstream.set_client_settings(fast_client_settings())
    journal.set_journal_settings(fast_journal_settings())
    db = Database(url)
    print("started", flush=True)
    run_daily(db, SYSTEM, day, progress=lambda done, _total: print(f"progress {done}", flush=True))
    print("finished", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
