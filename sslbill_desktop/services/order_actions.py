"""What staff do with an order: renew, delete, change plan, add-ons, suspend/resume, reissue, keys.

Every money-moving action has a `quote_*` twin that returns the billing engine's lines (what will
be booked, with the rule that produced each: "late fee 50% × 5 days") and the balance after it,
for the confirmation; the action itself books exactly what the engine says on that date. A
refusal of the engine is raised as `OrderRefused` naming the rule.

- Renew (`HANDLE_ORDERS`: sales may): the upstream certificate is renewed through the journal when
  its upstream term would end before the new term does (the charge is then booked when the
  upstream confirms); otherwise only the books move.
- Delete (`DELETE_ORDERS`: admins): refused before the plan's minimum order period; the
  certificate is deleted upstream first, then the refund policy (`order_settings`) applies:
  the unused days (and the unused part of add-ons) are refunded, in full when the certificate was
  never issued.
- Change plan (`MANAGE_ORDERS`: admins, as every change below): only to plans that sell the
  same certificate type (a certificate cannot change its product at the CA), under the old
  plan's change policy.
- Add-ons, client suspension and resumption: the engine's rules (the plan or the client's group
  must allow suspending). Nothing is sent upstream.
- Reissue: a new CSR (generated here, or pasted) is sent upstream; the new certificate is picked
  up by the status sync.
- Keys: export once and delete, through `services/keys.py` (`EXPORT_KEYS`: admins).

No action runs while an operation of the order is on its way upstream.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.client_groups import ClientGroup as ClientGroupRow
from sslbill_desktop.models.clients import Client
from sslbill_desktop.models.orders import (
    ORDER_DELETED,
    ORDER_NEW,
    UPSTREAM_FAILED,
    UPSTREAM_ISSUED,
    UPSTREAM_REFUSED,
    UPSTREAM_REQUESTED,
    Order,
)
from sslbill_desktop.services import audit, journal, keys, order_completions, upstream
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing import (
    ClientGroup,
    Entry,
    EntryKind,
    Outcome,
    Quote,
    Refusal,
    ServiceState,
    TariffTerms,
    cancel_addon,
    change_tariff,
    delete_service,
    order_addon,
    quote_addon,
    quote_renewal,
    quote_tariff_change,
    renew_service,
    resume_by_client,
    suspend_by_client,
)
from sslbill_desktop.services.billing.addons import addon_note, unused_addon_value
from sslbill_desktop.services.billing.money import book as book_amount
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.suspension import unused_service_value
from sslbill_desktop.services.csr import (
    DEFAULT_ALGORITHM,
    generate_request,
    key_algorithm,
    validate_pasted_request,
)
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.domains import DomainNames
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import UserError, ValidationError
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.ispmanager.errors import UpstreamError, UpstreamNotFound
from sslbill_desktop.services.keys import KeyRecord
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.order_books import (
    OPERATION_RENEWAL,
    Pending,
    apply_state,
    balance,
    book,
    group_for,
    state_of,
    terms_for,
    total,
    upstream_months,
)
from sslbill_desktop.services.order_notices import queue_deletion
from sslbill_desktop.services.order_policy import explain
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.services.order_settings import REFUND_NONE, settings_in
from sslbill_desktop.services.orders import get_order, orders_of_client

log = logging.getLogger(__name__)

ENTITY = "order"

assert order_completions  # the journal's handlers for renewals are registered


class OrderRefused(UserError):
    """The billing engine refused the action; the message names the rule."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(explain(refusal))
        self.rule = refusal.rule


@dataclass(frozen=True)
class ActionQuote:
    """What an action books (charges positive, refunds negative) and the balance after it."""

    lines: tuple[Entry, ...]
    total: Decimal
    balance: Decimal
    balance_after: Decimal
    currency: str
    #: The service's expiry date afterwards.
    expires_on: date | None
    #: The action is sent upstream (a renewal of the certificate itself).
    upstream: bool = False


@dataclass(frozen=True)
class PlanOption:
    id: int
    title: str
    #: Orderable periods and their prices, shortest first.
    prices: tuple[tuple[int, Decimal], ...]


Namer = Callable[[TariffTerms], TariffTerms]
Decision = Callable[[ServiceState, TariffTerms, ClientGroup | None, Namer], Outcome | Quote | Refusal]


def _same(terms: TariffTerms) -> TariffTerms:
    return terms


@dataclass
class _Service:
    order: Order
    client: Client
    state: ServiceState
    terms: TariffTerms
    group: ClientGroup | None
    balance: Decimal
    #: Plan key -> title, group key -> name: how refusals name them.
    titles: dict[str, str]
    group_names: dict[str, str]

    def name(self, terms: TariffTerms) -> TariffTerms:
        groups = self.group_names
        return replace(
            terms,
            key=self.titles.get(terms.key, terms.key),
            allowed_groups=frozenset(groups.get(g, g) for g in terms.allowed_groups),
            forbidden_groups=frozenset(groups.get(g, g) for g in terms.forbidden_groups),
        )

    def decide(self, decision: Decision) -> Outcome | Quote:
        """The engine's answer; a refusal is raised, asked again in names (the engine knows ids)."""
        result = decision(self.state, self.terms, self.group, _same)
        if not isinstance(result, Refusal):
            return result
        group = (
            replace(self.group, key=self.group_names.get(self.group.key, self.group.key))
            if self.group
            else None
        )
        state = replace(self.state, tariff=self.titles.get(self.state.tariff, self.state.tariff))
        named = decision(state, self.name(self.terms), group, self.name)
        raise OrderRefused(named if isinstance(named, Refusal) and named.rule is result.rule else result)


def _no_operation_under_way(order: Order) -> None:
    if order.pending is not None:
        raise UserError(
            _(
                "An upstream operation of order {id} is still under way; it is settled automatically. "
                "Try again when its status has changed."
            ).format(id=order.id)
        )


def _service(s: Session, order_id: int, version: int | None = None) -> _Service:
    order = load(s, Order, order_id, version)
    _no_operation_under_way(order)
    state = state_of(order)
    if state is None:
        raise UserError(
            _("Order {id} has not been charged yet: there is no service to act on.").format(id=order.id)
        )
    client = load(s, Client, order.client_id)
    default = languages_in(s).default
    return _Service(
        order,
        client,
        state,
        terms_for(s, order.tariff_plan_id, order.currency),
        group_for(s, client),
        balance(s, client.id, order.currency),
        {str(i): pick(n, default) for i, n in s.execute(select(TariffPlan.id, TariffPlan.name))},
        {str(i): str(n) for i, n in s.execute(select(ClientGroupRow.id, ClientGroupRow.name))},
    )


def _quote(
    service: _Service, lines: tuple[Entry, ...], state: ServiceState | None, upstream_needed: bool = False
) -> ActionQuote:
    amount = total(lines)
    return ActionQuote(
        lines,
        amount,
        service.balance,
        service.balance - amount,
        service.order.currency,
        state.expires_on if state is not None else None,
        upstream_needed,
    )


def _apply(s: Session, actor: Actor, service: _Service, outcome: Outcome, action: str) -> None:
    before = {"state": service.order.state}
    book(s, service.order, outcome.entries, actor)
    apply_state(service.order, outcome.state)
    s.flush()
    audit.record(
        s,
        actor,
        action,
        ENTITY,
        service.order.id,
        before=before,
        after={"state": service.order.state},
        summary=service.order.common_name,
    )


def _act(
    db: Database,
    actor: Actor,
    order_id: int,
    version: int,
    action: str,
    decide: Callable[[Session, _Service], Decision],
) -> OrderRecord:
    """Decide with the engine on the current state and book the outcome, in one unit of work."""
    with db.uow() as s:
        service = _service(s, order_id, version)
        outcome = service.decide(decide(s, service))
        assert isinstance(outcome, Outcome)
        _apply(s, actor, service, outcome, action)
    return get_order(db, actor, order_id)


# --- renewal -------------------------------------------------------------------------------------


def _needs_upstream_renewal(order: Order, new_state: ServiceState) -> bool:
    """The upstream certificate must be renewed when its term ends before the new one does."""
    return order.upstream_expires_on is None or order.upstream_expires_on < new_state.expires_on


def quote_renew(
    db: Database, actor: Actor, order_id: int, on: date, period: int | None = None
) -> ActionQuote:
    """The renewal's lines on `on` (late fee and kept weekend days included) and the new expiry."""
    require(actor, Permission.HANDLE_ORDERS)
    with db.uow() as s:
        service = _service(s, order_id)
        quote = service.decide(lambda st, t, _g, _n: quote_renewal(st, t, on, period))
        assert isinstance(quote, Quote)
        return _quote(service, quote.lines, quote.state, _needs_upstream_renewal(service.order, quote.state))


def renewal_periods(db: Database, actor: Actor, order_id: int, on: date) -> list[int]:
    """The periods (months) the service can be renewed for on `on`: those its plan sells then,
    shortest first; only its own period when the plan is disabled or has ended."""
    require(actor, Permission.HANDLE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id)
        plan = load(s, TariffPlan, order.tariff_plan_id)
        terms = terms_for(s, plan.id, order.currency)
        if not plan.enabled or (terms.end_date is not None and on >= terms.end_date):
            return [order.period]
        return list(terms.orderable_periods()) or [order.period]


def renew_order(
    db: Database, actor: Actor, order_id: int, *, version: int, on: date, period: int | None = None
) -> OrderRecord:
    """Renew the service on `on` for `period` months (default: its period); see the module doc."""
    require(actor, Permission.HANDLE_ORDERS)
    with db.uow() as s:
        service = _service(s, order_id, version)
        outcome = service.decide(lambda st, t, _g, _n: renew_service(st, t, on, service.balance, period))
        assert isinstance(outcome, Outcome)
        order = service.order
        if not _needs_upstream_renewal(order, outcome.state):
            _apply(s, actor, service, outcome, "renew")
            module_id, certificate_id = None, None
        else:
            if not order.upstream_certificate_id:
                raise UserError(_("Order {id} has no upstream certificate to renew.").format(id=order.id))
            order.pending = Pending(
                OPERATION_RENEWAL, on, outcome.entries, outcome.state, actor.login
            ).to_json()
            s.flush()
            module_id, certificate_id = order.processing_module_id, order.upstream_certificate_id
            months = upstream_months(outcome.state.period)
    if module_id is not None and certificate_id is not None:
        try:
            journal.renew_certificate(
                db, actor, module_id, certificate_id, months, purpose=OPERATION_RENEWAL, subject_id=order_id
            )
        except UpstreamError:
            raise  # the journal's completion has released the renewal, or settles it later
        except UserError as exc:  # before anything was sent: drop the renewal, book nothing
            with db.uow() as s:
                order_completions.release(s, order_id, OPERATION_RENEWAL, str(exc))
            raise
    return get_order(db, actor, order_id)


# --- deletion ------------------------------------------------------------------------------------


def _refund_lines(s: Session, service: _Service, on: date) -> tuple[Entry, ...]:
    """What deleting the service on `on` refunds under the workspace's policy."""
    if settings_in(s).refund_on_delete == REFUND_NONE:
        return ()
    state, terms, currency = service.state, service.terms, service.order.currency
    lines: list[Entry] = []
    if service.order.upstream_status == UPSTREAM_FAILED:
        paid = state.term_paid + sum((h.paid for h in state.addons), Decimal(0))
        if paid > 0:
            lines.append(
                Entry.explained(
                    on,
                    EntryKind.REFUND,
                    -book_amount(paid, currency),
                    Note(N_("deleted: the certificate was never issued")),
                )
            )
        return tuple(lines)
    days = max(0, (state.expires_on - on).days)
    value = unused_service_value(state, terms, on)
    if value > 0:
        note = Note.plural("deleted: {n} day unused refunded", "deleted: {n} days unused refunded", days)
        lines.append(Entry.explained(on, EntryKind.REFUND, -value, note))
    for held in state.addons:
        addon_value = unused_addon_value(state, terms, held, on)
        if addon_value > 0:
            unused = max(0, (held.paid_until - on).days)
            detail = Note.plural(
                "deleted, {n} day unused refunded", "deleted, {n} days unused refunded", unused
            )
            note = addon_note(terms.addon_name(held.key), held.quantity, detail)
            lines.append(Entry.explained(on, EntryKind.REFUND, -addon_value, note))
    return tuple(lines)


def quote_delete(db: Database, actor: Actor, order_id: int, on: date) -> ActionQuote:
    """The refund that deleting on `on` books (refused before the minimum order period)."""
    require(actor, Permission.DELETE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id)
        if order.state is None:
            return ActionQuote((), Decimal(0), Decimal(0), Decimal(0), order.currency, None)
        service = _service(s, order_id)
        service.decide(lambda st, t, _g, _n: delete_service(st, t, on))
        return _quote(service, _refund_lines(s, service, on), None)


def _delete_uncharged(db: Database, actor: Actor, order_id: int, version: int, on: date) -> OrderRecord:
    with db.uow() as s:
        order = load(s, Order, order_id, version)
        _no_operation_under_way(order)
        order.status = ORDER_DELETED
        order.deleted_on = on
        s.flush()
        audit.record(s, actor, "delete", ENTITY, order.id, summary=order.common_name or str(order.id))
    return get_order(db, actor, order_id)


def delete_order(db: Database, actor: Actor, order_id: int, *, version: int, on: date) -> OrderRecord:
    """Delete the order: upstream first, then the refund per policy (see the module doc)."""
    require(actor, Permission.DELETE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id, version)
        if order.status == ORDER_DELETED:
            raise UserError(_("Order {id} is deleted already.").format(id=order.id))
        if order.state is None:
            uncharged = True
        else:
            uncharged = False
            service = _service(s, order_id, version)
            service.decide(lambda st, t, _g, _n: delete_service(st, t, on))
        module_id, certificate_id = order.processing_module_id, order.upstream_certificate_id
    if uncharged:
        return _delete_uncharged(db, actor, order_id, version, on)
    if certificate_id:
        try:
            upstream.client_for(db, module_id).delete_certificate(certificate_id)
        except UpstreamNotFound:
            log.info("order %s: certificate %s was already gone upstream", order_id, certificate_id)

    def decide(s: Session, service: _Service) -> Decision:
        def deletion(
            st: ServiceState, t: TariffTerms, _g: ClientGroup | None, _n: Namer
        ) -> Outcome | Refusal:
            deleted = delete_service(st, t, on)
            if isinstance(deleted, Refusal):
                return deleted
            return Outcome(_refund_lines(s, service, on), deleted.state, deleted.transitions)

        return deletion

    record = _act(db, actor, order_id, version, "delete", decide)
    with db.uow() as s:
        queued = queue_deletion(s, load(s, Order, order_id))
    if queued is not None:
        from sslbill_desktop.services import outbox

        outbox.deliver(db, [queued])
    return record


# --- changing the plan ---------------------------------------------------------------------------


def plan_change_options(db: Database, actor: Actor, order_id: int, on: date) -> list[PlanOption]:
    """The plans the service may move to: same provider and certificate type, enabled, not ended."""
    require(actor, Permission.MANAGE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id)
        current = load(s, TariffPlan, order.tariff_plan_id)
        default = languages_in(s).default
        options = []
        for plan in s.scalars(
            select(TariffPlan).where(
                TariffPlan.provider_id == current.provider_id,
                TariffPlan.certificate_type == current.certificate_type,
                TariffPlan.enabled.is_(True),
            )
        ):
            terms = terms_for(s, plan.id, order.currency)
            if terms.end_date is not None and on >= terms.end_date:
                continue
            prices = tuple((m, terms.prices[m]) for m in terms.orderable_periods())
            if prices:
                options.append(PlanOption(plan.id, pick(plan.name, default), prices))
        return sorted(options, key=lambda p: (p.id != current.id, p.title.casefold()))


def _new_terms(s: Session, service: _Service, plan_id: int) -> TariffTerms:
    current = load(s, TariffPlan, service.order.tariff_plan_id)
    plan = load(s, TariffPlan, plan_id)
    if plan.certificate_type != current.certificate_type or plan.provider_id != current.provider_id:
        raise ValidationError(
            "plan_id",
            _("only plans that sell the same certificate type can be chosen: the CA cannot change it"),
        )
    return terms_for(s, plan_id, service.order.currency)


def quote_change_plan(
    db: Database, actor: Actor, order_id: int, *, plan_id: int, period: int | None, on: date
) -> ActionQuote:
    require(actor, Permission.MANAGE_ORDERS)
    with db.uow() as s:
        service = _service(s, order_id)
        new_terms = _new_terms(s, service, plan_id)
        held = orders_of_client(s, service.client.id, plan_id)
        quote = service.decide(
            lambda st, t, g, name: quote_tariff_change(
                st, t, name(new_terms), on, period, group=g, services_of_plan=held
            )
        )
        assert isinstance(quote, Quote)
        return _quote(service, quote.lines, quote.state)


def change_plan(
    db: Database, actor: Actor, order_id: int, *, version: int, plan_id: int, period: int | None, on: date
) -> OrderRecord:
    """Move the service to another plan (and/or period) under its plan's change policy."""
    require(actor, Permission.MANAGE_ORDERS)

    def decide(s: Session, service: _Service) -> Decision:
        new_terms = _new_terms(s, service, plan_id)
        held = orders_of_client(s, service.client.id, plan_id)
        return lambda st, t, g, name: change_tariff(
            st, t, name(new_terms), on, service.balance, period, group=g, services_of_plan=held
        )

    return _act(db, actor, order_id, version, "change_plan", decide)


# --- add-ons -------------------------------------------------------------------------------------


def quote_add_addon(
    db: Database, actor: Actor, order_id: int, *, key: str, quantity: int, on: date
) -> ActionQuote:
    require(actor, Permission.MANAGE_ORDERS)
    _check_quantity(quantity)
    with db.uow() as s:
        service = _service(s, order_id)
        quote = service.decide(lambda st, t, _g, _n: quote_addon(st, t, key, quantity, on))
        assert isinstance(quote, Quote)
        return _quote(service, quote.lines, quote.state)


def _check_quantity(quantity: int) -> None:
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= 1000:
        raise ValidationError("quantity", _("order 1 to 1000 units"))


def add_addon(
    db: Database, actor: Actor, order_id: int, *, version: int, key: str, quantity: int, on: date
) -> OrderRecord:
    require(actor, Permission.MANAGE_ORDERS)
    _check_quantity(quantity)
    return _act(
        db,
        actor,
        order_id,
        version,
        "order_addon",
        lambda _s, service: lambda st, t, _g, _n: order_addon(st, t, key, quantity, on, service.balance),
    )


def quote_cancel_addon(db: Database, actor: Actor, order_id: int, *, key: str, on: date) -> ActionQuote:
    require(actor, Permission.MANAGE_ORDERS)
    with db.uow() as s:
        service = _service(s, order_id)
        outcome = service.decide(lambda st, t, _g, _n: cancel_addon(st, t, key, on))
        assert isinstance(outcome, Outcome)
        return _quote(service, outcome.entries, outcome.state)


def remove_addon(
    db: Database, actor: Actor, order_id: int, *, version: int, key: str, on: date
) -> OrderRecord:
    require(actor, Permission.MANAGE_ORDERS)
    return _act(
        db,
        actor,
        order_id,
        version,
        "cancel_addon",
        lambda _s, _service: lambda st, t, _g, _n: cancel_addon(st, t, key, on),
    )


# --- suspension ----------------------------------------------------------------------------------


def quote_suspend(db: Database, actor: Actor, order_id: int, on: date) -> ActionQuote:
    require(actor, Permission.MANAGE_ORDERS)
    with db.uow() as s:
        service = _service(s, order_id)
        outcome = service.decide(lambda st, t, g, _n: suspend_by_client(st, t, on, group=g))
        assert isinstance(outcome, Outcome)
        return _quote(service, outcome.entries, outcome.state)


def suspend_order(db: Database, actor: Actor, order_id: int, *, version: int, on: date) -> OrderRecord:
    """Suspend on the client's behalf (where the plan or the client's group allows it)."""
    require(actor, Permission.MANAGE_ORDERS)
    return _act(
        db,
        actor,
        order_id,
        version,
        "suspend",
        lambda _s, _service: lambda st, t, g, _n: suspend_by_client(st, t, on, group=g),
    )


def quote_resume(db: Database, actor: Actor, order_id: int, on: date) -> ActionQuote:
    require(actor, Permission.MANAGE_ORDERS)
    with db.uow() as s:
        service = _service(s, order_id)
        outcome = service.decide(lambda st, t, g, _n: resume_by_client(st, t, on, service.balance, group=g))
        assert isinstance(outcome, Outcome)
        return _quote(service, outcome.entries, outcome.state)


def resume_order(db: Database, actor: Actor, order_id: int, *, version: int, on: date) -> OrderRecord:
    require(actor, Permission.MANAGE_ORDERS)
    return _act(
        db,
        actor,
        order_id,
        version,
        "resume",
        lambda _s, service: lambda st, t, g, _n: resume_by_client(st, t, on, service.balance, group=g),
    )


# --- reissue -------------------------------------------------------------------------------------


def reissue_order(
    db: Database,
    actor: Actor,
    order_id: int,
    *,
    version: int,
    csr_mode: str = "generate",
    key_algorithm_value: str = DEFAULT_ALGORITHM.value,
    csr_pem: str = "",
) -> OrderRecord:
    """Send a new CSR for the order's names upstream; the new certificate comes with the sync."""
    require(actor, Permission.MANAGE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id, version)
        _no_operation_under_way(order)
        if order.status == ORDER_DELETED or not order.upstream_certificate_id:
            raise UserError(
                _("Only an ordered certificate of a service that is not deleted can be reissued.")
            )
        if order.upstream_status != UPSTREAM_ISSUED:
            raise UserError(_("Only an issued certificate can be reissued; this one is not issued yet."))
        names = DomainNames(order.common_name, tuple(order.sans or ()))
        organisation_contacts = order.contacts
        module_id, certificate_id = order.processing_module_id, order.upstream_certificate_id
    generated = None
    if csr_mode == "generate":
        from sslbill_desktop.services.contacts import ClientContacts

        subject = ClientContacts.from_json(organisation_contacts).organisation.subject_details()
        generated = generate_request(names, key_algorithm(key_algorithm_value), subject)
        new_csr = generated.csr_pem
    elif csr_mode == "paste":
        new_csr = validate_pasted_request(csr_pem, names).pem
    else:
        raise ValidationError("csr_mode", _("choose to generate a CSR or to paste one"))
    upstream.client_for(db, module_id).reissue_certificate(certificate_id, new_csr)
    with db.uow() as s:
        order = load(s, Order, order_id)
        if generated is not None:
            order.private_key_id = keys.store_private_key(
                s, actor, generated.private_key, common_name=names.common_name
            )
        else:
            order.private_key_id = None
        order.csr_pem = new_csr
        order.upstream_status = UPSTREAM_REQUESTED
        s.flush()
        audit.record(s, actor, "reissue", ENTITY, order.id, summary=order.common_name)
    return get_order(db, actor, order_id)


# --- keys ----------------------------------------------------------------------------------------


def _key_id(db: Database, order_id: int) -> int:
    with db.uow() as s:
        order = load(s, Order, order_id)
        if order.private_key_id is None:
            raise UserError(_("This order has no private key here (its CSR was pasted)."))
        return order.private_key_id


def delete_order_key(db: Database, actor: Actor, order_id: int) -> KeyRecord:
    """ "Delete key": the order's private key material leaves the database for good (admins)."""
    require(actor, Permission.EXPORT_KEYS)
    return keys.delete_private_key(db, actor, _key_id(db, order_id))


def export_order_key(db: Database, actor: Actor, order_id: int, destination: Path) -> KeyRecord:
    """The order's private key written once as PEM (admins)."""
    require(actor, Permission.EXPORT_KEYS)
    return keys.export_private_key(db, actor, _key_id(db, order_id), destination)


# --- a refused purchase, again ------------------------------------------------------------------


def retry_order(db: Database, actor: Actor, order_id: int, *, version: int, on: date) -> OrderRecord:
    """Buy a refused order again with its parameters (charged on `on`'s prices when bought)."""
    from sslbill_desktop.services.order_placing import retry_refused

    require(actor, Permission.PLACE_ORDERS)
    with db.uow() as s:
        order = load(s, Order, order_id, version)
        if order.status != ORDER_NEW or order.upstream_status != UPSTREAM_REFUSED:
            raise UserError(_("Only an order the upstream refused can be sent again."))
    retry_refused(db, actor, order_id, version=version, on=on)
    return get_order(db, actor, order_id)
