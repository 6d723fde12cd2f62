"""Processing modules (Integration → Processing modules): connections to ispmanager billing accounts.

A module is created by the wizard's steps (product type, module type, integration settings,
parameters). Its fields: a name per localization, the upstream URL and username, the data center
and the department its tasks go to, a sorting position 1..N and the minimal balance, kept in the
upstream account's currency (`upstream_currency`, read when the credentials are checked).

**The password lives in the OS keyring only** (`services/credentials`), under the module's id; it
is never in the database, the audit log or a message. Creating a module checks the credentials
against the upstream first (`upstream.verify_credentials`); editing checks them again when the
URL, the username or the password changes (a blank password keeps the stored one). Deleting a
module deletes its secret, and is refused while tariff plans (or upstream journal entries) refer
to it.

The list shows the last upstream balance and its time, kept on the row for offline use;
`refresh_balances` reads every module's balance, one failing module not stopping the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.infrastructure import DataCenter, Department
from sslbill_desktop.models.processing import (
    MODULE_ISPMANAGER_SSL,
    PRODUCT_TYPE_SSL,
    ProcessingModule,
)
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import audit, credentials, fields, upstream, validation
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, refuse_if_used, touch
from sslbill_desktop.services.errors import SecretStoreError, UserError, ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.ispmanager.records import Account
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.upstream import BalanceRecord

log = logging.getLogger(__name__)

ENTITY = "processing_module"
DEFAULT_URL = "https://api-eu.ispmanager.com"
#: The product types and, per product type, the module types this application offers.
PRODUCT_TYPES: dict[str, str] = {PRODUCT_TYPE_SSL: N_("SSL certificate")}
MODULE_TYPES: dict[str, dict[str, str]] = {PRODUCT_TYPE_SSL: {MODULE_ISPMANAGER_SSL: N_("Ispmanager (SSL)")}}
#: The largest minimal balance accepted (far below what the money column holds).
MAX_MINIMAL_BALANCE = Decimal("1000000000")
MAX_PASSWORD_LENGTH = 200


@dataclass(frozen=True)
class ModuleInput:
    """What the wizard's parameter and integration steps edit (the password is passed apart)."""

    name: Mapping[str, str]
    url: str
    username: str
    data_center_id: int | None
    department_id: int | None
    #: None: after the last module.
    sorting: int | str | None = None
    #: Blank or None: no minimal balance.
    minimal_balance: Decimal | str | None = None


@dataclass(frozen=True)
class ProcessingModuleRecord:
    id: int
    product_type: str
    module_type: str
    name: dict[str, str]
    #: The name in the UI language (or the default localization's).
    title: str
    url: str
    username: str
    data_center_id: int | None
    data_center: str
    department_id: int | None
    department: str
    sorting: int
    minimal_balance: Decimal | None
    #: The currency of the upstream account (of the minimal and the last balance).
    upstream_currency: str
    last_balance: Decimal | None
    last_balance_at: datetime | None
    version: int

    @property
    def below_minimum(self) -> bool:
        """True when the last known balance is under the minimal balance."""
        return (
            self.minimal_balance is not None
            and self.last_balance is not None
            and self.last_balance < self.minimal_balance
        )


@dataclass(frozen=True)
class Choice:
    id: int
    title: str


@dataclass(frozen=True)
class ProviderCurrency:
    name: str
    currency: str


@dataclass(frozen=True)
class ParameterChoices:
    """What the parameters step offers: languages, data centers, departments, the next sorting
    position, and the providers whose currency the minimal balance's currency should match."""

    languages: Languages
    data_centers: tuple[Choice, ...]
    departments: tuple[Choice, ...]
    next_sorting: int
    providers: tuple[ProviderCurrency, ...]
    #: True when `providers` are those that use the module through tariff plans (else: all).
    providers_use_module: bool


@dataclass(frozen=True)
class BalanceOutcome:
    """The result of refreshing one module's balance: `balance`, or the `error` message."""

    module_id: int
    title: str
    balance: BalanceRecord | None
    error: str = ""


# --- cleaners (no database: the wizard checks its steps with them) -----------------------------


def clean_product_type(field: str, value: object) -> str:
    if value not in PRODUCT_TYPES:
        raise ValidationError(field, _("choose the product type"))
    return str(value)


def clean_module_type(field: str, product_type: str, value: object) -> str:
    if value not in MODULE_TYPES.get(product_type, {}):
        raise ValidationError(field, _("choose the processing module"))
    return str(value)


def clean_url(field: str, value: object) -> str:
    return fields.url(field, value, required=True)


def clean_username(field: str, value: object) -> str:
    return fields.line(field, value, required=True, max_length=200)


def clean_password(field: str, value: object, *, required: bool) -> str:
    """The password as typed (not stripped: spaces may belong to it). Never echoed in a message."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, _("must be text"))
    if required and not value:
        raise ValidationError(field, _("this field is required"))
    if len(value) > MAX_PASSWORD_LENGTH:
        raise ValidationError(field, _("at most {n} characters").format(n=MAX_PASSWORD_LENGTH))
    if any(ch in "\r\n\0" for ch in value):
        raise ValidationError(field, _("must be a single line"))
    return value


def clean_minimal_balance(field: str, value: object) -> Decimal | None:
    """Blank: none. Otherwise an amount of at least 0 with at most four decimal places."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | str | int):
        raise ValidationError(field, _("not an amount: {value}").format(value=value))
    amount = validation.amount(field, value)
    if amount > MAX_MINIMAL_BALANCE:
        raise ValidationError(field, _("at most {amount}").format(amount=MAX_MINIMAL_BALANCE))
    return amount


def clean_connection(url: object, username: object) -> tuple[str, str]:
    return clean_url("url", url), clean_username("username", username)


@dataclass(frozen=True)
class CleanParameters:
    data_center_id: int
    name: dict[str, str]
    department_id: int
    sorting: int | None
    minimal_balance: Decimal | None


def clean_parameters(values: ModuleInput, languages: Languages) -> CleanParameters:
    """The parameters step's values, clean (references are checked for existence by the service)."""
    data_center_id = fields.reference("data_center_id", values.data_center_id)
    if data_center_id is None:
        raise ValidationError("data_center_id", _("choose a data center (or create one)"))
    name = fields.localized("name", values.name, languages)
    department_id = fields.reference("department_id", values.department_id)
    if department_id is None:
        raise ValidationError("department_id", _("choose a department (or create one)"))
    sorting = None if values.sorting is None else fields.sorting("sorting", values.sorting)
    minimal = clean_minimal_balance("minimal_balance", values.minimal_balance)
    return CleanParameters(data_center_id, name, department_id, sorting, minimal)


def currency_warning(currency: str, providers: tuple[ProviderCurrency, ...], *, use_module: bool) -> str:
    """A warning when the upstream account's currency differs from the providers' (or "")."""
    if not currency:
        return ""
    others = sorted({p.currency for p in providers if p.currency and p.currency != currency})
    if not others:
        return ""
    names = ", ".join(sorted(p.name for p in providers if p.currency in others))
    if use_module:
        text = _(
            "The balance of this ispmanager account is kept in {currency}, but the providers that "
            "use the module ({providers}) sell in {others}. The currencies of the selling and the "
            "reselling platform must match."
        )
    else:
        text = _(
            "The balance of this ispmanager account is kept in {currency}, but the providers of this "
            "workspace ({providers}) sell in {others}. The currencies of the selling and the "
            "reselling platform must match."
        )
    return text.format(currency=currency, providers=names, others=", ".join(others))


# --- reading -------------------------------------------------------------------------------------


def _title(texts: Mapping[str, str] | None, languages: Languages) -> str:
    return fields.pick(dict(texts or {}), languages.default) if texts else ""


def _record(s: Session, row: ProcessingModule, languages: Languages) -> ProcessingModuleRecord:
    center = s.get(DataCenter, row.data_center_id) if row.data_center_id is not None else None
    department = s.get(Department, row.department_id) if row.department_id is not None else None
    return ProcessingModuleRecord(
        id=row.id,
        product_type=row.product_type,
        module_type=row.module_type,
        name=dict(row.name),
        title=_title(row.name, languages),
        url=row.url,
        username=row.username,
        data_center_id=row.data_center_id,
        data_center=_title(center.name, languages) if center is not None else "",
        department_id=row.department_id,
        department=_title(department.name, languages) if department is not None else "",
        sorting=row.sorting,
        minimal_balance=row.minimal_balance,
        upstream_currency=row.upstream_currency,
        last_balance=row.last_balance,
        last_balance_at=row.last_balance_at,
        version=row.version,
    )


def _sorted(records: list[ProcessingModuleRecord]) -> list[ProcessingModuleRecord]:
    return sorted(records, key=lambda r: (r.sorting, r.title.casefold(), r.id))


def list_processing_modules(db: Database, actor: Actor) -> list[ProcessingModuleRecord]:
    """Sorted as the source says: by sorting position, then by name."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        languages = languages_in(s)
        return _sorted([_record(s, row, languages) for row in s.scalars(select(ProcessingModule))])


def get_processing_module(db: Database, actor: Actor, module_id: int) -> ProcessingModuleRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(s, load(s, ProcessingModule, module_id), languages_in(s))


def _next_sorting(s: Session) -> int:
    return min((s.scalar(select(func.max(ProcessingModule.sorting))) or 0) + 1, fields.MAX_SORTING)


def _providers(s: Session, module_id: int | None) -> tuple[tuple[ProviderCurrency, ...], bool]:
    if module_id is not None:
        using = s.execute(
            select(Provider.name, Provider.currency)
            .join(TariffPlan, TariffPlan.provider_id == Provider.id)
            .where(TariffPlan.processing_module_id == module_id)
            .distinct()
        ).all()
        if using:
            return tuple(ProviderCurrency(n, c) for n, c in sorted(using)), True
    everyone = s.execute(select(Provider.name, Provider.currency).order_by(Provider.name)).all()
    return tuple(ProviderCurrency(n, c) for n, c in everyone), False


def parameter_choices(db: Database, actor: Actor, module_id: int | None = None) -> ParameterChoices:
    """What the parameters step offers for a new module (`module_id` None) or for module `module_id`.

    The currency check compares with the providers that use the module through tariff plans; a
    module no plan uses yet is compared with every provider of the workspace (they are the ones
    that will use it).
    """
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        languages = languages_in(s)
        centers = sorted(s.scalars(select(DataCenter)), key=lambda x: (x.sorting, _title(x.name, languages)))
        departments = sorted(
            s.scalars(select(Department)), key=lambda x: (x.sorting, _title(x.name, languages))
        )
        providers, use_module = _providers(s, module_id)
        return ParameterChoices(
            languages=languages,
            data_centers=tuple(Choice(x.id, _title(x.name, languages)) for x in centers),
            departments=tuple(Choice(x.id, _title(x.name, languages)) for x in departments),
            next_sorting=_next_sorting(s),
            providers=providers,
            providers_use_module=use_module,
        )


# --- the connection check ---------------------------------------------------------------------


def check_connection(url: str, username: str, password: str, *, module_id: int | None = None) -> Account:
    """Sign in to the upstream and read the account: the wizard's check on Next.

    A blank `password` with `module_id` uses the module's stored password (an edit that keeps it).
    Raises `ValidationError` for a bad URL or username, `BadCredentials`, `TwoFactorEnabled`,
    `UpstreamUnavailable`, `ProtocolError` ... and `SecretStoreError` when the keyring is unusable.
    """
    clean_url_, clean_user = clean_connection(url, username)
    secret = clean_password("password", password, required=module_id is None)
    if not secret and module_id is not None:
        secret = credentials.require_module_password(module_id)
    return upstream.verify_credentials(clean_url_, clean_user, secret)


# --- writing ----------------------------------------------------------------------------------


def _check_references(s: Session, clean: CleanParameters) -> None:
    if s.get(DataCenter, clean.data_center_id) is None:
        raise ValidationError("data_center_id", _("this data center no longer exists"))
    if s.get(Department, clean.department_id) is None:
        raise ValidationError("department_id", _("this department no longer exists"))


def _apply(s: Session, row: ProcessingModule, clean: CleanParameters, url: str, username: str) -> None:
    _check_references(s, clean)
    row.name = dict(clean.name)
    row.url = url
    row.username = username
    row.data_center_id = clean.data_center_id
    row.department_id = clean.department_id
    row.sorting = _next_sorting(s) if clean.sorting is None else clean.sorting
    row.minimal_balance = clean.minimal_balance


def _keep_account(row: ProcessingModule, account: Account, at: datetime) -> None:
    row.upstream_currency = account.currency[:3]
    row.last_balance = account.balance.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    row.last_balance_at = at


@contextmanager
def _password_saved(module_id: int, password: str) -> Iterator[None]:
    """Save the module's new password; put the old one back if the surrounding work fails."""
    previous = credentials.read_module_password(module_id)
    credentials.save_module_password(module_id, password)
    try:
        yield
    except BaseException:
        try:
            if previous is None:
                credentials.delete_module_password(module_id)
            else:
                credentials.save_module_password(module_id, previous)
        except SecretStoreError:
            log.warning("keyring: could not restore the password of processing module %s", module_id)
        raise


def create_processing_module(
    db: Database,
    actor: Actor,
    values: ModuleInput,
    *,
    password: str,
    product_type: str = PRODUCT_TYPE_SSL,
    module_type: str = MODULE_ISPMANAGER_SSL,
) -> ProcessingModuleRecord:
    """Check the credentials against the upstream, then save the module and its password (keyring).

    Nothing is saved when the check fails or the keyring cannot store the password.
    """
    require(actor, Permission.CHANGE_CONFIGURATION)
    kind = clean_product_type("product_type", product_type)
    module_kind = clean_module_type("module_type", kind, module_type)
    url, username = clean_connection(values.url, values.username)
    secret = clean_password("password", password, required=True)
    with db.uow() as s:
        clean = clean_parameters(values, languages_in(s))
        _check_references(s, clean)
    account = upstream.verify_credentials(url, username, secret)
    saved_id: int | None = None
    try:
        with db.uow() as s:
            row = ProcessingModule(product_type=kind, module_type=module_kind)
            _apply(s, row, clean, url, username)
            _keep_account(row, account, datetime.now(UTC))
            s.add(row)
            s.flush()
            record = _record(s, row, languages_in(s))
            audit.record(s, actor, "create", ENTITY, row.id, after=audit.snapshot(row), summary=record.title)
            credentials.save_module_password(row.id, secret)
            saved_id = row.id
    except BaseException:
        if saved_id is not None:  # the commit failed after the keyring had the password
            try:
                credentials.delete_module_password(saved_id)
            except SecretStoreError:
                log.warning("keyring: could not remove the password of unsaved module %s", saved_id)
        raise
    upstream.forget_client(record.id)
    return record


def update_processing_module(
    db: Database,
    actor: Actor,
    module_id: int,
    *,
    version: int,
    values: ModuleInput,
    password: str = "",
) -> ProcessingModuleRecord:
    """Save an edit. A blank `password` keeps the stored one. When the URL, the username or the
    password changes, the credentials are checked against the upstream before anything is saved."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    url, username = clean_connection(values.url, values.username)
    secret = clean_password("password", password, required=False)
    with db.uow() as s:
        row = load(s, ProcessingModule, module_id, version)  # a stale edit stops before the network
        changed = bool(secret) or url != row.url or username != row.username
        clean = clean_parameters(values, languages_in(s))
        _check_references(s, clean)
    account = None
    if changed:
        account = upstream.verify_credentials(
            url, username, secret or credentials.require_module_password(module_id)
        )
    keep_password = _password_saved(module_id, secret) if secret else nullcontext()
    with keep_password, db.uow() as s:
        row = load(s, ProcessingModule, module_id, version)
        before = audit.snapshot(row)
        _apply(s, row, clean, url, username)
        if account is not None:
            _keep_account(row, account, datetime.now(UTC))
        touch(row)
        s.flush()
        record = _record(s, row, languages_in(s))
        audit.record(
            s, actor, "update", ENTITY, row.id, before=before, after=audit.snapshot(row), summary=record.title
        )
    upstream.forget_client(module_id)
    return record


def delete_processing_module(db: Database, actor: Actor, module_id: int, *, version: int) -> None:
    """Refused while tariff plans (or upstream journal entries) use the module. Deleting the module
    deletes its password from the keyring."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, ProcessingModule, module_id, version)
        title = _title(row.name, languages_in(s))
        refuse_if_used(s, row, _("The processing module {name}").format(name=title))
        before = audit.snapshot(row)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, module_id, before=before, summary=title)
    upstream.forget_client(module_id)
    try:
        credentials.delete_module_password(module_id)
    except SecretStoreError:
        # The module is gone; an unusable keyring must not undo that. The entry stays behind.
        log.warning("keyring: could not delete the password of deleted processing module %s", module_id)


# --- balances ---------------------------------------------------------------------------------


def refresh_balances(
    db: Database, actor: Actor, *, should_stop: Callable[[], bool] | None = None
) -> list[BalanceOutcome]:
    """Read every module's upstream balance (kept on the module for offline use).

    One module failing (unreachable, bad password, no keyring) does not stop the others: its
    outcome carries the message instead. `should_stop` is polled between modules (a cancel).
    """
    require(actor, Permission.READ_CONFIGURATION)
    outcomes: list[BalanceOutcome] = []
    for module in list_processing_modules(db, actor):
        if should_stop is not None and should_stop():
            break
        try:
            balance = upstream.refresh_balance(db, actor, module.id)
        except UserError as exc:
            outcomes.append(BalanceOutcome(module.id, module.title, None, str(exc)))
        except Exception:
            log.exception("refreshing the balance of processing module %s failed", module.id)
            outcomes.append(
                BalanceOutcome(
                    module.id, module.title, None, _("an unexpected error occurred (see the log file)")
                )
            )
        else:
            outcomes.append(BalanceOutcome(module.id, module.title, balance))
    return outcomes
