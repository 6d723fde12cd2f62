import gc

from sslbill_desktop.views.gc_guard import GarbageCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_runs_on_the_gui_thread_when_a_threshold_is_crossed(qtbot) -> None:
    collector = GarbageCollector()
    collector.start()
    try:
        assert not gc.isenabled()
        threshold = gc.get_threshold()[0]
        for _ in range(threshold + 10):
            _Cycle()
        assert collector.check() > 0
        assert collector.check() == 0
    finally:
        collector.stop()
        gc.disable()  # the test session collects on the GUI thread too
