"""The services list with 100,000 rows: its first page painted, and a filter applied.

Each run is a fresh process on a copy of the 100,000-service demo workspace (`_list_child.py`):
the main window is shown, then Orders → SSL certificates is opened for the first time in the
process (its code imported, the first 200 rows loaded with keyset paging) — the clock stops when
the table has been painted; then four filters are applied (Enter in the filter box: a client's
name, a domain word, an upstream id prefix, and a text nothing matches) — each until the table
is painted again. Baseline in the same runs: the SQL statements the service ran, replayed on a
plain `sqlite3` connection (the database's share; the rest is ORM, Python and Qt). Goals: first
page under 200 ms, a filter under 150 ms (the slowest of the four counts). Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bench_home, copy_of, demo_database, emit, ms, note, sqlite_url

RUNS = int(os.environ.get("LIST_RUNS", "5"))
GOAL_OPEN_MS = 200.0
GOAL_FILTER_MS = 150.0
CHILD = Path(__file__).resolve().parent / "_list_child.py"


def run_child(url: str, *extra: str) -> dict[str, object]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    done = subprocess.run(
        [sys.executable, str(CHILD), url, *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        note(done.stderr[-3000:])
        raise SystemExit(f"the list benchmark's child failed ({done.returncode})")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def main() -> int:
    source = demo_database()
    with bench_home() as home:
        url = sqlite_url(copy_of(source, home))
        run_child(url)  # warms the file cache, not counted
        runs = [run_child(url) for _ in range(RUNS)]
    opened = statistics.median(float(r["open"]) for r in runs)  # type: ignore[arg-type]
    texts = list(runs[0]["filters"])  # type: ignore[call-overload]
    filters = {t: statistics.median(r["filters"][t] for r in runs) for t in texts}  # type: ignore[index]
    raw_open = statistics.median(float(r["raw_open"]) for r in runs)  # type: ignore[arg-type]
    raw_filters = {t: statistics.median(r["raw_filters"][t] for r in runs) for t in texts}  # type: ignore[index]
    slowest = max(filters, key=lambda t: filters[t])
    emit(
        "services_list_100k",
        value={"first_page_ms": ms(opened), "filter_ms": ms(filters[slowest])},  # type: ignore[arg-type]
        unit="ms",
        goal=f"first page < {GOAL_OPEN_MS:.0f} ms, filter < {GOAL_FILTER_MS:.0f} ms",
        met=opened * 1000 < GOAL_OPEN_MS and filters[slowest] * 1000 < GOAL_FILTER_MS,
        baseline={
            "what": "the same SQL statements replayed on a plain sqlite3 connection",
            "value": {"first_page_ms": ms(raw_open), "filter_ms": ms(raw_filters[slowest])},
            "unit": "ms",
        },
        first_page_met=opened * 1000 < GOAL_OPEN_MS,
        filter_met=filters[slowest] * 1000 < GOAL_FILTER_MS,
        filters_ms={t: ms(v) for t, v in filters.items()},
        filters_raw_sql_ms={t: ms(v) for t, v in raw_filters.items()},
        slowest_filter=slowest,
        rows=runs[0]["rows_total"],
        runs=RUNS,
        statistic="median",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
