"""An order's details (Orders → SSL certificates → Details…): tabs for its status, contacts,
certificate information and request data, and its actions.

Load, then show: the dialog receives an `OrderRecord` and reloads it from the service after every
action. Money-moving actions open a confirmation with the billing engine's lines first
(`order_actions/`). Actions the role may never take are not shown (sales staff see Renew, and
the quick order's parameters and the retry of a refused order; the contacts are read-only for
them); the others are disabled with the reason as tooltip when they cannot be taken now. The
services refuse them anyway. `on` is the business date actions are taken on (today unless given).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from sslbill_desktop.services import order_actions, order_sync, orders
from sslbill_desktop.services.auth import ROLE_LABELS, Permission
from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.views import errors, messages
from sslbill_desktop.views.dialogs.order_details_tabs import common
from sslbill_desktop.views.dialogs.order_details_tabs.actions_tab import ActionsTab
from sslbill_desktop.views.dialogs.order_details_tabs.certificate_tab import CertificateTab
from sslbill_desktop.views.dialogs.order_details_tabs.contacts_tab import ContactsTab
from sslbill_desktop.views.dialogs.order_details_tabs.request_tab import RequestTab
from sslbill_desktop.views.dialogs.order_details_tabs.status_tab import StatusTab
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

ORDERS = "order"
CLIENTS = "client"

#: The permission each action needs (`services/auth.py`); without it the action is not shown.
ACTION_PERMISSIONS: dict[str, Permission] = {
    "renew": Permission.HANDLE_ORDERS,
    "change_plan": Permission.MANAGE_ORDERS,
    "add_addon": Permission.MANAGE_ORDERS,
    "cancel_addon": Permission.MANAGE_ORDERS,
    "suspend": Permission.MANAGE_ORDERS,
    "resume": Permission.MANAGE_ORDERS,
    "reissue": Permission.MANAGE_ORDERS,
    "parameters": Permission.PLACE_ORDERS,
    "retry": Permission.PLACE_ORDERS,
    "export_key": Permission.EXPORT_KEYS,
    "delete_key": Permission.EXPORT_KEYS,
    "delete": Permission.DELETE_ORDERS,
}


def load_order(parent: QWidget | None, workspace: Workspace, order_id: int) -> OrderRecord | None:
    """The order as stored now; None after telling the user why not."""
    try:
        return orders.get_order(workspace.db, workspace.actor, order_id)
    except UserError as exc:
        errors.present(parent, exc)
        announce(ORDERS)
        return None


class OrderDetailsDialog(QDialog):
    def __init__(
        self,
        workspace: Workspace,
        record: OrderRecord,
        parent: QWidget | None = None,
        *,
        on: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.record = record
        self.on = on or date.today()
        self.last_dialog: QDialog | None = None
        self.resize(760, 620)
        self.tabs = QTabWidget()
        self.status_tab = StatusTab()
        self.contacts_tab = ContactsTab()
        self.certificate_tab = CertificateTab()
        self.request_tab = RequestTab()
        self.actions_tab = ActionsTab()
        self.tabs.addTab(self.status_tab, _("Status"))
        self.tabs.addTab(self.contacts_tab, _("Contacts"))
        self.tabs.addTab(self.certificate_tab, _("Certificate information"))
        self.tabs.addTab(self.request_tab, _("Request data"))
        self.tabs.addTab(self.actions_tab, _("Actions"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.status_tab.sync_requested.connect(self.sync)
        self.contacts_tab.save_requested.connect(self.save_contacts)
        self.certificate_tab.save_requested.connect(self.save_pem)
        self.actions_tab.triggered.connect(self.start_action)
        self.show_record(record)

    # --- showing ------------------------------------------------------------------------------

    def show_record(self, record: OrderRecord) -> None:
        self.record = record
        self.setWindowTitle(
            _("Order {id}: {domain}").format(id=record.id, domain=record.domain or _("parameters pending"))
        )
        self.status_tab.show_record(record)
        self.contacts_tab.show_record(
            record,
            editable=not record.is_deleted and not record.in_flight,
            read_only_reason=self._read_only_contacts(),
        )
        self.certificate_tab.show_record(record)
        self.request_tab.show_record(record)
        self.actions_tab.set_available(self.available_actions(), shown=self.permitted_actions())

    def _read_only_contacts(self) -> str | None:
        actor = self.workspace.actor
        if actor.can(Permission.MANAGE_ORDERS):
            return None
        return _("Your role ({role}) can read the contacts but not change them.").format(
            role=_(ROLE_LABELS[actor.role])
        )

    def permitted_actions(self) -> frozenset[str]:
        """The actions the signed-in role may take at all (the others are not shown)."""
        actor = self.workspace.actor
        return frozenset(a for a, permission in ACTION_PERMISSIONS.items() if actor.can(permission))

    def _not_allowed(self, permission: Permission) -> str | None:
        actor = self.workspace.actor
        if actor.can(permission):
            return None
        return _("Your role ({role}) cannot do this.").format(role=_(ROLE_LABELS[actor.role]))

    def available_actions(self) -> dict[str, str | None]:
        """Each action: None when it can be started now, else why not."""
        r = self.record
        busy = _("An upstream operation is under way.") if r.in_flight else None
        deleted = _("The order is deleted.") if r.is_deleted else None
        charged = None if r.is_charged else _("The order has not been charged yet.")
        handle = self._not_allowed(Permission.HANDLE_ORDERS)
        manage = self._not_allowed(Permission.MANAGE_ORDERS)
        keys = self._not_allowed(Permission.EXPORT_KEYS)

        def first(*reasons: str | None) -> str | None:
            return next((reason for reason in reasons if reason), None)

        no_key = None if r.key is not None else _("This order has no private key here.")
        return {
            "renew": first(handle, busy, deleted, charged),
            "change_plan": first(
                manage, busy, deleted, charged, None if r.is_active else _("Only an active service.")
            ),
            "add_addon": first(
                manage, busy, deleted, charged, None if r.addon_choices else _("The plan has no add-ons.")
            ),
            "cancel_addon": first(
                manage, busy, deleted, None if r.addons else _("The order holds no add-on.")
            ),
            "suspend": first(
                manage,
                busy,
                deleted,
                None if r.is_active else _("Only an active service."),
                None if r.can_suspend else _("Neither the plan nor the client's group allows suspending."),
            ),
            "resume": first(
                manage, busy, None if r.suspension == "client" else _("Only a service the client suspended.")
            ),
            "reissue": first(
                manage, busy, deleted, None if r.is_issued else _("Only an issued certificate.")
            ),
            "parameters": first(
                self._not_allowed(Permission.PLACE_ORDERS),
                None if r.parameters_pending else _("The parameters are filled in."),
            ),
            "retry": first(
                self._not_allowed(Permission.PLACE_ORDERS),
                None if r.upstream_status == "refused" and not r.is_deleted else _("Only a refused order."),
            ),
            "export_key": first(
                keys, no_key, None if r.key is None or r.key.can_export else _("Exported or deleted already.")
            ),
            "delete_key": first(
                keys, no_key, None if r.key is None or r.key.has_material else _("Deleted already.")
            ),
            "delete": first(self._not_allowed(Permission.DELETE_ORDERS), busy, deleted),
        }

    def reload(self) -> None:
        record = load_order(self, self.workspace, self.record.id)
        if record is not None:
            self.show_record(record)

    # --- running ------------------------------------------------------------------------------

    def _run(self, fn: Callable[[], Any], *, progress: str | None = None, done: str | None = None) -> None:
        def succeeded(result: Any) -> None:
            if isinstance(result, OrderRecord):
                self.show_record(result)
            else:
                self.reload()
            announce(ORDERS, CLIENTS)
            if done:
                messages.inform(self, done)

        def failed(exc: BaseException) -> None:
            errors.present(self, exc)
            self.reload()

        run_in_background(fn, on_success=succeeded, on_failure=failed, progress=progress, parent=self)

    def _open(self, dialog: QDialog) -> QDialog:
        completed = getattr(dialog, "completed", None)
        if completed is not None:
            completed.connect(self._action_done)
        dialog.finished.connect(lambda _result: self._after_dialog())
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _action_done(self, record: Any) -> None:
        if isinstance(record, OrderRecord):
            self.show_record(record)
        announce(ORDERS, CLIENTS)

    def _after_dialog(self) -> None:
        self.reload()

    def start_action(self, action: str) -> None:
        """Start one of the actions (the Actions tab's buttons, and the list's verbs)."""
        reason = self.available_actions().get(action, _("Unknown action."))
        if reason is not None:
            messages.warn(self, reason)
            return
        handler = getattr(self, f"_action_{action}")
        handler()

    def _action_renew(self) -> None:
        from sslbill_desktop.views.dialogs.order_actions.renew import RenewDialog

        w = self.workspace
        periods = order_actions.renewal_periods(w.db, w.actor, self.record.id, self.on)
        self._open(RenewDialog(w, self.record, periods, self.on, self))

    def _action_change_plan(self) -> None:
        from sslbill_desktop.views.dialogs.order_actions.change_plan import ChangePlanDialog

        w = self.workspace
        options = order_actions.plan_change_options(w.db, w.actor, self.record.id, self.on)
        self._open(ChangePlanDialog(w, self.record, options, self.on, self))

    def _action_add_addon(self) -> None:
        from sslbill_desktop.views.dialogs.order_actions.addons import AddAddonDialog

        self._open(AddAddonDialog(self.workspace, self.record, self.on, self))

    def _action_cancel_addon(self) -> None:
        from sslbill_desktop.views.dialogs.order_actions.addons import CancelAddonDialog

        self._open(CancelAddonDialog(self.workspace, self.record, self.on, self))

    def _action_suspend(self) -> None:
        self._open_simple("suspend")

    def _action_resume(self) -> None:
        self._open_simple("resume")

    def _action_delete(self) -> None:
        self._open_simple("delete")

    def _open_simple(self, name: str) -> None:
        from sslbill_desktop.views.dialogs.order_actions.simple import SIMPLE_ACTIONS, simple_action_dialog

        self._open(simple_action_dialog(SIMPLE_ACTIONS[name], self.workspace, self.record, self.on, self))

    def _action_reissue(self) -> None:
        from sslbill_desktop.views.dialogs.order_actions.reissue import ReissueDialog

        self._open(ReissueDialog(self.workspace, self.record, self))

    def _action_parameters(self) -> None:
        from sslbill_desktop.views.dialogs.order_actions.parameters import ParametersDialog

        self._open(ParametersDialog(self.workspace, self.record, self.on, self))

    def _action_retry(self) -> None:
        w, record, on = self.workspace, self.record, self.on
        self._run(
            lambda: order_actions.retry_order(w.db, w.actor, record.id, version=record.version, on=on),
            progress=_("Ordering again…"),
        )

    def _action_export_key(self) -> None:
        path = common.choose_save_path(self, _("Export the private key"), f"{self.record.common_name}.key")
        if path is None:
            return
        w, order_id = self.workspace, self.record.id
        self._run(
            lambda: order_actions.export_order_key(w.db, w.actor, order_id, path),
            done=_("The private key was saved to {path}. It cannot be exported again.").format(path=path),
        )

    def _action_delete_key(self) -> None:
        if not messages.confirm(
            self,
            _(
                "Delete the private key of {domain}? It is erased from the database for good; the "
                "certificate then works only where the key was installed already."
            ).format(domain=self.record.domain),
            yes=_("Delete key"),
            no=_("Cancel"),
        ):
            return
        w, order_id = self.workspace, self.record.id
        self._run(lambda: order_actions.delete_order_key(w.db, w.actor, order_id))

    # --- tab buttons --------------------------------------------------------------------------

    def sync(self) -> None:
        w, order_id = self.workspace, self.record.id
        self._run(lambda: order_sync.sync_order(w.db, w.actor, order_id), progress=_("Asking the upstream…"))

    def save_contacts(self) -> None:
        w, record = self.workspace, self.record
        contacts = self.contacts_tab.form.contacts()

        def saved(result: OrderRecord) -> None:
            self.show_record(result)
            announce(ORDERS)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                self.contacts_tab.show_error(exc.detail, exc.field)
            else:
                errors.present(self, exc)

        run_in_background(
            lambda: orders.update_contacts(
                w.db, w.actor, record.id, version=record.version, contacts=contacts
            ),
            on_success=saved,
            on_failure=failed,
            progress=_("Sending the contacts upstream…"),
            parent=self,
        )

    def save_pem(self) -> None:
        path = common.choose_save_path(self, _("Save the certificate"), f"{self.record.common_name}.pem")
        if path is None:
            return
        w, order_id = self.workspace, self.record.id
        self._run(
            lambda: orders.save_certificate(w.db, w.actor, order_id, path),
            done=_("The certificate and its chain were saved to {path}.").format(path=path),
        )
