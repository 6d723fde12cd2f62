"""Shared helpers of the benchmark scripts (the Makefile's `bench` target skips files starting
with `_`).

Every script prints ONE JSON line (`emit`): the figure's name, its value and unit, the baseline
measured in the same run, the goal and whether it was met, plus the machine. Timings are medians
of several repeats; the statistic is named in the line.

`demo_database(size, seed)` returns a migrated SQLite file filled by `services.demo_data.generate`
(the `sslbill-desktop demo --size N` generator). Generating 100,000 services takes a while, so the
file is cached in `$SSLBILL_BENCH_CACHE` (default: the system's temporary directory), keyed by
size, seed, schema revision and the generator's source; callers copy it before changing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/x.py` from anywhere
    sys.path.insert(0, str(ROOT))

#: The day the demo data is generated for and the daily run processes (fixed: reproducible).
BENCH_DAY = date(2026, 11, 26)
LARGE = 100_000


def machine() -> str:
    """One line describing the machine: CPU model, cores, memory, OS, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f", {int(line.split()[1]) // 1024 // 1024 + 1} GB RAM"
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def emit(
    figure: str,
    *,
    value: Any,
    unit: str,
    goal: str,
    met: bool,
    baseline: dict[str, Any],
    **extra: Any,
) -> None:
    """Print the figure's JSON line (and flush: `make bench` shows each as it comes)."""
    line: dict[str, Any] = {
        "figure": figure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "goal": goal,
        "met": bool(met),
    }
    line.update(extra)
    line["machine"] = machine()
    print(json.dumps(line, ensure_ascii=False), flush=True)


def note(text: str) -> None:
    """Progress for the person waiting (stderr: stdout carries only the JSON line)."""
    print(f"[{Path(sys.argv[0]).stem}] {text}", file=sys.stderr, flush=True)


def median_seconds(fn: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), timings


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def rss_mb(pid: int | None = None) -> float:
    """Resident memory (VmRSS) of a process in MB (1 MB = 2**20 bytes)."""
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("no VmRSS in /proc: resident memory cannot be measured on this system")


@contextmanager
def bench_home() -> Iterator[Path]:
    """A throw-away SSLBILL_HOME (settings, logs, data) for the duration of a benchmark."""
    previous = os.environ.get("SSLBILL_HOME")
    with tempfile.TemporaryDirectory(prefix="sslbill-bench-") as home:
        os.environ["SSLBILL_HOME"] = home
        try:
            yield Path(home)
        finally:
            if previous is None:
                os.environ.pop("SSLBILL_HOME", None)
            else:
                os.environ["SSLBILL_HOME"] = previous


def memory_keyring() -> None:
    """Keep secrets in memory: a benchmark machine usually has no Secret Service."""
    import keyring

    from tests.support.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())


def cache_dir() -> Path:
    path = Path(os.environ.get("SSLBILL_BENCH_CACHE") or Path(tempfile.gettempdir()) / "sslbill-bench-cache")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _generator_key(size: int, seed: int) -> str:
    from sslbill_desktop.migrations import HEAD_REVISION

    digest = hashlib.sha256()
    services = ROOT / "sslbill_desktop" / "services"
    for name in ("demo_data.py", "demo_catalog.py", "demo_setup.py", "order_books.py"):
        path = services / name
        if path.exists():
            digest.update(path.read_bytes())
    digest.update(f"{size}:{seed}:{HEAD_REVISION}:{BENCH_DAY}".encode())
    return digest.hexdigest()[:16]


def demo_database(size: int = LARGE, seed: int = 1) -> Path:
    """A cached SQLite file with `size` demo services (see the module documentation)."""
    path = cache_dir() / f"demo-{size}-{seed}-{_generator_key(size, seed)}.sqlite3"
    if path.exists():
        return path
    from sslbill_desktop.services import staff
    from sslbill_desktop.services.db import Database
    from sslbill_desktop.services.demo_data import generate

    note(f"generating {size:,} demo services once (cached in {path.parent})")
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    db = Database(f"sqlite:///{building}")
    try:
        db.migrate()
        staff.create_demo_staff(db)
        generate(db, size, seed, on=BENCH_DAY)
    finally:
        db.dispose()
    for stale in cache_dir().glob(f"demo-{size}-{seed}-*.sqlite3"):
        stale.unlink()
    building.rename(path)
    return path


def copy_of(path: Path, directory: Path, name: str = "bench.sqlite3") -> Path:
    target = directory / name
    shutil.copyfile(path, target)
    return target


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class Profiler:
    """With `SSLBILL_BENCH_PROFILE=1`, profiles the measured span with pyinstrument (installed
    separately: `.venv/bin/pip install pyinstrument`) and prints the report to stderr."""

    def __init__(self) -> None:
        self._profiler: Any = None
        if os.environ.get("SSLBILL_BENCH_PROFILE"):
            from pyinstrument import Profiler as Pyinstrument

            self._profiler = Pyinstrument(interval=0.0005, async_mode="disabled")

    def start(self) -> None:
        if self._profiler is not None and not self._profiler.is_running:
            self._profiler.start()

    def stop(self) -> None:
        if self._profiler is not None and self._profiler.is_running:
            self._profiler.stop()
            print(self._profiler.output_text(unicode=False, color=False, show_all=False), file=sys.stderr)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SimulatorProcess:
    """`sslbill-desktop simulator` in a process of its own: the upstream is another machine in
    real life, so its work (building and encoding replies) must not compete with the measured
    process for the interpreter lock. Restart it (same port and state file) to change options."""

    def __init__(self, state_file: Path, *, catalog_size: int = 0) -> None:
        self.port = free_port()
        self.state_file = state_file
        self.catalog_size = catalog_size
        self._process: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, latency: float = 0.0) -> SimulatorProcess:
        import subprocess

        self.stop()
        command = [
            sys.executable,
            "-m",
            "sslbill_desktop",
            "simulator",
            "--port",
            str(self.port),
            "--state",
            str(self.state_file),
            "--catalog-size",
            str(self.catalog_size),
            "--latency",
            str(latency),
        ]
        self._process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if "ispmanager simulator" not in line:
            self.stop()
            raise SystemExit(f"the simulator did not start: {line!r}")
        return self

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(30)
            self._process = None

    def __enter__(self) -> SimulatorProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
