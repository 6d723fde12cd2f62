"""Integration → Processing modules → Add / Edit: the processing module wizard.

Thin pages over `services.processing_wizard.ProcessingModuleFlow`, as in the source: Product type
(SSL certificate) → Processing module (Ispmanager (SSL)) → Integration settings (URL, username,
password) → Processing module parameters (data center, name per localization, department,
sorting, minimal balance) → Finish.

On Next at the integration settings the credentials are checked against the upstream in the
background, with a progress indicator and Cancel; the page stays until the upstream accepts
them, and a refusal is shown at the field it concerns (a bad password at the password, 2FA at
the username, an unreachable or non-billing address at the URL). The parameters page can create a
data center or a department on the spot ("Create…" opens its dialog and selects the new record),
shows the minimal balance in the upstream account's currency and warns when the providers sell
in another currency. Edit re-opens the same pages filled in; a blank password keeps the stored
one. Staff who may not change the configuration page through read-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from sslbill_desktop.services import processing
from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ispmanager import errors as upstream_errors
from sslbill_desktop.services.processing import ProcessingModuleRecord
from sslbill_desktop.services.processing_wizard import (
    INTEGRATION,
    MODULE,
    PARAMETERS,
    PRODUCT_TYPE,
    ProcessingModuleFlow,
)
from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.checked_form import REASON_STYLE
from sslbill_desktop.views.dialogs.setup_dialog import read_only_reason
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit
from sslbill_desktop.views.widgets.reference_combo import ReferenceCombo
from sslbill_desktop.views.widgets.sorting_spin import SortingSpin
from sslbill_desktop.views.wizards.checked_page import CheckedPage
from sslbill_desktop.views.wizards.flow_page import FlowWizard
from sslbill_desktop.views.workers import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.services.ispmanager.records import Account
    from sslbill_desktop.views.context import Workspace

ENTITY = processing.ENTITY
#: Which field an upstream refusal of the connection check is shown at.
CHECK_FIELDS = {
    upstream_errors.KIND_BAD_CREDENTIALS: "password",
    upstream_errors.KIND_TWO_FACTOR: "username",
    upstream_errors.KIND_ACCESS: "username",
    upstream_errors.KIND_UNAVAILABLE: "url",
    upstream_errors.KIND_PROTOCOL: "url",
}


def field_labels() -> dict[str, str]:
    return {
        "product_type": _("Product type:"),
        "module_type": _("Processing module:"),
        "url": _("URL ispmanager:"),
        "username": _("Username:"),
        "password": _("Password:"),
        "data_center_id": _("Data center:"),
        "name": _("Name:"),
        "department_id": _("Department:"),
        "sorting": _("Sorting:"),
        "minimal_balance": _("Processing module minimal balance:"),
    }


class ModulePage(CheckedPage):
    """A page of the processing module wizard: labelled fields, checked as they are typed."""

    def __init__(self, flow: ProcessingModuleFlow, step: str, *, read_only: bool) -> None:
        super().__init__(flow, step, field_labels(), read_only=read_only)
        self._module_flow = flow


class ChoicePage(ModulePage):
    """One choice among radio buttons (the product type, the processing module)."""

    def __init__(
        self,
        flow: ProcessingModuleFlow,
        step: str,
        field: str,
        choices: dict[str, str],
        *,
        read_only: bool,
        locked: bool,
    ) -> None:
        super().__init__(flow, step, read_only=read_only)
        self._field = field
        self._group = QButtonGroup(self)
        self._radios: dict[str, QRadioButton] = {}
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        chosen = flow.initial_values(step).get(field)
        for code, title in choices.items():
            radio = QRadioButton(_(title))
            radio.setChecked(code == chosen)
            radio.setEnabled(not locked)
            self._group.addButton(radio)
            self._radios[code] = radio
            column.addWidget(radio)
        self._add(field, box, required=True)
        self._finish_layout()
        self._group.buttonToggled.connect(lambda *_args: self._on_changed(field))

    def values(self) -> dict[str, Any]:
        chosen = next((code for code, radio in self._radios.items() if radio.isChecked()), "")
        return {self._field: chosen}


class IntegrationPage(ModulePage):
    """URL, username and password; Next checks them against the upstream in the background."""

    #: Emitted when a connection check starts (True) and ends (False).
    checking_changed = Signal(bool)

    def __init__(self, flow: ProcessingModuleFlow, *, read_only: bool) -> None:
        super().__init__(flow, INTEGRATION, read_only=read_only)
        self.setTitle(_("Integration settings"))
        self.setSubTitle(_("The ispmanager client area account under which certificates are bought."))
        self._check: BackgroundTask | None = None
        existing = flow.existing
        start = flow.initial_values(INTEGRATION)
        self._url_edit = QLineEdit(start["url"])
        self._url_edit.setPlaceholderText(processing.DEFAULT_URL)
        self._add(
            "url",
            self._url_edit,
            required=True,
            note=_("The address of the ispmanager billing that provides SSL certificates."),
        )
        self._username_edit = QLineEdit(start["username"])
        self._add(
            "username",
            self._username_edit,
            required=True,
            note=_("The login of the account purchases are made under, in the ispmanager client area."),
        )
        self._password_edit = QLineEdit(start["password"])
        self._password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        if existing is not None:
            self._password_edit.setPlaceholderText(_("unchanged — type a new one to replace it"))
        self._add(
            "password",
            self._password_edit,
            required=existing is None,
            note=_("Kept only in this computer's keyring, never in the database."),
        )
        self._two_factor_note = QLabel(
            _(
                "If 2FA is enabled for the account in the ispmanager client area, the connection fails: "
                "disable 2FA or use a different account for the integration."
            )
        )
        self._two_factor_note.setWordWrap(True)
        self._two_factor_note.setStyleSheet(REASON_STYLE)
        self._finish_layout()

    def _add_below(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self._two_factor_note)

    def values(self) -> dict[str, Any]:
        return {
            "url": self._url_edit.text().strip(),
            "username": self._username_edit.text().strip(),
            "password": self._password_edit.text(),
        }

    # --- the check ----------------------------------------------------------------------------

    @property
    def checking(self) -> bool:
        return self._check is not None

    def validatePage(self) -> bool:
        if self._busy:
            return False
        if not self._read_only and not self.problems() and self._module_flow.needs_check(self.values()):
            self.start_check()
            return False
        return super().validatePage()

    def start_check(self) -> None:
        """Check the credentials in the background; Next follows when the upstream accepts them."""
        values = self.values()
        existing = self._module_flow.existing
        module_id = existing.id if existing is not None else None
        self.show_error("")
        self.set_busy(True)
        self.checking_changed.emit(True)
        self._check = run_in_background(
            lambda: processing.check_connection(
                values["url"], values["username"], values["password"], module_id=module_id
            ),
            on_success=lambda account: self._check_passed(values, account),
            on_failure=self._check_failed,
            on_cancelled=self._check_cancelled,
            progress=_("Checking the connection to the ispmanager billing…"),
            cancellable=True,
            parent=self,
        )

    def cancel_check(self) -> None:
        if self._check is not None:
            self._check.cancel()

    def _check_ended(self) -> None:
        self._check = None
        self.set_busy(False)
        self.checking_changed.emit(False)

    def _check_passed(self, values: dict[str, Any], account: Account) -> None:
        self._check_ended()
        self._module_flow.mark_checked(values, account)
        wizard = self.wizard()
        if self.values() == values and wizard is not None and wizard.currentPage() is self:
            wizard.next()

    def _check_failed(self, exc: BaseException) -> None:
        self._check_ended()
        if isinstance(exc, ValidationError):
            self.show_field_error(exc.field, exc.detail)
        elif isinstance(exc, UserError):
            field = CHECK_FIELDS.get(str(getattr(exc, "kind", "")))
            if field is None:
                self.show_error(str(exc))
            else:
                self.show_field_error(field, str(exc))
        else:
            errors.present(self, exc)

    def _check_cancelled(self) -> None:
        self._check_ended()
        self.show_error(_("The check was cancelled. Press Next to check the connection again."))


class ParametersPage(ModulePage):
    """Data center, name, department, sorting and the minimal balance."""

    def __init__(self, workspace: Workspace, flow: ProcessingModuleFlow, *, read_only: bool) -> None:
        super().__init__(flow, PARAMETERS, read_only=read_only)
        self._workspace = workspace
        self.setTitle(_("Processing module parameters"))
        self.setSubTitle(_("Where the module's services live, what it is called and who handles its tasks."))
        start = flow.initial_values(PARAMETERS)
        choices = flow.choices

        self._center_combo = ReferenceCombo()
        self._center_combo.set_choices(
            [(c.id, c.title) for c in choices.data_centers], none_text=_("— choose —")
        )
        self._center_combo.select(start["data_center_id"])
        self._new_center_button = QPushButton(_("Create…"))
        self._new_center_button.setToolTip(_("Create a data center and choose it"))
        self._add(
            "data_center_id",
            self._center_combo,
            required=True,
            note=_("A set of servers connected from the billing's side."),
            shown=self._with_button(self._center_combo, self._new_center_button),
        )
        self._name_edit = LocalizedEdit(choices.languages.codes)
        self._name_edit.set_value(start["name"])
        self._add(
            "name", self._name_edit, required=True, note=_("Shown in the interface, for each localization.")
        )
        self._department_combo = ReferenceCombo()
        self._department_combo.set_choices(
            [(c.id, c.title) for c in choices.departments], none_text=_("— choose —")
        )
        self._department_combo.select(start["department_id"])
        self._new_department_button = QPushButton(_("Create…"))
        self._new_department_button.setToolTip(_("Create a department and choose it"))
        self._add(
            "department_id",
            self._department_combo,
            required=True,
            note=_("The module's tasks are assigned to this department and visible only to it."),
            shown=self._with_button(self._department_combo, self._new_department_button),
        )
        self._sorting_spin = SortingSpin(int(start["sorting"] or 1))
        self._sorting_spin.setMaximumWidth(120)
        self._add(
            "sorting",
            self._sorting_spin,
            required=True,
            note=_("The priority among the processing modules: the lowest number has the highest priority."),
        )
        self._minimal_edit = QLineEdit(str(start["minimal_balance"] or ""))
        self._minimal_edit.setMaximumWidth(160)
        self._minimal_edit.setPlaceholderText(_("none"))
        self._currency_label = QLabel()
        self._add(
            "minimal_balance",
            self._minimal_edit,
            note=_(
                "The balance the account needs for renewals to succeed; below it an alert goes to the "
                "department. In the currency of the ispmanager account's balance."
            ),
            shown=self._with_label(self._minimal_edit, self._currency_label),
        )
        self._warning_label = QLabel()
        self._warning_label.setWordWrap(True)
        self._warning_label.setStyleSheet("color: #8a5300; font-weight: bold;")
        self._warning_label.hide()
        self._finish_layout()
        self._new_center_button.clicked.connect(self.create_data_center)
        self._new_department_button.clicked.connect(self.create_department)
        for button in (self._new_center_button, self._new_department_button):
            button.setVisible(not read_only)
        self._update_currency()

    @staticmethod
    def _with_button(combo: QWidget, button: QPushButton) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(combo, 1)
        layout.addWidget(button)
        return row

    @staticmethod
    def _with_label(edit: QWidget, label: QLabel) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit)
        layout.addWidget(label)
        layout.addStretch(1)
        return row

    def _add_below(self, layout: QVBoxLayout) -> None:
        layout.addWidget(self._warning_label)

    def initializePage(self) -> None:
        self._update_currency()

    def _update_currency(self) -> None:
        currency = self._module_flow.currency
        self._currency_label.setText(currency or _("(the account's currency)"))
        warning = self._module_flow.currency_warning()
        self._warning_label.setText(warning)
        self._warning_label.setVisible(bool(warning))

    def values(self) -> dict[str, Any]:
        return {
            "data_center_id": self._center_combo.field_value(),
            "name": self._name_edit.value(),
            "department_id": self._department_combo.field_value(),
            "sorting": self._sorting_spin.field_value(),
            "minimal_balance": self._minimal_edit.text().strip(),
        }

    def currency_text(self) -> str:
        return self._currency_label.text()

    def warning_text(self) -> str:
        return self._warning_label.text() if self._warning_label.isVisibleTo(self) else ""

    @property
    def data_center_combo(self) -> ReferenceCombo:
        return self._center_combo

    @property
    def department_combo(self) -> ReferenceCombo:
        return self._department_combo

    @property
    def name_edit(self) -> LocalizedEdit:
        return self._name_edit

    @property
    def minimal_balance_edit(self) -> QLineEdit:
        return self._minimal_edit

    @property
    def new_data_center_button(self) -> QPushButton:
        return self._new_center_button

    @property
    def new_department_button(self) -> QPushButton:
        return self._new_department_button

    # --- "Create…" ----------------------------------------------------------------------------

    def create_data_center(self) -> None:
        from sslbill_desktop.views.dialogs.data_center import DataCenterDialog

        dialog = DataCenterDialog(self._workspace, None, self.wizard() or self)
        dialog.saved.connect(lambda record: self._created(self._center_combo, record.id))
        self._open(dialog)

    def create_department(self) -> None:
        from sslbill_desktop.views.dialogs.department import DepartmentDialog

        dialog = DepartmentDialog(self._workspace, None, self.wizard() or self)
        dialog.saved.connect(lambda record: self._created(self._department_combo, record.id))
        self._open(dialog)

    @staticmethod
    def _open(dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # type: ignore[attr-defined]

    def _created(self, combo: ReferenceCombo, ident: int) -> None:
        existing = self._module_flow.existing
        choices = processing.parameter_choices(
            self._workspace.db, self._workspace.actor, existing.id if existing else None
        )
        self._module_flow.set_choices(choices)
        self._center_combo.set_choices(
            [(c.id, c.title) for c in choices.data_centers], none_text=_("— choose —")
        )
        self._department_combo.set_choices(
            [(c.id, c.title) for c in choices.departments], none_text=_("— choose —")
        )
        combo.select(ident)
        combo.setFocus()


class ProcessingModuleWizard(FlowWizard):
    """Add a processing module (`record` None) or edit one; read-only for staff who may only look."""

    #: Emitted with the saved `ProcessingModuleRecord` before the wizard closes.
    saved = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        record: ProcessingModuleRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        choices = processing.parameter_choices(workspace.db, workspace.actor, record.id if record else None)
        super().__init__(ProcessingModuleFlow(choices, record), parent)
        self._workspace = workspace
        self._record = record
        self._read_only_reason = read_only_reason(workspace)
        read_only = bool(self._read_only_reason)
        self.setWindowTitle(
            _("New processing module")
            if record is None
            else _("Processing module {name}").format(name=record.title)
        )
        flow = self.module_flow
        self.product_type_page = ChoicePage(
            flow,
            PRODUCT_TYPE,
            "product_type",
            processing.PRODUCT_TYPES,
            read_only=read_only,
            locked=record is not None,
        )
        self.product_type_page.setTitle(_("Product type"))
        self.product_type_page.setSubTitle(_("The kind of product the processing module provides."))
        self.module_page = ChoicePage(
            flow,
            MODULE,
            "module_type",
            processing.MODULE_TYPES[flow.initial_values(PRODUCT_TYPE)["product_type"]],
            read_only=read_only,
            locked=record is not None,
        )
        self.module_page.setTitle(_("Processing module"))
        self.module_page.setSubTitle(_("The service the certificates are bought from."))
        self.integration_page = IntegrationPage(flow, read_only=read_only)
        self.parameters_page = ParametersPage(workspace, flow, read_only=read_only)
        for page in (self.product_type_page, self.module_page, self.integration_page, self.parameters_page):
            if self._read_only_reason:
                page.setSubTitle(f"{page.subTitle()} {self._read_only_reason}")
            self.add_flow_page(page)
        self.integration_page.checking_changed.connect(self._checking_changed)
        if read_only:
            self.setButtonText(QWizard.WizardButton.CancelButton, _("Close"))
        self.setMinimumSize(720, 640)
        self.resize(760, 700)

    @property
    def module_flow(self) -> ProcessingModuleFlow:
        flow = self.flow
        assert isinstance(flow, ProcessingModuleFlow)
        return flow

    @property
    def read_only(self) -> bool:
        return bool(self._read_only_reason)

    def _checking_changed(self, checking: bool) -> None:
        self.button(QWizard.WizardButton.BackButton).setEnabled(not checking)

    def finish(self) -> ProcessingModuleRecord:
        return self.module_flow.finish(self._workspace.db, self._workspace.actor)

    def finished_ok(self, result: Any) -> None:
        self.saved.emit(result)
        announce(ENTITY)

    def accept(self) -> None:
        if self.read_only:
            return
        super().accept()

    def _finish_failed(self, exc: BaseException) -> None:
        """A refusal at Finish is shown at its field when it names one of the last page."""
        if isinstance(exc, UserError) and not isinstance(exc, ValidationError):
            field = CHECK_FIELDS.get(str(getattr(exc, "kind", "")))
            if field is not None:
                self._set_busy(False)
                self.parameters_page.show_error(str(exc))
                return
        super()._finish_failed(exc)

    def done(self, result: int) -> None:
        self.integration_page.cancel_check()
        super().done(result)

    def has_input(self) -> bool:
        return not self.read_only and super().has_input()
