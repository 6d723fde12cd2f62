"""Settings → Outbox → SMTP settings: the mail server each provider's notifications go through.

Choose the provider at the top; its host, port, security (STARTTLS, TLS or none) and user are
edited here, the password goes to the OS keyring (blank keeps the saved one). "Test connection"
connects and logs in, in the background. The sender is the provider's
"e-mail for notifications" (edited with the provider). The test saves typed changes first
(without closing the dialog), so a failing login can be fixed and tried again at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from sslbill_desktop.services import smtp_settings
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.smtp_settings import DEFAULT_PORTS, SECURITY_LABELS, SmtpSettingsRecord
from sslbill_desktop.views import messages
from sslbill_desktop.views.dialogs.form_dialog import FormDialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.widgets.reference_combo import ReferenceCombo
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

SMTP_SETTINGS = smtp_settings.ENTITY


def load_settings(workspace: Workspace) -> list[SmtpSettingsRecord]:
    return smtp_settings.list_smtp_settings(workspace.db, workspace.actor)


class SmtpSettingsDialog(FormDialog):
    """See the module documentation. `records` come from `load_settings` (one per provider)."""

    def __init__(
        self,
        workspace: Workspace,
        records: list[SmtpSettingsRecord],
        provider_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("SMTP settings"), parent)
        self._workspace = workspace
        self._records = {r.provider_id: r for r in records}
        self._record: SmtpSettingsRecord | None = None
        self._init_fields()
        self._provider_combo.set_choices([(r.provider_id, r.provider_name) for r in records])
        first = provider_id if provider_id in self._records else (records[0].provider_id if records else None)
        self._provider_combo.select(first)
        self._connect()
        self._show_provider()
        self.setMinimumWidth(500)

    def _init_fields(self) -> None:
        self._provider_combo = ReferenceCombo()
        self._form.addRow(_("Provider:"), self._provider_combo)
        self._sender_label = QLabel()
        self._sender_label.setWordWrap(True)
        self._form.addRow(_("Sent from:"), self._sender_label)
        self._host_edit = QLineEdit()
        self._host_edit.setPlaceholderText("smtp.example.com")
        self._add_field("host", _("Server:"), self._host_edit)
        self._security_combo = QComboBox()
        for value, label in SECURITY_LABELS.items():
            self._security_combo.addItem(_(label), value)
        self._add_field("security", _("Security:"), self._security_combo)
        self._port_edit = QLineEdit()
        self._port_edit.setMaximumWidth(100)
        self._add_field("port", _("Port:"), self._port_edit)
        self._username_edit = QLineEdit()
        self._username_edit.setPlaceholderText(_("blank: send without logging in"))
        self._add_field("username", _("User name:"), self._username_edit)
        self._password_edit = QLineEdit()
        self._password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._add_field("password", _("Password:"), self._password_edit)
        self._clear_password_box = QCheckBox(_("Remove the saved password"))
        self._add_field("clear_password", "", self._clear_password_box)
        self._add_note(_("The password is kept in this computer's keyring, never in the database."))
        self._test_button = QPushButton(_("Test connection"))
        self._form.addRow("", self._test_button)
        self._result_label = QLabel()
        self._result_label.setWordWrap(True)
        self._form.addRow(self._result_label)

    def _connect(self) -> None:
        self._provider_combo.currentIndexChanged.connect(lambda _index: self._on_provider_changed())
        self._security_combo.currentIndexChanged.connect(lambda _index: self._on_security_changed())
        self._test_button.clicked.connect(self.test_connection)
        for edit in (self._host_edit, self._port_edit, self._username_edit, self._password_edit):
            edit.textChanged.connect(lambda _text: self._update_test_button())
        self._clear_password_box.toggled.connect(lambda _on: self._update_test_button())

    # --- the provider shown ---------------------------------------------------------------------

    def _on_provider_changed(self) -> None:
        previous = self._record
        if (
            previous is not None
            and self.is_dirty()
            and not messages.confirm(
                self, _("Discard the changes you typed?"), yes=_("Discard"), no=_("Keep editing")
            )
        ):
            self._provider_combo.blockSignals(True)
            self._provider_combo.select(previous.provider_id)
            self._provider_combo.blockSignals(False)
            return
        self._show_provider()

    def _show_provider(self) -> None:
        record = self._records.get(self._provider_combo.field_value() or -1)
        self._record = record
        enabled = record is not None
        for _label, widget in self._fields.values():
            widget.setEnabled(enabled)
        self._save_button.setEnabled(enabled)
        self._result_label.clear()
        if record is None:
            self._sender_label.setText(_("Create a provider first (Provider → Providers)."))
            self._mark_clean()
            self._update_test_button()
            return
        self._sender_label.setText(record.sender or _("(the provider has no e-mail for notifications)"))
        self._host_edit.setText(record.host)
        self._security_combo.blockSignals(True)
        self._security_combo.setCurrentIndex(max(0, self._security_combo.findData(record.security)))
        self._security_combo.blockSignals(False)
        self._port_edit.setText(str(record.port))
        self._username_edit.setText(record.username)
        self._password_edit.clear()
        self._password_edit.setPlaceholderText(
            _("saved in the keyring; leave blank to keep it") if record.has_password else ""
        )
        self._clear_password_box.setChecked(False)
        self._clear_password_box.setVisible(record.has_password)
        self._mark_clean()
        self._update_test_button()

    def _on_security_changed(self) -> None:
        security = self._security_combo.currentData()
        if self._port_edit.text().strip() in {str(p) for p in DEFAULT_PORTS.values()}:
            self._port_edit.setText(str(DEFAULT_PORTS[security]))
        self._update_test_button()

    def _update_test_button(self) -> None:
        record = self._record
        ready = record is not None and (record.configured or self.is_dirty())
        self._test_button.setEnabled(ready and not self._busy)
        self._test_button.setText(_("Save and test connection") if self.is_dirty() else _("Test connection"))

    # --- actions ------------------------------------------------------------------------------

    def result_text(self) -> str:
        return self._result_label.text()

    def _save_call(self, record: SmtpSettingsRecord) -> Callable[[], SmtpSettingsRecord]:
        db, actor, values = self._workspace.db, self._workspace.actor, self._values()
        password = values["password"] or None
        return lambda: smtp_settings.save_smtp_settings(
            db,
            actor,
            record.provider_id,
            version=record.version,
            host=values["host"],
            port=values["port"],
            security=values["security"],
            username=values["username"],
            password=password,
            clear_password=bool(values["clear_password"]),
        )

    def test_connection(self) -> None:
        """Connect and log in with the settings (saving typed changes first, without closing)."""
        record = self._record
        if record is None or self._busy:
            return
        db, actor = self._workspace.db, self._workspace.actor
        save = self._save_call(record) if self.is_dirty() else None
        self._clear_error()
        self._result_label.setText(_("Connecting…"))
        self._set_busy(True)

        def work() -> tuple[SmtpSettingsRecord | None, str]:
            saved = save() if save is not None else None
            return saved, smtp_settings.check_connection(db, actor, record.provider_id)

        def done(outcome: tuple[SmtpSettingsRecord | None, str]) -> None:
            saved, text = outcome
            self._set_busy(False)
            if saved is not None:
                self._remember(saved)
            self._result_label.setText(text)
            self._update_test_button()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            self._result_label.clear()
            self._reload_current()
            self._show_error(exc)
            self._update_test_button()

        run_in_background(
            work,
            on_success=done,
            on_failure=failed,
            progress=_("Connecting to the mail server…"),
            parent=self,
        )

    def _remember(self, saved: SmtpSettingsRecord) -> None:
        """Take a saved record as the one being edited (a later Save continues from it)."""
        self._records[saved.provider_id] = saved
        self._record = saved
        self._password_edit.clear()
        self._password_edit.setPlaceholderText(
            _("saved in the keyring; leave blank to keep it") if saved.has_password else ""
        )
        self._clear_password_box.setChecked(False)
        self._clear_password_box.setVisible(saved.has_password)
        self._mark_clean()
        announce(SMTP_SETTINGS)

    def _reload_current(self) -> None:
        """After a failed save-and-test: the settings may have been saved before the test failed."""
        record = self._record
        if record is None:
            return
        try:
            stored = smtp_settings.get_smtp_settings(
                self._workspace.db, self._workspace.actor, record.provider_id
            )
        except UserError:
            return
        if stored.version != record.version:
            self._remember(stored)

    def _save(self) -> None:
        record = self._record
        if record is None:
            return
        self._submit(self._save_call(record), changes=(SMTP_SETTINGS,))
