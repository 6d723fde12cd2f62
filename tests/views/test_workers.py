import threading

import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from sslbill_desktop.services.errors import UserError
from sslbill_desktop.views import workers
from sslbill_desktop.views.workers import CancelToken, run_in_background
from tests.support.qt_fixtures import wait_for_tasks


def test_result_is_delivered_on_the_gui_thread(qtbot) -> None:
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker_thread"] = threading.current_thread()
        return 42

    def done(result: int) -> None:
        seen["result"] = result
        seen["gui_thread"] = QThread.currentThread() is QApplication.instance().thread()

    run_in_background(work, on_success=done)
    wait_for_tasks(qtbot)
    assert seen["result"] == 42
    assert seen["gui_thread"] is True
    assert seen["worker_thread"] is not threading.main_thread()


def test_failure_goes_to_on_failure(qtbot) -> None:
    failures: list[BaseException] = []
    successes: list[object] = []

    def work() -> None:
        raise UserError("the upstream said no")

    run_in_background(work, on_success=successes.append, on_failure=failures.append)
    wait_for_tasks(qtbot)
    assert successes == []
    assert [str(f) for f in failures] == ["the upstream said no"]


def test_user_error_without_handler_is_shown_as_is(qtbot, messages_recorder) -> None:
    def work() -> None:
        raise UserError("the login is taken")

    run_in_background(work)
    wait_for_tasks(qtbot)
    assert messages_recorder.last().kind == "error"
    assert messages_recorder.last().text == "the login is taken"


def test_bug_without_handler_opens_the_crash_dialog_with_the_traceback(qtbot, messages_recorder) -> None:
    messages_recorder.crashes_expected = True

    def work() -> None:
        raise ZeroDivisionError("boom")

    run_in_background(work)
    wait_for_tasks(qtbot)
    crash = messages_recorder.last("crash")
    assert "ZeroDivisionError: boom" in crash.details
    assert "Traceback" in crash.details


def test_cancel_drops_the_outcome_and_lets_the_work_stop(qtbot) -> None:
    token = CancelToken()
    started, may_finish = threading.Event(), threading.Event()
    successes: list[object] = []
    cancelled: list[bool] = []

    def work() -> str:
        started.set()
        may_finish.wait(5)
        return "stopped early" if token.cancelled else "ran to the end"

    task = run_in_background(
        work, on_success=successes.append, on_cancelled=lambda: cancelled.append(True), token=token
    )
    assert started.wait(5)
    task.cancel()
    may_finish.set()
    qtbot.waitUntil(lambda: task.done)
    assert cancelled == [True]
    assert successes == []
    assert token.cancelled


def test_slow_work_shows_a_progress_dialog_whose_cancel_button_cancels(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    cancelled: list[bool] = []
    task = run_in_background(
        lambda: release.wait(10),
        progress="Importing tariff plans…",
        cancellable=True,
        on_cancelled=lambda: cancelled.append(True),
        parent=parent,
    )
    qtbot.waitUntil(lambda: parent.findChild(QProgressDialog) is not None, timeout=5000)
    dialog = parent.findChild(QProgressDialog)
    assert dialog.labelText() == "Importing tariff plans…"
    cancel_button = dialog.findChild(QPushButton)
    assert cancel_button.text() == "Cancel"
    cancel_button.click()
    assert cancelled == [True]
    release.set()
    qtbot.waitUntil(lambda: task.done)
    assert not workers.busy()


def test_nothing_is_delivered_to_a_destroyed_parent(qtbot) -> None:
    parent = QWidget()
    release = threading.Event()
    delivered: list[object] = []
    task = run_in_background(lambda: release.wait(5), on_success=delivered.append, parent=parent)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent))
    release.set()
    qtbot.waitUntil(lambda: task.done)
    assert delivered == []
