"""Provider → Providers → Add / Edit: the provider wizard, thin pages over `ProviderWizardFlow`.

Main settings (name, a 16×16 icon, e-mails, addresses, currency, default country), then the
methods of registration and authorization (by phone number, with the two attempt limits, which are
enabled only with phone authorization) → Finish. Every field is checked as it is typed, with the
message under the field; Next/Finish stay disabled while a page has problems, the first one shown
as the reason. Edit re-opens the same pages filled in.

Changing the currency of an existing provider: while its clients have active payments or uncovered
expenses the currency cannot be changed (the field is disabled with the service's reason, and the
service refuses anyway); otherwise Finish first asks to confirm, explaining that clients keep their
old-currency accounts and get new ones in the new currency.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QLineEdit,
    QWidget,
    QWizard,
)

from sslbill_desktop.services import providers
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.provider_wizard import AUTHORIZATION, MAIN, ProviderWizardFlow
from sslbill_desktop.services.providers import ProviderRecord
from sslbill_desktop.views import messages
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.widgets.icon_picker import IconPicker
from sslbill_desktop.views.widgets.searchable_combo import SearchableCombo
from sslbill_desktop.views.wizards.checked_page import CheckedPage, comparable
from sslbill_desktop.views.wizards.flow_page import FlowWizard

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

PROVIDER = providers.ENTITY


def field_labels() -> dict[str, str]:
    """Every field's label (errors from Finish may name a field of another page)."""
    return {
        "name": _("Name:"),
        "icon": _("Icon 16×16:"),
        "notification_email": _("E-mail for notifications:"),
        "support_email": _("Support e-mail:"),
        "website_url": _("Web-site URL:"),
        "billing_url": _("Billing URL:"),
        "help_url": _("Help URL:"),
        "currency": _("Currency:"),
        "default_country": _("Default country:"),
        "phone_auth": _("By phone number"),
        "code_entry_attempts": _("Number of code entry attempts:"),
        "code_retrieval_attempts": _("Number of code retrieval attempts:"),
    }


class ProviderPage(CheckedPage):
    """A page of the provider wizard: labelled fields, checked as they are typed."""

    def __init__(self, flow: ProviderWizardFlow, step: str, *, read_only_reason: str | None) -> None:
        super().__init__(
            flow,
            step,
            field_labels(),
            read_only=bool(read_only_reason),
            read_only_reason=read_only_reason or "",
        )


class MainSettingsPage(ProviderPage):
    def __init__(
        self, flow: ProviderWizardFlow, *, read_only_reason: str | None, currency_blocker: str | None
    ) -> None:
        super().__init__(flow, MAIN, read_only_reason=read_only_reason)
        self.setTitle(_("Main settings"))
        self.setSubTitle(_("The provider's name, icon and addresses, and the currency its clients pay in."))
        existing = flow.existing
        start = flow.initial_values(MAIN)
        self._name_edit = QLineEdit(start["name"])
        self._add("name", self._name_edit, required=True)
        self._icon_picker = IconPicker()
        self._icon_picker.set_value(start["icon"])
        self._add("icon", self._icon_picker, note=_("Shown in the list of providers. PNG, SVG or ICO."))
        self._notification_edit = QLineEdit(start["notification_email"])
        self._notification_edit.setToolTip(_("The address notifications to clients are sent from."))
        self._add("notification_email", self._notification_edit, required=True)
        self._support_edit = QLineEdit(start["support_email"])
        self._support_edit.setToolTip(
            _(
                "The address mail about user activation, payer activation and password recovery is "
                "sent from. Leave it blank to use the e-mail for notifications."
            )
        )
        self._add("support_email", self._support_edit)
        self._url_edits: dict[str, QLineEdit] = {}
        for name, tip in (
            ("website_url", _("The address of your web site")),
            ("billing_url", _("The public address of the billing")),
            ("help_url", _("The page opened from Help → Help")),
        ):
            edit = QLineEdit(start[name])
            edit.setPlaceholderText("https://…")
            edit.setToolTip(tip)
            self._url_edits[name] = edit
            self._add(name, edit)
        self._currency_combo = SearchableCombo(
            [(code, f"{code} — {name}") for code, name in providers.currency_choices()]
        )
        self._currency_combo.set_value(start["currency"])
        self._currency_combo.set_search_hint(_("Type to search, e.g. EUR or euro"))
        self._add(
            "currency",
            self._currency_combo,
            required=True,
            note=self._currency_note(existing, currency_blocker),
        )
        if currency_blocker is not None:
            self._currency_combo.setEnabled(False)
            self._currency_combo.setToolTip(currency_blocker)
        self._country_combo = SearchableCombo(providers.country_choices(), blank_text=_("— none —"))
        self._country_combo.set_value(start["default_country"])
        self._add("default_country", self._country_combo)
        self._finish_layout()
        self._notification_edit.textChanged.connect(self._update_support_placeholder)
        self._update_support_placeholder()

    @staticmethod
    def _currency_note(existing: ProviderRecord | None, blocker: str | None) -> str:
        if existing is None:
            return _("The currency orders of the provider's clients are settled in.")
        if blocker is not None:
            return _("The currency cannot be changed now: {reason}.").format(reason=blocker)
        return _(
            "Changing it gives every client a new account in the new currency; accounts in the old "
            "currency are kept."
        )

    def _update_support_placeholder(self) -> None:
        notification = self._notification_edit.text().strip()
        self._support_edit.setPlaceholderText(notification or _("Same as the e-mail for notifications"))

    def values(self) -> dict[str, Any]:
        return {
            "name": self._name_edit.text(),
            "icon": self._icon_picker.value(),
            "notification_email": self._notification_edit.text(),
            "support_email": self._support_edit.text(),
            **{name: edit.text() for name, edit in self._url_edits.items()},
            "currency": self._currency_combo.value(),
            "default_country": self._country_combo.value(),
        }

    @property
    def icon_picker(self) -> IconPicker:
        return self._icon_picker

    @property
    def currency_combo(self) -> SearchableCombo:
        return self._currency_combo

    @property
    def country_combo(self) -> SearchableCombo:
        return self._country_combo

    @property
    def support_edit(self) -> QLineEdit:
        return self._support_edit


class AuthorizationPage(ProviderPage):
    def __init__(self, flow: ProviderWizardFlow, *, read_only_reason: str | None) -> None:
        super().__init__(flow, AUTHORIZATION, read_only_reason=read_only_reason)
        self.setTitle(_("Methods of registration and authorization"))
        self.setSubTitle(_("How the provider's clients register and sign in."))
        start = flow.initial_values(AUTHORIZATION)
        self._phone_check = QCheckBox(self._labels["phone_auth"])
        self._phone_check.setChecked(bool(start["phone_auth"]))
        self._add(
            "phone_auth",
            self._phone_check,
            note=_(
                "Clients registering or signing in get a confirmation code by SMS. Without a confirmed "
                "phone number they sign in with their login and password."
            ),
        )
        self._entry_edit = QLineEdit(str(comparable(start["code_entry_attempts"])))
        self._add(
            "code_entry_attempts",
            self._entry_edit,
            required=True,
            note=_("How many times a wrong code may be entered before a new code is needed."),
        )
        self._retrieval_edit = QLineEdit(str(comparable(start["code_retrieval_attempts"])))
        self._add(
            "code_retrieval_attempts",
            self._retrieval_edit,
            required=True,
            note=_("How many times a new code may be sent to a phone number before a timeout."),
        )
        for edit in (self._entry_edit, self._retrieval_edit):
            edit.setMaximumWidth(120)
        self._finish_layout()
        self._phone_check.toggled.connect(self._update_enabled)
        self._update_enabled()

    def _update_enabled(self) -> None:
        enabled = self._phone_check.isChecked() and not self._read_only
        for name in ("code_entry_attempts", "code_retrieval_attempts"):
            widget = self._inputs[name]
            widget.setEnabled(enabled)
            holder = widget.parentWidget()
            label = self._form.labelForField(holder) if holder is not None else None
            if label is not None:
                label.setEnabled(enabled)

    def values(self) -> dict[str, Any]:
        return {
            "phone_auth": self._phone_check.isChecked(),
            "code_entry_attempts": self._entry_edit.text(),
            "code_retrieval_attempts": self._retrieval_edit.text(),
        }

    @property
    def phone_check(self) -> QCheckBox:
        return self._phone_check

    @property
    def entry_edit(self) -> QLineEdit:
        return self._entry_edit

    @property
    def retrieval_edit(self) -> QLineEdit:
        return self._retrieval_edit


class ProviderWizard(FlowWizard):
    """Add a provider (`record` None) or edit one. `currency_blocker` is the service's reason the
    currency cannot change now (None when it can); `read_only_reason` only shows the provider."""

    def __init__(
        self,
        workspace: Workspace,
        record: ProviderRecord | None = None,
        parent: QWidget | None = None,
        *,
        currency_blocker: str | None = None,
        read_only_reason: str | None = None,
        on_saved: Callable[[ProviderRecord], None] | None = None,
    ) -> None:
        super().__init__(ProviderWizardFlow(record), parent)
        self._workspace = workspace
        self._record = record
        self._read_only_reason = read_only_reason
        self._on_saved = on_saved
        self.saved: ProviderRecord | None = None
        self.setWindowTitle(
            _("New provider") if record is None else _("Provider {name}").format(name=record.name)
        )
        self.main_page = MainSettingsPage(
            self.provider_flow, read_only_reason=read_only_reason, currency_blocker=currency_blocker
        )
        self.authorization_page = AuthorizationPage(self.provider_flow, read_only_reason=read_only_reason)
        for page in (self.main_page, self.authorization_page):
            self.add_flow_page(page)
        if read_only_reason:
            self.setButtonText(QWizard.WizardButton.CancelButton, _("Close"))
        self.setMinimumSize(700, 660)
        self.resize(740, 720)

    @property
    def provider_flow(self) -> ProviderWizardFlow:
        flow = self.flow
        assert isinstance(flow, ProviderWizardFlow)
        return flow

    def finish(self) -> ProviderRecord:
        return self.provider_flow.finish(self._workspace.db, self._workspace.actor)

    def finished_ok(self, result: Any) -> None:
        self.saved = result
        announce(PROVIDER)
        if self._on_saved is not None:
            self._on_saved(result)

    def accept(self) -> None:
        if self._read_only_reason or self.busy:
            return
        record = self._record
        new_currency = self.main_page.values()["currency"]
        if (
            record is not None
            and str(new_currency).upper() != record.currency
            and not messages.confirm(
                self,
                _(
                    "Change the currency of {provider} from {old} to {new}?\n\n"
                    "Clients keep their accounts in {old} with their balances. Every client gets a new "
                    "account in {new}, and from now on orders are settled in {new}."
                ).format(provider=record.name, old=record.currency, new=str(new_currency).upper()),
                title=_("Change the currency"),
                yes=_("Change the currency"),
                no=_("Cancel"),
            )
        ):
            return
        super().accept()

    def has_input(self) -> bool:
        return not self._read_only_reason and super().has_input()
