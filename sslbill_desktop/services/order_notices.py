"""The client notices about an order: what they say about it, and their once-only keys.

Queued inside the unit of work of the change they report (`notifications.queue_client_notice`),
delivered after the commit by the caller (`outbox.deliver`) or by the next outbox retry.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.clients import Client
from sslbill_desktop.models.orders import Order
from sslbill_desktop.services import notifications
from sslbill_desktop.services.billing import Refusal, ServiceState, quote_renewal
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.notifications import NotificationKind, ServiceFacts
from sslbill_desktop.services.order_books import terms_for


def renewal_price(s: Session, order: Order, state: ServiceState) -> Decimal | None:
    """What renewing the service for its period costs on its expiry date (None: not renewable)."""
    terms = terms_for(s, order.tariff_plan_id, order.currency)
    quote = quote_renewal(state, terms, state.expires_on)
    return None if isinstance(quote, Refusal) else quote.total


def facts_of(s: Session, order: Order, *, price: Decimal | None = None) -> ServiceFacts:
    plan = s.get(TariffPlan, order.tariff_plan_id)
    client = s.get(Client, order.client_id)
    language = client.language if client is not None else None
    plan_name = pick(plan.name, languages_in(s).default, language) if plan is not None else ""
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


def queue_suspension(
    s: Session, order: Order, state: ServiceState, now: datetime | None = None
) -> int | None:
    facts = facts_of(s, order, price=renewal_price(s, order, state))
    key = f"suspension:{order.id}:{state.suspended_on.isoformat() if state.suspended_on else ''}"
    return notifications.queue_client_notice(
        s, NotificationKind.SUSPENSION, order.client_id, facts, dedupe_key=key, now=now
    )


def queue_deletion(s: Session, order: Order, now: datetime | None = None) -> int | None:
    return notifications.queue_client_notice(
        s,
        NotificationKind.DELETION,
        order.client_id,
        facts_of(s, order),
        dedupe_key=f"deletion:{order.id}",
        now=now,
    )


def queue_renewal_reminder(
    s: Session, order: Order, state: ServiceState, days_before: int, now: datetime | None = None
) -> int | None:
    """Once per service, expiry date and number of days before it."""
    facts = facts_of(s, order, price=renewal_price(s, order, state))
    key = f"renewal-reminder:{order.id}:{state.expires_on.isoformat()}:{days_before}"
    return notifications.queue_client_notice(
        s, NotificationKind.RENEWAL_REMINDER, order.client_id, facts, dedupe_key=key, now=now
    )


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
