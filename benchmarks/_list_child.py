"""The child process of `orders_list.py` and `memory.py`: the real main window on a copy of the
100,000-service demo workspace, signed in as the demo admin.

`python benchmarks/_list_child.py DATABASE_URL [--scroll]` prints one JSON object:

- `open`: seconds from opening Orders → SSL certificates (its first use in the process: the
  page's code is imported, its first page of 200 rows loaded) to the table painted;
- `filters`: {text: seconds} from pressing Enter in the filter box to the table painted;
- `raw_open` / `raw_filters`: the same SQL statements the service ran for each, replayed on a
  plain `sqlite3` connection (the database's floor; the rest is ORM, Python and Qt);
- `rss_mb_open`: resident memory with the list open (after the filters, cleared again);
- with `--scroll`: `rss_mb_all_loaded` after scrolling to the end (every row loaded) and
  `loaded_rows`.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

#: Filter texts: a client's first name, a domain word, an upstream id prefix, and no match at all.
FILTERS = ("anna", "shop", "demo-1", "no-such-domain")
PAGE_KEY = "ssl_certificates"


class _Quiet:
    """Message boxes are recorded, never shown."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def _record(self, *args: Any) -> None:
        self.shown.append(str(args[1]) if len(args) > 1 else "")

    inform = warn = error = crash = _record

    def confirm(self, *args: Any) -> bool:
        return True

    def ask(self, *args: Any) -> int:
        return 0


def main() -> int:
    url = sys.argv[1]
    scroll = "--scroll" in sys.argv
    from _common import Profiler, memory_keyring, rss_mb
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import event

    memory_keyring()
    from sslbill_desktop.services.auth import authenticate
    from sslbill_desktop.services.db import Database
    from sslbill_desktop.services.staff import DEMO_ADMIN_LOGIN, DEMO_PASSWORD
    from sslbill_desktop.views import messages
    from sslbill_desktop.views.context import Workspace
    from sslbill_desktop.views.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    messages.install(_Quiet())  # type: ignore[arg-type]
    db = Database(url)
    statements: list[tuple[str, Any]] = []
    event.listen(
        db.engine,
        "before_cursor_execute",
        lambda _conn, _cursor, statement, parameters, _context, _many: statements.append(
            (statement, parameters)
        ),
    )
    actor = authenticate(db, DEMO_ADMIN_LOGIN, DEMO_PASSWORD)
    window = MainWindow(Workspace(db, actor))
    window.show()
    _settle(app, 0.5)
    profiler = Profiler()

    class Painted(QObject):
        """Notes when the orders table's viewport has been painted after `armed`."""

        def __init__(self) -> None:
            super().__init__()
            self.armed = False
            self.painted_at = 0.0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if self.armed and event.type() == QEvent.Type.Paint:
                table = watched.parent()
                page = window.page(PAGE_KEY)
                if isinstance(table, QTableView) and page is not None and table is page.table:
                    self.armed = False
                    QTimer.singleShot(0, self._stamp)
            return False

        def _stamp(self) -> None:
            self.painted_at = time.perf_counter()

    probe = Painted()
    app.installEventFilter(probe)

    def timed(action: Any) -> tuple[float, list[tuple[str, Any]]]:
        statements.clear()
        probe.painted_at = 0.0
        probe.armed = True
        profiler.start()
        started = time.perf_counter()
        action()
        deadline = time.monotonic() + 30
        while not probe.painted_at and time.monotonic() < deadline:
            app.processEvents()
        profiler.stop()
        if not probe.painted_at:
            raise SystemExit("the orders table was never painted")
        return probe.painted_at - started, list(statements)

    opened, open_sql = timed(lambda: window.show_page(PAGE_KEY))
    page = window.page(PAGE_KEY)
    assert page is not None
    _settle(app, 0.3)
    filters: dict[str, float] = {}
    filter_sql: dict[str, list[tuple[str, Any]]] = {}
    for text in FILTERS:
        page.filter_edit.setText(text)
        filters[text], filter_sql[text] = timed(lambda: QTest.keyClick(page.filter_edit, Qt.Key.Key_Return))
        page.filter_edit.setText("")
        QTest.keyClick(page.filter_edit, Qt.Key.Key_Return)
        _settle(app, 0.2)
    result: dict[str, Any] = {
        "open": opened,
        "filters": filters,
        "rows_total": page.model.total,
        "rows_loaded": page.model.rowCount(),
        "rss_mb_open": rss_mb(),
    }
    if scroll:
        while page.model.canFetchMore():
            page.model.fetchMore()
        page.table.scrollToBottom()
        _settle(app, 0.5)
        result["rss_mb_all_loaded"] = rss_mb()
        result["loaded_rows"] = page.model.rowCount()
    path = db.sqlite_path
    window.close()
    db.dispose()
    if path is not None:
        result["raw_open"] = _replay(path, open_sql)
        result["raw_filters"] = {text: _replay(path, sql) for text, sql in filter_sql.items()}
    print(json.dumps(result), flush=True)
    return 0


def _settle(app: Any, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)


def _replay(path: Path, statements: list[tuple[str, Any]], repeats: int = 5) -> float:
    """Median seconds to run `statements` (reads only) and fetch their rows with plain sqlite3."""
    reads = [(sql, params) for sql, params in statements if sql.lstrip().upper().startswith("SELECT")]
    connection = sqlite3.connect(path)
    try:
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            for sql, params in reads:
                connection.execute(sql, params).fetchall()
            timings.append(time.perf_counter() - started)
    finally:
        connection.close()
    return statistics.median(timings)


if __name__ == "__main__":
    sys.exit(main())
