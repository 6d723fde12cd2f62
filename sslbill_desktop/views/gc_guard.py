"""Python's cyclic garbage collection, moved to the GUI thread.

The collector normally runs in whichever thread happens to allocate when a threshold is crossed:
a worker of the thread pool, the simulator's server thread. When a reference cycle holds a Qt
object, its wrapper is then destroyed off the GUI thread, and Qt may crash (a known hazard of
PySide and PyQt applications). `install()` turns the automatic collector off and collects from a
GUI-thread timer instead, by generation, as often as the thresholds would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the allocation counts.
CHECK_INTERVAL_MS = 1000


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_INTERVAL_MS)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    @staticmethod
    def check() -> int:
        """Collect the oldest generation whose count is over its threshold; returns the objects freed."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                return gc.collect(generation)
        return 0


_collector: GarbageCollector | None = None


def install(parent: QObject | None = None) -> GarbageCollector:
    """Collect garbage on the GUI thread only, from now on (once per process)."""
    global _collector
    if _collector is None:
        _collector = GarbageCollector(parent)
        _collector.start()
    return _collector
