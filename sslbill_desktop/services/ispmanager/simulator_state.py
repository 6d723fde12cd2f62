"""What the simulated ispmanager billing knows and does: accounts, sessions, the price list, the
certificates of each account, and the API functions over them. No HTTP here (see simulator.py).

Each API function takes the request's form fields and returns the content of `doc`, or raises
`SimError`, which becomes `doc.error`. A repeated element is written as the real API writes it: a
list, or the lone object itself when there is exactly one (`_repeated`). One re-entrant lock guards
everything; with `state_file` every change is written to a JSON file (atomically), so a restarted
simulator remembers balances and certificates.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from sslbill_desktop.services.ispmanager.simulator_ca import CsrError, SimulatorCA, load_csr
from sslbill_desktop.services.ispmanager.simulator_catalog import SEEDED_PLANS, SimPlan, generated_plans

Doc = dict[str, Any]

STATUS_REQUEST_SENT = 3
STATUS_ENROLLED = 4
STATUS_ISSUED = 5
STATUS_FAILED = 6
STATUS_TEXT = {
    STATUS_REQUEST_SENT: "Request sent",
    STATUS_ENROLLED: "Enrolled",
    STATUS_ISSUED: "Issued",
    STATUS_FAILED: "Failed",
}
DATE_TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
CURRENCY = "USD"
_HOSTNAME = re.compile(r"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
CONTACT_KEYS = tuple(
    prefix + name for prefix in ("adm_", "tech_") for name in ("fname", "lname", "jtitle", "email", "phone")
)
ORDER_KEYS = ("field_country", "ST", "L", "O", "OU", "emailAddress")


@dataclass
class SimAccount:
    id: int
    username: str
    password: str
    balance: Decimal
    currency: str = CURRENCY
    two_factor: bool = False
    real_name: str = ""


@dataclass(frozen=True)
class AccountSeed:
    """A seeded login, printed by the command and listed in the README."""

    username: str
    password: str
    balance: Decimal
    two_factor: bool
    what: str


#: The accounts every simulator starts with: a normal one, one with 2FA, one with a low balance.
SEEDED_ACCOUNTS: tuple[AccountSeed, ...] = (
    AccountSeed("reseller", "reseller-pass", Decimal("1000.00"), False, "a normal account"),
    AccountSeed("twofactor", "twofactor-pass", Decimal("1000.00"), True, "2FA enabled: sign-in is refused"),
    AccountSeed("lowbalance", "lowbalance-pass", Decimal("5.00"), False, "too little money to buy anything"),
)


@dataclass
class SimCertificate:
    id: int
    owner: str
    cn: str
    sans: tuple[str, ...]
    pricelist_id: str
    period: int
    created: datetime
    expires: date
    status: int
    csr: str
    cost: Decimal
    approver_email: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    pem: str = ""
    requested_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True)
class CertificateView:
    """A read-only copy of a simulated certificate, for tests and demo mode."""

    id: str
    owner: str
    cn: str
    sans: tuple[str, ...]
    pricelist_id: str
    period: int
    created: datetime
    expires: date
    status: int
    pem: str
    contacts: dict[str, str]


class SimError(Exception):
    """An error the simulated billing answers with (`doc.error`)."""

    def __init__(self, type_: str, obj: str, message: str, params: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.type = type_
        self.object = obj
        self.message = message
        self.params = params or {}

    def to_doc(self) -> Doc:
        error: Doc = {"$type": self.type, "$object": self.object, "msg": {"$": self.message}}
        if self.params:
            error["param"] = _repeated([{"$name": k, "$": v} for k, v in self.params.items()])
        return {"error": error}


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.01")))


def _repeated(rows: list[Doc]) -> list[Doc] | Doc:
    """A repeated element as BILLmanager writes it: a list, but a single object when there is one."""
    return rows[0] if len(rows) == 1 else rows


def _elem(value: object) -> Doc:
    return {"$": str(value)}


def _ok(extra: Doc | None = None) -> Doc:
    return {"ok": {}, **(extra or {})}


class SimulatorState:
    def __init__(
        self,
        *,
        catalog_size: int = 0,
        seed: int = 0,
        issue_delay: float | None = None,
        session_idle: float = 3600.0,
        state_file: Path | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.lock = threading.RLock()
        self.issue_delay = issue_delay
        self.session_idle = session_idle
        self.state_file = state_file
        self._clock = clock or (lambda: datetime.now(UTC))
        self.plans: dict[str, SimPlan] = {
            p.id: p for p in (*SEEDED_PLANS, *generated_plans(catalog_size, seed))
        }
        self.accounts: dict[str, SimAccount] = {}
        for n, seed_account in enumerate(SEEDED_ACCOUNTS, start=1):
            self.accounts[seed_account.username] = SimAccount(
                id=n,
                username=seed_account.username,
                password=seed_account.password,
                balance=seed_account.balance,
                two_factor=seed_account.two_factor,
                real_name=seed_account.username.capitalize(),
            )
        self.certificates: dict[int, SimCertificate] = {}
        self.next_id = 5001
        self.sessions: dict[str, tuple[str, datetime]] = {}
        self.calls: deque[tuple[str, str]] = deque(maxlen=100_000)
        self.call_counts: Counter[str] = Counter()
        #: Every HTTP request that reached /billmgr, faulted ones included, by function.
        self.request_counts: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.ca = SimulatorCA()
        if state_file is not None and state_file.exists():
            self._load(state_file)

    # --- persistence ---------------------------------------------------------------------------

    def _load(self, path: Path) -> None:
        data = json.loads(path.read_text(encoding="utf-8"))
        ca = data.get("ca") or {}
        if ca.get("key") and ca.get("cert"):
            self.ca = SimulatorCA(key_pem=ca["key"], cert_pem=ca["cert"])
        for username, balance in (data.get("balances") or {}).items():
            if username in self.accounts:
                self.accounts[username].balance = Decimal(balance)
        self.next_id = int(data.get("next_id", self.next_id))
        for raw in data.get("certificates", []):
            cert = SimCertificate(
                id=int(raw["id"]),
                owner=raw["owner"],
                cn=raw["cn"],
                sans=tuple(raw.get("sans", ())),
                pricelist_id=raw["pricelist_id"],
                period=int(raw["period"]),
                created=datetime.fromisoformat(raw["created"]),
                expires=date.fromisoformat(raw["expires"]),
                status=int(raw["status"]),
                csr=raw.get("csr", ""),
                cost=Decimal(raw.get("cost", "0")),
                approver_email=raw.get("approver_email", ""),
                fields=dict(raw.get("fields", {})),
                pem=raw.get("pem", ""),
                requested_at=datetime.fromisoformat(raw.get("requested_at", raw["created"])),
            )
            self.certificates[cert.id] = cert

    def save(self) -> None:
        """Write the state file (when there is one); called after every change."""
        if self.state_file is None:
            return
        with self.lock:
            data = {
                "ca": {"key": self.ca.key_pem, "cert": self.ca.pem},
                "balances": {u: str(a.balance) for u, a in self.accounts.items()},
                "next_id": self.next_id,
                "certificates": [
                    {
                        "id": c.id,
                        "owner": c.owner,
                        "cn": c.cn,
                        "sans": list(c.sans),
                        "pricelist_id": c.pricelist_id,
                        "period": c.period,
                        "created": c.created.isoformat(),
                        "expires": c.expires.isoformat(),
                        "status": c.status,
                        "csr": c.csr,
                        "cost": str(c.cost),
                        "approver_email": c.approver_email,
                        "fields": c.fields,
                        "pem": c.pem,
                        "requested_at": c.requested_at.isoformat(),
                    }
                    for c in self.certificates.values()
                ],
            }
            self.state_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.state_file.with_name(self.state_file.name + ".tmp")
            tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
            os.replace(tmp, self.state_file)

    def note_request(self, func: str, user_agent: str) -> None:
        with self.lock:
            self.request_counts[func] += 1
            self.user_agents.add(user_agent)

    def add_account(
        self, username: str, password: str, balance: Decimal, *, two_factor: bool = False
    ) -> None:
        with self.lock:
            self.accounts[username] = SimAccount(
                id=len(self.accounts) + 1,
                username=username,
                password=password,
                balance=balance,
                two_factor=two_factor,
                real_name=username.capitalize(),
            )

    # --- sessions ------------------------------------------------------------------------------

    def now(self) -> datetime:
        return self._clock()

    def expire_session(self, sid: str) -> None:
        with self.lock:
            self.sessions.pop(sid, None)

    def expire_sessions(self, username: str | None = None) -> int:
        with self.lock:
            gone = [sid for sid, (user, _) in self.sessions.items() if username is None or user == username]
            for sid in gone:
                del self.sessions[sid]
            return len(gone)

    def user_of(self, fields: dict[str, str]) -> SimAccount:
        """The account a call acts for: its session (`auth`) or `authinfo=USER:PASSWORD`."""
        with self.lock:
            authinfo = fields.get("authinfo", "")
            if authinfo:
                username, _, password = authinfo.partition(":")
                account = self.accounts.get(username)
                if account is None or not secrets.compare_digest(account.password, password):
                    raise SimError("auth", "badpassword", "Invalid username or password")
                if account.two_factor:
                    raise SimError("auth", "totp", "Two-factor authentication is required")
                return account
            sid = fields.get("auth", "")
            session = self.sessions.get(sid) if sid else None
            now = self.now()
            if session is None or (now - session[1]).total_seconds() > self.session_idle:
                self.sessions.pop(sid, None)
                raise SimError("access", "session", "Session expired or not found: log in again")
            self.sessions[sid] = (session[0], now)
            return self.accounts[session[0]]

    def session_user(self, fields: dict[str, str]) -> str:
        """The user name a call's session or authinfo names, for the call log ("" when none)."""
        with self.lock:
            sid = fields.get("auth", "")
            if sid in self.sessions:
                return self.sessions[sid][0]
            return fields.get("username", "") or fields.get("authinfo", "").partition(":")[0]

    # --- API -----------------------------------------------------------------------------------

    def handle(self, func: str, fields: dict[str, str]) -> Doc:
        """Carry out one API call; the content of `doc` (an error included)."""
        with self.lock:
            self.calls.append((func, self.session_user(fields)))
            self.call_counts[func] += 1
            try:
                if func == "auth":
                    return self._auth(fields)
                handler = self._handlers().get(func)
                if handler is None:
                    raise SimError("missing", "func", f"Unknown function {func}")
                account = self.user_of(fields)
                self._issue_due()
                return handler(account, fields)
            except SimError as error:
                return error.to_doc()

    def _handlers(self) -> dict[str, Callable[[SimAccount, dict[str, str]], Doc]]:
        return {
            "whoami": self._whoami,
            "pricelist.export": self._pricelist,
            "certificate": self._certificate_list,
            "certificate.order.param": self._order,
            "certificate.edit": self._edit,
            "certificate.reissue": self._reissue,
            "service.prolong": self._prolong,
            "certificate.delete": self._delete,
            "certificate.file": self._file,
        }

    def _auth(self, fields: dict[str, str]) -> Doc:
        account = self.accounts.get(fields.get("username", ""))
        if account is None or not secrets.compare_digest(account.password, fields.get("password", "")):
            raise SimError("auth", "badpassword", "Invalid username or password")
        if account.two_factor:
            raise SimError("auth", "totp", "Two-factor authentication code required")
        sid = secrets.token_hex(12)
        self.sessions[sid] = (account.username, self.now())
        return {"auth": {"$id": sid, "$level": "16", "$": sid}}

    def _whoami(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        return {
            "user": {
                "$id": str(account.id),
                "$name": account.username,
                "$realname": account.real_name,
                "$balance": _money(account.balance),
                "$currency": account.currency,
                "$level": "16",
            }
        }

    @staticmethod
    def _page(rows: list[Doc], fields: dict[str, str], key: str) -> Doc:
        total = len(rows)
        try:
            size = int(fields.get("p_cnt", "") or 0)
            number = int(fields.get("p_num", "") or 1)
        except ValueError:
            raise SimError("value", "p_num", "Not a number") from None
        if size > 0:
            number = max(1, number)
            rows = rows[(number - 1) * size : number * size]
        doc: Doc = {key: _repeated(rows), "p_elems": _elem(total)}
        if size > 0:
            doc["p_num"] = _elem(number)
            doc["p_cnt"] = _elem(size)
        return doc

    def _pricelist(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        if fields.get("itemtype", "certificate") != "certificate":
            return {"pricelist": [], "p_elems": _elem(0)}
        only_available = fields.get("onlyavailable", "") == "yes"
        rows = []
        for plan in self.plans.values():
            if only_available and not plan.available:
                continue
            rows.append(
                {
                    "$id": plan.id,
                    "name": _elem(plan.name),
                    "siteinfo": _elem(plan.siteinfo),
                    "price": {
                        "$currency": account.currency,
                        "period": _repeated(
                            [
                                {
                                    "$type": "month",
                                    "$length": str(months),
                                    "$cost": _money(cost) if cost is not None else "",
                                }
                                for months, cost in sorted(plan.costs.items())
                            ]
                        ),
                    },
                }
            )
        return self._page(rows, fields, "pricelist")

    def _row(self, cert: SimCertificate, account: SimAccount) -> Doc:
        plan = self.plans.get(cert.pricelist_id)
        return {
            "id": _elem(cert.id),
            "CN": _elem(cert.cn),
            "altname": _elem(" ".join(cert.sans)),
            "account": _elem(account.real_name),
            "pricelist": _elem(cert.pricelist_id),
            "pricelist_name": _elem(plan.name if plan else cert.pricelist_id),
            "project": _elem("1"),
            "processingmodule": _elem("ispmanager"),
            "createdate": _elem(cert.created.astimezone(UTC).strftime(DATE_TIME_FORMAT)),
            "expiredate": _elem(cert.expires.isoformat()),
            "status_msg": _elem(STATUS_TEXT.get(cert.status, "")),
            "item_status": _elem(cert.status),
            "cost": _elem(_money(cert.cost)),
        }

    def _certificate_list(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        rows = [
            self._row(c, account)
            for c in sorted(self.certificates.values(), key=lambda c: c.id)
            if c.owner == account.username
        ]
        return self._page(rows, fields, "elem")

    def _owned(self, account: SimAccount, fields: dict[str, str]) -> SimCertificate:
        raw = fields.get("elid", "").strip()
        if not raw.isdigit():
            raise SimError("value", "elid", "The item id is missing or not a number")
        cert = self.certificates.get(int(raw))
        if cert is None or cert.owner != account.username:
            raise SimError("missing", raw, f"Item {raw} not found")
        return cert

    def _plan_cost(self, plan_id: str, period_text: str) -> tuple[SimPlan, int, Decimal]:
        plan = self.plans.get(plan_id)
        if plan is None or not plan.available:
            raise SimError("value", "pricelist", f"Unknown tariff plan {plan_id}")
        try:
            period = int(period_text)
        except ValueError:
            raise SimError("value", "period", "The period is not a number") from None
        cost = plan.cost(period)
        if cost is None:
            raise SimError("value", "period", f"The plan is not sold for {period} months")
        return plan, period, cost

    @staticmethod
    def _spend(account: SimAccount, cost: Decimal) -> None:
        if account.balance < cost:
            raise SimError(
                "not_enough_money",
                "balance",
                "Not enough money on the account",
                {"amount": _money(cost), "have": _money(account.balance), "currency": account.currency},
            )
        account.balance -= cost

    @staticmethod
    def _check_csr(csr: str) -> None:
        try:
            load_csr(csr)
        except CsrError as exc:
            raise SimError("value", "csr", str(exc)) from None

    def _order(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        if fields.get("sok") != "ok":
            return {"pricelist": _elem(fields.get("pricelist", ""))}
        plan, period, cost = self._plan_cost(fields.get("pricelist", ""), fields.get("period", ""))
        cn = fields.get("CN", "").strip().lower()
        if not _HOSTNAME.match(cn):
            raise SimError("value", "CN", "Not a valid domain name")
        sans = tuple(n.lower() for n in fields.get("altname", "").split() if n.strip())
        for name in sans:
            if not _HOSTNAME.match(name):
                raise SimError("value", "altname", f"Not a valid domain name: {name}")
        csr = fields.get("csr", "")
        self._check_csr(csr)
        self._spend(account, cost)
        now = self.now()
        cert = SimCertificate(
            id=self.next_id,
            owner=account.username,
            cn=cn,
            sans=sans,
            pricelist_id=plan.id,
            period=period,
            created=now,
            expires=(now + relativedelta(months=period)).date(),
            status=STATUS_REQUEST_SENT,
            csr=csr,
            cost=cost,
            approver_email=fields.get("approver_email_1", ""),
            fields={k: fields.get(k, "") for k in (*CONTACT_KEYS, *ORDER_KEYS)},
            requested_at=now,
        )
        self.next_id += 1
        self.certificates[cert.id] = cert
        self.save()
        return _ok({"id": _elem(cert.id)})

    def _edit(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        cert = self._owned(account, fields)
        if fields.get("sok") == "ok":
            for key in CONTACT_KEYS:
                if key in fields:
                    cert.fields[key] = fields[key]
            self.save()
            return _ok()
        doc = self._row(cert, account)
        doc["csr"] = _elem(cert.csr)
        doc["approver_email_1"] = _elem(cert.approver_email)
        for key in (*CONTACT_KEYS, *ORDER_KEYS):
            doc[key] = _elem(cert.fields.get(key, ""))
        return doc

    def _reissue(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        cert = self._owned(account, fields)
        if fields.get("sok") != "ok":
            return {"elid": _elem(cert.id)}
        if cert.status != STATUS_ISSUED:
            raise SimError("value", "elid", "Only an issued certificate can be reissued")
        csr = fields.get("csr", "")
        self._check_csr(csr)
        cert.csr = csr
        cert.pem = ""
        cert.status = STATUS_REQUEST_SENT
        cert.requested_at = self.now()
        self.save()
        return _ok()

    def _prolong(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        cert = self._owned(account, fields)
        if fields.get("sok") != "ok":
            return {"elid": _elem(cert.id)}
        if cert.status == STATUS_FAILED:
            raise SimError("value", "elid", "A failed certificate cannot be renewed")
        _plan, period, cost = self._plan_cost(cert.pricelist_id, fields.get("period", ""))
        self._spend(account, cost)
        cert.expires = cert.expires + relativedelta(months=period)
        cert.cost = cost
        self.save()
        return _ok({"id": _elem(cert.id), "expiredate": _elem(cert.expires.isoformat())})

    def _delete(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        cert = self._owned(account, fields)
        del self.certificates[cert.id]
        self.save()
        return _ok()

    def _file(self, account: SimAccount, fields: dict[str, str]) -> Doc:
        cert = self._owned(account, fields)
        if cert.status != STATUS_ISSUED or not cert.pem:
            raise SimError("value", "elid", "The certificate is not issued yet")
        return {"crt": _elem(cert.pem), "ca": _elem(self.ca.pem)}

    # --- issuing -------------------------------------------------------------------------------

    def _issue_one(self, cert: SimCertificate) -> None:
        not_after = datetime.combine(cert.expires, datetime.min.time(), tzinfo=UTC)
        cert.pem = self.ca.issue(cert.csr, cert.cn, cert.sans, not_after)
        cert.status = STATUS_ISSUED

    def _issue_due(self) -> None:
        if self.issue_delay is None:
            return
        due = self.now() - timedelta(seconds=self.issue_delay)
        changed = False
        for cert in self.certificates.values():
            if cert.status == STATUS_REQUEST_SENT and cert.requested_at <= due:
                self._issue_one(cert)
                changed = True
        if changed:
            self.save()

    def issue(self, cert_id: int | str | None = None) -> int:
        """Issue one requested certificate, or all of them; how many were issued."""
        with self.lock:
            issued = 0
            for cert in self.certificates.values():
                if cert.status == STATUS_REQUEST_SENT and (cert_id is None or str(cert.id) == str(cert_id)):
                    self._issue_one(cert)
                    issued += 1
            if issued:
                self.save()
            return issued

    def view(self, cert: SimCertificate) -> CertificateView:
        return CertificateView(
            id=str(cert.id),
            owner=cert.owner,
            cn=cert.cn,
            sans=cert.sans,
            pricelist_id=cert.pricelist_id,
            period=cert.period,
            created=cert.created,
            expires=cert.expires,
            status=cert.status,
            pem=cert.pem,
            contacts={k: v for k, v in cert.fields.items() if k in CONTACT_KEYS},
        )
