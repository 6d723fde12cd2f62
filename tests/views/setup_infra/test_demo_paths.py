"""Demo mode: `sslbill-desktop demo` and the first-run "open a demo workspace" start the simulator
and connect a processing module to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from sslbill_desktop.app import DesktopApp
from sslbill_desktop.commands.demo import prepare_demo
from sslbill_desktop.services import demo, processing
from sslbill_desktop.services.first_run import MODE_DEMO
from sslbill_desktop.services.staff import DEMO_ADMIN_LOGIN, DEMO_PASSWORD
from sslbill_desktop.views.wizards.first_run import FirstRunWizard
from tests.support.qt_fixtures import wait_for_tasks
from tests.views.setup_infra.support import finish_button, show


@pytest.fixture(autouse=True)
def process_simulator() -> Iterator[None]:
    """Each test gets its own process simulator, stopped afterwards."""
    demo.stop_demo_simulator()
    yield
    demo.stop_demo_simulator()


@pytest.fixture
def failing_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_the_demo_command_signs_in_to_a_workspace_with_a_module_on_the_simulator(
    qtbot, tmp_path: Path, messages_recorder
) -> None:
    app = DesktopApp(
        f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        prepare=prepare_demo,
        sign_in_as=(DEMO_ADMIN_LOGIN, DEMO_PASSWORD),
    )
    app.start()
    try:
        qtbot.waitUntil(lambda: app.main_window is not None, timeout=20_000)
        wait_for_tasks(qtbot)
        workspace = app.main_window.workspace
        (module,) = processing.list_processing_modules(workspace.db, workspace.actor)
        assert module.url == demo.demo_simulator().url
        assert module.last_balance is not None and not module.below_minimum
        assert messages_recorder.shown == []
    finally:
        app.close_windows()
        wait_for_tasks(qtbot)
        if app.db is not None:
            app.db.dispose()


def test_the_demo_command_says_so_when_the_keyring_is_unusable(
    qtbot, tmp_path: Path, messages_recorder, failing_keyring
) -> None:
    app = DesktopApp(
        f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        prepare=prepare_demo,
        sign_in_as=(DEMO_ADMIN_LOGIN, DEMO_PASSWORD),
    )
    app.start()
    try:
        qtbot.waitUntil(lambda: app.main_window is not None, timeout=20_000)
        qtbot.waitUntil(lambda: bool(messages_recorder.texts("warn")), timeout=5_000)
        shown = messages_recorder.last("warn")
        assert shown.title == "Demo workspace"
        assert shown.text.startswith("The demo's processing module was not connected")
        assert "No usable keyring" in shown.text
        workspace = app.main_window.workspace
        assert processing.list_processing_modules(workspace.db, workspace.actor) == []
    finally:
        app.close_windows()
        wait_for_tasks(qtbot)
        if app.db is not None:
            app.db.dispose()


def test_the_first_run_demo_workspace_gets_the_set_up_and_the_module(qtbot, database) -> None:
    wizard = show(qtbot, FirstRunWizard(database))
    signed_in = []
    wizard.signed_in.connect(signed_in.append)
    wizard.choice_page.choose(MODE_DEMO)
    wizard.next()
    finish_button(wizard).click()
    wait_for_tasks(qtbot)
    (actor,) = signed_in
    (module,) = processing.list_processing_modules(database, actor)
    assert module.url == demo.demo_simulator().url and module.department


def test_the_first_run_demo_workspace_without_a_keyring_warns_and_signs_in(
    qtbot, database, messages_recorder, failing_keyring
) -> None:
    wizard = show(qtbot, FirstRunWizard(database))
    signed_in = []
    wizard.signed_in.connect(signed_in.append)
    wizard.choice_page.choose(MODE_DEMO)
    wizard.next()
    finish_button(wizard).click()
    wait_for_tasks(qtbot)
    assert [a.login for a in signed_in] == [DEMO_ADMIN_LOGIN]
    assert "No usable keyring" in messages_recorder.last("warn").text
