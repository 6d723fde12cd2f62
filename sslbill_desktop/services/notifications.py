"""Notification e-mails: what is sent, to whom, in which words — then handed to the outbox.

Kinds (`NotificationKind`):
- to the client, from its provider's notifications address, in the client's language:
  `activation` (the plan's activation template, when a certificate is issued), `renewal_reminder`
  (before expiry), `suspension`, `deletion`;
- to a department's employees (and its head), in the department's task language:
  `low_balance` (a processing module's upstream balance is under its minimal balance) and
  `reissue_due` (a certificate must be reissued before its order's term ends).

The words: the activation notice uses the template the caller names (the plan's); the other
client kinds use the message template chosen for the kind in the workspace (`set_kind_template`),
or else a built-in text. Templates are rendered by `templates.render` with the placeholders of
`placeholders.py`; department alerts always use built-in texts (they name a module, a balance or
a due date, which client templates have no placeholders for). Built-in texts are translated into
the recipient's language from the application's catalogs.

Use, for part B — inside the unit of work of the change being reported (so a rolled-back change
sends nothing), then deliver after the commit::

    with db.uow() as s:
        ...renew...
        message_id = notifications.queue_client_notice(
            s, NotificationKind.RENEWAL_REMINDER, client_id, facts,
            dedupe_key=f"renewal-reminder:{service_id}:{expires_on}", now=now)
    outbox.deliver(db, [message_id] if message_id else [], now)

or in one call outside a unit of work: `notify_client(db, kind, client_id, facts, ...)`.
Facts about the service are a `ServiceFacts`. No permission check here: notifications are side
effects of use cases that checked theirs; the outbox page checks its own.

Many notices at once (the daily run renders hundreds): `client_notice(s, ..., cache=cache)` and
`department_alert(s, ..., cache=cache)` render a message without queueing it, reading what the
messages share — clients, providers, departments, the chosen templates, the default language,
translations — once per `NoticeCache`; `outbox.enqueue_many` then queues them together.
"""

from __future__ import annotations

import gettext
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from email.utils import formataddr
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sslbill_desktop.models.clients import Client
from sslbill_desktop.models.infrastructure import Department, Employee
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.models.settings import WorkspaceSetting
from sslbill_desktop.models.templates import Template
from sslbill_desktop.services import audit, i18n, outbox
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.domains import to_unicode
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.placeholders import render_text
from sslbill_desktop.services.sql_lists import chunks
from sslbill_desktop.services.templates import TemplateKind, TemplateRecord, render

log = logging.getLogger(__name__)

TEMPLATES_SETTING = "notifications.templates"


class NotificationKind(StrEnum):
    ACTIVATION = "activation"
    RENEWAL_REMINDER = "renewal_reminder"
    SUSPENSION = "suspension"
    DELETION = "deletion"
    LOW_BALANCE = "low_balance"
    REISSUE_DUE = "reissue_due"
    TEST = "test"


KIND_LABELS: dict[str, str] = {
    NotificationKind.ACTIVATION: N_("Activation"),
    NotificationKind.RENEWAL_REMINDER: N_("Renewal reminder"),
    NotificationKind.SUSPENSION: N_("Suspension notice"),
    NotificationKind.DELETION: N_("Deletion notice"),
    NotificationKind.LOW_BALANCE: N_("Low balance alert"),
    NotificationKind.REISSUE_DUE: N_("Reissue due"),
    NotificationKind.TEST: N_("Test message"),
}
CLIENT_KINDS: tuple[NotificationKind, ...] = (
    NotificationKind.ACTIVATION,
    NotificationKind.RENEWAL_REMINDER,
    NotificationKind.SUSPENSION,
    NotificationKind.DELETION,
)
DEPARTMENT_KINDS: tuple[NotificationKind, ...] = (NotificationKind.LOW_BALANCE, NotificationKind.REISSUE_DUE)

#: Built-in (subject, body) per kind, English, translated into the recipient's language.
BUILT_IN_TEXTS: dict[NotificationKind, tuple[str, str]] = {
    NotificationKind.ACTIVATION: (
        N_("Your SSL certificate for {domain} is ready"),
        N_(
            "Hello {client_name},\n\nyour {plan} certificate for {domain} has been issued. It is valid "
            "until {expiry_date}.\nDownload it here: {certificate_download_link}\n\nQuestions? Write to "
            "{support_email}.\n\n{provider_name}"
        ),
    ),
    NotificationKind.RENEWAL_REMINDER: (
        N_("Your SSL certificate for {domain} expires on {expiry_date}"),
        N_(
            "Hello {client_name},\n\nthe {plan} certificate for {domain} (order {order_id}) expires on "
            "{expiry_date}. Renewing it for {period} costs {price}; please make sure your balance covers "
            "it.\n\n{billing_url}\n\n{provider_name}"
        ),
    ),
    NotificationKind.SUSPENSION: (
        N_("Your SSL certificate service for {domain} is suspended"),
        N_(
            "Hello {client_name},\n\nthe certificate service for {domain} (order {order_id}) was suspended "
            "because it was not renewed by {expiry_date}. Top up your balance to renew it: {price} for "
            "{period}.\n\n{billing_url}\n\n{provider_name}"
        ),
    ),
    NotificationKind.DELETION: (
        N_("Your SSL certificate service for {domain} was deleted"),
        N_(
            "Hello {client_name},\n\nthe certificate service for {domain} (order {order_id}) has been "
            "deleted.\n\nQuestions? Write to {support_email}.\n\n{provider_name}"
        ),
    ),
    NotificationKind.LOW_BALANCE: (
        N_("Low balance of the processing module {module_name}"),
        N_(
            "The upstream balance of the processing module {module_name} is {balance}, below its minimal "
            "balance of {minimal_balance}. Renewals may fail until the ispmanager account is topped up."
        ),
    ),
    NotificationKind.REISSUE_DUE: (
        N_("Certificate for {domain} must be reissued by {due_date}"),
        N_(
            "The certificate for {domain} (order {order_id}) expires on {expiry_date}, before the order's "
            "term ends on {term_end}. Reissue it by {due_date}."
        ),
    ),
    NotificationKind.TEST: (
        N_("Test message from {provider_name}"),
        N_("This is a test message: the SMTP settings of {provider_name} work."),
    ),
}


@dataclass(frozen=True)
class ServiceFacts:
    """What a client notice says about the service (all optional; a missing one renders blank)."""

    service_id: int | None = None
    domain: str = ""
    plan: str = ""
    period_months: int | None = None
    expiry_date: date | None = None
    price: Decimal | None = None
    currency: str = ""
    order_id: str = ""
    certificate_download_link: str = ""


@dataclass(frozen=True)
class KindTemplate:
    kind: NotificationKind
    template_id: int | None
    template_name: str


# --- words --------------------------------------------------------------------------------------


def _translator(language: str) -> gettext.NullTranslations:
    if language == i18n.DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    languages = [language, language.split("_", maxsplit=1)[0]]
    return gettext.translation(i18n.DOMAIN, localedir=i18n.locales_dir(), languages=languages, fallback=True)


def _babel_locale(language: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language))
    except (ValueError, TypeError, UnknownLocaleError):
        return i18n.DEFAULT_LANGUAGE


def _format_date(value: date | None, language: str) -> str:
    from babel.dates import format_date

    return "" if value is None else str(format_date(value, format="long", locale=_babel_locale(language)))


def _format_money(value: Decimal | None, currency: str, language: str) -> str:
    from babel.numbers import format_currency

    if value is None or not currency:
        return ""
    return str(format_currency(value, currency, locale=_babel_locale(language)))


def _format_period(months: int | None, language: str, words: gettext.NullTranslations | None = None) -> str:
    if not months:
        return ""
    words = words or _translator(language)
    if months % 12 == 0:
        return words.ngettext("{n} year", "{n} years", months // 12).format(n=months // 12)
    return words.ngettext("{n} month", "{n} months", months).format(n=months)


@dataclass(frozen=True)
class _Recipient:
    """A client, as its notices need it."""

    id: int
    name: str
    company: str
    email: str
    language: str
    provider_id: int


@dataclass(frozen=True)
class _Sender:
    """A provider, as the notices it sends need it."""

    id: int
    name: str
    currency: str
    notification_email: str
    support_email: str
    billing_url: str
    help_url: str


@dataclass(frozen=True)
class _DepartmentFacts:
    """A department, as its alerts need it (`sender`: the provider linked to it first, if any)."""

    id: int
    name: str
    task_language: str
    recipients: tuple[str, ...]
    linked_sender: _Sender | None


def _recipient(client: Client) -> _Recipient:
    return _Recipient(
        client.id, client.name, client.company, client.email, client.language, client.provider_id
    )


def _sender_of(provider: Provider) -> _Sender:
    return _Sender(
        provider.id,
        provider.name,
        provider.currency,
        provider.notification_email,
        provider.support_email,
        provider.billing_url,
        provider.help_url,
    )


#: The template chosen for a kind is not a message template any more (deleted or changed).
_GONE = object()


class NoticeCache:
    """What notices share, read once for many of them: clients, providers and departments as
    notices need them, the template chosen per kind, the templates, the default language,
    translations and formatted dates, amounts and periods.

    Keep one for one batch of work (the daily run keeps one per run): a change saved meanwhile —
    a client's address, a template — shows from the next one on. Without a cache every notice
    reads everything anew."""

    def __init__(self) -> None:
        self._clients: dict[int, _Recipient] = {}
        self._providers: dict[int, _Sender | None] = {}
        self._departments: dict[int, _DepartmentFacts] = {}
        self._fallback_sender: _Sender | None = None
        self._fallback_read = False
        self._configured: dict[str, int] | None = None
        self._templates: dict[int, TemplateRecord | object] = {}
        self._default_language: str | None = None
        self._translators: dict[str, gettext.NullTranslations] = {}
        self._texts: dict[tuple[object, ...], str] = {}

    # --- rows ---

    def prime_clients(self, s: Session, client_ids: Iterable[int]) -> None:
        """Read these clients (and their providers) with one query each, ahead of their notices."""
        missing = sorted({int(i) for i in client_ids} - set(self._clients))
        for chunk in chunks(missing):
            for client in s.scalars(select(Client).where(Client.id.in_(chunk))):
                self._clients[client.id] = _recipient(client)
        providers = sorted({c.provider_id for c in self._clients.values()} - set(self._providers))
        if providers:
            for provider in s.scalars(select(Provider).where(Provider.id.in_(providers))):
                self._providers[provider.id] = _sender_of(provider)

    def client(self, s: Session, client_id: int) -> _Recipient:
        found = self._clients.get(client_id)
        if found is None:
            found = self._clients[client_id] = _recipient(load(s, Client, client_id))
        return found

    def provider(self, s: Session, provider_id: int) -> _Sender:
        """The provider (NotFound when it is gone)."""
        found = self._providers.get(provider_id)
        if found is None:
            found = self._providers[provider_id] = _sender_of(load(s, Provider, provider_id))
        return found

    def provider_or_none(self, s: Session, provider_id: int) -> _Sender | None:
        if provider_id not in self._providers:
            row = s.get(Provider, provider_id)
            self._providers[provider_id] = _sender_of(row) if row is not None else None
        return self._providers[provider_id]

    def department(self, s: Session, department_id: int) -> _DepartmentFacts:
        found = self._departments.get(department_id)
        if found is None:
            row = load(s, Department, department_id)
            linked = sorted(row.providers, key=lambda p: p.id)
            found = self._departments[department_id] = _DepartmentFacts(
                row.id,
                pick(row.name, self.default_language(s)),
                row.task_language,
                _department_recipients(s, row),
                _sender_of(linked[0]) if linked else None,
            )
        return found

    def fallback_sender(self, s: Session) -> _Sender | None:
        """The provider that sends a department's alerts when none is named or linked."""
        if not self._fallback_read:
            from sslbill_desktop.models.smtp import SmtpSettings

            with_smtp = s.scalar(
                select(Provider)
                .join(SmtpSettings, SmtpSettings.provider_id == Provider.id)
                .order_by(Provider.id)
            )
            row = with_smtp or s.scalar(select(Provider).order_by(Provider.id))
            self._fallback_sender = _sender_of(row) if row is not None else None
            self._fallback_read = True
        return self._fallback_sender

    # --- settings and templates ---

    def default_language(self, s: Session) -> str:
        if self._default_language is None:
            self._default_language = languages_in(s).default
        return self._default_language

    def configured(self, s: Session) -> dict[str, int]:
        if self._configured is None:
            self._configured = _configured(s)
        return self._configured

    def message_template(self, s: Session, template_id: int) -> TemplateRecord | None:
        """The message template (None: it is gone, or no longer a message template)."""
        if template_id not in self._templates:
            row = s.get(Template, template_id)
            self._templates[template_id] = (
                _template_record(row) if row is not None and row.kind == TemplateKind.MESSAGE.value else _GONE
            )
        found = self._templates[template_id]
        return found if isinstance(found, TemplateRecord) else None

    # --- words ---

    def translator(self, language: str) -> gettext.NullTranslations:
        found = self._translators.get(language)
        if found is None:
            found = self._translators[language] = _translator(language)
        return found

    def date_text(self, value: date | None, language: str) -> str:
        key = ("date", value, language)
        if key not in self._texts:
            self._texts[key] = _format_date(value, language)
        return self._texts[key]

    def money_text(self, value: Decimal | None, currency: str, language: str) -> str:
        key = ("money", value, currency, language)
        if key not in self._texts:
            self._texts[key] = _format_money(value, currency, language)
        return self._texts[key]

    def period_text(self, months: int | None, language: str) -> str:
        key = ("period", months, language)
        if key not in self._texts:
            self._texts[key] = _format_period(months, language, self.translator(language))
        return self._texts[key]


def _client_values(
    client: _Recipient, provider: _Sender, facts: ServiceFacts, cache: NoticeCache
) -> dict[str, str]:
    language = client.language
    return {
        "client_name": client.name,
        "client_company": client.company,
        "client_email": client.email,
        "domain": to_unicode(facts.domain) if facts.domain else "",
        "plan": facts.plan,
        "period": cache.period_text(facts.period_months, language),
        "expiry_date": cache.date_text(facts.expiry_date, language),
        "price": cache.money_text(facts.price, facts.currency or provider.currency, language),
        "order_id": facts.order_id or (str(facts.service_id) if facts.service_id is not None else ""),
        "provider_name": provider.name,
        "support_email": provider.support_email or provider.notification_email,
        "billing_url": provider.billing_url,
        "help_url": provider.help_url,
        "certificate_download_link": facts.certificate_download_link,
    }


def _built_in(
    kind: NotificationKind,
    values: dict[str, str],
    language: str,
    words: gettext.NullTranslations | None = None,
) -> tuple[str, str]:
    words = words or _translator(language)
    subject, body = BUILT_IN_TEXTS[kind]
    return render_text(words.gettext(subject), values), render_text(words.gettext(body), values)


def _template_record(row: Template) -> TemplateRecord:
    return TemplateRecord(
        row.id, TemplateKind(row.kind), row.name, dict(row.subject), dict(row.body), row.version
    )


def _configured(s: Session) -> dict[str, int]:
    setting = s.get(WorkspaceSetting, TEMPLATES_SETTING)
    value = setting.value if setting is not None else None
    if not isinstance(value, dict):
        return {}
    return {str(k): int(v) for k, v in value.items() if isinstance(v, int) and not isinstance(v, bool)}


def _words_for_client(
    s: Session,
    kind: NotificationKind,
    template_id: int | None,
    values: dict[str, str],
    language: str,
    cache: NoticeCache,
) -> tuple[str, str]:
    chosen = template_id if template_id is not None else cache.configured(s).get(kind.value)
    record = cache.message_template(s, chosen) if chosen is not None else None
    if record is not None:
        rendered = render(record, values, language=language, default_language=cache.default_language(s))
        if rendered.body:
            return rendered.subject, rendered.body
    elif chosen is not None:
        log.warning("notification template %s for %s is gone; using the built-in text", chosen, kind.value)
    return _built_in(kind, values, language, cache.translator(language))


def _sender(provider: Provider | _Sender) -> str:
    return formataddr((provider.name, provider.notification_email))


# --- client notices -----------------------------------------------------------------------------


def _client_kind(kind: NotificationKind | str) -> NotificationKind:
    try:
        chosen = NotificationKind(str(kind))
    except ValueError:
        raise ValueError(f"not a notification kind: {kind!r}") from None
    if chosen not in CLIENT_KINDS:
        raise ValueError(f"{chosen.value} is not sent to clients")
    return chosen


def client_notice(
    s: Session,
    kind: NotificationKind | str,
    client_id: int,
    facts: ServiceFacts,
    *,
    template_id: int | None = None,
    dedupe_key: str | None = None,
    cache: NoticeCache | None = None,
) -> outbox.OutgoingMail:
    """A client notice, rendered, not queued yet (`outbox.enqueue` or `enqueue_many` queue it)."""
    chosen = _client_kind(kind)
    cache = cache or NoticeCache()
    client = cache.client(s, client_id)
    provider = cache.provider(s, client.provider_id)
    values = _client_values(client, provider, facts, cache)
    subject, body = _words_for_client(s, chosen, template_id, values, client.language, cache)
    return outbox.OutgoingMail(
        kind=chosen.value,
        sender=_sender(provider),
        recipients=(client.email,),
        subject=subject,
        body=body,
        language=client.language,
        provider_id=provider.id,
        client_id=client.id,
        service_id=facts.service_id,
        dedupe_key=dedupe_key,
    )


def queue_client_notice(
    s: Session,
    kind: NotificationKind | str,
    client_id: int,
    facts: ServiceFacts,
    *,
    template_id: int | None = None,
    dedupe_key: str | None = None,
    now: datetime | None = None,
    cache: NoticeCache | None = None,
) -> int | None:
    """Render and queue a client notice in the caller's unit of work; the outbox id (None when
    `dedupe_key` was queued before). Deliver it after the commit (`outbox.deliver`)."""
    mail = client_notice(
        s, kind, client_id, facts, template_id=template_id, dedupe_key=dedupe_key, cache=cache
    )
    return outbox.enqueue(s, mail, now=now)


def notify_client(
    db: Database,
    kind: NotificationKind | str,
    client_id: int,
    facts: ServiceFacts,
    *,
    template_id: int | None = None,
    dedupe_key: str | None = None,
    now: datetime | None = None,
) -> int | None:
    """Queue a client notice and try to send it at once; the outbox id (None: already queued)."""
    with db.uow() as s:
        message_id = queue_client_notice(
            s, kind, client_id, facts, template_id=template_id, dedupe_key=dedupe_key, now=now
        )
    if message_id is not None:
        outbox.deliver(db, [message_id], now)
    return message_id


def send_activation(
    db: Database, client_id: int, facts: ServiceFacts, *, template_id: int | None, now: datetime | None = None
) -> int | None:
    """The plan's activation notice (`template_id`: the plan's activation template), once per service."""
    key = f"activation:{facts.service_id}" if facts.service_id is not None else None
    return notify_client(
        db, NotificationKind.ACTIVATION, client_id, facts, template_id=template_id, dedupe_key=key, now=now
    )


# --- department alerts --------------------------------------------------------------------------


def _department_recipients(s: Session, department: Department) -> tuple[str, ...]:
    from sslbill_desktop.models.infrastructure import employee_departments

    addresses: dict[str, None] = {}
    members = s.scalars(
        select(Employee)
        .join(employee_departments, employee_departments.c.employee_id == Employee.id)
        .where(employee_departments.c.department_id == department.id)
        .order_by(Employee.id)
    )
    for employee in members:
        if employee.email:
            addresses[employee.email] = None
    if department.head_employee_id is not None:
        head = s.get(Employee, department.head_employee_id)
        if head is not None and head.email:
            addresses[head.email] = None
    return tuple(addresses)


def department_alert(
    s: Session,
    kind: NotificationKind | str,
    department_id: int,
    values: dict[str, Any],
    *,
    provider_id: int | None = None,
    service_id: int | None = None,
    dedupe_key: str | None = None,
    cache: NoticeCache | None = None,
) -> outbox.OutgoingMail | None:
    """A department alert (built-in text, the department's task language), rendered, not queued
    yet; None when the department has nobody with an e-mail address or there is no provider to
    send it (logged)."""
    chosen = NotificationKind(str(kind))
    if chosen not in DEPARTMENT_KINDS:
        raise ValueError(f"{chosen.value} is not sent to departments")
    cache = cache or NoticeCache()
    department = cache.department(s, department_id)
    if provider_id is not None:
        provider = cache.provider_or_none(s, provider_id)
    else:
        provider = department.linked_sender or cache.fallback_sender(s)
    if not department.recipients or provider is None:
        log.warning(
            "%s alert for department %s not queued: no recipient or no provider",
            chosen.value,
            department.name,
        )
        return None
    language = department.task_language
    texts = {k: str(v) for k, v in values.items()} | {
        "department": department.name,
        "provider_name": provider.name,
    }
    subject, body = _built_in(chosen, texts, language, cache.translator(language))
    return outbox.OutgoingMail(
        kind=chosen.value,
        sender=_sender(provider),
        recipients=department.recipients,
        subject=subject,
        body=body,
        language=language,
        provider_id=provider.id,
        department_id=department.id,
        service_id=service_id,
        dedupe_key=dedupe_key,
    )


def queue_department_alert(
    s: Session,
    kind: NotificationKind | str,
    department_id: int,
    values: dict[str, Any],
    *,
    provider_id: int | None = None,
    service_id: int | None = None,
    dedupe_key: str | None = None,
    now: datetime | None = None,
    cache: NoticeCache | None = None,
) -> int | None:
    """Queue a department alert (built-in text, the department's task language). None when it was
    queued before, or when the department has nobody with an e-mail address (logged)."""
    mail = department_alert(
        s,
        kind,
        department_id,
        values,
        provider_id=provider_id,
        service_id=service_id,
        dedupe_key=dedupe_key,
        cache=cache,
    )
    return outbox.enqueue(s, mail, now=now) if mail is not None else None


def low_balance_alert(
    db: Database, module_id: int, *, balance: Decimal, on: date, now: datetime | None = None
) -> int | None:
    """Tell the module's department that the upstream balance is under the module's minimal
    balance; at most once per module and day `on`. None when the module has no department."""
    with db.uow() as s:
        module = load(s, ProcessingModule, module_id)
        if module.department_id is None:
            log.warning("processing module %s has no department for its low-balance alert", module.id)
            return None
        language = s.get(Department, module.department_id)
        task_language = language.task_language if language is not None else i18n.DEFAULT_LANGUAGE
        currency = module.upstream_currency
        values = {
            "module_name": pick(module.name, languages_in(s).default),
            "balance": _format_money(balance, currency, task_language) if currency else str(balance),
            "minimal_balance": (
                _format_money(module.minimal_balance, currency, task_language)
                if currency and module.minimal_balance is not None
                else str(module.minimal_balance or "")
            ),
        }
        message_id = queue_department_alert(
            s,
            NotificationKind.LOW_BALANCE,
            module.department_id,
            values,
            dedupe_key=f"low-balance:{module.id}:{on.isoformat()}",
            now=now,
        )
    if message_id is not None:
        outbox.deliver(db, [message_id], now)
    return message_id


def reissue_due_reminder(
    db: Database,
    department_id: int,
    *,
    service_id: int,
    domain: str,
    expiry_date: date,
    term_end: date,
    due_date: date,
    provider_id: int | None = None,
    now: datetime | None = None,
) -> int | None:
    """Remind the department that a certificate must be reissued by `due_date` (once per service
    and certificate expiry)."""
    with db.uow() as s:
        department = load(s, Department, department_id)
        language = department.task_language
        values = {
            "domain": to_unicode(domain),
            "order_id": str(service_id),
            "expiry_date": _format_date(expiry_date, language),
            "term_end": _format_date(term_end, language),
            "due_date": _format_date(due_date, language),
        }
        message_id = queue_department_alert(
            s,
            NotificationKind.REISSUE_DUE,
            department.id,
            values,
            provider_id=provider_id,
            service_id=service_id,
            dedupe_key=f"reissue-due:{service_id}:{expiry_date.isoformat()}",
            now=now,
        )
    if message_id is not None:
        outbox.deliver(db, [message_id], now)
    return message_id


# --- settings and tests -------------------------------------------------------------------------


def kind_templates(db: Database, actor: Actor) -> list[KindTemplate]:
    """The message template chosen for each client kind (None: the built-in text)."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        chosen = _configured(s)
        result = []
        for kind in CLIENT_KINDS:
            template_id = chosen.get(kind.value)
            row = s.get(Template, template_id) if template_id is not None else None
            result.append(KindTemplate(kind, row.id if row else None, row.name if row else ""))
        return result


def set_kind_template(
    db: Database, actor: Actor, kind: NotificationKind | str, template_id: int | None
) -> None:
    """Choose the message template for a client kind (None: back to the built-in text). For the
    activation notice this is the fallback when the plan names no template."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    try:
        chosen = _client_kind(kind)
    except ValueError:
        raise ValidationError("kind", _("not a client notification: {kind}").format(kind=kind)) from None
    with db.uow() as s:
        if template_id is not None:
            row = s.get(Template, template_id)
            if row is None or row.kind != TemplateKind.MESSAGE.value:
                raise ValidationError("template_id", _("choose a message template"))
        setting = s.get(WorkspaceSetting, TEMPLATES_SETTING)
        current = _configured(s)
        before = dict(current)
        if template_id is None:
            current.pop(chosen.value, None)
        else:
            current[chosen.value] = template_id
        if setting is None:
            s.add(WorkspaceSetting(key=TEMPLATES_SETTING, value=current))
        else:
            setting.value = current
        s.flush()
        audit.record(
            s,
            actor,
            "update",
            "notification_templates",
            None,
            before=before,
            after=current,
            summary=chosen.value,
        )


def send_test_message(
    db: Database, actor: Actor, provider_id: int, recipient: str, now: datetime | None = None
) -> int:
    """Queue and send a test message from the provider to `recipient`; the outbox id. The result
    shows in the outbox (sent, or queued with the reason)."""
    from sslbill_desktop.services import fields

    require(actor, Permission.CHANGE_CONFIGURATION)
    address = fields.email("recipient", recipient, required=True)
    with db.uow() as s:
        provider = load(s, Provider, provider_id)
        language = i18n.current_language() if i18n.current_language() != i18n.PSEUDO_LANGUAGE else "en"
        subject, body = _built_in(NotificationKind.TEST, {"provider_name": provider.name}, language)
        message_id = outbox.enqueue(
            s,
            outbox.OutgoingMail(
                kind=NotificationKind.TEST.value,
                sender=_sender(provider),
                recipients=(address,),
                subject=subject,
                body=body,
                language=language,
                provider_id=provider.id,
            ),
            now=now,
        )
        audit.record(s, actor, "send_test", "outbox", message_id, summary=address)
    if message_id is None:  # no dedupe key: always queued
        raise UserError(_("The test message could not be queued."))
    outbox.deliver(db, [message_id], now)
    return message_id
