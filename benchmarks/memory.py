"""Resident memory with the 100,000-row services list open.

A fresh process (`_list_child.py`) shows the main window on a copy of the 100,000-service demo
workspace, opens Orders → SSL certificates (the first 200 rows loaded; paging loads the rest as
the user scrolls), applies and clears a few filters, and reads its resident set size (VmRSS).
Then it scrolls to the very end — all 100,000 rows loaded — and reads it again (reported, the
worst case). Baseline in the same run: a process showing an empty PySide6 window (what Qt and
Python cost before the application adds anything). Goal: under 250 MB with the list open.
Prints one JSON line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bench_home, copy_of, demo_database, emit, sqlite_url
from orders_list import run_child

GOAL_MB = 250.0

EMPTY_WINDOW = """
import sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(1100, 700)
window.show()
QTimer.singleShot(500, app.quit)
app.exec()
for line in Path("/proc/self/status").read_text().splitlines():
    if line.startswith("VmRSS:"):
        print(int(line.split()[1]) / 1024)
"""


def empty_window_rss() -> float:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(
        [sys.executable, "-c", EMPTY_WINDOW], capture_output=True, text=True, env=env, timeout=60, check=True
    )
    return round(float(done.stdout.split()[-1]), 1)


def main() -> int:
    source = demo_database()
    with bench_home() as home:
        result = run_child(sqlite_url(copy_of(source, home)), "--scroll")
    baseline = empty_window_rss()
    rss_open = float(result["rss_mb_open"])  # type: ignore[arg-type]
    emit(
        "memory_with_100k_list_open",
        value=rss_open,
        unit="MB",
        goal=f"< {GOAL_MB:.0f} MB",
        met=rss_open < GOAL_MB,
        baseline={"what": "a process showing an empty PySide6 window", "value": baseline, "unit": "MB"},
        all_rows_loaded_mb=result["rss_mb_all_loaded"],
        all_rows_loaded_met=float(result["rss_mb_all_loaded"]) < GOAL_MB,  # type: ignore[arg-type]
        loaded_rows=result["loaded_rows"],
        rows=result["rows_total"],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
