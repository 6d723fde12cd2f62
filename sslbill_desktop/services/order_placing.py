"""Placing certificate orders: checked, charged and bought through the upstream journal.

`place_order(db, actor, request)` is the order wizard's Confirm (and the tests' way to order):

1. Everything is checked again as the wizard did (plan orderable for the client's group on the
   order date, period, quantity, per-client limit, names, CSR, contacts, approver address,
   service agreement) and the balance must cover the whole order.
2. Per certificate: a key and CSR are generated here when asked (the private key is stored
   encrypted, never sent), the order row is written with what its purchase will book (`pending`),
   then the purchase goes through the upstream journal. The journal's completion books the
   charge in the transaction that marks the purchase done (`order_completions.py`): a charge
   exists exactly when a certificate was bought.
3. A clear refusal upstream (not enough money on the reseller account, a value the CA rejects)
   leaves that order `refused` and stops; an unknown outcome (timeout, reset) leaves it on its
   way: start-up reconciliation settles it without buying twice.

A quick-order plan's orders are written with their parameters pending and are neither charged
nor bought until `complete_parameters` gives them a domain, CSR, contacts and approver address;
they are charged on that day's prices.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sslbill_desktop.models.base import utcnow
from sslbill_desktop.models.orders import (
    ORDER_NEW,
    UPSTREAM_PENDING,
    UPSTREAM_REFUSED,
    UPSTREAM_REQUESTED,
    UPSTREAM_SENDING,
    Order,
)
from sslbill_desktop.services import audit, journal, keys, order_completions
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing import Refusal
from sslbill_desktop.services.contacts import ClientContacts
from sslbill_desktop.services.country_codes import numeric_country
from sslbill_desktop.services.csr import (
    DEFAULT_ALGORITHM,
    GeneratedRequest,
    generate_request,
    key_algorithm,
    validate_pasted_request,
)
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.domains import DomainNames, clean_approver_email, clean_domain_names
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import Conflict, UserError, ValidationError
from sslbill_desktop.services.i18n import _, ngettext
from sslbill_desktop.services.ispmanager.errors import PurchaseOutcomeUnknown, UpstreamError
from sslbill_desktop.services.ispmanager.records import CertificateOrder
from sslbill_desktop.services.order_books import OPERATION_ORDER, Pending, balance, upstream_months
from sslbill_desktop.services.order_context import OrderContext, PlanChoice, order_context, services_of_plan
from sslbill_desktop.services.order_policy import balance_refusal, explain, period_refusal, plan_refusal
from sslbill_desktop.services.order_quote import CertificateQuote, quote_certificate
from sslbill_desktop.services.orders import check_order_contacts

log = logging.getLogger(__name__)

ENTITY = "order"
MAX_QUANTITY = 100

assert order_completions  # the journal's handlers for "order" are registered


class CsrMode(StrEnum):
    GENERATE = "generate"
    PASTE = "paste"


@dataclass(frozen=True)
class OrderRequest:
    """Everything the order wizard collected."""

    client_id: int
    plan_id: int
    period: int
    on: date
    quantity: int = 1
    common_name: str = ""
    sans: tuple[str, ...] | str = ()
    csr_mode: CsrMode | str = CsrMode.GENERATE
    key_algorithm: str = DEFAULT_ALGORITHM.value
    csr_pem: str = ""
    contacts: ClientContacts | None = None
    approver_email: str = ""
    agreement_accepted: bool = False


@dataclass(frozen=True)
class PlacedOrder:
    order_id: int
    #: "requested" (bought), "refused" (the upstream said no), "sending" (outcome unknown yet),
    #: "pending" (a quick order waiting for its parameters).
    outcome: str
    upstream_certificate_id: str | None = None
    message: str = ""


@dataclass(frozen=True)
class PlacementResult:
    orders: tuple[PlacedOrder, ...]
    wanted: int
    charged: Decimal
    currency: str
    #: Why the placement stopped early ("" when every certificate was ordered).
    problem: str = ""

    @property
    def bought(self) -> int:
        return sum(1 for o in self.orders if o.outcome == UPSTREAM_REQUESTED)

    def summary(self) -> str:
        from sslbill_desktop.services.i18n import format_money

        if all(o.outcome == UPSTREAM_PENDING for o in self.orders) and self.orders:
            text = ngettext(
                "{n} order is waiting for its certificate parameters.",
                "{n} orders are waiting for their certificate parameters.",
                len(self.orders),
            ).format(n=len(self.orders))
        else:
            text = ngettext(
                "{n} of {wanted} certificate ordered, {amount} charged.",
                "{n} of {wanted} certificates ordered, {amount} charged.",
                self.wanted,
            ).format(n=self.bought, wanted=self.wanted, amount=format_money(self.charged, self.currency))
        return f"{text}\n{self.problem}" if self.problem else text


@dataclass(frozen=True)
class CheckedParameters:
    names: DomainNames
    csr_mode: CsrMode
    algorithm: str
    csr_pem: str
    contacts: ClientContacts
    approver_email: str


@dataclass
class _Progress:
    report: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None
    done: int = field(default=0)

    def step(self, total: int) -> None:
        self.done += 1
        if self.report is not None:
            self.report(self.done, total)


# --- checks --------------------------------------------------------------------------------------


def _refused(field_name: str, refusal: Refusal) -> ValidationError:
    return ValidationError(field_name, explain(refusal))


def check_parameters(
    plan: PlanChoice,
    period: int,
    *,
    common_name: str,
    sans: tuple[str, ...] | str,
    csr_mode: CsrMode | str,
    algorithm: str,
    csr_pem: str,
    contacts: object,
    approver_email: str,
) -> CheckedParameters:
    """The certificate's parameters, checked (the errors name the wizard's fields)."""
    names = clean_domain_names(common_name, sans)
    if names.extra_count:
        if plan.san_key is None:
            raise ValidationError(
                "sans",
                _("the tariff plan {plan} sells no extra names: order the common name only").format(
                    plan=plan.title
                ),
            )
        if plan.san_price(period) is None:
            raise ValidationError(
                "sans",
                _("the tariff plan {plan} has no price for extra names for this period").format(
                    plan=plan.title
                ),
            )
    try:
        mode = CsrMode(str(csr_mode))
    except ValueError:
        raise ValidationError("csr_mode", _("choose to generate a CSR or to paste one")) from None
    chosen_algorithm = key_algorithm(algorithm).value if mode is CsrMode.GENERATE else ""
    pem = validate_pasted_request(csr_pem, names).pem if mode is CsrMode.PASTE else ""
    clean_contacts = check_order_contacts(contacts)
    approver = clean_approver_email("approver_email", approver_email, names.common_name)
    return CheckedParameters(names, mode, chosen_algorithm, pem, clean_contacts, approver)


def _check_order(context: OrderContext, request: OrderRequest, db: Database) -> tuple[PlanChoice, int]:
    plan = context.plan(request.plan_id)
    if plan is None:
        raise ValidationError("plan_id", _("this tariff plan cannot be ordered for this client now"))
    if not 1 <= request.quantity <= MAX_QUANTITY:
        raise ValidationError("quantity", _("order from 1 to {n} certificates").format(n=MAX_QUANTITY))
    held = services_of_plan(db, context.client.id, plan.id)
    names = context.names(plan.title)
    refusal = plan_refusal(plan.terms, request.on, context.group, held, names)
    if refusal is not None:
        raise _refused("plan_id", refusal)
    refusal = period_refusal(
        plan.terms, request.on, request.period, request.quantity, context.group, held, context.balance, names
    )
    if refusal is not None:
        raise _refused("period", refusal)
    if plan.plan.agreement_template_id is not None and not request.agreement_accepted:
        raise ValidationError("accepted", _("the client must accept the service agreement to order"))
    return plan, held


def _quote(plan: PlanChoice, on: date, period: int, extra: int) -> CertificateQuote:
    quote = quote_certificate(plan.terms, on, period, extra, plan.san_key, plan.title)
    if isinstance(quote, Refusal):
        raise _refused("sans" if extra else "period", quote)
    return quote


# --- placing -------------------------------------------------------------------------------------


def _upstream_order(plan: PlanChoice, order: Order, params: CheckedParameters) -> CertificateOrder:
    organisation = params.contacts.organisation
    return CertificateOrder(
        pricelist_id=plan.plan.certificate_type,
        period_months=upstream_months(order.period),
        common_name=params.names.common_name,
        csr=order.csr_pem,
        approver_email=params.approver_email,
        sans=params.names.sans,
        country=numeric_country(organisation.country),
        state=organisation.state,
        locality=organisation.locality,
        organization=organisation.name,
        organization_unit=organisation.unit,
        email=organisation.email or params.contacts.admin.email,
        admin=params.contacts.admin.to_upstream(),
        tech=params.contacts.tech.to_upstream(),
    )


def _generate(params: CheckedParameters) -> GeneratedRequest | None:
    if params.csr_mode is not CsrMode.GENERATE:
        return None
    return generate_request(params.names, params.algorithm, params.contacts.organisation.subject_details())


def _write_parameters(order: Order, params: CheckedParameters, csr_pem: str, key_id: int | None) -> None:
    order.common_name = params.names.common_name
    order.sans = list(params.names.sans)
    order.csr_pem = csr_pem
    order.private_key_id = key_id
    order.contacts = params.contacts.to_json()
    order.approver_email = params.approver_email
    order.parameters_pending = False


def _buy(
    db: Database,
    actor: Actor,
    order_id: int,
    plan: PlanChoice,
    params: CheckedParameters,
) -> PlacedOrder:
    """Send one prepared order through the journal; what became of it."""
    with db.uow() as s:
        order = load(s, Order, order_id)
        request = _upstream_order(plan, order, params)
        module_id = order.processing_module_id
    try:
        record = journal.purchase_certificate(
            db, actor, module_id, request, purpose=OPERATION_ORDER, subject_id=order_id
        )
    except PurchaseOutcomeUnknown as exc:
        log.warning("order %s: purchase outcome unknown (%s)", order_id, exc)
        return PlacedOrder(order_id, UPSTREAM_SENDING, message=str(exc))
    except UpstreamError as exc:
        return PlacedOrder(order_id, UPSTREAM_REFUSED, message=str(exc))
    except UserError as exc:  # before anything was sent: no password in the keyring, module gone
        with db.uow() as s:
            released = order_completions.release(s, order_id, OPERATION_ORDER, str(exc))
        if not released:
            raise
        return PlacedOrder(order_id, UPSTREAM_REFUSED, message=str(exc))
    return PlacedOrder(order_id, UPSTREAM_REQUESTED, record.upstream_id)


def _prepare_one(
    db: Database,
    actor: Actor,
    *,
    order_id: int | None,
    version: int | None,
    context: OrderContext,
    plan: PlanChoice,
    period: int,
    on: date,
    params: CheckedParameters,
    quote: CertificateQuote,
    agreement_accepted: bool,
) -> int:
    """Write (or complete) one order with what its purchase will book; its id."""
    generated = _generate(params)
    csr_pem = generated.csr_pem if generated is not None else params.csr_pem
    with db.uow() as s:
        money = balance(s, context.client.id, context.currency)
        refusal = balance_refusal(quote.total, money, context.currency)
        if refusal is not None:
            raise _refused("balance", refusal)
        if order_id is None:
            order = Order(
                client_id=context.client.id,
                tariff_plan_id=plan.id,
                processing_module_id=plan.plan.processing_module_id,
                currency=context.currency,
                period=period,
                status=ORDER_NEW,
                created_by=actor.login,
                agreement_accepted_at=utcnow() if agreement_accepted else None,
            )
            s.add(order)
        else:
            order = load(s, Order, order_id, version)
            if not (order.parameters_pending or order.upstream_status == UPSTREAM_REFUSED):
                raise Conflict(_("The parameters of this order were filled in already."))
        # A refused order sent again keeps its CSR, and so its key.
        key_id = order.private_key_id if order_id is not None and csr_pem == order.csr_pem else None
        if generated is not None:
            key_id = keys.store_private_key(
                s, actor, generated.private_key, common_name=params.names.common_name
            )
        _write_parameters(order, params, csr_pem, key_id)
        order.upstream_status = UPSTREAM_SENDING
        order.pending = Pending(OPERATION_ORDER, on, quote.lines, quote.state, actor.login).to_json()
        s.flush()
        audit.record(
            s,
            actor,
            "create" if order_id is None else "complete_parameters",
            ENTITY,
            order.id,
            after=audit.snapshot(order),
            summary=params.names.common_name,
        )
        return order.id


def place_order(
    db: Database,
    actor: Actor,
    request: OrderRequest,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PlacementResult:
    """Check, charge and buy the order (see the module documentation)."""
    require(actor, Permission.PLACE_ORDERS)
    context = order_context(db, actor, request.client_id, request.on)
    plan, _held = _check_order(context, request, db)
    if plan.plan.quick_order and not request.common_name.strip():
        return _place_quick(db, actor, context, plan, request)
    params = check_parameters(
        plan,
        request.period,
        common_name=request.common_name,
        sans=request.sans,
        csr_mode=request.csr_mode,
        algorithm=request.key_algorithm,
        csr_pem=request.csr_pem,
        contacts=request.contacts,
        approver_email=request.approver_email,
    )
    quote = _quote(plan, request.on, request.period, params.names.extra_count)
    refusal = balance_refusal(quote.total * request.quantity, context.balance, context.currency)
    if refusal is not None:
        raise _refused("balance", refusal)
    steps = _Progress(progress, cancelled)
    placed: list[PlacedOrder] = []
    problem = ""
    for _number in range(request.quantity):
        if steps.cancelled is not None and steps.cancelled():
            problem = _("Stopped: the remaining certificates were not ordered.")
            break
        order_id = _prepare_one(
            db,
            actor,
            order_id=None,
            version=None,
            context=context,
            plan=plan,
            period=request.period,
            on=request.on,
            params=params,
            quote=quote,
            agreement_accepted=request.agreement_accepted,
        )
        result = _buy(db, actor, order_id, plan, params)
        placed.append(result)
        steps.step(request.quantity)
        if result.outcome != UPSTREAM_REQUESTED:
            problem = _refusal_text(result)
            break
    charged = quote.total * sum(1 for p in placed if p.outcome == UPSTREAM_REQUESTED)
    return PlacementResult(tuple(placed), request.quantity, charged, context.currency, problem)


def _refusal_text(result: PlacedOrder) -> str:
    if result.outcome == UPSTREAM_SENDING:
        return _(
            "The upstream did not answer in time: order {id} is kept as being ordered and is settled "
            "automatically (it is never bought twice). {reason}"
        ).format(id=result.order_id, reason=result.message)
    return _("The upstream refused order {id}, nothing was charged: {reason}").format(
        id=result.order_id, reason=result.message
    )


def _place_quick(
    db: Database, actor: Actor, context: OrderContext, plan: PlanChoice, request: OrderRequest
) -> PlacementResult:
    placed = []
    with db.uow() as s:
        for _number in range(request.quantity):
            order = Order(
                client_id=context.client.id,
                tariff_plan_id=plan.id,
                processing_module_id=plan.plan.processing_module_id,
                currency=context.currency,
                period=request.period,
                status=ORDER_NEW,
                upstream_status=UPSTREAM_PENDING,
                parameters_pending=True,
                contacts=context.client.order_contacts().to_json(),
                created_by=actor.login,
                agreement_accepted_at=utcnow() if request.agreement_accepted else None,
            )
            s.add(order)
            s.flush()
            audit.record(
                s, actor, "create", ENTITY, order.id, after=audit.snapshot(order), summary=plan.title
            )
            placed.append(PlacedOrder(order.id, UPSTREAM_PENDING))
    return PlacementResult(tuple(placed), request.quantity, Decimal(0), context.currency)


def complete_parameters(
    db: Database,
    actor: Actor,
    order_id: int,
    *,
    version: int,
    on: date,
    common_name: str,
    sans: tuple[str, ...] | str = (),
    csr_mode: CsrMode | str = CsrMode.GENERATE,
    key_algorithm_value: str = DEFAULT_ALGORITHM.value,
    csr_pem: str = "",
    contacts: object = None,
    approver_email: str = "",
) -> PlacedOrder:
    """Fill in a quick order's parameters; it is then charged (at `on`'s prices) and bought."""
    require(actor, Permission.PLACE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id, version)
        if not order.parameters_pending:
            raise UserError(_("This order's parameters were filled in already."))
        client_id, plan_id, period = order.client_id, order.tariff_plan_id, order.period
    context, plan = _still_orderable(db, actor, client_id, plan_id, on)
    params = check_parameters(
        plan,
        period,
        common_name=common_name,
        sans=sans,
        csr_mode=csr_mode,
        algorithm=key_algorithm_value,
        csr_pem=csr_pem,
        contacts=contacts,
        approver_email=approver_email,
    )
    return _charge_and_buy(db, actor, order_id, version, context, plan, period, on, params)


def retry_refused(db: Database, actor: Actor, order_id: int, *, version: int, on: date) -> PlacedOrder:
    """Send an order the upstream refused again, with its parameters and CSR (charged at `on`)."""
    from sslbill_desktop.services.contacts import ClientContacts

    require(actor, Permission.PLACE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id, version)
        if order.upstream_status != UPSTREAM_REFUSED or order.status != ORDER_NEW:
            raise UserError(_("Only an order the upstream refused can be sent again."))
        client_id, plan_id, period = order.client_id, order.tariff_plan_id, order.period
        names = DomainNames(order.common_name, tuple(order.sans or ()))
        csr_pem, approver = order.csr_pem, order.approver_email
        contacts = ClientContacts.from_json(order.contacts)
    context, plan = _still_orderable(db, actor, client_id, plan_id, on)
    params = CheckedParameters(names, CsrMode.PASTE, "", csr_pem, contacts, approver)
    return _charge_and_buy(db, actor, order_id, version, context, plan, period, on, params)


def _still_orderable(
    db: Database, actor: Actor, client_id: int, plan_id: int, on: date
) -> tuple[OrderContext, PlanChoice]:
    """The client's ordering context and the order's plan, which it must still be able to order."""
    context = order_context(db, actor, client_id, on)
    plan = context.plan(plan_id)
    if plan is None:
        raise ValidationError("plan_id", _("this tariff plan can no longer be ordered for this client"))
    return context, plan


def _charge_and_buy(
    db: Database,
    actor: Actor,
    order_id: int,
    version: int,
    context: OrderContext,
    plan: PlanChoice,
    period: int,
    on: date,
    params: CheckedParameters,
) -> PlacedOrder:
    """Charge an order that exists already (completed or sent again) and buy its certificate."""
    quote = _quote(plan, on, period, params.names.extra_count)
    _prepare_one(
        db,
        actor,
        order_id=order_id,
        version=version,
        context=context,
        plan=plan,
        period=period,
        on=on,
        params=params,
        quote=quote,
        agreement_accepted=False,
    )
    return _buy(db, actor, order_id, plan, params)
