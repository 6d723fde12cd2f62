"""Start-up time: process start to the first window painted, against an empty PySide6 window.

Both run as fresh processes under the same Qt platform, several times each, alternating; each
child prints a marker at its first paint and the parent times that line. Prints one JSON line:
medians in seconds and their ratio (the goal is at most 2). The application's first window is
the login dialog on a fresh (empty) data directory.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import emit, ms

RUNS = int(os.environ.get("STARTUP_RUNS", "7"))
MARKER = (
    "first-window-painted"  # sslbill_desktop.app.FIRST_PAINT_MARKER (not imported: keep this script cheap)
)
ROOT = Path(__file__).resolve().parents[1]
GOAL_RATIO = 2.0

EMPTY_WINDOW = f"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print({MARKER!r}, flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication(sys.argv[:1])
window = QWidget()
window.resize(440, 260)
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
app.exec()
"""


def time_to_marker(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() == MARKER:
                elapsed = time.perf_counter() - started
                break
        else:
            raise SystemExit(f"no first paint from {command}")
        child.wait(30)
    return elapsed


def main() -> int:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="sslbill-startup-") as home:
        env["SSLBILL_HOME"] = home
        app_command = [sys.executable, "-m", "sslbill_desktop", "gui", "--exit-after-first-paint"]
        empty_command = [sys.executable, "-c", EMPTY_WINDOW]
        time_to_marker(app_command, env)  # warm the file cache once, not counted
        time_to_marker(empty_command, env)
        app_times, empty_times = [], []
        for _ in range(RUNS):
            app_times.append(time_to_marker(app_command, env))
            empty_times.append(time_to_marker(empty_command, env))
    app_median, empty_median = statistics.median(app_times), statistics.median(empty_times)
    ratio = app_median / empty_median
    emit(
        "startup_first_window",
        value=round(ratio, 2),
        unit="x the empty window's start",
        goal=f"<= {GOAL_RATIO:.0f}x",
        met=ratio <= GOAL_RATIO,
        baseline={"what": "an empty PySide6 window's start", "value": ms(empty_median), "unit": "ms"},
        benchmark="startup_first_window",
        runs=RUNS,
        app_seconds=round(app_median, 4),
        empty_pyside6_window_seconds=round(empty_median, 4),
        ratio=round(ratio, 2),
        goal_ratio=GOAL_RATIO,
        statistic="median",
        platform=env["QT_QPA_PLATFORM"],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
