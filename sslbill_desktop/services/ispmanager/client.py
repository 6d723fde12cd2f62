"""The ispmanager billing API client (BILLmanager 6 at `<URL>/billmgr`, `out=json`).

One `IspmanagerClient` per processing module, holding one `requests.Session` (keep-alive, one
User-Agent). Calls that change nothing are sent with GET and retried with backoff by urllib3 on
connection errors, read errors and 502/503/504/500; calls that change something — purchases first of
all — are sent with POST and never retried by the transport: for those, an unknown outcome is the
journal's business (`services/journal.py`). The password travels only in the body of `func=auth`;
later calls carry the session id (`auth=SID`). An expired session is renewed once, transparently.

The names of the upstream's functions and fields live in the tables below, so that a difference
from the real service is a one-line change.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
)
from urllib3.util.retry import Retry

from sslbill_desktop import __version__
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ispmanager import redaction
from sslbill_desktop.services.ispmanager.envelope import (
    EnvelopeError,
    ErrorInfo,
    Node,
    attr,
    child,
    child_text,
    decimal,
    elements,
    error_of,
    parse_document,
    text,
    total_elements,
)
from sslbill_desktop.services.ispmanager.errors import (
    REASON_CONNECT_TIMEOUT,
    REASON_HOST_NOT_FOUND,
    REASON_HTTP_STATUS,
    REASON_NETWORK,
    REASON_READ_TIMEOUT,
    REASON_REFUSED,
    REASON_RESET,
    REASON_TLS,
    AccessDenied,
    BadCredentials,
    NotEnoughMoney,
    ProtocolError,
    TwoFactorEnabled,
    UpstreamError,
    UpstreamNotFound,
    UpstreamRefused,
    UpstreamUnavailable,
    UpstreamValueError,
)
from sslbill_desktop.services.ispmanager.records import (
    Account,
    Certificate,
    CertificateDetails,
    CertificateOrder,
    Contact,
    IssuedCertificate,
    OrderResult,
    PriceListEntry,
    PricePeriod,
    RenewResult,
)

log = logging.getLogger(__name__)

# --- the table of upstream names ---------------------------------------------------------------

#: Where the API lives below the module's URL.
API_PATH = "/billmgr"
#: Our name of a call -> the upstream's `func`.
FUNCTIONS: dict[str, str] = {
    "auth": "auth",
    "whoami": "whoami",
    "pricelist": "pricelist.export",
    "order": "certificate.order.param",
    "certificates": "certificate",
    "details": "certificate.edit",
    "edit": "certificate.edit",
    "reissue": "certificate.reissue",
    "renew": "service.prolong",
    "delete": "certificate.delete",
    "download": "certificate.file",
}
#: Extra fixed fields of some calls.
FIXED_FIELDS: dict[str, dict[str, str]] = {
    "pricelist": {"itemtype": "certificate", "onlyavailable": "yes"},
    "order": {"sok": "ok", "skipbasket": "on"},
    "edit": {"sok": "ok"},
    "reissue": {"sok": "ok"},
    "renew": {"sok": "ok"},
    "delete": {"sok": "ok"},
}
#: Paging fields of list calls and the total the reply gives.
PAGE_NUMBER_FIELD = "p_num"
PAGE_SIZE_FIELD = "p_cnt"
#: An account balance at or beyond this (in either direction) is a garbled reply, not money (and
#: would not fit the database's money columns).
MAX_BALANCE = Decimal(10) ** 12
#: The element holding list rows, per call.
LIST_KEYS: dict[str, str] = {"pricelist": "pricelist", "certificates": "elem"}
#: The fields of a certificate row (list and details): our name -> the upstream's.
CERTIFICATE_FIELDS: dict[str, str] = {
    "id": "id",
    "cn": "CN",
    "sans": "altname",
    "pricelist_id": "pricelist",
    "pricelist_name": "pricelist_name",
    "created": "createdate",
    "expires": "expiredate",
    "status": "item_status",
    "status_text": "status_msg",
    "csr": "csr",
    "approver_email": "approver_email_1",
}
#: The fields of an order: our name -> the upstream's.
ORDER_FIELDS: dict[str, str] = {
    "pricelist_id": "pricelist",
    "period_months": "period",
    "common_name": "CN",
    "sans": "altname",
    "csr": "csr",
    "approver_email": "approver_email_1",
    "country": "field_country",
    "state": "ST",
    "locality": "L",
    "organization": "O",
    "organization_unit": "OU",
    "email": "emailAddress",
}
#: Contact fields; the prefix is `adm_` or `tech_`.
CONTACT_PREFIXES = {"admin": "adm_", "tech": "tech_"}
CONTACT_FIELDS: dict[str, str] = {
    "first_name": "fname",
    "last_name": "lname",
    "job_title": "jtitle",
    "email": "email",
    "phone": "phone",
}
#: Keys of replies: the new item's id after an order, the expiry after a renewal, the files.
ORDER_ID_KEYS = ("id", "elid")
RENEW_EXPIRY_KEY = "expiredate"
DOWNLOAD_CERTIFICATE_KEY = "crt"
DOWNLOAD_CHAIN_KEY = "ca"
#: `doc.error` `$type` values.
SESSION_ERROR_TYPES = frozenset({"access", "auth"})
LOGIN_ERROR_TYPES = frozenset({"auth", "access"})
TWO_FACTOR_MARKERS = ("totp", "2fa", "otp", "twofactor")
VALUE_ERROR_TYPES = frozenset({"value", "missed", "invalid"})
NOT_ENOUGH_MONEY_TYPES = frozenset({"not_enough_money", "notenoughmoney", "balance", "money"})
NOT_FOUND_TYPES = frozenset({"missing", "notfound", "not_found"})
#: `param` names of a not-enough-money error.
MONEY_PARAMS = {"amount": "amount", "have": "have", "currency": "currency"}
#: The time zone of the upstream's dates.
UPSTREAM_TIME_ZONE: tzinfo = UTC
DATE_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
DATE_FORMAT = "%Y-%m-%d"
#: Upper bound on pages of one list, against a server that pages forever.
MAX_PAGES = 10_000

USER_AGENT = f"sslbill-desktop/{__version__}"
#: Transport failures worth a retry for calls that change nothing.
RETRY_STATUSES = frozenset({500, 502, 503, 504})


@dataclass(frozen=True)
class ClientSettings:
    """Timeouts and retries; tests use small values, the defaults suit the real service."""

    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    #: Retries of a read-only call (connection, read and 5xx failures each count).
    read_retries: int = 3
    backoff_factor: float = 0.5
    backoff_max: float = 10.0
    page_size: int = 200


class _ReadOnlyRetry(Retry):
    """urllib3's Retry that never retries a method outside `allowed_methods` — not even a failed
    connect, so that a POST is sent at most once by the transport, whatever happens."""

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> _ReadOnlyRetry:
        if method is not None and not self._is_method_retryable(method):
            return cast(_ReadOnlyRetry, Retry(0, read=False).increment(method, url, *args, **kwargs))
        return super().increment(method, url, *args, **kwargs)


class _Secret:
    """A password that never shows itself in a repr, a str or a traceback's locals."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__


def _host_of(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or url
    return f"{host}:{parts.port}" if parts.port else host


def api_url(base_url: str) -> str:
    """The API endpoint for a processing module's URL (with or without `/billmgr`)."""
    base = base_url.strip().rstrip("/")
    return base if base.endswith(API_PATH) else base + API_PATH


def _split_names(value: str) -> tuple[str, ...]:
    return tuple(n for n in re.split(r"[\s,;]+", value.strip()) if n)


def _parse_datetime(value: str) -> tuple[datetime | None, bool]:
    value = value.strip()
    if not value:
        return None, False
    for fmt in DATE_TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UPSTREAM_TIME_ZONE).astimezone(UTC), False
        except ValueError:
            continue
    try:
        day = datetime.strptime(value, DATE_FORMAT)
    except ValueError:
        raise EnvelopeError(_("the date '{value}' cannot be read").format(value=value)) from None
    return day.replace(tzinfo=UPSTREAM_TIME_ZONE).astimezone(UTC), True


def _parse_date(value: str) -> date | None:
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value[:10], DATE_FORMAT).date()
    except ValueError:
        raise EnvelopeError(_("the date '{value}' cannot be read").format(value=value)) from None


def _parse_int(value: str, what: str) -> int:
    try:
        return int(value.strip() or "0")
    except ValueError:
        raise EnvelopeError(_("{what} is not a number").format(what=what)) from None


def parse_certificate(node: Node) -> Certificate:
    """One certificate row (a list element or a details document)."""
    f = CERTIFICATE_FIELDS
    cert_id = child_text(node, f["id"]).strip() or attr(node, "id").strip()
    if not cert_id:
        raise EnvelopeError(_("the key '{key}' is missing").format(key=f["id"]))
    cn = child_text(node, f["cn"]).strip()
    sans = tuple(n for n in _split_names(child_text(node, f["sans"])) if n.lower() != cn.lower())
    created, date_only = _parse_datetime(child_text(node, f["created"]))
    return Certificate(
        id=cert_id,
        cn=cn,
        sans=sans,
        pricelist_id=child_text(node, f["pricelist_id"]).strip(),
        pricelist_name=child_text(node, f["pricelist_name"]).strip(),
        created=created,
        expires=_parse_date(child_text(node, f["expires"])),
        status=_parse_int(child_text(node, f["status"]), f["status"]),
        status_text=child_text(node, f["status_text"]).strip(),
        created_date_only=date_only,
    )


def parse_siteinfo(value: str) -> dict[str, str]:
    """`k=v,k=v` into a dict (a key without `=` maps to "")."""
    info: dict[str, str] = {}
    for part in value.split(","):
        if not part.strip():
            continue
        key, _sep, val = part.partition("=")
        info[key.strip()] = val.strip()
    return info


def parse_price_list_entry(node: Node) -> PriceListEntry:
    entry_id = attr(node, "id").strip() or child_text(node, "id").strip()
    if not entry_id:
        raise EnvelopeError(_("the attribute '${name}' is missing").format(name="id"))
    periods: list[PricePeriod] = []
    currency = ""
    price_node = node.get("price")
    if price_node is not None:
        price = child(node, "price")
        currency = attr(price, "currency").strip()
        for period in elements(price, "period"):
            unit = attr(period, "type").strip() or "month"
            length = _parse_int(attr(period, "length"), "period length")
            months = length * 12 if unit == "year" else length
            if unit not in ("month", "year") or months <= 0:
                continue
            raw_cost = attr(period, "cost").strip()
            cost = decimal(raw_cost, f"the cost of {entry_id}") if raw_cost else None
            periods.append(PricePeriod(months, cost))
    periods.sort(key=lambda p: p.months)
    return PriceListEntry(
        id=entry_id,
        name=child_text(node, "name").strip() or attr(node, "name").strip(),
        siteinfo=parse_siteinfo(child_text(node, "siteinfo")),
        periods=tuple(periods),
        currency=currency,
    )


def _contact_fields(role: str, contact: Contact) -> dict[str, str]:
    prefix = CONTACT_PREFIXES[role]
    return {prefix + upstream: getattr(contact, ours) for ours, upstream in CONTACT_FIELDS.items()}


def _contact_of(node: Node, role: str) -> Contact:
    prefix = CONTACT_PREFIXES[role]
    values = {ours: child_text(node, prefix + upstream).strip() for ours, upstream in CONTACT_FIELDS.items()}
    return Contact(**values)


def order_fields(order: CertificateOrder) -> dict[str, str]:
    """The form fields of an order (no secrets: the CSR is public, the key never leaves)."""
    f = ORDER_FIELDS
    fields = {
        f["pricelist_id"]: order.pricelist_id,
        f["period_months"]: str(order.period_months),
        f["common_name"]: order.common_name,
        f["sans"]: " ".join(order.sans),
        f["csr"]: order.csr,
        f["approver_email"]: order.approver_email,
        f["country"]: order.country,
        f["state"]: order.state,
        f["locality"]: order.locality,
        f["organization"]: order.organization,
        f["organization_unit"]: order.organization_unit,
        f["email"]: order.email,
    }
    fields.update(_contact_fields("admin", order.admin))
    fields.update(_contact_fields("tech", order.tech))
    return fields


class IspmanagerClient:
    """A signed-in conversation with one ispmanager billing account. Thread-safe."""

    def __init__(
        self, url: str, username: str, password: str, *, settings: ClientSettings | None = None
    ) -> None:
        self.url = api_url(url)
        self.host = _host_of(self.url)
        self.username = username
        self.settings = settings or ClientSettings()
        self._password = _Secret(password)
        redaction.install()
        redaction.register_secret(password)
        self._lock = threading.Lock()
        self._sid: str | None = None
        self._session = self._make_session()

    def __repr__(self) -> str:
        return f"IspmanagerClient(url={self.url!r}, username={self.username!r})"

    def _make_session(self) -> requests.Session:
        s = self.settings
        retry = _ReadOnlyRetry(
            total=s.read_retries,
            connect=s.read_retries,
            read=s.read_retries,
            status=s.read_retries,
            other=0,
            redirect=0,
            backoff_factor=s.backoff_factor,
            backoff_max=s.backoff_max,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET"}),
            raise_on_status=False,
            raise_on_redirect=False,
            respect_retry_after_header=False,
        )
        session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry, pool_connections=1, pool_maxsize=8)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        return session

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> IspmanagerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def matches(self, url: str, username: str, password: str) -> bool:
        """True when this client was built for these connection settings."""
        return self.url == api_url(url) and self.username == username and self._password.reveal() == password

    # --- transport -----------------------------------------------------------------------------

    def _exchange(self, fields: Mapping[str, str], *, write: bool) -> Node:
        """One HTTP request; the reply's `doc`, or an `UpstreamError` for transport failures."""
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        func = fields.get("func", "")
        log.debug("upstream %s: %s %s", self.host, "POST" if write else "GET", func)
        try:
            if write:
                response = self._session.post(
                    self.url, data=dict(fields), timeout=timeout, allow_redirects=False
                )
            else:
                response = self._session.get(
                    self.url, params=dict(fields), timeout=timeout, allow_redirects=False
                )
        except requests.ConnectTimeout:
            raise UpstreamUnavailable(self.host, _(REASON_CONNECT_TIMEOUT), request_sent=False) from None
        except requests.ReadTimeout:
            raise UpstreamUnavailable(self.host, _(REASON_READ_TIMEOUT), request_sent=True) from None
        except requests.exceptions.SSLError:
            raise UpstreamUnavailable(self.host, _(REASON_TLS), request_sent=False) from None
        except requests.ConnectionError as exc:
            reason, sent = _connection_failure(exc)
            raise UpstreamUnavailable(self.host, reason, request_sent=sent) from None
        except requests.RequestException:
            raise UpstreamUnavailable(self.host, _(REASON_NETWORK), request_sent=True) from None
        status = response.status_code
        log.debug("upstream %s: %s answered HTTP %s", self.host, func, status)
        if status >= 500:
            raise UpstreamUnavailable(
                self.host, _(REASON_HTTP_STATUS).format(status=status), request_sent=True, status=status
            )
        if 300 <= status < 400:
            raise ProtocolError(
                self.host,
                _("it redirects to {location}: use that address").format(
                    location=_host_of(response.headers.get("Location", "")) or "?"
                ),
            )
        if status >= 400:
            raise ProtocolError(self.host, _("HTTP error {status}").format(status=status))
        try:
            return parse_document(response.content, response.headers.get("Content-Type", ""))
        except EnvelopeError as exc:
            raise ProtocolError(self.host, exc.detail) from None

    def _login(self) -> str:
        """Sign in with `func=auth` (POST: the password stays out of every URL); the session id."""
        fields = {
            "func": FUNCTIONS["auth"],
            "username": self.username,
            "password": self._password.reveal(),
            "out": "json",
        }
        doc = self._exchange(fields, write=True)
        error = self._checked(error_of, doc)
        if error is not None:
            marker = f"{error.type} {error.object}".lower()
            if any(m in marker for m in TWO_FACTOR_MARKERS):
                raise TwoFactorEnabled()
            if error.type in LOGIN_ERROR_TYPES:
                raise BadCredentials()
            raise self._error(error)
        auth = doc.get("auth")
        sid = ""
        if isinstance(auth, Mapping):
            sid = attr(auth, "id").strip() or text(auth).strip()
        elif isinstance(auth, str):
            sid = auth.strip()
        if not sid:
            raise ProtocolError(self.host, _("the sign-in reply has no session id"))
        redaction.register_secret(sid)
        log.debug("upstream %s: signed in as %s", self.host, self.username)
        return sid

    def _session_id(self) -> str:
        with self._lock:
            if self._sid is None:
                self._sid = self._login()
            return self._sid

    def _renew_session(self, stale: str) -> None:
        with self._lock:
            if self._sid == stale:
                self._sid = None

    def _checked(self, parse: Any, *args: Any) -> Any:
        try:
            return parse(*args)
        except EnvelopeError as exc:
            raise ProtocolError(self.host, exc.detail) from None

    def _error(self, error: ErrorInfo) -> UpstreamError:
        """Our error type for an upstream `doc.error`."""
        kind = error.type.lower()
        if kind in NOT_ENOUGH_MONEY_TYPES:
            p = error.params
            try:
                amount = (
                    decimal(p[MONEY_PARAMS["amount"]], "amount") if p.get(MONEY_PARAMS["amount"]) else None
                )
                have = decimal(p[MONEY_PARAMS["have"]], "have") if p.get(MONEY_PARAMS["have"]) else None
            except EnvelopeError:
                amount = have = None
            return NotEnoughMoney(amount, have, p.get(MONEY_PARAMS["currency"], "").strip())
        if kind in VALUE_ERROR_TYPES:
            return UpstreamValueError(error.object or error.params.get("name", "") or "?", error.message)
        if kind in NOT_FOUND_TYPES:
            return UpstreamNotFound(error.object or error.message)
        if kind in SESSION_ERROR_TYPES:
            return AccessDenied(error.message)
        return UpstreamRefused(error.type, error.message)

    def call(self, name: str, fields: Mapping[str, str] | None = None, *, write: bool) -> Node:
        """Call the upstream function called `name` in `FUNCTIONS` with a session, renewing an
        expired session once; the reply's `doc`, or the matching `UpstreamError`."""
        payload = {"func": FUNCTIONS[name], "out": "json", **FIXED_FIELDS.get(name, {}), **(fields or {})}
        renewed = False
        while True:
            sid = self._session_id()
            doc = self._exchange({**payload, "auth": sid}, write=write)
            error = self._checked(error_of, doc)
            if error is None:
                return doc
            if error.type in SESSION_ERROR_TYPES and not renewed:
                log.info("upstream %s: session expired, signing in again", self.host)
                self._renew_session(sid)
                renewed = True
                continue
            raise self._error(error)

    def _paged(self, name: str, fields: Mapping[str, str] | None = None) -> list[Node]:
        """Every row of a list call, page by page (`p_num`/`p_cnt`, total in `p_elems`)."""
        key = LIST_KEYS[name]
        size = max(1, self.settings.page_size)
        rows: list[Node] = []
        previous_first: Node | None = None
        for page in range(1, MAX_PAGES + 1):
            doc = self.call(
                name,
                {**(fields or {}), PAGE_NUMBER_FIELD: str(page), PAGE_SIZE_FIELD: str(size)},
                write=False,
            )
            batch: list[Node] = self._checked(elements, doc, key)
            total: int | None = self._checked(total_elements, doc)
            if total is None and key not in doc:
                # Neither rows nor a count: a damaged reply, not an empty list. Taking it for an
                # empty list would make reconciliation buy again what was bought (the fault suite
                # found this with a reply stripped of its content).
                raise ProtocolError(self.host, _("the key '{key}' is missing").format(key=key))
            # A server that ignores paging sends the first page again.
            repeated = bool(batch) and previous_first is not None and batch[0] == previous_first
            if total is None:
                if repeated:
                    return rows
                rows.extend(batch)
                if len(batch) < size:
                    return rows
            else:
                if not repeated:
                    rows.extend(batch)
                if len(rows) >= total:
                    return rows
                if not batch or repeated:
                    raise ProtocolError(
                        self.host,
                        _("the list ended after {got} of {total} rows").format(got=len(rows), total=total),
                    )
            previous_first = batch[0] if batch else None
        return rows

    # --- the API -------------------------------------------------------------------------------

    def verify(self) -> Account:
        """Sign in afresh and read the account: the check the processing-module wizard runs."""
        with self._lock:
            self._sid = None
        return self.whoami()

    def whoami(self) -> Account:
        doc = self.call("whoami", write=False)

        def parse(doc: Node) -> Account:
            user = child(doc, "user")
            balance_text = attr(user, "balance").strip() or child_text(user, "balance").strip()
            if not balance_text:
                raise EnvelopeError(_("the attribute '${name}' is missing").format(name="balance"))
            balance = decimal(balance_text, "balance")
            if abs(balance) >= MAX_BALANCE:
                raise EnvelopeError(
                    _("the balance is not a plausible amount: {value}").format(value=balance_text)
                )
            currency = (attr(user, "currency").strip() or child_text(user, "currency").strip()).upper()
            if currency and not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
                raise EnvelopeError(
                    _("the currency is not a currency code: {value}").format(value=currency[:20])
                )
            return Account(
                name=attr(user, "name").strip() or child_text(user, "name").strip() or self.username,
                balance=balance,
                currency=currency,
            )

        account: Account = self._checked(parse, doc)
        return account

    def price_list(self) -> list[PriceListEntry]:
        """Every certificate plan the account can buy, all pages."""
        rows = self._paged("pricelist")
        return [self._checked(parse_price_list_entry, row) for row in rows]

    def certificates(self) -> list[Certificate]:
        """Every certificate of the account, all pages."""
        rows = self._paged("certificates")
        return [self._checked(parse_certificate, row) for row in rows]

    def certificate(self, certificate_id: str) -> CertificateDetails:
        doc = self.call("details", {"elid": certificate_id}, write=False)

        def parse(doc: Node) -> CertificateDetails:
            node = (
                doc if CERTIFICATE_FIELDS["id"] in doc else {**doc, CERTIFICATE_FIELDS["id"]: certificate_id}
            )
            return CertificateDetails(
                certificate=parse_certificate(node),
                csr=child_text(doc, CERTIFICATE_FIELDS["csr"]),
                approver_email=child_text(doc, CERTIFICATE_FIELDS["approver_email"]).strip(),
                admin=_contact_of(doc, "admin"),
                tech=_contact_of(doc, "tech"),
            )

        details: CertificateDetails = self._checked(parse, doc)
        return details

    def order_certificate(self, order: CertificateOrder) -> OrderResult:
        """Buy a certificate, paid from the account at once (`skipbasket`). Sent once: an unknown
        outcome raises and must be reconciled (see `services/journal.py`), never resent blindly."""
        doc = self.call("order", order_fields(order), write=True)

        def parse(doc: Node) -> OrderResult:
            for key in ORDER_ID_KEYS:
                value = child_text(doc, key).strip()
                if value:
                    return OrderResult(value)
            raise EnvelopeError(_("the key '{key}' is missing").format(key=ORDER_ID_KEYS[0]))

        result: OrderResult = self._checked(parse, doc)
        return result

    def renew_certificate(self, certificate_id: str, period_months: int) -> RenewResult:
        """Prolong a certificate (spends money; sent once, like an order)."""
        doc = self.call("renew", {"elid": certificate_id, "period": str(period_months)}, write=True)
        expires: date | None = self._checked(_parse_date, child_text(doc, RENEW_EXPIRY_KEY))
        return RenewResult(certificate_id, expires)

    def edit_contacts(self, certificate_id: str, admin: Contact, tech: Contact) -> None:
        fields = {"elid": certificate_id, **_contact_fields("admin", admin), **_contact_fields("tech", tech)}
        self.call("edit", fields, write=True)

    def reissue_certificate(self, certificate_id: str, csr: str) -> None:
        self.call("reissue", {"elid": certificate_id, CERTIFICATE_FIELDS["csr"]: csr}, write=True)

    def delete_certificate(self, certificate_id: str) -> None:
        self.call("delete", {"elid": certificate_id}, write=True)

    def download_certificate(self, certificate_id: str) -> IssuedCertificate:
        doc = self.call("download", {"elid": certificate_id}, write=False)
        pem = child_text(doc, DOWNLOAD_CERTIFICATE_KEY).strip()
        if "BEGIN CERTIFICATE" not in pem:
            raise ProtocolError(self.host, _("the reply has no PEM certificate"))
        chain = child_text(doc, DOWNLOAD_CHAIN_KEY).strip()
        return IssuedCertificate(pem + "\n", chain + "\n" if chain else "")


def _connection_failure(exc: requests.ConnectionError) -> tuple[str, bool]:
    """Why a connection failed, and whether the request may have reached the server."""
    cause: BaseException | None = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
    if isinstance(cause, MaxRetryError) and cause.reason is not None:
        cause = cause.reason
    if isinstance(cause, NameResolutionError):
        return _(REASON_HOST_NOT_FOUND), False
    if isinstance(cause, NewConnectionError):
        return _(REASON_REFUSED), False
    if isinstance(cause, ConnectTimeoutError):
        return _(REASON_CONNECT_TIMEOUT), False
    if isinstance(cause, ReadTimeoutError):
        return _(REASON_READ_TIMEOUT), True
    return _(REASON_RESET), True


__all__ = [
    "FUNCTIONS",
    "USER_AGENT",
    "ClientSettings",
    "IspmanagerClient",
    "api_url",
    "order_fields",
    "parse_certificate",
    "parse_price_list_entry",
]
