"""The client notices about an order: what they say about it, and their once-only keys.

Queued inside the unit of work of the change they report (`notifications.queue_client_notice`),
delivered after the commit by the caller (`outbox.deliver`) or by the next outbox retry.

Many at once (the daily run): an `OrderNotices` renders them as `OutgoingMail` (queued together
with `outbox.enqueue_many`), reading what they share once — the plans' terms and names, the
clients and providers, the templates (`notifications.NoticeCache`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.orders import Order
from sslbill_desktop.services import notifications, outbox
from sslbill_desktop.services.billing import Refusal, ServiceState, TariffTerms, quote_renewal
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.notifications import NoticeCache, NotificationKind, ServiceFacts
from sslbill_desktop.services.order_books import terms_for

#: The terms of a plan in a currency, inside a unit of work.
TermsSource = Callable[[Session, int, str], TariffTerms]


def renewal_price(
    s: Session, order: Order, state: ServiceState, terms: TariffTerms | None = None
) -> Decimal | None:
    """What renewing the service for its period costs on its expiry date (None: not renewable)."""
    terms = terms or terms_for(s, order.tariff_plan_id, order.currency)
    quote = quote_renewal(state, terms, state.expires_on)
    return None if isinstance(quote, Refusal) else quote.total


class OrderNotices:
    """Renders order notices, reading what they share once: keep one for one batch of work (the
    daily run keeps one per run). `terms(s, plan_id, currency)` gives a plan's terms (by default
    read for each notice)."""

    def __init__(self, terms: TermsSource | None = None, cache: NoticeCache | None = None) -> None:
        self.cache = cache or NoticeCache()
        self._terms = terms or terms_for
        self._plan_names: dict[int, dict[str, str] | None] = {}

    def _plan_name(self, s: Session, plan_id: int) -> dict[str, str] | None:
        if plan_id not in self._plan_names:
            plan = s.get(TariffPlan, plan_id)
            self._plan_names[plan_id] = dict(plan.name) if plan is not None else None
        return self._plan_names[plan_id]

    def facts(self, s: Session, order: Order, *, price: Decimal | None = None) -> ServiceFacts:
        """What a notice says about the order (its plan named in the client's language)."""
        name = self._plan_name(s, order.tariff_plan_id)
        client = self.cache.client(s, order.client_id)
        plan_name = pick(name, self.cache.default_language(s), client.language) if name is not None else ""
        return ServiceFacts(
            service_id=order.id,
            domain=order.common_name,
            plan=plan_name,
            period_months=order.period,
            expiry_date=order.expires_on,
            price=price,
            currency=order.currency,
            order_id=str(order.id),
        )

    def _price(self, s: Session, order: Order, state: ServiceState) -> Decimal | None:
        return renewal_price(s, order, state, self._terms(s, order.tariff_plan_id, order.currency))

    def _notice(
        self, s: Session, kind: NotificationKind, order: Order, facts: ServiceFacts, key: str
    ) -> outbox.OutgoingMail:
        return notifications.client_notice(s, kind, order.client_id, facts, dedupe_key=key, cache=self.cache)

    def suspension(self, s: Session, order: Order, state: ServiceState) -> outbox.OutgoingMail:
        facts = self.facts(s, order, price=self._price(s, order, state))
        key = f"suspension:{order.id}:{state.suspended_on.isoformat() if state.suspended_on else ''}"
        return self._notice(s, NotificationKind.SUSPENSION, order, facts, key)

    def deletion(self, s: Session, order: Order) -> outbox.OutgoingMail:
        return self._notice(s, NotificationKind.DELETION, order, self.facts(s, order), f"deletion:{order.id}")

    def renewal_reminder(
        self, s: Session, order: Order, state: ServiceState, days_before: int
    ) -> outbox.OutgoingMail:
        """Once per service, expiry date and number of days before it (the key says so)."""
        facts = self.facts(s, order, price=self._price(s, order, state))
        key = f"renewal-reminder:{order.id}:{state.expires_on.isoformat()}:{days_before}"
        return self._notice(s, NotificationKind.RENEWAL_REMINDER, order, facts, key)


def facts_of(s: Session, order: Order, *, price: Decimal | None = None) -> ServiceFacts:
    return OrderNotices().facts(s, order, price=price)


def queue_suspension(
    s: Session, order: Order, state: ServiceState, now: datetime | None = None
) -> int | None:
    return outbox.enqueue(s, OrderNotices().suspension(s, order, state), now=now)


def queue_deletion(s: Session, order: Order, now: datetime | None = None) -> int | None:
    return outbox.enqueue(s, OrderNotices().deletion(s, order), now=now)


def queue_renewal_reminder(
    s: Session, order: Order, state: ServiceState, days_before: int, now: datetime | None = None
) -> int | None:
    """Once per service, expiry date and number of days before it."""
    return outbox.enqueue(s, OrderNotices().renewal_reminder(s, order, state, days_before), now=now)


def send_activation(db: Database, order_id: int, now: datetime | None = None) -> int | None:
    """The plan's activation notice, once per order (after its certificate was issued)."""
    with db.uow() as s:
        order = s.get(Order, order_id)
        if order is None:
            return None
        plan = s.get(TariffPlan, order.tariff_plan_id)
        template_id = plan.activation_template_id if plan is not None else None
        facts = facts_of(s, order)
        client_id = order.client_id
    return notifications.send_activation(db, client_id, facts, template_id=template_id, now=now)
