"""Clients → Clients → Add / Edit: the client's details and its contacts for certificate orders.

Four tabs: the client (name, company, e-mail, phone, country, language, provider, client group),
the administrative and the technical contact, and the organisation a certificate is issued to.
Every input is registered under the service's field name (`contacts.tech.email`), so an error is
shown at its field, on its tab. The dialog receives its choices and the record loaded before
(`ClientDialog.load`), and saves in the background.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QTabWidget, QWidget

from sslbill_desktop.services import clients
from sslbill_desktop.services.clients import ClientFormChoices, ClientInput, ClientRecord
from sslbill_desktop.services.contacts import ROLE_LABELS, ClientContacts, Organisation, Person
from sslbill_desktop.services.i18n import N_, _, format_money, pgettext
from sslbill_desktop.views.dialogs.form_dialog import FormDialog
from sslbill_desktop.views.widgets.reference_combo import ReferenceCombo
from sslbill_desktop.views.widgets.searchable_combo import SearchableCombo

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

CLIENT = clients.ENTITY

#: Person fields: (service field, form label).
_PERSON_FIELDS: tuple[tuple[str, str], ...] = (
    ("first_name", N_("First name:")),
    ("last_name", N_("Last name:")),
    ("job_title", N_("Job title:")),
    ("email", N_("E-mail:")),
    ("phone", N_("Phone:")),
)


@dataclass(frozen=True)
class ClientForm:
    """What the dialog needs, loaded before it opens: the choices and the record (None: new)."""

    choices: ClientFormChoices
    record: ClientRecord | None


def load_form(workspace: Workspace, client_id: int | None) -> ClientForm:
    db, actor = workspace.db, workspace.actor
    record = clients.get_client(db, actor, client_id) if client_id is not None else None
    return ClientForm(clients.form_choices(db, actor), record)


class ClientDialog(FormDialog):
    """Add a client (`form.record` None) or edit the one loaded just before."""

    def __init__(self, workspace: Workspace, form: ClientForm, parent: QWidget | None = None) -> None:
        record = form.record
        title = _("New client") if record is None else _("Client {name}").format(name=record.name)
        super().__init__(title, parent)
        self._workspace = workspace
        self._choices = form.choices
        self._record = record
        self._tab_of: dict[str, int] = {}
        self._tabs = QTabWidget()
        self._form.addRow(self._tabs)
        self._init_client_tab()
        self._init_person_tab("admin")
        self._init_person_tab("tech")
        self._init_organisation_tab()
        self._fill(record.as_input() if record is not None else self._blank_input())
        self._connect()
        self._mark_clean()
        self.setMinimumWidth(620)

    # --- construction -------------------------------------------------------------------------

    def _tab(self, title: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._tabs.addTab(page, title)
        return form

    def _add_tab_field(
        self, form: QFormLayout, name: str, label: str, widget: QWidget, caption: str = ""
    ) -> None:
        """A field on the tab being built; `caption` names it in error messages (default: `label`)."""
        form.addRow(label, widget)
        self._fields[name] = (caption or label, widget)
        self._tab_of[name] = self._tabs.count() - 1

    def _init_client_tab(self) -> None:
        form = self._tab(_("Client"))
        self._name_edit = QLineEdit()
        self._add_tab_field(form, "name", pgettext("person", "Name:"), self._name_edit)
        self._company_edit = QLineEdit()
        self._add_tab_field(form, "company", _("Company:"), self._company_edit)
        self._email_edit = QLineEdit()
        self._add_tab_field(form, "email", _("E-mail:"), self._email_edit)
        self._phone_edit = QLineEdit()
        self._add_tab_field(form, "phone", _("Phone:"), self._phone_edit)
        self._country_combo = SearchableCombo(self._choices.countries, blank_text=_("(none)"))
        self._add_tab_field(form, "country", _("Country:"), self._country_combo)
        self._language_combo = QComboBox()
        for code, name in self._choices.languages:
            self._language_combo.addItem(name, code)
        self._add_tab_field(form, "language", _("Language of notifications:"), self._language_combo)
        self._provider_combo = ReferenceCombo()
        self._provider_combo.set_choices(
            [(p.id, f"{p.name} ({p.currency})") for p in self._choices.providers]
        )
        self._add_tab_field(form, "provider_id", _("Provider:"), self._provider_combo)
        self._group_combo = ReferenceCombo()
        self._group_combo.set_choices(
            [(g.id, g.name) for g in self._choices.client_groups], none_text=_("(no group)")
        )
        self._add_tab_field(form, "client_group_id", _("Client group:"), self._group_combo)
        if self._record is not None and self._record.accounts:
            balances = "; ".join(format_money(a.balance, a.currency) for a in self._record.accounts)
            form.addRow(_("Balance:"), QLabel(balances))
        if not self._choices.providers:
            self._add_note_to(
                form, _("Create a provider first (Provider → Providers): every client belongs to one.")
            )

    def _add_note_to(self, form: QFormLayout, text: str) -> None:
        note = QLabel(text)
        note.setWordWrap(True)
        form.addRow(note)

    def _init_person_tab(self, role: str) -> None:
        form = self._tab(_(ROLE_LABELS[role]))
        for name, label in _PERSON_FIELDS:
            edit = QLineEdit()
            caption = _("{contact}, {field}").format(contact=_(ROLE_LABELS[role]), field=_(label).rstrip(":"))
            self._add_tab_field(form, f"contacts.{role}.{name}", _(label), edit, caption)
        if role == "tech":
            self._copy_button = QPushButton(_("Same as the administrative contact"))
            form.addRow("", self._copy_button)

    def _init_organisation_tab(self) -> None:
        form = self._tab(_(ROLE_LABELS["organisation"]))
        organisation = _(ROLE_LABELS["organisation"])
        for name, label in (
            ("name", _("Organisation (O):")),
            ("unit", _("Unit (OU):")),
        ):
            self._add_tab_field(
                form, f"contacts.organisation.{name}", label, QLineEdit(), f"{organisation}, {label}"
            )
        self._org_country_combo = SearchableCombo(self._choices.countries, blank_text=_("(none)"))
        self._add_tab_field(
            form,
            "contacts.organisation.country",
            _("Country (C):"),
            self._org_country_combo,
            f"{organisation}, {_('Country (C):')}",
        )
        for name, label in (
            ("state", _("State or province (ST):")),
            ("locality", _("Locality (L):")),
            ("email", _("E-mail (emailAddress):")),
        ):
            self._add_tab_field(
                form, f"contacts.organisation.{name}", label, QLineEdit(), f"{organisation}, {label}"
            )
        self._add_note_to(
            form, _("These details go into the certificate requests generated for this client.")
        )

    def _connect(self) -> None:
        self._copy_button.clicked.connect(self._copy_admin_to_tech)

    # --- values -------------------------------------------------------------------------------

    def _blank_input(self) -> ClientInput:
        providers = self._choices.providers
        return ClientInput(
            language=self._choices.default_language,
            provider_id=providers[0].id if len(providers) == 1 else None,
        )

    def _edit(self, name: str) -> QLineEdit:
        widget = self._fields[name][1]
        assert isinstance(widget, QLineEdit)
        return widget

    def _fill(self, values: ClientInput) -> None:
        self._name_edit.setText(values.name)
        self._company_edit.setText(values.company)
        self._email_edit.setText(values.email)
        self._phone_edit.setText(values.phone)
        self._country_combo.set_value(values.country)
        index = self._language_combo.findData(values.language or self._choices.default_language)
        if index < 0:  # a language no longer in the workspace: show it, the service will say so
            self._language_combo.addItem(values.language, values.language)
            index = self._language_combo.count() - 1
        self._language_combo.setCurrentIndex(index)
        if not self._provider_combo.select(values.provider_id):
            self._provider_combo.setCurrentIndex(-1)
        self._group_combo.select(values.client_group_id)
        for role in ("admin", "tech"):
            person: Person = getattr(values.contacts, role)
            for name, _label in _PERSON_FIELDS:
                self._edit(f"contacts.{role}.{name}").setText(getattr(person, name))
        organisation = values.contacts.organisation
        for name in ("name", "unit", "state", "locality", "email"):
            self._edit(f"contacts.organisation.{name}").setText(getattr(organisation, name))
        self._org_country_combo.set_value(organisation.country)

    def client_input(self) -> ClientInput:
        """What the form holds, as the service's input."""
        values = self._values()

        def person(role: str) -> Person:
            return Person(**{name: values[f"contacts.{role}.{name}"] for name, _label in _PERSON_FIELDS})

        organisation = Organisation(
            **{
                name: values[f"contacts.organisation.{name}"]
                for name in ("name", "unit", "country", "state", "locality", "email")
            }
        )
        return ClientInput(
            name=values["name"],
            company=values["company"],
            email=values["email"],
            phone=values["phone"],
            country=values["country"],
            language=values["language"] or "",
            provider_id=values["provider_id"],
            client_group_id=values["client_group_id"],
            contacts=ClientContacts(person("admin"), person("tech"), organisation),
        )

    def _copy_admin_to_tech(self) -> None:
        for name, _label in _PERSON_FIELDS:
            self._edit(f"contacts.tech.{name}").setText(self._edit(f"contacts.admin.{name}").text())

    # --- saving -------------------------------------------------------------------------------

    def _show_field_error(self, field: str, message: str) -> None:
        tab = self._tab_of.get(field)
        if tab is not None:
            self._tabs.setCurrentIndex(tab)
        super()._show_field_error(field, message)

    def current_tab_title(self) -> str:
        return self._tabs.tabText(self._tabs.currentIndex())

    def _save(self) -> None:
        db, actor, values, record = (
            self._workspace.db,
            self._workspace.actor,
            self.client_input(),
            self._record,
        )
        if record is None:
            self._submit(lambda: clients.create_client(db, actor, values), changes=(CLIENT,))
        else:
            self._submit(
                lambda: clients.update_client(db, actor, record.id, version=record.version, values=values),
                changes=(CLIENT,),
            )
