"""The main window: the menu tree on the left, the chosen page on the right, menus and a status bar.

Pages are created the first time they are shown (see `navigation.create_page`) and kept in a
QStackedWidget. `sign_out_requested` and `quit_requested` are handled by the application.
"""

from __future__ import annotations

import logging
import platform
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from sslbill_desktop import APP_NAME, __version__
from sslbill_desktop.services.auth import ROLE_LABELS
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views import errors, messages, settings
from sslbill_desktop.views.lists.placeholder import PlaceholderPage
from sslbill_desktop.views.navigation import NavigationTree, create_page, entry, section_of

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

log = logging.getLogger(__name__)

GEOMETRY_KEY = "main_window"
SPLITTER_KEY = "main_window_splitter"


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    quit_requested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._pages: dict[str, QWidget] = {}
        self._leaving = False
        self.setWindowTitle(APP_NAME)
        self._init_actions()
        self._init_menus()
        self._init_central()
        self._init_status_bar()
        self._connect()
        if not settings.restore_geometry(self, GEOMETRY_KEY):
            self.resize(1100, 700)
        first = self._navigation.page_keys()[0]
        self._navigation.select(first)

    # --- construction -------------------------------------------------------------------------

    def _init_actions(self) -> None:
        self._sign_out_action = QAction(_("Sign &out"), self)
        self._quit_action = QAction(_("&Quit"), self)
        self._quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self._quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self._about_action = QAction(_("&About {app}").format(app=APP_NAME), self)
        self._about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _init_menus(self) -> None:
        self._file_menu = self.menuBar().addMenu(_("&File"))
        self._file_menu.addAction(self._sign_out_action)
        self._file_menu.addSeparator()
        self._file_menu.addAction(self._quit_action)
        self._help_menu = self.menuBar().addMenu(_("&Help"))
        self._help_menu.addAction(self._about_action)
        from sslbill_desktop.views import daily_run_action

        daily_run_action.install(self)

    def _init_central(self) -> None:
        self._navigation = NavigationTree(self.workspace.actor)
        self._navigation.setMinimumWidth(180)
        self._heading = QLabel()
        font = QFont(self._heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self._heading.setFont(font)
        self._stack = QStackedWidget()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 4, 4, 0)
        right_layout.addWidget(self._heading)
        right_layout.addWidget(self._stack, 1)
        self._splitter = QSplitter(Qt.Orientation.Horizontal)
        self._splitter.addWidget(self._navigation)
        self._splitter.addWidget(right)
        self._splitter.setStretchFactor(1, 1)
        self._splitter.setSizes([220, 880])
        state = settings.open_settings().value(f"geometry/{SPLITTER_KEY}")
        if state is not None:
            self._splitter.restoreState(state)
        self.setCentralWidget(self._splitter)

    def _init_status_bar(self) -> None:
        actor = self.workspace.actor
        self._user_label = QLabel(
            _("Signed in: {name} ({role})").format(
                name=actor.full_name or actor.login, role=_(ROLE_LABELS[actor.role])
            )
        )
        self._database_label = QLabel(self.workspace.db.description)
        self.statusBar().addWidget(self._user_label)
        self.statusBar().addPermanentWidget(self._database_label)

    def _connect(self) -> None:
        self._navigation.page_selected.connect(self.show_page)
        self._sign_out_action.triggered.connect(self._sign_out)
        self._quit_action.triggered.connect(self.close)
        self._about_action.triggered.connect(self._about)

    # --- pages --------------------------------------------------------------------------------

    @property
    def navigation(self) -> NavigationTree:
        return self._navigation

    def page(self, key: str) -> QWidget | None:
        """The page `key` if it was created (it is when it was shown once)."""
        return self._pages.get(key)

    def current_page_key(self) -> str | None:
        widget = self._stack.currentWidget()
        return next((key for key, page in self._pages.items() if page is widget), None)

    def show_page(self, key: str) -> QWidget:
        page = self._pages.get(key)
        if page is None:
            page = self._create_page(key)
            self._pages[key] = page
            self._stack.addWidget(page)
        self._stack.setCurrentWidget(page)
        self._heading.setText(f"{_(section_of(key).title)} › {_(entry(key).title)}")
        return page

    def _create_page(self, key: str) -> QWidget:
        try:
            return create_page(key, self.workspace, self._stack)
        except Exception as exc:  # a page that fails to open must not take the window with it
            errors.present(self, exc)
            return PlaceholderPage(
                _(entry(key).title), _("This page could not be opened: {reason}").format(reason=exc)
            )

    # --- menus --------------------------------------------------------------------------------

    def status_text(self) -> str:
        return f"{self._user_label.text()} | {self._database_label.text()}"

    def menu_titles(self) -> list[str]:
        return [action.text() for action in self.menuBar().actions()]

    def _sign_out(self) -> None:
        self._leaving = True
        self.close()
        self.sign_out_requested.emit()

    def _about(self) -> None:
        messages.inform(
            self,
            _(
                "{app} {version}\nResell SSL certificates bought from an ispmanager billing account.\n\n"
                "Database: {database}\nPython {python}, Qt for Python {qt}"
            ).format(
                app=APP_NAME,
                version=__version__,
                database=self.workspace.db.description,
                python=platform.python_version(),
                qt=pyside_version,
            ),
            title=_("About {app}").format(app=APP_NAME),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.save_geometry(self, GEOMETRY_KEY)
        store = settings.open_settings()
        store.setValue(f"geometry/{SPLITTER_KEY}", self._splitter.saveState())
        store.sync()
        super().closeEvent(event)
        if not self._leaving:
            self._leaving = True
            self.quit_requested.emit()
