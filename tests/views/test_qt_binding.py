"""Guards against known-bad Qt for Python releases (see the pin in pyproject.toml)."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()


def test_emitting_a_signal_keeps_the_reference_count_of_true() -> None:
    emitter = _Emitter()
    emitter.ping.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(50):
        emitter.ping.emit()
    assert sys.getrefcount(True) >= before  # 6.12.0 lost one per emit and crashed at exit
