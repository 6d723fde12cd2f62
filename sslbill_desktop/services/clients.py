"""Clients (Clients → Clients): who certificates are sold to. Sales and admins both manage them.

A client has a name (required), company, e-mail (required: notifications go there), phone,
country (ISO alpha-2), the language its notifications are written in (a workspace localization),
the provider that sells to it, an optional client group, and contacts for certificate orders
(`contacts.py`). It has one account per currency: creating a client opens an account in its
provider's currency, and moving it to a provider with another currency opens one in that
currency too (the old accounts stay, with their balances).

A client can be deleted only while no money has moved on its accounts (no ledger entries, no
payments) and nothing else (an order) refers to it.

`list_clients` pages and filters in the database (name, company, e-mail), so the list stays quick
with any number of clients.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.models.payments import Payment
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.contacts import ClientContacts, clean_contacts, with_defaults
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, refuse_if_used, touch
from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ledger import AccountRecord, account_record, get_account
from sslbill_desktop.services.localizations import display_name, languages_in

ENTITY = "client"
MAX_PAGE = 1000


@dataclass(frozen=True)
class ClientInput:
    """What the client dialog edits (the service's input)."""

    name: str = ""
    company: str = ""
    email: str = ""
    phone: str = ""
    country: str = ""
    #: A workspace localization code; blank takes the workspace's default language.
    language: str = ""
    provider_id: int | None = None
    client_group_id: int | None = None
    contacts: ClientContacts = field(default_factory=ClientContacts)


@dataclass(frozen=True)
class ClientRecord:
    id: int
    name: str
    company: str
    email: str
    phone: str
    country: str
    language: str
    provider_id: int
    provider_name: str
    #: The provider's currency: the account new charges go to.
    currency: str
    client_group_id: int | None
    client_group_name: str
    contacts: ClientContacts
    accounts: tuple[AccountRecord, ...]
    version: int

    def as_input(self) -> ClientInput:
        return ClientInput(
            self.name,
            self.company,
            self.email,
            self.phone,
            self.country,
            self.language,
            self.provider_id,
            self.client_group_id,
            self.contacts,
        )

    def order_contacts(self) -> ClientContacts:
        """The contacts an order starts from: blank ones filled with the client's own details."""
        return with_defaults(
            self.contacts, name=self.name, email=self.email, phone=self.phone, country=self.country
        )


@dataclass(frozen=True)
class ClientRow:
    """A line of the client list."""

    id: int
    name: str
    company: str
    email: str
    provider_name: str
    client_group_name: str
    #: (currency, balance) per account, by currency.
    balances: tuple[tuple[str, Decimal], ...]
    version: int


@dataclass(frozen=True)
class ClientPage:
    rows: list[ClientRow]
    total: int


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class ProviderChoice:
    id: int
    name: str
    currency: str


@dataclass(frozen=True)
class ClientFormChoices:
    """What the client dialog's drop-downs offer."""

    providers: list[ProviderChoice]
    client_groups: list[Choice]
    #: (code, name) of the workspace's localizations, the default first.
    languages: list[tuple[str, str]]
    default_language: str
    #: (ISO code, name) in the UI language.
    countries: list[tuple[str, str]]


# --- reading ------------------------------------------------------------------------------------


def _accounts(s: Session, client_id: int) -> tuple[AccountRecord, ...]:
    rows = s.scalars(
        select(ClientAccount).where(ClientAccount.client_id == client_id).order_by(ClientAccount.currency)
    )
    return tuple(account_record(a) for a in rows)


def _record(s: Session, row: Client) -> ClientRecord:
    provider = s.get(Provider, row.provider_id)
    group = s.get(ClientGroup, row.client_group_id) if row.client_group_id is not None else None
    return ClientRecord(
        id=row.id,
        name=row.name,
        company=row.company,
        email=row.email,
        phone=row.phone,
        country=row.country,
        language=row.language,
        provider_id=row.provider_id,
        provider_name=provider.name if provider is not None else "",
        currency=provider.currency if provider is not None else "",
        client_group_id=row.client_group_id,
        client_group_name=group.name if group is not None else "",
        contacts=ClientContacts.from_json(row.contacts),
        accounts=_accounts(s, row.id),
        version=row.version,
    )


def client_record(s: Session, client_id: int) -> ClientRecord:
    """The client inside a unit of work (for other services; no permission check)."""
    return _record(s, load(s, Client, client_id))


def get_client(db: Database, actor: Actor, client_id: int) -> ClientRecord:
    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        return client_record(s, client_id)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_clients(
    db: Database, actor: Actor, *, filter_text: str = "", offset: int = 0, limit: int = 200
) -> ClientPage:
    """A page of clients sorted by name; `filter_text` matches name, company or e-mail."""
    require(actor, Permission.MANAGE_CLIENTS)
    limit = max(0, min(limit, MAX_PAGE))
    needle = filter_text.strip().lower()
    with db.uow() as s:
        query = select(Client, Provider.name, ClientGroup.name).join(
            Provider, Provider.id == Client.provider_id
        )
        query = query.outerjoin(ClientGroup, ClientGroup.id == Client.client_group_id)
        count = select(func.count()).select_from(Client)
        if needle:
            pattern = f"%{_escape_like(needle)}%"
            condition = or_(
                *(
                    func.lower(column).like(pattern, escape="\\")
                    for column in (Client.name, Client.company, Client.email)
                )
            )
            query, count = query.where(condition), count.where(condition)
        query = query.order_by(func.lower(Client.name), Client.id).offset(max(0, offset)).limit(limit)
        found = list(s.execute(query))
        ids = [client.id for client, _p, _g in found]
        balances: dict[int, list[tuple[str, Decimal]]] = {i: [] for i in ids}
        if ids:
            for account in s.scalars(
                select(ClientAccount).where(ClientAccount.client_id.in_(ids)).order_by(ClientAccount.currency)
            ):
                balances[account.client_id].append((account.currency, account.balance))
        rows = [
            ClientRow(
                client.id,
                client.name,
                client.company,
                client.email,
                provider_name,
                group_name or "",
                tuple(balances[client.id]),
                client.version,
            )
            for client, provider_name, group_name in found
        ]
        return ClientPage(rows, int(s.scalar(count) or 0))


def form_choices(db: Database, actor: Actor) -> ClientFormChoices:
    """Providers, client groups, languages and countries for the client dialog."""
    from sslbill_desktop.services.providers import country_choices

    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        providers = [
            ProviderChoice(p.id, p.name, p.currency)
            for p in s.scalars(select(Provider).order_by(func.lower(Provider.name), Provider.id))
        ]
        groups = [
            Choice(g.id, g.name)
            for g in s.scalars(select(ClientGroup).order_by(func.lower(ClientGroup.name)))
        ]
        languages = languages_in(s)
    return ClientFormChoices(
        providers,
        groups,
        [(code, display_name(code)) for code in languages.codes],
        languages.default,
        country_choices(),
    )


# --- writing ------------------------------------------------------------------------------------


def _snapshot(row: Client) -> dict[str, Any]:
    return audit.snapshot(row)


def _apply(s: Session, row: Client, values: ClientInput) -> None:
    from sslbill_desktop.services.employees import clean_phone
    from sslbill_desktop.services.providers import clean_country

    if not isinstance(values, ClientInput):
        raise TypeError("values must be a ClientInput")
    name = fields.line("name", values.name, required=True)
    company = fields.line("company", values.company)
    email = fields.email("email", values.email, required=True)
    phone = clean_phone("phone", values.phone)
    country = clean_country("country", values.country)
    languages = languages_in(s)
    language = fields.line("language", values.language, max_length=16) or languages.default
    if language not in languages:
        raise ValidationError(
            "language", _("{code} is not a localization of this workspace").format(code=language)
        )
    provider_id = fields.reference("provider_id", values.provider_id)
    if provider_id is None:
        raise ValidationError("provider_id", _("choose the provider that sells to this client"))
    if s.get(Provider, provider_id) is None:
        raise ValidationError("provider_id", _("this provider no longer exists"))
    group_id = fields.reference("client_group_id", values.client_group_id)
    if group_id is not None and s.get(ClientGroup, group_id) is None:
        raise ValidationError("client_group_id", _("this client group no longer exists"))
    contacts = clean_contacts(values.contacts)
    row.name = name
    row.company = company
    row.email = email
    row.phone = phone
    row.country = country
    row.language = language
    row.provider_id = provider_id
    row.client_group_id = group_id
    row.contacts = contacts.to_json()


def _open_provider_account(s: Session, row: Client) -> None:
    provider = s.get(Provider, row.provider_id)
    if provider is not None:
        get_account(s, row.id, provider.currency)


def create_client(db: Database, actor: Actor, values: ClientInput) -> ClientRecord:
    """Add a client and open its account in the provider's currency."""
    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        row = Client()
        _apply(s, row, values)
        s.add(row)
        s.flush()
        _open_provider_account(s, row)
        audit.record(s, actor, "create", ENTITY, row.id, after=_snapshot(row), summary=row.name)
        return _record(s, row)


def update_client(
    db: Database, actor: Actor, client_id: int, *, version: int, values: ClientInput
) -> ClientRecord:
    """Save an edit (a stale `version` is refused). A new provider brings an account in its currency."""
    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        row = load(s, Client, client_id, version)
        before = _snapshot(row)
        _apply(s, row, values)
        touch(row)
        s.flush()
        _open_provider_account(s, row)
        audit.record(
            s, actor, "update", ENTITY, row.id, before=before, after=_snapshot(row), summary=row.name
        )
        return _record(s, row)


def delete_client(db: Database, actor: Actor, client_id: int, *, version: int) -> None:
    """Delete a client on whose accounts no money has moved and that nothing refers to."""
    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        row = load(s, Client, client_id, version)
        accounts = list(s.scalars(select(ClientAccount).where(ClientAccount.client_id == row.id)))
        account_ids = [a.id for a in accounts]
        if account_ids:
            entries = s.scalar(
                select(func.count()).select_from(LedgerEntry).where(LedgerEntry.account_id.in_(account_ids))
            )
            payments = s.scalar(
                select(func.count()).select_from(Payment).where(Payment.account_id.in_(account_ids))
            )
            if entries or payments or any(a.balance != 0 for a in accounts):
                raise UserError(
                    _(
                        "The client {name} cannot be deleted: money has moved on its accounts, and the "
                        "ledger keeps every entry. Keep the client (you may move it to another group)."
                    ).format(name=row.name)
                )
        before = _snapshot(row)
        for account in accounts:
            s.delete(account)
        s.flush()
        refuse_if_used(s, row, _("The client {name}").format(name=row.name))
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, client_id, before=before, summary=row.name)
