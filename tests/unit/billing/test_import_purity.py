"""The billing engine stays pure: no Qt, no SQLAlchemy, no clock, no float."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sslbill_desktop.services import billing

HEAVY = ("PySide6", "shiboken6", "sqlalchemy")


def test_importing_the_billing_engine_loads_neither_pyside6_nor_sqlalchemy():
    code = (
        "import sys\n"
        "import sslbill_desktop.services.billing\n"
        "import sslbill_desktop.services.billing.replay\n"
        f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})\n"
        "print(','.join(heavy))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == ""


def test_the_billing_engine_never_reads_the_clock_nor_uses_float():
    forbidden = re.compile(r"\b(today|now|utcnow|time\.time|perf_counter|float)\(")
    for path in Path(billing.__file__).parent.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            assert not forbidden.search(line), f"{path.name}:{number}: {line.strip()}"
