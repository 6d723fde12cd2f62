"""What an order for one client is decided on: the client, its group, its balance, the plans it may
order — read once when the client is chosen (the order wizard, placing an order).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from sslbill_desktop.models.catalog import TariffPlan
from sslbill_desktop.models.client_groups import ClientGroup as ClientGroupRow
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.services import tariffs
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing import ClientGroup, TariffTerms
from sslbill_desktop.services.clients import ClientRecord, client_record
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.fields import pick
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.order_books import balance
from sslbill_desktop.services.order_policy import Names
from sslbill_desktop.services.order_quote import AddonInfo, san_addon_key
from sslbill_desktop.services.orders import orders_of_client
from sslbill_desktop.services.tariff_terms import group_of, terms_of
from sslbill_desktop.services.tariffs import OrderablePlan


@dataclass(frozen=True)
class PlanChoice:
    """A plan as the order wizard offers it."""

    plan: OrderablePlan
    #: The add-on extra names are counted against (None: the plan sells none).
    san_key: str | None

    @property
    def id(self) -> int:
        return self.plan.id

    @property
    def title(self) -> str:
        return self.plan.title

    @property
    def terms(self) -> TariffTerms:
        return self.plan.terms

    def san_price(self, months: int) -> Decimal | None:
        if self.san_key is None:
            return None
        addon = self.plan.terms.addons.get(self.san_key)
        return addon.price(months) if addon is not None else None


@dataclass(frozen=True)
class OrderContext:
    client: ClientRecord
    group: ClientGroup | None
    #: The client's balance in the currency of its provider (what orders are charged in).
    balance: Decimal
    currency: str
    plans: tuple[PlanChoice, ...]
    group_names: dict[str, str]
    on: date

    def plan(self, plan_id: object) -> PlanChoice | None:
        return next((p for p in self.plans if p.id == plan_id), None)

    def names(self, plan_title: str) -> Names:
        return Names(plan_title, self.group_names)


def _choice(plan: OrderablePlan) -> PlanChoice:
    infos = [AddonInfo(a.key, a.name, a.unit) for a in plan.addons]
    return PlanChoice(plan, san_addon_key(infos))


def order_context(db: Database, actor: Actor, client_id: int, on: date) -> OrderContext:
    """The client and the plans it may order on `on` (of its provider, allowed for its group)."""
    require(actor, Permission.PLACE_ORDERS)
    with db.uow() as s:
        client = client_record(s, client_id)
        group = None
        if client.client_group_id is not None:
            group = group_of(load(s, ClientGroupRow, client.client_group_id))
        group_names = {str(g.id): g.name for g in s.scalars(select(ClientGroupRow))}
        money = balance(s, client.id, client.currency)
    plans = tariffs.orderable_plans(db, actor, client.client_group_id, on, provider_id=client.provider_id)
    return OrderContext(
        client=client,
        group=group,
        balance=money,
        currency=client.currency,
        plans=tuple(_choice(p) for p in plans),
        group_names=group_names,
        on=on,
    )


@dataclass(frozen=True)
class UnlistedPlan:
    """A plan the client was not offered (disabled, ended, not for its group): why, by rule."""

    id: int
    title: str
    terms: TariffTerms


def unlisted_plan(db: Database, actor: Actor, plan_id: int) -> UnlistedPlan | None:
    """The terms of a plan outside the offered list, to name the rule that refuses it."""
    require(actor, Permission.PLACE_ORDERS)
    with db.uow() as s:
        plan = s.get(TariffPlan, plan_id)
        if plan is None:
            return None
        provider = load(s, Provider, plan.provider_id)
        return UnlistedPlan(
            plan.id, pick(plan.name, languages_in(s).default), terms_of(plan, provider.currency)
        )


def services_of_plan(db: Database, client_id: int, plan_id: int) -> int:
    """How many services of the plan the client holds (not deleted, not refused upstream)."""
    with db.uow() as s:
        return orders_of_client(s, client_id, plan_id)
