"""The tariff dialog's price preview: a small scenario replayed by the billing engine.

The same engine as `sslbill-desktop simulate` (`billing.replay`): a scenario picked in the dialog
— order on a date for a period, renew late by N days, change to another plan on a date, order an
add-on on a date — is turned into a `billing.Scenario` for the plan's (possibly unsaved) terms and
replayed; the ledger comes back as `PreviewLine`s with each line's explanation.

The preview looks at prices and dates, not at who may order: the plan is treated as enabled and
open to every client group (its end date still applies), and the client's balance covers
everything (`PLENTY`), so that a refusal in the table is one of the plan's own rules (no price for
the period, the tariff cannot be changed, ...).

"Renew late by N days" counts overdue days as the engine does (BILLING.md): the expiry day and
the renewal day both count, so N = 5 renews on expiry + 4 days; N = 0 renews the day before the
expiry date (on time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.billing.replay import ReplayResult, replay
from sslbill_desktop.services.billing.scenario import Action, Scenario, ScenarioEvent
from sslbill_desktop.services.billing.state import Entry, EntryKind, ServiceStatus
from sslbill_desktop.services.billing.terms import ProductTypeSettings, TariffTerms
from sslbill_desktop.services.i18n import N_, _

#: The preview client's balance: enough for anything a tariff can charge.
PLENTY = Decimal(1_000_000_000)
MAX_LATE_DAYS = 3650


class PreviewKind(StrEnum):
    ORDER = "order"
    RENEW_LATE = "renew_late"
    CHANGE_PLAN = "change_plan"
    ORDER_ADDON = "order_addon"


KIND_LABELS: dict[PreviewKind, str] = {
    PreviewKind.ORDER: N_("Order on a date for a period"),
    PreviewKind.RENEW_LATE: N_("Renew late by N days"),
    PreviewKind.CHANGE_PLAN: N_("Change to another plan on a date"),
    PreviewKind.ORDER_ADDON: N_("Order an add-on on a date"),
}

ENTRY_LABELS: dict[EntryKind, str] = {
    EntryKind.ORDER: N_("Order"),
    EntryKind.SETUP_FEE: N_("Setup fee"),
    EntryKind.RENEWAL: N_("Renewal"),
    EntryKind.LATE_FEE: N_("Late fee"),
    EntryKind.DAILY: N_("Daily charge"),
    EntryKind.TARIFF_CHANGE: N_("Tariff change"),
    EntryKind.ADDON: N_("Add-on"),
    EntryKind.REFUND: N_("Refund"),
    EntryKind.DEPOSIT: N_("Deposit"),
}

STATUS_LABELS: dict[ServiceStatus, str] = {
    ServiceStatus.ACTIVE: N_("active"),
    ServiceStatus.SUSPENDED: N_("suspended"),
    ServiceStatus.DELETED: N_("deleted"),
}

ACTION_LABELS: dict[Action, str] = {
    Action.ORDER: N_("Order"),
    Action.RENEW: N_("Renewal"),
    Action.CHANGE_TARIFF: N_("Tariff change"),
    Action.ORDER_ADDON: N_("Add-on"),
}


@dataclass(frozen=True)
class PreviewScenario:
    """What to replay. Every scenario starts with an order on `order_on` for `period` months."""

    kind: PreviewKind = PreviewKind.ORDER
    order_on: date = date(2027, 7, 12)
    period: int = 12
    #: RENEW_LATE: overdue days as the engine counts them (0 = on time).
    late_days: int = 0
    #: CHANGE_PLAN: when, to which plan (a key of `others`), for which period (None: the same).
    change_on: date | None = None
    other_plan: str | None = None
    change_period: int | None = None
    #: ORDER_ADDON: when, which add-on (its key), how many units.
    addon_on: date | None = None
    addon: str | None = None
    quantity: int = 1


@dataclass(frozen=True)
class PreviewLine:
    """One line of the preview table: a booked entry, or a refused step (amount None).

    `explanation` is the entry's English note (or the translated refusal); `note` the engine's
    explanation of an entry, to show in the user's language (`views.explanations`).
    """

    date: date
    kind: str
    amount: Decimal | None
    explanation: str
    note: Note | None = None

    @property
    def refused(self) -> bool:
        return self.amount is None


@dataclass(frozen=True)
class PreviewResult:
    currency: str
    lines: tuple[PreviewLine, ...]
    #: What the client pays in all (refunds subtracted).
    total: Decimal
    status: ServiceStatus | None
    expires_on: date | None

    @property
    def refused(self) -> bool:
        return any(line.refused for line in self.lines)


def _open(terms: TariffTerms) -> TariffTerms:
    """The plan as the preview treats it: enabled, open to every group."""
    return replace(terms, enabled=True, allowed_groups=frozenset(), forbidden_groups=frozenset())


def _scenario(
    terms: TariffTerms,
    others: Mapping[str, TariffTerms],
    product_type: ProductTypeSettings,
    events: tuple[ScenarioEvent, ...],
) -> Scenario:
    tariffs = {key: _open(other) for key, other in others.items() if key != terms.key}
    tariffs[terms.key] = _open(terms)
    return Scenario(terms.currency, PLENTY, product_type, tariffs, events)


def _order_event(terms: TariffTerms, scenario: PreviewScenario) -> ScenarioEvent:
    return ScenarioEvent(scenario.order_on, Action.ORDER, tariff=terms.key, period=scenario.period)


def _follow_up(terms: TariffTerms, scenario: PreviewScenario, first: ReplayResult) -> ScenarioEvent | None:
    """The scenario's second event, which may depend on where the order left the service."""
    if scenario.kind is PreviewKind.RENEW_LATE:
        if first.service is None:
            return None
        expires = first.service.expires_on
        days = max(0, min(scenario.late_days, MAX_LATE_DAYS))
        on = expires - timedelta(days=1) if days == 0 else expires + timedelta(days=days - 1)
        return ScenarioEvent(max(on, scenario.order_on), Action.RENEW, period=scenario.period)
    if scenario.kind is PreviewKind.CHANGE_PLAN:
        if scenario.other_plan is None:
            return None
        on = max(scenario.change_on or scenario.order_on, scenario.order_on)
        return ScenarioEvent(
            on,
            Action.CHANGE_TARIFF,
            tariff=scenario.other_plan,
            period=scenario.change_period or scenario.period,
        )
    if scenario.kind is PreviewKind.ORDER_ADDON:
        if scenario.addon is None:
            return None
        on = max(scenario.addon_on or scenario.order_on, scenario.order_on)
        return ScenarioEvent(on, Action.ORDER_ADDON, addon=scenario.addon, quantity=max(1, scenario.quantity))
    return None


def preview(
    terms: TariffTerms,
    scenario: PreviewScenario,
    *,
    product_type: ProductTypeSettings,
    others: Mapping[str, TariffTerms] | None = None,
) -> PreviewResult:
    """Replay `scenario` on `terms` (other plans, for a tariff change, in `others` by key)."""
    others = others or {}
    events: tuple[ScenarioEvent, ...] = (_order_event(terms, scenario),)
    result = replay(_scenario(terms, others, product_type, events))
    follow = _follow_up(terms, scenario, result)
    if follow is not None:
        events = (*events, follow)
        result = replay(_scenario(terms, others, product_type, events))
    return _result(result)


def _line(entry: Entry) -> PreviewLine:
    return PreviewLine(entry.date, _(ENTRY_LABELS[entry.kind]), entry.amount, entry.note, entry.explanation)


def _result(result: ReplayResult) -> PreviewResult:
    lines: list[PreviewLine] = []
    pending = list(result.entries)
    for event in result.events:
        booked = [entry for entry in pending if entry.date == event.date]
        pending = [entry for entry in pending if entry.date != event.date]
        lines.extend(_line(entry) for entry in booked)
        if not event.ok:
            label = ACTION_LABELS.get(event.action, event.action.value)
            lines.append(
                PreviewLine(event.date, _(label), None, _("refused: {reason}").format(reason=event.error))
            )
    lines.extend(_line(entry) for entry in pending)
    total = sum((line.amount for line in lines if line.amount is not None), Decimal(0))
    service = result.service
    return PreviewResult(
        result.currency,
        tuple(lines),
        total,
        service.status if service else None,
        service.expires_on if service else None,
    )
