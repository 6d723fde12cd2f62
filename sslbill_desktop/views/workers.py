"""Run slow work off the GUI thread: `run_in_background(fn, on_success=..., ...)`.

`fn` runs on Qt's global thread pool; its result (or exception) is delivered back on the GUI
thread to `on_success` (or `on_failure`, by default the error presenter). With `progress` set, a
progress dialog with that text appears when the work takes longer than a moment; with
`cancellable=True` it has a Cancel button. Cancelling sets the task's `CancelToken` (long loops
may poll it), calls `on_cancelled`, and the outcome of `fn` is then dropped. When `parent` is
destroyed before the work ends, nothing is delivered.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from sslbill_desktop.services.i18n import _

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How long work may run before its progress dialog appears (no flashing for quick saves).
PROGRESS_DELAY_MS = 400


class CancelToken:
    """Set when the user cancels; long work may poll `cancelled` and stop early."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class BackgroundTask(QObject):
    """One piece of background work and the delivery of its outcome on the GUI thread."""

    _succeeded = Signal(object)
    _failed = Signal(object)
    #: Emitted on the GUI thread once the outcome was delivered (or dropped after a cancel).
    finished = Signal()

    def __init__(
        self,
        fn: Callable[[], Any],
        *,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        on_cancelled: Callable[[], None] | None,
        progress: str | None,
        cancellable: bool,
        parent: QWidget | None,
        token: CancelToken | None,
    ) -> None:
        super().__init__()
        self._fn = fn
        self._on_success = on_success
        self._on_failure = on_failure
        self._on_cancelled = on_cancelled
        self._progress_text = progress
        self._cancellable = cancellable
        self._parent = parent
        self._progress: QProgressDialog | None = None
        self.token = token or CancelToken()
        self.done = False
        self._succeeded.connect(self._deliver_success, Qt.ConnectionType.QueuedConnection)
        self._failed.connect(self._deliver_failure, Qt.ConnectionType.QueuedConnection)

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def start(self) -> None:
        _running.add(self)
        if self._progress_text is not None:
            QTimer.singleShot(PROGRESS_DELAY_MS, self._show_progress)
        QThreadPool.globalInstance().start(_Runnable(self))

    def cancel(self) -> None:
        """Stop waiting for the work: `on_cancelled` now, its outcome dropped later."""
        if self.done or self.cancelled:
            return
        self.token.cancel()
        self._close_progress()
        if self._on_cancelled is not None and self._parent_alive():
            self._on_cancelled()

    # --- worker thread ------------------------------------------------------------------------

    def _work(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            self._failed.emit(exc)
        else:
            self._succeeded.emit(result)

    # --- GUI thread ---------------------------------------------------------------------------

    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _show_progress(self) -> None:
        if self.done or self.cancelled or not self._parent_alive():
            return
        cancel_text = _("Cancel") if self._cancellable else ""
        dialog = QProgressDialog(self._progress_text or "", cancel_text, 0, 0, self._parent)
        dialog.setWindowTitle(_("Please wait"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        self._progress = dialog
        dialog.show()

    def _close_progress(self) -> None:
        if self._progress is not None:
            dialog, self._progress = self._progress, None
            dialog.canceled.disconnect(self.cancel)
            if shiboken6.isValid(dialog):
                dialog.close()
                dialog.deleteLater()

    def _finish(self) -> bool:
        """Mark done; True when the outcome should still be delivered."""
        self.done = True
        self._close_progress()
        _running.discard(self)
        return not self.cancelled and self._parent_alive()

    @Slot(object)
    def _deliver_success(self, result: object) -> None:
        if self._finish() and self._on_success is not None:
            self._on_success(result)
        self.finished.emit()

    @Slot(object)
    def _deliver_failure(self, exc: BaseException) -> None:
        deliver = self._finish()
        if deliver:
            if self._on_failure is not None:
                self._on_failure(exc)
            else:
                from sslbill_desktop.views.errors import present

                present(self._parent, exc)
        else:
            log.debug("dropped the failure of a cancelled or orphaned task: %r", exc)
        self.finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._work()


#: Tasks under way, kept alive until their outcome is delivered.
_running: set[BackgroundTask] = set()


def run_in_background(
    fn: Callable[[], T],
    *,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    progress: str | None = None,
    cancellable: bool = False,
    parent: QWidget | None = None,
    token: CancelToken | None = None,
) -> BackgroundTask:
    """Run `fn()` on the thread pool and deliver its outcome on the GUI thread (see the module doc).

    `token` lets `fn` poll for a cancel: create it first, close over it in `fn`, pass it here.
    """
    task = BackgroundTask(
        fn,
        on_success=on_success,
        on_failure=on_failure,
        on_cancelled=on_cancelled,
        progress=progress,
        cancellable=cancellable,
        parent=parent,
        token=token,
    )
    task.start()
    return task


def busy() -> bool:
    """True while any background task has not delivered its outcome."""
    return bool(_running)


def wait_for_background_work(timeout_ms: int = 30_000) -> bool:
    """Block until the pool's threads are idle (at exit and in tests); False on timeout."""
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))
