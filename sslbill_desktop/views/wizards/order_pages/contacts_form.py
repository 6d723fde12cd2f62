"""A form for an order's contacts (administrative, technical, organisation), shared by the order
wizard and the order details. Inputs are named like the service's fields (`contacts.admin.email`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from sslbill_desktop.services.contacts import ROLE_LABELS, ClientContacts, Organisation, Person
from sslbill_desktop.services.i18n import N_, _

PERSON_FIELDS: tuple[tuple[str, str], ...] = (
    ("first_name", N_("First name:")),
    ("last_name", N_("Last name:")),
    ("job_title", N_("Job title:")),
    ("email", N_("E-mail:")),
    ("phone", N_("Phone:")),
)
ORGANISATION_FIELDS: tuple[tuple[str, str], ...] = (
    ("name", N_("Organisation:")),
    ("unit", N_("Unit:")),
    ("country", N_("Country (ISO code):")),
    ("state", N_("State or region:")),
    ("locality", N_("City:")),
    ("email", N_("E-mail:")),
)


class ContactsForm(QWidget):
    """Three groups of line edits; `contacts()` reads them, `set_contacts()` fills them."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edits: dict[str, QLineEdit] = {}
        self._labels: dict[str, str] = {}
        people = QHBoxLayout()
        for role in ("admin", "tech"):
            people.addWidget(self._group(role, _(ROLE_LABELS[role]), PERSON_FIELDS))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(people)
        layout.addWidget(self._group("organisation", _(ROLE_LABELS["organisation"]), ORGANISATION_FIELDS))

    def _group(self, role: str, title: str, fields: tuple[tuple[str, str], ...]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for name, label in fields:
            edit = QLineEdit()
            key = f"contacts.{role}.{name}"
            edit.setObjectName(key)
            edit.textEdited.connect(lambda _text: self.edited.emit())
            form.addRow(_(label), edit)
            self._edits[key] = edit
            self._labels[key] = f"{title}, {_(label).rstrip(':')}"
        return box

    def edit(self, field: str) -> QLineEdit:
        return self._edits[field]

    def label(self, field: str) -> str:
        return self._labels.get(field, field)

    def set_contacts(self, contacts: ClientContacts) -> None:
        for role in ("admin", "tech"):
            person: Person = getattr(contacts, role)
            for name, _label in PERSON_FIELDS:
                self._edits[f"contacts.{role}.{name}"].setText(getattr(person, name))
        for name, _label in ORGANISATION_FIELDS:
            self._edits[f"contacts.organisation.{name}"].setText(getattr(contacts.organisation, name))

    def contacts(self) -> ClientContacts:
        def text(key: str) -> str:
            return self._edits[key].text()

        def person(role: str) -> Person:
            return Person(**{name: text(f"contacts.{role}.{name}") for name, _label in PERSON_FIELDS})

        organisation = Organisation(
            **{name: text(f"contacts.organisation.{name}") for name, _l in ORGANISATION_FIELDS}
        )
        return ClientContacts(person("admin"), person("tech"), organisation)

    def field_value(self) -> ClientContacts:
        return self.contacts()

    def focus(self, field: str) -> None:
        if field in self._edits:
            self._edits[field].setFocus()
