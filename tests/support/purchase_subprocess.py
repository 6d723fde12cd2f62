"""A separate process that buys one certificate through the journal — for the crash test.

Usage: python -m tests.support.purchase_subprocess DATABASE_URL MODULE_ID COMMON_NAME
The module's password is read from the first line of stdin (never from argv or the environment)
into an in-memory keyring. The test makes the simulator hold the reply, then kills this process
with SIGKILL: the order was sent and carried out, but its reply was never recorded.
"""

from __future__ import annotations

import sys

import keyring

from sslbill_desktop.services import credentials, journal
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.db import Database
from tests.support.memory_keyring import MemoryKeyring
from tests.support.upstream_fixtures import make_order


def main() -> int:
    url, module_id, common_name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    keyring.set_keyring(MemoryKeyring())
    credentials.save_module_password(module_id, sys.stdin.readline().rstrip("\n"))
    db = Database(url)
    print("buying", flush=True)
    record = journal.purchase_certificate(
        db, SYSTEM, module_id, make_order(common_name), purpose="crash-test"
    )
    print("done", record.upstream_id, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
