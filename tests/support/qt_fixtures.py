"""Fixtures for widget tests: a message recorder (no dialog ever blocks), signed-in main windows.

`messages_recorder` is autouse: every test runs with `views.messages` replaced by a recorder that
keeps what the user would have been told and answers questions from a queue (default: yes / the
first choice). A crash dialog that a test did not expect fails it.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Shown:
    kind: str  # inform | warn | error | confirm | ask | crash
    text: str
    title: str
    details: str = ""


@dataclass
class MessageRecorder:
    shown: list[Shown] = field(default_factory=list)
    answers: deque[Any] = field(default_factory=deque)
    crashes_expected: bool = False

    def answer(self, *values: Any) -> None:
        """Queue answers for the next `confirm` (bool) / `ask` (index or None) calls."""
        self.answers.extend(values)

    def texts(self, *kinds: str) -> list[str]:
        return [m.text for m in self.shown if not kinds or m.kind in kinds]

    def last(self, *kinds: str) -> Shown:
        matching = [m for m in self.shown if not kinds or m.kind in kinds]
        assert matching, f"nothing of kind {kinds} was shown; shown: {self.shown}"
        return matching[-1]

    def clear(self) -> None:
        self.shown.clear()

    # --- the MessageBackend protocol ----------------------------------------------------------

    def inform(self, parent: Any, text: str, title: str) -> None:
        self.shown.append(Shown("inform", text, title))

    def warn(self, parent: Any, text: str, title: str) -> None:
        self.shown.append(Shown("warn", text, title))

    def error(self, parent: Any, text: str, title: str) -> None:
        self.shown.append(Shown("error", text, title))

    def confirm(self, parent: Any, text: str, title: str, yes: str, no: str) -> bool:
        self.shown.append(Shown("confirm", text, title))
        return bool(self.answers.popleft()) if self.answers else True

    def ask(self, parent: Any, text: str, title: str, choices: Sequence[str]) -> int | None:
        self.shown.append(Shown("ask", text, title))
        return self.answers.popleft() if self.answers else 0

    def crash(self, parent: Any, summary: str, details: str) -> None:
        self.shown.append(Shown("crash", summary, "", details))


@pytest.fixture(autouse=True)
def messages_recorder() -> Iterator[MessageRecorder]:
    from sslbill_desktop.views import messages

    recorder = MessageRecorder()
    previous = messages.install(recorder)
    yield recorder
    messages.install(previous)
    _settle_qt()
    crashes = [m for m in recorder.shown if m.kind == "crash"]
    if crashes and not recorder.crashes_expected:
        pytest.fail("unexpected crash dialog:\n" + crashes[0].details)


def _settle_qt() -> None:
    """Let background work end and reset the language, so that nothing leaks into the next test."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        return
    from sslbill_desktop.views.gc_guard import GarbageCollector
    from sslbill_desktop.views.language import apply_language
    from sslbill_desktop.views.workers import wait_for_background_work

    wait_for_background_work()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    GarbageCollector.check()  # on the GUI thread, between tests (see `gui_thread_garbage_collection`)
    apply_language("en")


@pytest.fixture(autouse=True, scope="session")
def gui_thread_garbage_collection() -> Iterator[None]:
    """No automatic garbage collection during the tests: a cycle holding a Qt object collected on a
    worker or server thread can crash Qt. Each test ends with a collection on the GUI thread,
    as the application's `views.gc_guard` does with a timer."""
    gc.disable()
    yield
    gc.enable()


def wait_for_tasks(qtbot: Any, timeout: int = 10_000) -> None:
    """Wait until every `run_in_background` task has delivered its outcome."""
    from sslbill_desktop.views.workers import busy

    qtbot.waitUntil(lambda: not busy(), timeout=timeout)


def is_closed(widget: Any) -> bool:
    """True when a window was closed (hidden, or already deleted by WA_DeleteOnClose)."""
    import shiboken6

    return not shiboken6.isValid(widget) or not widget.isVisible()


def make_main_window(qtbot: Any, database: Any, actor: Any) -> Any:
    from sslbill_desktop.views.context import Workspace
    from sslbill_desktop.views.main_window import MainWindow

    window = MainWindow(Workspace(database, actor))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def admin_window(qtbot: Any, database: Any, admin: Any) -> Any:
    """A main window signed in as an administrator."""
    return make_main_window(qtbot, database, admin)


@pytest.fixture
def sales_window(qtbot: Any, database: Any, sales: Any) -> Any:
    """A main window signed in as a sales user."""
    return make_main_window(qtbot, database, sales)


@pytest.fixture(scope="session")
def _compiled_locales_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The `.po` catalogs compiled afresh, so that tests never read a stale `.mo`."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from sslbill_desktop.services import i18n

    source = i18n.locales_dir()
    target = tmp_path_factory.mktemp("locales")
    for po_path in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        language = po_path.parent.parent.name
        out_dir = target / language / "LC_MESSAGES"
        out_dir.mkdir(parents=True)
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=language)
        with (out_dir / "messages.mo").open("wb") as mo_file:
            write_mo(mo_file, catalog)
    return target


@pytest.fixture
def compiled_locales(_compiled_locales_dir: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Point the translations at freshly compiled catalogs for this test."""
    monkeypatch.setenv("SSLBILL_LOCALES_DIR", str(_compiled_locales_dir))
    return _compiled_locales_dir
