"""A client's contacts for certificate orders: administrative, technical and the organisation.

Kept on the client (`Client.contacts`, JSON) and copied into each order, where the order wizard
prefills its contacts step from them (part B). The shapes follow what the upstream order needs:

- `Person` (administrative and technical contact): first and last name, job title, e-mail, phone
  — `to_upstream()` gives the ispmanager `Contact`;
- `Organisation`: name (O), unit (OU), country (ISO 3166 alpha-2), state (ST), locality (L) and
  the e-mail of the certificate subject (emailAddress) — `subject_details()` gives what a
  generated CSR's subject carries.

`clean_contacts` checks every field that is filled in (errors name it: `contacts.admin.email`);
blank fields are allowed on a client. `missing_for_order(contacts)` lists the fields an order
needs but does not have, for the wizard's contacts step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

from sslbill_desktop.services import fields
from sslbill_desktop.services.csr import SubjectDetails
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.ispmanager.records import Contact

ROLES: tuple[str, ...] = ("admin", "tech")
ROLE_LABELS: dict[str, str] = {
    "admin": N_("Administrative contact"),
    "tech": N_("Technical contact"),
    "organisation": N_("Organisation"),
}
PERSON_FIELDS: tuple[str, ...] = ("first_name", "last_name", "job_title", "email", "phone")
ORGANISATION_FIELDS: tuple[str, ...] = ("name", "unit", "country", "state", "locality", "email")
#: What an order needs of each person.
REQUIRED_PERSON_FIELDS: tuple[str, ...] = ("first_name", "last_name", "email", "phone")


@dataclass(frozen=True)
class Person:
    first_name: str = ""
    last_name: str = ""
    job_title: str = ""
    email: str = ""
    phone: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def to_upstream(self) -> Contact:
        return Contact(self.first_name, self.last_name, self.job_title, self.email, self.phone)


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    unit: str = ""
    #: ISO 3166 alpha-2 ("DE"), or blank.
    country: str = ""
    state: str = ""
    locality: str = ""
    email: str = ""

    def subject_details(self) -> SubjectDetails:
        return SubjectDetails(self.name, self.unit, self.country, self.state, self.locality, self.email)


@dataclass(frozen=True)
class ClientContacts:
    admin: Person = field(default_factory=Person)
    tech: Person = field(default_factory=Person)
    organisation: Organisation = field(default_factory=Organisation)

    def to_json(self) -> dict[str, dict[str, str]]:
        return {
            "admin": asdict(self.admin),
            "tech": asdict(self.tech),
            "organisation": asdict(self.organisation),
        }

    @classmethod
    def from_json(cls, data: object) -> ClientContacts:
        """Read what `to_json` wrote; unknown keys are ignored, missing ones blank."""
        if not isinstance(data, Mapping):
            return cls()

        def part(key: str, names: tuple[str, ...]) -> dict[str, str]:
            raw = data.get(key)
            if not isinstance(raw, Mapping):
                return {}
            return {name: str(raw.get(name) or "") for name in names}

        return cls(
            Person(**part("admin", PERSON_FIELDS)),
            Person(**part("tech", PERSON_FIELDS)),
            Organisation(**part("organisation", ORGANISATION_FIELDS)),
        )


def _clean_person(prefix: str, person: Person) -> Person:
    from sslbill_desktop.services.employees import clean_phone

    if not isinstance(person, Person):
        raise ValidationError(prefix, _("not a contact"))
    return Person(
        first_name=fields.line(f"{prefix}.first_name", person.first_name, max_length=100),
        last_name=fields.line(f"{prefix}.last_name", person.last_name, max_length=100),
        job_title=fields.line(f"{prefix}.job_title", person.job_title, max_length=100),
        email=fields.email(f"{prefix}.email", person.email),
        phone=clean_phone(f"{prefix}.phone", person.phone),
    )


def _clean_organisation(prefix: str, organisation: Organisation) -> Organisation:
    from sslbill_desktop.services.providers import clean_country

    if not isinstance(organisation, Organisation):
        raise ValidationError(prefix, _("not an organisation"))
    return Organisation(
        name=fields.line(f"{prefix}.name", organisation.name, max_length=64),
        unit=fields.line(f"{prefix}.unit", organisation.unit, max_length=64),
        country=clean_country(f"{prefix}.country", organisation.country),
        state=fields.line(f"{prefix}.state", organisation.state, max_length=128),
        locality=fields.line(f"{prefix}.locality", organisation.locality, max_length=128),
        email=fields.email(f"{prefix}.email", organisation.email),
    )


def clean_contacts(value: object, field_name: str = "contacts") -> ClientContacts:
    """Every filled-in field checked; `ValidationError` names the first bad one."""
    if value is None:
        return ClientContacts()
    if isinstance(value, Mapping):
        value = ClientContacts.from_json(value)
    if not isinstance(value, ClientContacts):
        raise ValidationError(field_name, _("not a set of contacts"))
    return ClientContacts(
        _clean_person(f"{field_name}.admin", value.admin),
        _clean_person(f"{field_name}.tech", value.tech),
        _clean_organisation(f"{field_name}.organisation", value.organisation),
    )


def missing_for_order(contacts: ClientContacts, field_name: str = "contacts") -> list[ValidationError]:
    """The fields an order needs that are blank, as errors naming them (empty when complete)."""
    problems: list[ValidationError] = []
    for role in ROLES:
        person: Person = getattr(contacts, role)
        for name in REQUIRED_PERSON_FIELDS:
            if not getattr(person, name).strip():
                problems.append(
                    ValidationError(f"{field_name}.{role}.{name}", _("this field is required for an order"))
                )
    return problems


def with_defaults(
    contacts: ClientContacts, *, name: str, email: str, phone: str, country: str
) -> ClientContacts:
    """Contacts with the client's own details filled into blank places (for a new order)."""
    first, _space, last = name.partition(" ")

    def person(p: Person) -> Person:
        if any(getattr(p, n) for n in PERSON_FIELDS):
            return p
        return Person(first, last, "", email, phone)

    organisation = contacts.organisation
    if not organisation.country and country:
        organisation = replace(organisation, country=country)
    return ClientContacts(person(contacts.admin), person(contacts.tech), organisation)
