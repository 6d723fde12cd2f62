"""The first-run wizard: create the first administrator, or open a demo workspace.

Thin pages over `services.first_run.FirstRunFlow`, which decides the steps and validates them.
Finish creates the account(s) in the background and signs in: `signed_in(actor)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop import APP_NAME
from sslbill_desktop.services.first_run import ADMIN, CHOICE, DEMO, MODE_ADMIN, MODE_DEMO, FirstRunFlow
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views import messages
from sslbill_desktop.views.wizards.flow_page import FlowPage, FlowWizard

if TYPE_CHECKING:
    from sslbill_desktop.services.db import Database


class ChoicePage(FlowPage):
    def __init__(self, flow: FirstRunFlow) -> None:
        super().__init__(flow, CHOICE)
        self.setTitle(_("Welcome to {app}").format(app=APP_NAME))
        self.setSubTitle(_("The database has no staff accounts yet. How would you like to start?"))
        self._admin_radio = QRadioButton(_("Create the first administrator"))
        self._admin_hint = QLabel(_("For real work: you choose the administrator's login and password."))
        self._demo_radio = QRadioButton(_("Open a demo workspace"))
        self._demo_hint = QLabel(
            _("To try the program: a demo administrator and a demo sales account are created for you.")
        )
        self._group = QButtonGroup(self)
        self._group.addButton(self._admin_radio)
        self._group.addButton(self._demo_radio)
        self._admin_radio.setChecked(True)
        layout = QVBoxLayout(self)
        for radio, hint in ((self._admin_radio, self._admin_hint), (self._demo_radio, self._demo_hint)):
            hint.setWordWrap(True)
            hint.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(radio)
            layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self._error_label)
        self._group.buttonToggled.connect(lambda *_args: self.completeChanged.emit())

    def values(self) -> dict[str, Any]:
        return {"mode": MODE_DEMO if self._demo_radio.isChecked() else MODE_ADMIN}

    def choose(self, mode: str) -> None:
        (self._demo_radio if mode == MODE_DEMO else self._admin_radio).setChecked(True)


class AdminPage(FlowPage):
    def __init__(self, flow: FirstRunFlow) -> None:
        super().__init__(flow, ADMIN)
        self.setTitle(_("The first administrator"))
        self.setSubTitle(
            _("Administrators configure the program and manage staff accounts. Keep the password safe.")
        )
        self._touched: set[str] = set()
        self._edits: dict[str, QLineEdit] = {}
        self._labels: dict[str, str] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, password in (
            ("login", _("Login:"), False),
            ("full_name", _("Full name:"), False),
            ("email", _("E-mail:"), False),
            ("password", _("Password:"), True),
            ("password_repeat", _("Repeat password:"), True),
        ):
            edit = QLineEdit()
            if password:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setObjectName(name)
            edit.textEdited.connect(lambda _text, field=name: self._on_edited(field))
            form.addRow(label, edit)
            self._edits[name] = edit
            self._labels[name] = label
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self._error_label)

    def edit(self, field: str) -> QLineEdit:
        return self._edits[field]

    def values(self) -> dict[str, Any]:
        return {name: edit.text() for name, edit in self._edits.items()}

    def has_input(self) -> bool:
        return any(edit.text() for edit in self._edits.values())

    def show_field_error(self, field: str, message: str) -> None:
        label = self._labels.get(field)
        self.show_error(f"{label.rstrip(':')}: {message}" if label else message)
        if field in self._edits:
            self._edits[field].setFocus()

    def _on_edited(self, field: str) -> None:
        self._touched.add(field)
        problems = self._flow.errors(self.values(), self.step)
        shown = next((f for f in self._edits if f in problems and f in self._touched), None)
        if shown is None:
            self.show_error("")
        else:
            self.show_field_error(shown, problems[shown])
            self._edits[field].setFocus()  # keep typing where the user is
        self.completeChanged.emit()


class DemoPage(FlowPage):
    def __init__(self, flow: FirstRunFlow) -> None:
        super().__init__(flow, DEMO)
        from sslbill_desktop.services.auth import ROLE_LABELS, Role
        from sslbill_desktop.services.staff import DEMO_ADMIN_LOGIN, DEMO_PASSWORD, DEMO_SALES_LOGIN

        self.setTitle(_("A demo workspace"))
        self.setSubTitle(_("Finish creates these two accounts and signs you in as the demo administrator."))
        form = QFormLayout()
        self._accounts: list[QLabel] = []
        for login, role in ((DEMO_ADMIN_LOGIN, Role.ADMIN), (DEMO_SALES_LOGIN, Role.SALES)):
            account = QLabel(f"<b>{login}</b> — {_(ROLE_LABELS[role])}")
            self._accounts.append(account)
            form.addRow(_("Login:"), account)
        self._password = QLabel(f"<b>{DEMO_PASSWORD}</b>")
        form.addRow(_("Password (both accounts):"), self._password)
        hint = QLabel(
            _("To see what sales staff see, sign out (File → Sign out) and sign in as {login}.").format(
                login=DEMO_SALES_LOGIN
            )
        )
        hint.setWordWrap(True)
        sample = QLabel(
            _(
                "The workspace also gets a sample set-up (a data center, a department with business "
                "hours, a provider and client groups) and a processing module connected to a built-in "
                "ispmanager simulator, which runs while the program is open."
            )
        )
        sample.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(sample)
        layout.addSpacing(6)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self._error_label)

    def shown_text(self) -> str:
        """The logins and the password as shown (HTML)."""
        return "\n".join(label.text() for label in (*self._accounts, self._password))


class FirstRunWizard(FlowWizard):
    #: The signed-in `Actor` once Finish has created the account(s).
    signed_in = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(FirstRunFlow(), parent)
        self._db = db
        self.setWindowTitle(_("First start — {app}").format(app=APP_NAME))
        self.resize(620, 440)
        self.choice_page = ChoicePage(self.first_run_flow)
        self.admin_page = AdminPage(self.first_run_flow)
        self.demo_page = DemoPage(self.first_run_flow)
        for page in (self.choice_page, self.admin_page, self.demo_page):
            self.add_flow_page(page)

    @property
    def first_run_flow(self) -> FirstRunFlow:
        flow = self.flow
        assert isinstance(flow, FirstRunFlow)
        return flow

    def finish(self) -> Any:
        from sslbill_desktop.services.auth import authenticate

        details = self.first_run_flow.apply(self._db)
        notice = ""
        if self.first_run_flow.mode == MODE_DEMO:  # the simulator runs for the life of the process
            from sslbill_desktop.services.demo import demo_simulator, open_demo_workspace

            notice = open_demo_workspace(self._db, demo_simulator().url).notice
        return authenticate(self._db, details.login, details.password), notice

    def finished_ok(self, result: Any) -> None:
        actor, notice = result
        if notice:
            messages.warn(self, notice, title=_("Demo workspace"))
        self.signed_in.emit(actor)
