"""The order wizard's flow (Orders → Order certificate), without widgets.

Steps: client → plan → period → domain → CSR → contacts → approver e-mail → service agreement
(only when the plan has one) → summary. A quick-order plan skips the parameter steps (domain to
approver): its orders wait for their parameters (`order_placing.complete_parameters`).

Every step validates its own values into `{field: message}`; a refusal of the ordering policy is
reported on the step where it occurs, named by its rule (`order_policy.explain`):

- plan: the plan is disabled or past its end date, the client's group is forbidden or not among
  the allowed groups, the client already holds the maximum number of services of the plan;
- period: the period is not sold or the yearly period is disabled, several services at once
  without "simultaneous services order" or beyond its maximum, the per-client limit with that
  quantity, and the balance against the period's price with the setup fee;
- domain: extra names on a plan that sells none;
- summary: the balance against the whole order, extra names included.

Values (what the pages hand over): client `client_id`; plan `plan_id`; period `period`,
`quantity`; domain `common_name`, `sans` (text or list); CSR `csr_mode` ("generate" or "paste"),
`key_algorithm`, `csr`; contacts `contacts` (a `ClientContacts`); approver `approver_email`;
agreement `accepted`; summary nothing. `place()` orders what was entered (`order_placing`).

Reading the database happens when a client or plan is chosen (cached), so validation stays cheap
enough to run on every keystroke.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sslbill_desktop.services import clients as client_service
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing import Entry, Refusal
from sslbill_desktop.services.contacts import ClientContacts
from sslbill_desktop.services.csr import KeyAlgorithm, key_algorithm, validate_pasted_request
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.domains import (
    DomainNames,
    approver_emails,
    clean_approver_email,
    clean_domain_names,
)
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.order_context import (
    OrderContext,
    PlanChoice,
    order_context,
    services_of_plan,
    unlisted_plan,
)
from sslbill_desktop.services.order_placing import (
    MAX_QUANTITY,
    CsrMode,
    OrderRequest,
    PlacementResult,
    place_order,
)
from sslbill_desktop.services.order_policy import (
    Names,
    balance_refusal,
    explain,
    period_refusal,
    plan_refusal,
)
from sslbill_desktop.services.order_quote import quote_certificate
from sslbill_desktop.services.orders import check_order_contacts
from sslbill_desktop.services.wizard import StepData, WizardFlow, collect_errors

CLIENT = "client"
PLAN = "plan"
PERIOD = "period"
DOMAIN = "domain"
CSR = "csr"
CONTACTS = "contacts"
APPROVER = "approver"
AGREEMENT = "agreement"
SUMMARY = "summary"

#: The steps a quick-order plan skips.
PARAMETER_STEPS: tuple[str, ...] = (DOMAIN, CSR, CONTACTS, APPROVER)


@dataclass(frozen=True)
class OrderSummary:
    """The summary step: every line the order books, and the balance after it."""

    lines: tuple[Entry, ...]
    #: One certificate's price.
    price: Decimal
    quantity: int
    total: Decimal
    balance: Decimal
    balance_after: Decimal
    currency: str
    expires_on: date
    quick_order: bool


class OrderFlow(WizardFlow):
    """See the module documentation."""

    def __init__(self, db: Database, actor: Actor, on: date, *, client_id: int | None = None) -> None:
        require(actor, Permission.PLACE_ORDERS)
        self._db = db
        self._actor = actor
        self._on = on
        self._contexts: dict[int, OrderContext | ValidationError] = {}
        self._held_counts: dict[tuple[int, int], int] = {}
        self._refusals: dict[int, str] = {}
        self._pasted: dict[tuple[str, DomainNames], str] = {}
        super().__init__()
        if client_id is not None:
            self._data[CLIENT] = {"client_id": client_id}

    # --- the steps ----------------------------------------------------------------------------

    def first_step(self) -> str:
        return CLIENT

    def next_step(self, step: str, data: Mapping[str, StepData]) -> str | None:
        plan = self._plan_in(data)
        quick = plan is not None and plan.plan.quick_order
        agreement = plan is not None and plan.plan.agreement_template_id is not None
        order = [CLIENT, PLAN, PERIOD]
        if not quick:
            order += list(PARAMETER_STEPS)
        if agreement:
            order.append(AGREEMENT)
        order.append(SUMMARY)
        if step not in order:
            return None
        position = order.index(step)
        return order[position + 1] if position + 1 < len(order) else None

    def validate(self, step: str, values: StepData) -> dict[str, str]:
        errors: dict[str, str] = {}
        check: Callable[[StepData], None] = {
            CLIENT: self._check_client,
            PLAN: self._check_plan,
            PERIOD: self._check_period,
            DOMAIN: self._check_domain,
            CSR: self._check_csr,
            CONTACTS: self._check_contacts,
            APPROVER: self._check_approver,
            AGREEMENT: self._check_agreement,
            SUMMARY: self._check_summary,
        }[step]
        try:
            check(values)
        except ValidationError as exc:
            collect_errors(errors, exc)
        return errors

    # --- what the pages show ------------------------------------------------------------------

    @property
    def on(self) -> date:
        return self._on

    def find_clients(self, text: str, limit: int = 100) -> list[client_service.ClientRow]:
        return client_service.list_clients(self._db, self._actor, filter_text=text, limit=limit).rows

    @property
    def context(self) -> OrderContext | None:
        client_id = self.values(CLIENT).get("client_id")
        found = self._contexts.get(client_id) if isinstance(client_id, int) else None
        return found if isinstance(found, OrderContext) else None

    def context_for(self, client_id: int) -> OrderContext:
        """The client's order context (read once per client)."""
        found = self._contexts.get(client_id)
        if found is None:
            try:
                found = order_context(self._db, self._actor, client_id, self._on)
            except ValidationError as exc:
                found = exc
            except Exception as exc:
                from sslbill_desktop.services.errors import NotFound

                if not isinstance(exc, NotFound):
                    raise
                found = ValidationError("client_id", _("this client no longer exists"))
            self._contexts[client_id] = found
        if isinstance(found, ValidationError):
            raise found
        return found

    def plans(self) -> tuple[PlanChoice, ...]:
        context = self.context
        return context.plans if context is not None else ()

    def plan(self) -> PlanChoice | None:
        return self._plan_in(self._data)

    def periods(self) -> list[tuple[int, Decimal]]:
        plan = self.plan()
        return list(plan.plan.prices) if plan is not None else []

    def max_quantity(self) -> int:
        plan = self.plan()
        if plan is None or not plan.terms.simultaneous_order:
            return 1
        return min(plan.terms.max_simultaneous or MAX_QUANTITY, MAX_QUANTITY)

    def names(self) -> DomainNames | None:
        values = self.values(DOMAIN)
        try:
            return clean_domain_names(values.get("common_name", ""), values.get("sans", ()))
        except ValidationError:
            return None

    def prefilled_contacts(self) -> ClientContacts:
        context = self.context
        return context.client.order_contacts() if context is not None else ClientContacts()

    def approver_choices(self) -> list[str]:
        names = self.names()
        return approver_emails(names.common_name) if names is not None else []

    def agreement_text(self) -> str:
        plan = self.plan()
        context = self.context
        if plan is None or context is None or plan.plan.agreement_template_id is None:
            return ""
        from sslbill_desktop.services.order_documents import agreement_text

        period = int(self.values(PERIOD).get("period") or 0)
        summary = self.summary() if period else None
        names = None if plan.plan.quick_order else self.names()
        return agreement_text(
            self._db,
            self._actor,
            plan.plan.agreement_template_id,
            context.client,
            plan.title,
            domain=names.common_name if names is not None else "",
            period_months=period or None,
            price=summary.total if isinstance(summary, OrderSummary) else None,
        )

    def summary(self) -> OrderSummary | Refusal:
        context, plan = self.context, self.plan()
        if context is None or plan is None:
            raise ValueError("the summary needs a client and a plan")
        period = int(self.values(PERIOD).get("period") or 0)
        quantity = int(self.values(PERIOD).get("quantity") or 1)
        names = None if plan.plan.quick_order else self.names()
        extra = names.extra_count if names is not None else 0
        quote = quote_certificate(plan.terms, self._on, period, extra, plan.san_key, plan.title)
        if isinstance(quote, Refusal):
            return quote
        total = quote.total * quantity
        return OrderSummary(
            lines=quote.lines,
            price=quote.total,
            quantity=quantity,
            total=total,
            balance=context.balance,
            balance_after=context.balance - total,
            currency=context.currency,
            expires_on=quote.state.expires_on,
            quick_order=plan.plan.quick_order,
        )

    def request(self) -> OrderRequest:
        """What was entered, for `place_order`."""
        plan = self.plan()
        quick = plan is not None and plan.plan.quick_order
        domain = {} if quick else self.values(DOMAIN)
        csr = {} if quick else self.values(CSR)
        contacts = None if quick else self.values(CONTACTS).get("contacts")
        period = self.values(PERIOD)
        return OrderRequest(
            client_id=int(self.values(CLIENT)["client_id"]),
            plan_id=int(self.values(PLAN)["plan_id"]),
            period=int(period["period"]),
            on=self._on,
            quantity=int(period.get("quantity") or 1),
            common_name=str(domain.get("common_name", "")),
            sans=domain.get("sans", ()),
            csr_mode=str(csr.get("csr_mode", CsrMode.GENERATE.value)),
            key_algorithm=str(csr.get("key_algorithm", KeyAlgorithm.RSA_2048.value)),
            csr_pem=str(csr.get("csr", "")),
            contacts=contacts if isinstance(contacts, ClientContacts) else None,
            approver_email=str(self.values(APPROVER).get("approver_email", "")) if not quick else "",
            agreement_accepted=bool(self.values(AGREEMENT).get("accepted", False)),
        )

    def place(
        self, progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None
    ) -> PlacementResult:
        return place_order(self._db, self._actor, self.request(), progress=progress, cancelled=cancelled)

    # --- checks -------------------------------------------------------------------------------

    def _plan_in(self, data: Mapping[str, StepData]) -> PlanChoice | None:
        client_id = data.get(CLIENT, {}).get("client_id")
        plan_id = data.get(PLAN, {}).get("plan_id")
        context = self._contexts.get(client_id) if isinstance(client_id, int) else None
        if not isinstance(context, OrderContext):
            return None
        return context.plan(plan_id)

    def _require_context(self) -> OrderContext:
        context = self.context
        if context is None:
            raise ValidationError("client_id", _("choose the client first"))
        return context

    def _held(self, context: OrderContext, plan_id: int) -> int:
        key = (context.client.id, plan_id)
        if key not in self._held_counts:
            self._held_counts[key] = services_of_plan(self._db, context.client.id, plan_id)
        return self._held_counts[key]

    def _check_client(self, values: StepData) -> None:
        client_id = values.get("client_id")
        if not isinstance(client_id, int) or isinstance(client_id, bool):
            raise ValidationError("client_id", _("choose the client the certificate is for"))
        context = self.context_for(client_id)
        if not context.plans:
            group = context.client.client_group_name or _("no group")
            raise ValidationError(
                "client_id",
                _(
                    "no tariff plan can be ordered for this client now (provider {provider}, group {group})"
                ).format(provider=context.client.provider_name, group=group),
            )

    def _check_plan(self, values: StepData) -> None:
        context = self._require_context()
        plan_id = values.get("plan_id")
        if not isinstance(plan_id, int) or isinstance(plan_id, bool):
            raise ValidationError("plan_id", _("choose a tariff plan"))
        plan = context.plan(plan_id)
        if plan is None:
            raise ValidationError("plan_id", self._unlisted_reason(context, plan_id))
        refusal = plan_refusal(
            plan.terms, self._on, context.group, self._held(context, plan_id), context.names(plan.title)
        )
        if refusal is not None:
            raise ValidationError("plan_id", explain(refusal))

    def _unlisted_reason(self, context: OrderContext, plan_id: int) -> str:
        if plan_id not in self._refusals:
            found = unlisted_plan(self._db, self._actor, plan_id)
            reason = _("this tariff plan cannot be ordered for this client")
            if found is not None:
                refusal = plan_refusal(
                    found.terms,
                    self._on,
                    context.group,
                    self._held(context, plan_id),
                    Names(found.title, context.group_names),
                )
                if refusal is not None:
                    reason = explain(refusal)
            self._refusals[plan_id] = reason
        return self._refusals[plan_id]

    def _chosen_plan(self) -> tuple[OrderContext, PlanChoice]:
        context = self._require_context()
        plan = self.plan()
        if plan is None:
            raise ValidationError("plan_id", _("choose a tariff plan first"))
        return context, plan

    def _check_period(self, values: StepData) -> None:
        context, plan = self._chosen_plan()
        period = values.get("period")
        if not isinstance(period, int) or isinstance(period, bool):
            raise ValidationError("period", _("choose the order period"))
        quantity = values.get("quantity", 1)
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise ValidationError("quantity", _("order at least one certificate"))
        if quantity > MAX_QUANTITY:
            raise ValidationError(
                "quantity", _("order at most {n} certificates at once").format(n=MAX_QUANTITY)
            )
        refusal = period_refusal(
            plan.terms,
            self._on,
            period,
            quantity,
            context.group,
            self._held(context, plan.id),
            context.balance,
            context.names(plan.title),
        )
        if refusal is not None:
            field = "quantity" if refusal.rule.value.startswith("simultaneous") else "period"
            raise ValidationError(field, explain(refusal))

    def _check_domain(self, values: StepData) -> None:
        _context, plan = self._chosen_plan()
        names = clean_domain_names(values.get("common_name", ""), values.get("sans", ()))
        if names.extra_count:
            if plan.san_key is None:
                raise ValidationError(
                    "sans",
                    _("the tariff plan {plan} sells no extra names: order the common name only").format(
                        plan=plan.title
                    ),
                )
            period = int(self.values(PERIOD).get("period") or 0)
            if plan.san_price(period) is None:
                raise ValidationError(
                    "sans",
                    _("the tariff plan {plan} has no price for extra names for this period").format(
                        plan=plan.title
                    ),
                )

    def _check_csr(self, values: StepData) -> None:
        mode = values.get("csr_mode", CsrMode.GENERATE.value)
        if mode == CsrMode.GENERATE.value:
            key_algorithm(values.get("key_algorithm", KeyAlgorithm.RSA_2048.value))
            return
        if mode != CsrMode.PASTE.value:
            raise ValidationError("csr_mode", _("choose to generate a CSR or to paste one"))
        names = self.names()
        if names is None:
            raise ValidationError("common_name", _("enter the domain names first"))
        text = values.get("csr", "")
        key = (str(text), names)
        if key not in self._pasted:
            try:
                validate_pasted_request(text, names)
                self._pasted[key] = ""
            except ValidationError as exc:
                self._pasted[key] = exc.detail
        if self._pasted[key]:
            raise ValidationError("csr", self._pasted[key])

    def _check_contacts(self, values: StepData) -> None:
        check_order_contacts(values.get("contacts"))

    def _check_approver(self, values: StepData) -> None:
        names = self.names()
        if names is None:
            raise ValidationError("approver_email", _("enter the domain names first"))
        clean_approver_email("approver_email", values.get("approver_email", ""), names.common_name)

    def _check_agreement(self, values: StepData) -> None:
        if values.get("accepted") is not True:
            raise ValidationError("accepted", _("the client must accept the service agreement to order"))

    def _check_summary(self, values: StepData) -> None:
        summary = self.summary()
        if isinstance(summary, Refusal):
            raise ValidationError("balance", explain(summary))
        refusal = balance_refusal(summary.total, summary.balance, summary.currency)
        if refusal is not None:
            raise ValidationError("balance", explain(refusal))


def summary_values(summary: OrderSummary) -> dict[str, Any]:
    """The summary as plain values (for tests and the page)."""
    return {
        "lines": [(line.kind.value, line.amount, line.note) for line in summary.lines],
        "total": summary.total,
        "balance_after": summary.balance_after,
    }
