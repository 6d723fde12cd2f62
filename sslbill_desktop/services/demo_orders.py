"""The demo workspace's clients and orders: one or more in every state a sales person meets.

`seed_demo_orders(db, on=None)` adds (once: it does nothing when demo orders exist) six clients
with payments, and orders that are active and issued (with a real certificate from a demo CA, so
the certificate tab shows issuer, validity, serial and fingerprint), active and still requested,
expiring within days, suspended for non-payment, deleted, waiting for their parameters (a quick
order), refused upstream, failed at the CA, holding extra names, and sold for two years (so the
reissue planner has work). Charges are booked through the ledger like real orders; no upstream
is called and no private key is stored (the CSRs' keys are thrown away: it is a demo).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import func, select

from sslbill_desktop.models.orders import (
    ORDER_NEW,
    UPSTREAM_FAILED,
    UPSTREAM_ISSUED,
    UPSTREAM_PENDING,
    UPSTREAM_REFUSED,
    UPSTREAM_REQUESTED,
    Order,
)
from sslbill_desktop.services import clients, payments
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.billing import (
    Refusal,
    ServiceState,
    quote_addon,
    quote_order,
)
from sslbill_desktop.services.billing.periods import add_months
from sslbill_desktop.services.certificate_info import read_certificate
from sslbill_desktop.services.contacts import ClientContacts, Organisation, Person
from sslbill_desktop.services.csr import build_request
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.demo_catalog import DEMO_PLANS, ensure_demo_plans
from sslbill_desktop.services.demo_common import demo_module_id, state_of_kind
from sslbill_desktop.services.demo_setup import seed_demo_setup
from sslbill_desktop.services.domains import DomainNames, approver_emails
from sslbill_desktop.services.order_books import apply_state, book, terms_for
from sslbill_desktop.services.order_settings import settings_in

DEMO_CREATOR = "demo"


@dataclass(frozen=True)
class DemoOrders:
    client_ids: tuple[int, ...]
    order_ids: tuple[int, ...]


@dataclass(frozen=True)
class _Spec:
    client: int
    plan: int
    kind: str
    common_name: str
    sans: tuple[str, ...] = ()
    period: int = 12
    #: Days from `on` to the expiry (negative: in the past).
    expires_in: int = 200


_CLIENTS: tuple[tuple[str, str, str, str], ...] = (
    ("Anna Schmidt", "Bäckerei Schmidt GmbH", "anna@baeckerei-schmidt.example", "DE"),
    ("Boris Ivanov", "Ivanov Trading OOO", "boris@ivanov-trading.example", "RU"),
    ("Chen Wei", "Lotus Travel Ltd", "chen@lotus-travel.example", "GB"),
    ("Dana Novak", "Novak Studio", "dana@novak-studio.example", "CZ"),
    ("Emil Berg", "Berg Garage AB", "emil@berg-garage.example", "SE"),
    ("Fatima Haddad", "Cedar Clinic", "fatima@cedar-clinic.example", "NL"),
)
_DEPOSITS = ("250.00", "120.00", "500.00", "40.00", "30.00", "900.00")

# (client, plan index in DEMO_PLANS, kind, domain, sans, period, expires in days)
_ORDERS: tuple[_Spec, ...] = (
    _Spec(0, 0, "issued", "www.baeckerei-schmidt.example", ("baeckerei-schmidt.example",), 12, 140),
    _Spec(0, 1, "expiring", "shop.baeckerei-schmidt.example", (), 12, 5),
    _Spec(1, 0, "requested", "ivanov-trading.example", (), 12, 360),
    _Spec(1, 1, "suspended", "old.ivanov-trading.example", (), 12, -4),
    _Spec(2, 3, "issued", "www.lotus-travel.example", ("booking.lotus-travel.example",), 24, 600),
    _Spec(2, 1, "deleted", "promo.lotus-travel.example", (), 12, -60),
    _Spec(3, 2, "pending", "", (), 12, 0),
    _Spec(3, 1, "refused", "novak-studio.example", (), 12, 0),
    _Spec(4, 0, "failed", "berg-garage.example", (), 12, 300),
    _Spec(
        5, 0, "issued", "cedar-clinic.example", ("www.cedar-clinic.example", "xn--bcher-kva.example"), 36, 900
    ),
    _Spec(5, 1, "expiring", "portal.cedar-clinic.example", (), 12, 12),
)


def _contacts(name: str, company: str, email: str, country: str) -> ClientContacts:
    first, _space, last = name.partition(" ")
    person = Person(first, last, "Owner", email, "+1 555 0100")
    return ClientContacts(person, person, Organisation(company, "", country, "", "", email))


def _demo_ca() -> tuple[ec.EllipticCurvePrivateKey, object]:
    from sslbill_desktop.services.ispmanager.simulator_ca import SimulatorCA

    return ec.generate_private_key(ec.SECP256R1()), SimulatorCA("sslbill-desktop Demo CA")


def _issue(ca: object, names: DomainNames, not_after: datetime) -> tuple[str, str]:
    """A CSR and a certificate for `names` (the key is discarded: it is a demo)."""
    from sslbill_desktop.services.ispmanager.simulator_ca import SimulatorCA

    assert isinstance(ca, SimulatorCA)
    csr = build_request(ec.generate_private_key(ec.SECP256R1()), names)
    return csr, ca.issue(csr, names.common_name, names.sans, not_after)


def _state(
    terms: object, spec: _Spec, on: date, san_key: str | None
) -> tuple[ServiceState, tuple[object, ...]]:
    from sslbill_desktop.services.billing import TariffTerms

    assert isinstance(terms, TariffTerms)
    period = _sold_period(terms, spec.period)
    expires = on + timedelta(days=spec.expires_in)
    start = add_months(expires, -period)
    quote = quote_order(terms, start, period)
    if isinstance(quote, Refusal):  # pragma: no cover - the demo plans sell these periods
        raise ValueError(quote.message)
    lines: tuple[object, ...] = quote.lines
    state = quote.state
    if spec.sans and san_key is not None:
        addon = quote_addon(state, terms, san_key, len(spec.sans), start)
        if not isinstance(addon, Refusal):
            lines, state = (*lines, *addon.lines), addon.state
    return state_of_kind(state, spec.kind, expires), lines


def seed_demo_orders(db: Database, on: date | None = None) -> DemoOrders:
    """Add the demo's clients and orders (see the module documentation), once."""
    on = on or date.today()
    with db.uow() as s:
        if s.scalar(select(func.count()).select_from(Order).where(Order.created_by == DEMO_CREATOR)):
            return DemoOrders((), ())
    setup = seed_demo_setup(db)
    with db.uow() as s:
        module_id = demo_module_id(s, setup.department_id)
    plan_ids = ensure_demo_plans(db, provider_id=setup.provider_id, module_id=module_id)
    client_ids = []
    for number, (name, company, email, country) in enumerate(_CLIENTS):
        record = clients.create_client(
            db,
            SYSTEM,
            clients.ClientInput(
                name=name,
                company=company,
                email=email,
                country=country,
                provider_id=setup.provider_id,
                client_group_id=setup.client_group_ids[number % 2],
                contacts=_contacts(name, company, email, country),
            ),
        )
        payments.record_payment(
            db,
            SYSTEM,
            record.accounts[0].id,
            amount=_DEPOSITS[number],
            received_on=on,
            method="bank transfer",
        )
        client_ids.append(record.id)
    _key, ca = _demo_ca()
    order_ids = [_order(db, spec, client_ids, plan_ids, on, ca) for spec in _ORDERS]
    return DemoOrders(tuple(client_ids), tuple(order_ids))


def _order(
    db: Database, spec: _Spec, client_ids: list[int], plan_ids: list[int], on: date, ca: object
) -> int:
    client = clients.get_client(db, SYSTEM, client_ids[spec.client])
    plan_id = plan_ids[spec.plan]
    with db.uow() as s:
        terms = terms_for(s, plan_id, client.currency)
        san_key = next(iter(terms.addons), None)
        order = Order(
            client_id=client.id,
            tariff_plan_id=plan_id,
            processing_module_id=_module_of(s, plan_id),
            currency=client.currency,
            period=_sold_period(terms, spec.period),
            status=ORDER_NEW,
            contacts=client.order_contacts().to_json(),
            created_by=DEMO_CREATOR,
        )
        s.add(order)
        s.flush()
        if spec.kind == "pending":
            order.upstream_status, order.parameters_pending = UPSTREAM_PENDING, True
            return int(order.id)
        names = DomainNames(spec.common_name, spec.sans)
        order.common_name, order.sans = names.common_name, list(names.sans)
        order.approver_email = approver_emails(names.common_name)[0]
        if spec.kind == "refused":
            order.upstream_status = UPSTREAM_REFUSED
            order.csr_pem = build_request(ec.generate_private_key(ec.SECP256R1()), names)
            order.last_error = "Not enough money on the account (balance 3.20 USD, 11.00 USD needed)"
            return int(order.id)
        state, lines = _state(terms, spec, on, san_key)
        book(s, order, lines, SYSTEM)  # type: ignore[arg-type]
        apply_state(order, state)
        order.upstream_certificate_id = f"demo-{order.id}"
        order.upstream_expires_on = add_months(state.starts_on, max(state.period, 12))
        order.upstream_status = {"requested": UPSTREAM_REQUESTED, "failed": UPSTREAM_FAILED}.get(
            spec.kind, UPSTREAM_ISSUED
        )
        if order.upstream_status == UPSTREAM_FAILED:
            order.upstream_status_text = "Domain control validation failed"
        settings = settings_in(s)
        issued = max(state.starts_on, on - timedelta(days=60))
        not_after = datetime.combine(
            min(state.expires_on, issued + timedelta(days=settings.maximum_days(issued))), time(0), UTC
        )
        if order.upstream_status != UPSTREAM_ISSUED or not_after <= datetime.now(UTC) + timedelta(days=1):
            order.csr_pem = build_request(ec.generate_private_key(ec.SECP256R1()), names)
            return int(order.id)
        csr, pem = _issue(ca, names, not_after)
        info = read_certificate(pem)
        order.csr_pem = csr
        order.certificate_pem = pem
        order.certificate_not_before, order.certificate_not_after = info.not_before, info.not_after
        order.last_sync_at = datetime.combine(on, time(8), UTC)
        return int(order.id)


def _sold_period(terms: object, wanted: int) -> int:
    from sslbill_desktop.services.billing import TariffTerms

    assert isinstance(terms, TariffTerms)
    sold = terms.orderable_periods()
    return wanted if wanted in sold else min(sold, key=lambda months: abs(months - wanted))


def _module_of(s: object, plan_id: int) -> int:
    from sqlalchemy.orm import Session

    from sslbill_desktop.models.catalog import TariffPlan

    assert isinstance(s, Session)
    plan = s.get(TariffPlan, plan_id)
    assert plan is not None
    return int(plan.processing_module_id)


#: The plans the demo orders use, for the record.
DEMO_PLAN_NAMES: tuple[str, ...] = tuple(p.name["en"] for p in DEMO_PLANS)
DEMO_DEPOSIT_TOTAL = sum((Decimal(d) for d in _DEPOSITS), Decimal(0))
