"""The sign-in dialog: login, password and the interface language (remembered in QSettings).

It is the first window the program shows, before the database is open: the Sign in button waits
for `set_database(db)`; `set_database_error(text)` explains why it never will. It imports no
SQLAlchemy itself, so that it paints fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop import APP_NAME
from sslbill_desktop.services import i18n
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views import errors, settings
from sslbill_desktop.views.dialogs.form_dialog import ERROR_STYLE
from sslbill_desktop.views.language import apply_language, language_choices
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.services.auth import Actor
    from sslbill_desktop.services.db import Database


class LoginDialog(QDialog):
    #: The signed-in `Actor`.
    signed_in = Signal(object)
    #: The language code the user picked (already active and remembered).
    language_changed = Signal(str)

    def __init__(self, database_description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database_description = database_description
        self._db: Database | None = None
        self._database_error = ""
        self._busy = False
        self._init_widgets()
        self._init_layout()
        self._retranslate()
        self._connect()
        self._update_state()

    # --- construction -------------------------------------------------------------------------

    def _init_widgets(self) -> None:
        self._title = QLabel(APP_NAME)
        font = QFont(self._title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self._title.setFont(font)
        self._subtitle = QLabel()
        self._subtitle.setWordWrap(True)
        self._login_edit = QLineEdit(settings.last_login())
        self._password_edit = QLineEdit()
        self._password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._language_combo = QComboBox()
        for code, name in language_choices():
            self._language_combo.addItem(name, code)
        index = self._language_combo.findData(i18n.current_language())
        self._language_combo.setCurrentIndex(max(index, 0))
        self._status_label = QLabel()
        self._status_label.setWordWrap(True)
        self._database_label = QLabel(self._database_description)
        self._database_label.setWordWrap(True)
        self._database_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._database_label.setEnabled(False)  # greyed: a detail, not a call to action
        self._sign_in_button = QPushButton()
        self._sign_in_button.setDefault(True)
        self._quit_button = QPushButton()
        self._buttons = QDialogButtonBox()
        self._buttons.addButton(self._sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self._buttons.addButton(self._quit_button, QDialogButtonBox.ButtonRole.RejectRole)

    def _init_layout(self) -> None:
        self.setMinimumWidth(440)
        self._form = QFormLayout()
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._login_label = QLabel()
        self._password_label = QLabel()
        self._language_label = QLabel()
        self._form.addRow(self._login_label, self._login_edit)
        self._form.addRow(self._password_label, self._password_edit)
        self._form.addRow(self._language_label, self._language_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._subtitle)
        layout.addSpacing(8)
        layout.addLayout(self._form)
        layout.addWidget(self._status_label)
        layout.addWidget(self._database_label)
        layout.addWidget(self._buttons)
        for label, buddy in (
            (self._login_label, self._login_edit),
            (self._password_label, self._password_edit),
            (self._language_label, self._language_combo),
        ):
            label.setBuddy(buddy)

    def _retranslate(self) -> None:
        self.setWindowTitle(_("Sign in — {app}").format(app=APP_NAME))
        self._subtitle.setText(_("Resell SSL certificates bought from an ispmanager billing account."))
        self._login_label.setText(_("&Login:"))
        self._password_label.setText(_("&Password:"))
        self._language_label.setText(_("L&anguage:"))
        self._sign_in_button.setText(_("Sign in"))
        self._quit_button.setText(_("Quit"))
        self._update_state()

    def _connect(self) -> None:
        self._sign_in_button.clicked.connect(self._sign_in)
        self._quit_button.clicked.connect(self.reject)
        self._login_edit.textChanged.connect(self._update_state)
        self._password_edit.textChanged.connect(self._update_state)
        self._language_combo.currentIndexChanged.connect(self._on_language_picked)

    # --- public -------------------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        """The database is open: signing in is possible now."""
        self._db = db
        self._database_error = ""
        self._update_state()
        (self._password_edit if self._login_edit.text() else self._login_edit).setFocus()

    def set_database_error(self, message: str) -> None:
        self._db = None
        self._database_error = message
        self._update_state()

    def prefill(self, login: str) -> None:
        self._login_edit.setText(login)
        self._password_edit.clear()
        self._password_edit.setFocus()

    def status_text(self) -> str:
        return self._status_label.text()

    def can_sign_in(self) -> bool:
        return self._sign_in_button.isEnabled()

    # --- behaviour ----------------------------------------------------------------------------

    def _show_status(self, text: str, *, error: bool) -> None:
        self._status_label.setText(text)
        self._status_label.setStyleSheet(ERROR_STYLE if error else "")
        self._status_label.setVisible(bool(text))

    def _update_state(self) -> None:
        if self._database_error:
            self._show_status(self._database_error, error=True)
        elif self._db is None:
            self._show_status(_("Opening database…"), error=False)
        elif self._busy:
            self._show_status(_("Signing in…"), error=False)
        elif self._status_label.styleSheet() != ERROR_STYLE:
            self._show_status("", error=False)
        ready = self._db is not None and not self._busy
        has_input = bool(self._login_edit.text().strip() and self._password_edit.text())
        self._sign_in_button.setEnabled(ready and has_input)
        for widget in (self._login_edit, self._password_edit, self._language_combo):
            widget.setEnabled(not self._busy)

    def _on_language_picked(self, _index: int) -> None:
        code = str(self._language_combo.currentData())
        apply_language(code)
        settings.set_language(code)
        self._retranslate()
        self.language_changed.emit(code)

    def _sign_in(self) -> None:
        db = self._db
        if db is None or self._busy or not self._sign_in_button.isEnabled():
            return
        login, password = self._login_edit.text().strip(), self._password_edit.text()
        self._busy = True
        self._show_status("", error=False)
        self._update_state()

        def authenticate() -> Actor:
            from sslbill_desktop.services.auth import authenticate

            return authenticate(db, login, password)

        run_in_background(authenticate, on_success=self._signed_in, on_failure=self._failed, parent=self)

    def _signed_in(self, actor: Any) -> None:
        self._busy = False
        settings.set_last_login(actor.login)
        self._password_edit.clear()
        self.signed_in.emit(actor)
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        if isinstance(exc, UserError):
            self._show_status(str(exc), error=True)
        else:
            errors.present(self, exc)
        self._update_state()
        self._password_edit.clear()
        self._password_edit.setFocus()

    def accept(self) -> None:  # Enter: sign in, never close without signing in
        self._sign_in()
