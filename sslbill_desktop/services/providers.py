"""Providers (Provider → Providers): the brands that sell certificates, each in one currency.

Main settings: name, a 16×16 icon (PNG, SVG or ICO; a larger image is refused with its size), the
e-mail notifications are sent from (required), the support e-mail (blank: the notifications
e-mail is used — `effective_support_email`), web-site, billing and help URLs, the currency (ISO
code in current use, from Babel) and the default country (a Babel territory).

Methods of registration and authorization: by phone number, with the number of code entry
attempts and of code retrieval attempts (positive whole numbers). Like every setting governed by
a switch, the two numbers are **ignored while phone authorization is off**: neither checked nor
changed, so turning it back on brings the old numbers back.

Changing the currency later is refused while the provider's clients have active payments or
uncovered expenses (`currency_change_blocker`, the one place that rule lives). Otherwise every
client of the provider gets an account in the new currency and keeps its old-currency accounts.

The cleaners (`clean_main_settings`, `clean_authorization`, `field_problems`) need no database:
the provider wizard checks each page with them before the service checks everything again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.models.payments import ACTIVE_PAYMENT_STATES, Payment
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, name_taken, refuse_if_used, touch
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _, babel_locale, ngettext
from sslbill_desktop.services.icons import check_icon

ENTITY = "provider"
MAX_ATTEMPTS = 1000
#: Two-letter codes in Babel's territory list that are not countries.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})


@dataclass(frozen=True)
class ProviderInput:
    """Everything the provider dialog and wizard edit (the service's input)."""

    name: str = ""
    currency: str = ""
    notification_email: str = ""
    support_email: str = ""
    website_url: str = ""
    billing_url: str = ""
    help_url: str = ""
    default_country: str = ""
    #: PNG, SVG or ICO bytes; None for no icon.
    icon: bytes | None = None
    phone_auth: bool = False
    code_entry_attempts: int | str | None = None
    code_retrieval_attempts: int | str | None = None


@dataclass(frozen=True)
class ProviderRecord:
    id: int
    name: str
    icon: bytes | None
    icon_format: str
    notification_email: str
    support_email: str
    #: Where activation, payer and password-recovery mail comes from: the support e-mail, or the
    #: notifications e-mail when that is blank.
    effective_support_email: str
    website_url: str
    billing_url: str
    help_url: str
    currency: str
    default_country: str
    phone_auth: bool
    code_entry_attempts: int | None
    code_retrieval_attempts: int | None
    version: int

    def as_input(self) -> ProviderInput:
        """The record as the input an edit starts from."""
        names = {f.name for f in dataclass_fields(ProviderInput)}
        return ProviderInput(**{name: getattr(self, name) for name in names})


# --- choices ---------------------------------------------------------------------------------


@cache
def _currencies() -> frozenset[str]:
    from babel.core import Locale
    from babel.numbers import get_territory_currencies

    codes: set[str] = set()
    for territory in map(str, Locale("en").territories):
        if len(territory) == 2 and territory.isalpha():
            codes.update(str(c) for c in get_territory_currencies(territory))
    return frozenset(codes)


@cache
def _countries() -> frozenset[str]:
    from babel.core import Locale

    return frozenset(
        code
        for code in map(str, Locale("en").territories)
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


def currency_choices(language: str | None = None) -> list[tuple[str, str]]:
    """ISO 4217 codes in current use, as (code, name in `language`), sorted by code."""
    from babel.numbers import get_currency_name

    locale = language or babel_locale()
    return [(code, str(get_currency_name(code, locale=locale))) for code in sorted(_currencies())]


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Countries as (ISO 3166 code, name in `language` — the UI language by default), by name."""
    from babel.core import Locale

    names = Locale.parse(language or babel_locale()).territories
    rows = [(code, str(names.get(code, code))) for code in _countries()]
    return sorted(rows, key=lambda row: (row[1].casefold(), row[0]))


# --- cleaners (no database) -------------------------------------------------------------------


def clean_currency(field: str, value: object) -> str:
    text = fields.line(field, value, required=True).upper()
    if text not in _currencies():
        raise ValidationError(field, _("not a currency code in use: {code}").format(code=text))
    return text


def clean_country(field: str, value: object) -> str:
    text = fields.line(field, value, max_length=200).upper()
    if text and text not in _countries():
        raise ValidationError(field, _("not a country code: {code}").format(code=text))
    return text


def _attempts(field: str, value: object) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(field, _("this field is required with authorization by phone number"))
    return fields.whole_number(field, value, minimum=1, maximum=MAX_ATTEMPTS)


def _icon(value: object) -> tuple[bytes | None, str]:
    info = check_icon("icon", value)
    return (value if info is not None and isinstance(value, bytes) else None), (info.format if info else "")


_MAIN_CLEANERS: dict[str, Callable[[object], object]] = {
    "name": lambda v: fields.line("name", v, required=True),
    "icon": _icon,
    "notification_email": lambda v: fields.email("notification_email", v, required=True),
    "support_email": lambda v: fields.email("support_email", v),
    "website_url": lambda v: fields.url("website_url", v),
    "billing_url": lambda v: fields.url("billing_url", v),
    "help_url": lambda v: fields.url("help_url", v),
    "currency": lambda v: clean_currency("currency", v),
    "default_country": lambda v: clean_country("default_country", v),
}
MAIN_SETTINGS_FIELDS: tuple[str, ...] = tuple(_MAIN_CLEANERS)
AUTHORIZATION_FIELDS: tuple[str, ...] = ("phone_auth", "code_entry_attempts", "code_retrieval_attempts")


def clean_main_settings(values: ProviderInput) -> dict[str, Any]:
    """The main settings page, cleaned; the first bad field raises `ValidationError`."""
    return {name: cleaner(getattr(values, name)) for name, cleaner in _MAIN_CLEANERS.items()}


def clean_authorization(values: ProviderInput) -> dict[str, Any]:
    """The authorization page, cleaned. Phone auth off: the attempt numbers are left out (ignored)."""
    enabled = fields.flag("phone_auth", values.phone_auth)
    if not enabled:
        return {"phone_auth": False}
    return {
        "phone_auth": True,
        "code_entry_attempts": _attempts("code_entry_attempts", values.code_entry_attempts),
        "code_retrieval_attempts": _attempts("code_retrieval_attempts", values.code_retrieval_attempts),
    }


def field_problems(values: ProviderInput, names: tuple[str, ...]) -> list[ValidationError]:
    """Every problem among the fields `names` (for showing them all at once), in field order."""
    problems: list[ValidationError] = []
    for name in names:
        try:
            if name in _MAIN_CLEANERS:
                _MAIN_CLEANERS[name](getattr(values, name))
            elif name == "phone_auth":
                fields.flag("phone_auth", values.phone_auth)
            elif values.phone_auth is True:
                _attempts(name, getattr(values, name))
        except ValidationError as exc:
            problems.append(exc)
    return problems


# --- the currency change rule -------------------------------------------------------------------


def currency_change_blocker(s: Session, provider_id: int) -> str | None:
    """Why the currency of `provider_id` cannot change now, or None when it can.

    The hook for the money side (issue 8 owns it): the currency must stay while any client of the
    provider has an *active payment* (a `payments` row in an active state: money on its way) or an
    *uncovered expense* (an account with a negative balance: charges not yet paid for). Any new
    kind of money in flight belongs in this function, which both the service and its tests use.
    """
    active_payments = (
        s.scalar(
            select(func.count())
            .select_from(Payment)
            .join(ClientAccount, Payment.account_id == ClientAccount.id)
            .join(Client, ClientAccount.client_id == Client.id)
            .where(Client.provider_id == provider_id, Payment.state.in_(sorted(ACTIVE_PAYMENT_STATES)))
        )
        or 0
    )
    uncovered = (
        s.scalar(
            select(func.count())
            .select_from(ClientAccount)
            .join(Client, ClientAccount.client_id == Client.id)
            .where(Client.provider_id == provider_id, ClientAccount.balance < Decimal(0))
        )
        or 0
    )
    if not active_payments and not uncovered:
        return None
    reasons = []
    if active_payments:
        reasons.append(
            ngettext("{n} active payment", "{n} active payments", active_payments).format(n=active_payments)
        )
    if uncovered:
        reasons.append(
            ngettext(
                "{n} account with uncovered expenses", "{n} accounts with uncovered expenses", uncovered
            ).format(n=uncovered)
        )
    return _(
        "the currency cannot be changed while the provider's clients have active payments or uncovered "
        "expenses ({reasons}); finish or cancel the payments and settle the expenses first"
    ).format(reasons=", ".join(reasons))


def _open_accounts(s: Session, provider_id: int, currency: str) -> int:
    """Give every client of the provider an account in `currency`; returns how many were opened."""
    have = set(
        s.scalars(
            select(ClientAccount.client_id)
            .join(Client, ClientAccount.client_id == Client.id)
            .where(Client.provider_id == provider_id, ClientAccount.currency == currency)
        )
    )
    opened = 0
    for client_id in s.scalars(select(Client.id).where(Client.provider_id == provider_id)):
        if client_id not in have:
            s.add(ClientAccount(client_id=client_id, currency=currency))
            opened += 1
    return opened


# --- use cases ---------------------------------------------------------------------------------


def _record(row: Provider) -> ProviderRecord:
    return ProviderRecord(
        id=row.id,
        name=row.name,
        icon=row.icon,
        icon_format=row.icon_format,
        notification_email=row.notification_email,
        support_email=row.support_email,
        effective_support_email=row.support_email or row.notification_email,
        website_url=row.website_url,
        billing_url=row.billing_url,
        help_url=row.help_url,
        currency=row.currency,
        default_country=row.default_country,
        phone_auth=row.phone_auth,
        code_entry_attempts=row.code_entry_attempts,
        code_retrieval_attempts=row.code_retrieval_attempts,
        version=row.version,
    )


def _snapshot(row: Provider) -> dict[str, Any]:
    data = audit.snapshot(row)
    if row.icon:
        digest = hashlib.sha256(row.icon).hexdigest()[:16]
        data["icon"] = f"{row.icon_format}, {len(row.icon)} bytes, sha256 {digest}"
    return data


def _apply(s: Session, row: Provider, values: ProviderInput) -> None:
    if not isinstance(values, ProviderInput):
        raise TypeError("values must be a ProviderInput")
    main = clean_main_settings(values)
    auth = clean_authorization(values)
    if name_taken(s, Provider.name, main["name"], row.id):
        raise ValidationError("name", _("the provider name {name} is taken").format(name=main["name"]))
    icon, icon_format = main.pop("icon")
    for name, value in (main | auth).items():
        setattr(row, name, value)
    row.icon = icon
    row.icon_format = icon_format


def list_providers(db: Database, actor: Actor) -> list[ProviderRecord]:
    """Sorted by name."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        rows = [_record(x) for x in s.scalars(select(Provider))]
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


def get_provider(db: Database, actor: Actor, provider_id: int) -> ProviderRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(load(s, Provider, provider_id))


def can_change_currency(db: Database, actor: Actor, provider_id: int) -> str | None:
    """For the dialog: None when the currency may change, else the reason it may not."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return currency_change_blocker(s, load(s, Provider, provider_id).id)


def create_provider(db: Database, actor: Actor, values: ProviderInput) -> ProviderRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = Provider()
        _apply(s, row, values)
        s.add(row)
        s.flush()
        audit.record(s, actor, "create", ENTITY, row.id, after=_snapshot(row), summary=row.name)
        return _record(row)


def update_provider(
    db: Database, actor: Actor, provider_id: int, *, version: int, values: ProviderInput
) -> ProviderRecord:
    """Save an edit. A currency change is refused (`ValidationError` on `currency`, with the reason)
    while money is in flight; otherwise clients get accounts in the new currency."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, Provider, provider_id, version)
        before = _snapshot(row)
        old_currency = row.currency
        _apply(s, row, values)
        opened = 0
        if row.currency != old_currency:
            blocker = currency_change_blocker(s, row.id)
            if blocker is not None:
                raise ValidationError("currency", blocker)
            opened = _open_accounts(s, row.id, row.currency)
        touch(row)
        s.flush()
        after = _snapshot(row)
        if opened:
            before["accounts_opened"], after["accounts_opened"] = 0, opened
        audit.record(s, actor, "update", ENTITY, row.id, before=before, after=after, summary=row.name)
        return _record(row)


def delete_provider(db: Database, actor: Actor, provider_id: int, *, version: int) -> None:
    """Refused while clients (or, later, tariff plans) belong to the provider."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, Provider, provider_id, version)
        refuse_if_used(s, row, _("The provider {name}").format(name=row.name))
        before = _snapshot(row)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, provider_id, before=before, summary=row.name)
