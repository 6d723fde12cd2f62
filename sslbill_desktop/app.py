"""The application: QApplication, language, the first window, then the database, login, main window.

Start-up is ordered for speed: the login dialog is shown and painted first (Qt and gettext only),
then the database is opened on a worker thread (SQLAlchemy is imported there, Alembic only when
the schema is behind). With no staff account yet the first-run wizard replaces the login dialog.
`DesktopApp` is the controller of that flow; `run()` wraps it in a QApplication.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from sslbill_desktop import APP_NAME
from sslbill_desktop.config import database_url, describe_database
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views import errors, messages, settings
from sslbill_desktop.views.dialogs.login import LoginDialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.language import apply_language, system_language
from sslbill_desktop.views.workers import run_in_background, wait_for_background_work

if TYPE_CHECKING:
    from sslbill_desktop.services.auth import Actor
    from sslbill_desktop.services.db import Database
    from sslbill_desktop.views.main_window import MainWindow
    from sslbill_desktop.views.wizards.first_run import FirstRunWizard

log = logging.getLogger(__name__)

#: What `sslbill-desktop demo` and similar commands do to a freshly opened database before sign-in;
#: what it returns (if anything) is told to the user once the main window is shown.
Prepare = Callable[["Database"], "str | None"]
#: Printed on stdout at the first paint with `exit_after_first_paint` (read by benchmarks/startup.py).
FIRST_PAINT_MARKER = "first-window-painted"


def _safe_reason(exc: BaseException, url: str) -> str:
    """An exception's message without the raw URL (it may hold a password)."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text.replace(url, describe_database(url))


def open_workspace_database(url: str, prepare: Prepare | None = None) -> tuple[Database, bool]:
    """Open (and migrate) the database; returns it and whether any staff account exists.

    Runs on a worker thread. Any failure becomes a `UserError` naming the database, never a
    traceback; the traceback goes to the log.
    """
    try:
        from sslbill_desktop.services.db import open_database
        from sslbill_desktop.services.staff import has_any_staff

        db = open_database(url)
        if prepare is not None:
            prepare(db)
        return db, has_any_staff(db)
    except UserError:
        raise
    except Exception as exc:
        log.exception("cannot open the database %s", describe_database(url))
        raise UserError(
            _("The database {database} cannot be opened or upgraded: {reason}").format(
                database=describe_database(url), reason=_safe_reason(exc, url)
            )
        ) from exc


class _FirstPaint(QObject):
    """Calls back once, right after `widget` was first painted."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self._callback: Callable[[], None] | None = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._callback is not None:
            callback, self._callback = self._callback, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, callback)
        return False


class DesktopApp(QObject):
    """The start-up and sign-in flow; `finished(exit_code)` when the user quits."""

    finished = Signal(int)

    def __init__(
        self,
        url: str | None = None,
        *,
        language: str | None = None,
        prepare: Prepare | None = None,
        sign_in_as: tuple[str, str] | None = None,
        exit_after_first_paint: bool = False,
        screenshot_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.url = database_url(url)
        self.language = apply_language(language or settings.language() or system_language())
        self._prepare = prepare
        self._sign_in_as = sign_in_as
        self._exit_after_first_paint = exit_after_first_paint
        self._screenshot_dir = screenshot_dir
        self.db: Database | None = None
        self.login_dialog: LoginDialog | None = None
        self.wizard: FirstRunWizard | None = None
        self.main_window: MainWindow | None = None
        self.database_error = ""
        #: What `prepare` said the user should know (shown over the main window, then cleared).
        self.prepare_notice = ""
        self.ended = False

    # --- start-up -----------------------------------------------------------------------------

    def start(self) -> None:
        """Show the login dialog now; open the database once it has been painted."""
        dialog = self._new_login_dialog()
        _FirstPaint(dialog, self._on_first_paint)
        dialog.show()

    def _on_first_paint(self) -> None:
        if self._exit_after_first_paint:
            print(FIRST_PAINT_MARKER, flush=True)
            self._end(0)
            return
        url, prepare = self.url, self._prepare

        def prepare_and_keep_notice(db: Database) -> None:
            if prepare is not None:
                self.prepare_notice = prepare(db) or ""

        run_in_background(
            lambda: open_workspace_database(url, prepare_and_keep_notice if prepare is not None else None),
            on_success=self._database_opened,
            on_failure=self._database_failed,
        )

    def _database_opened(self, result: tuple[Database, bool]) -> None:
        self.db, has_staff = result
        if self.ended:
            return
        self._reconcile_purchases(self.db)
        from sslbill_desktop.views.warmup import warm_up

        run_in_background(warm_up)  # while the user types the password
        if self._sign_in_as is not None:
            self._sign_in_directly(*self._sign_in_as)
        elif not has_staff:
            self._show_first_run()
        elif self.login_dialog is not None:
            self.login_dialog.set_database(self.db)
            self._screenshot_soon("login")

    def _reconcile_purchases(self, db: Database) -> None:
        """Settle open upstream purchases in the background; the windows never wait for it."""
        from sslbill_desktop.services.startup import reconcile_purchases

        def settled(results: Any) -> None:
            if results:
                announce("orders", "journal")

        def failed(exc: BaseException) -> None:
            log.warning("start-up reconciliation of upstream purchases failed: %s", exc)

        run_in_background(lambda: reconcile_purchases(db), on_success=settled, on_failure=failed)

    def _database_failed(self, exc: BaseException) -> None:
        self.database_error = str(exc) if isinstance(exc, UserError) else _("The database cannot be opened.")
        if not isinstance(exc, UserError):
            errors.present(self.login_dialog, exc)
        if self.login_dialog is not None:
            self.login_dialog.set_database_error(self.database_error)
        self._screenshot_soon("database-error")

    def _sign_in_directly(self, login: str, password: str) -> None:
        db = self.db
        assert db is not None

        def authenticate() -> Actor:
            from sslbill_desktop.services.auth import authenticate

            return authenticate(db, login, password)

        def failed(exc: BaseException) -> None:
            if self.login_dialog is not None:
                self.login_dialog.set_database(db)
                self.login_dialog.prefill(login)
            errors.present(self.login_dialog, exc)

        run_in_background(authenticate, on_success=self._show_main, on_failure=failed)

    # --- windows ------------------------------------------------------------------------------

    def _new_login_dialog(self) -> LoginDialog:
        dialog = LoginDialog(describe_database(self.url))
        dialog.signed_in.connect(self._show_main)
        dialog.rejected.connect(lambda: self._end(0))
        self.login_dialog = dialog
        return dialog

    def _show_first_run(self) -> None:
        from sslbill_desktop.views.wizards.first_run import FirstRunWizard

        assert self.db is not None
        wizard = FirstRunWizard(self.db)
        wizard.signed_in.connect(self._show_main)
        wizard.rejected.connect(lambda: self._end(0))
        self.wizard = wizard
        wizard.show()
        self._close_login()
        self._screenshot_soon("first-run")

    def _close_login(self) -> None:
        if self.login_dialog is not None:
            dialog, self.login_dialog = self.login_dialog, None
            dialog.rejected.disconnect()
            dialog.hide()
            dialog.deleteLater()

    def _show_main(self, actor: Any) -> None:
        from sslbill_desktop.views.context import Workspace
        from sslbill_desktop.views.main_window import MainWindow

        assert self.db is not None
        window = MainWindow(Workspace(self.db, actor))
        window.sign_out_requested.connect(self._sign_out)
        window.quit_requested.connect(lambda: self._end(0))
        self.main_window = window
        window.show()
        self._close_login()
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None
        self._screenshot_soon("main-window")
        self._tell_prepare_notice(window)

    def _tell_prepare_notice(self, window: QWidget) -> None:
        notice, self.prepare_notice = self.prepare_notice, ""
        if not notice:
            return
        log.warning("%s", notice)
        if self._screenshot_dir is None:  # a message box would stop the screenshot run
            QTimer.singleShot(0, lambda: messages.warn(window, notice, title=_("Demo workspace")))

    def _sign_out(self) -> None:
        if self.main_window is not None:
            self.main_window.deleteLater()
            self.main_window = None
        dialog = self._new_login_dialog()
        if self.db is not None:
            dialog.set_database(self.db)
        dialog.show()

    def _end(self, code: int) -> None:
        if not self.ended:
            self.ended = True
            self.finished.emit(code)

    # --- screenshots (`--screenshot-dir`) -----------------------------------------------------

    def _screenshot_soon(self, name: str) -> None:
        if self._screenshot_dir is not None:
            QTimer.singleShot(500, lambda: self._take_screenshot(name))

    def _take_screenshot(self, name: str) -> None:
        window = self.main_window or self.wizard or self.login_dialog
        if window is None or self._screenshot_dir is None or self.ended:
            return
        self._screenshot_dir.mkdir(parents=True, exist_ok=True)
        path = self._screenshot_dir / f"{name}.png"
        window.grab().save(str(path))
        print(path, flush=True)
        self._end(0)

    def close_windows(self) -> None:
        """Close every window without asking (at exit and in tests)."""
        for window in (self.main_window, self.wizard, self.login_dialog):
            if window is not None:
                window.hide()
                window.deleteLater()
        self.main_window = self.wizard = self.login_dialog = None


def run(
    url: str | None = None,
    *,
    language: str | None = None,
    prepare: Prepare | None = None,
    sign_in_as: tuple[str, str] | None = None,
    exit_after_first_paint: bool = False,
    screenshot_dir: Path | None = None,
) -> int:
    """Run the desktop application until the user quits; returns the exit code."""
    from sslbill_desktop.logging_setup import install_excepthook, setup_logging

    setup_logging()
    install_excepthook()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from sslbill_desktop.views import gc_guard

    gc_guard.install(app)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(False)
    desktop = DesktopApp(
        url,
        language=language,
        prepare=prepare,
        sign_in_as=sign_in_as,
        exit_after_first_paint=exit_after_first_paint,
        screenshot_dir=screenshot_dir,
    )
    desktop.finished.connect(app.exit)
    desktop.start()
    code = app.exec()
    desktop.close_windows()
    wait_for_background_work()
    if desktop.db is not None:
        desktop.db.dispose()
    return int(code)
