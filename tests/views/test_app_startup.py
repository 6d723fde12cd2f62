import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select

from sslbill_desktop.app import DesktopApp
from sslbill_desktop.migrations import HEAD_REVISION
from sslbill_desktop.models.journal import JournalEntry
from sslbill_desktop.services import journal
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.ispmanager.client import IspmanagerClient
from sslbill_desktop.views.wizards.first_run import FirstRunWizard
from tests.support.qt_fixtures import wait_for_tasks
from tests.support.upstream_fixtures import RESELLER, RESELLER_PASSWORD, fast_client_settings, make_order


@pytest.fixture
def started(qtbot):
    apps: list[DesktopApp] = []

    def start(url: str, **options) -> DesktopApp:
        app = DesktopApp(url, **options)
        apps.append(app)
        app.start()
        wait_until_settled(qtbot, app)
        return app

    yield start
    for app in apps:
        app.close_windows()
        wait_for_tasks(qtbot)
        if app.db is not None:
            app.db.dispose()


def wait_until_settled(qtbot, app: DesktopApp) -> None:
    """Until the database is open (or failed) and any automatic sign-in is done."""
    qtbot.waitUntil(lambda: app.db is not None or bool(app.database_error), timeout=20_000)
    wait_for_tasks(qtbot)


def sign_in(qtbot, app: DesktopApp, login: str, password: str) -> None:
    dialog = app.login_dialog
    assert dialog is not None and dialog.can_sign_in() is False
    dialog._login_edit.setText(login)
    dialog._password_edit.setText(password)
    dialog._sign_in_button.click()
    wait_for_tasks(qtbot)


def test_empty_database_opens_the_first_run_wizard(qtbot, database, started) -> None:
    app = started(database.url)
    assert isinstance(app.wizard, FirstRunWizard)
    assert app.wizard.isVisible()
    assert app.login_dialog is None


def test_sign_in_shows_the_main_window_and_sign_out_the_login_again(qtbot, database, admin, started) -> None:
    app = started(database.url)
    assert app.login_dialog is not None and app.login_dialog.isVisible()
    sign_in(qtbot, app, "admin", "admin-password")
    assert app.main_window is not None and app.main_window.isVisible()
    assert app.main_window.current_page_key() == "processing_modules"
    app.main_window._sign_out_action.trigger()
    assert app.main_window is None
    assert app.login_dialog is not None and app.login_dialog.can_sign_in() is False  # no password yet
    app.login_dialog._password_edit.setText("admin-password")
    assert app.login_dialog.can_sign_in()


def test_russian_chosen_at_sign_in_is_used_after_a_restart(
    qtbot, database, admin, started, compiled_locales
) -> None:
    first = started(database.url)
    combo = first.login_dialog._language_combo
    combo.setCurrentIndex(combo.findData("ru"))
    first.login_dialog.reject()
    assert first.ended

    second = started(database.url)
    assert second.language == "ru"
    sign_in(qtbot, second, "admin", "admin-password")
    window = second.main_window
    assert window.menu_titles() == ["&Файл", "&Справка"]
    assert window.navigation.section_titles() == [
        "Интеграция",
        "Продукты",
        "Провайдер",
        "Клиенты",
        "Заказы",
        "Настройки",
    ]


def test_database_one_revision_behind_is_upgraded_with_a_backup(qtbot, tmp_path: Path, started) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(f"sqlite:///{path}")
    previous = ScriptDirectory.from_config(old.alembic_config()).get_revision(HEAD_REVISION).down_revision
    old.migrate(target=previous)
    old.dispose()
    app = started(f"sqlite:///{path}")
    assert app.db is not None
    assert app.db.current_revision() == HEAD_REVISION
    backups = list(tmp_path.glob("old.sqlite3.backup-*"))
    assert len(backups) == 1
    assert isinstance(app.wizard, FirstRunWizard)


def test_unreachable_database_is_explained_without_a_traceback_or_password(
    qtbot, started, messages_recorder
) -> None:
    app = started("postgresql+psycopg://sslbill:very-secret@127.0.0.1:1/sslbill")
    assert app.db is None
    status = app.login_dialog.status_text()
    assert status.startswith("The database PostgreSQL 127.0.0.1:1/sslbill cannot be opened")
    assert "very-secret" not in status
    assert "Traceback" not in status
    assert not app.login_dialog.can_sign_in()
    assert messages_recorder.shown == []


def test_a_database_path_that_cannot_exist_is_explained(qtbot, tmp_path: Path, started) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    app = started(f"sqlite:///{blocker}/sslbill.sqlite3")
    status = app.login_dialog.status_text()
    assert status.startswith(f"The database SQLite {blocker}/sslbill.sqlite3 cannot be opened")


def test_demo_command_path_prepares_the_database_and_signs_in(qtbot, tmp_path: Path, started) -> None:
    from sslbill_desktop.services.staff import DEMO_ADMIN_LOGIN, DEMO_PASSWORD, create_demo_staff

    app = started(
        f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        prepare=create_demo_staff,
        sign_in_as=(DEMO_ADMIN_LOGIN, DEMO_PASSWORD),
    )
    assert app.main_window is not None
    assert app.main_window.workspace.actor.login == DEMO_ADMIN_LOGIN


# --- start-up settles the purchases a crash left open ---------------------------------------------


def _owner_of_a_dead_process() -> str:
    """A journal owner (host:pid:token) naming a process of this host that has exited."""
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait(timeout=60)
    return f"{journal.HOST_NAME}:{finished.pid}:crashed"


@pytest.fixture
def booked() -> Iterator[list[str | None]]:
    """The upstream ids the completion handler of purpose "startup-test" booked."""
    calls: list[str | None] = []
    journal.register_completion("startup-test", lambda session, record: calls.append(record.upstream_id))
    yield calls
    journal.unregister_completion("startup-test")


@pytest.mark.parametrize("left_as", ["sent by a process that died", "unknown"])
def test_start_up_adopts_the_certificate_of_a_purchase_left_open(
    qtbot, database, admin, simulator, simulator_module, booked, started, left_as: str
) -> None:
    # What a crash leaves behind: the order reached the upstream (a certificate exists there), but
    # its journal entry never got the reply.
    order = make_order("crashed.example.com")
    written = datetime.now(UTC) - timedelta(seconds=1)
    with IspmanagerClient(simulator.url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()) as c:
        bought = c.order_certificate(order)
    state, owner = ("sent", _owner_of_a_dead_process()) if left_as.startswith("sent") else ("unknown", "")
    with database.uow() as s:
        s.add(
            JournalEntry(
                reference="left-open",
                processing_module_id=simulator_module,
                operation=journal.OPERATION_ORDER,
                request=order.to_json(),
                common_name=order.common_name,
                pricelist_id=order.pricelist_id,
                state=state,
                created_at=written,
                sent_at=written,
                created_by="admin",
                purpose="startup-test",
                owner=owner,
            )
        )

    def entry() -> JournalEntry:
        with database.uow() as s:
            return s.scalars(select(JournalEntry).where(JournalEntry.reference == "left-open")).one()

    orders_before = simulator.requests("certificate.order.param")
    app = started(database.url)
    qtbot.waitUntil(lambda: entry().state == "done", timeout=30_000)
    settled = entry()
    assert settled.upstream_id == bought.id
    assert booked == [bought.id]
    assert [c.id for c in simulator.certificates()] == [bought.id]
    assert simulator.requests("certificate.order.param") == orders_before  # adopted, not bought again
    assert app.login_dialog is not None and app.login_dialog.isVisible()  # the user was not kept waiting
