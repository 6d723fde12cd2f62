"""Replay a scenario: one service of one client through dated events, with the real engine.

`load_scenario(text)` / `parse_scenario(data)` (from `scenario.py`) validate the input;
`replay(scenario)` returns a `ReplayResult`; `.to_json()` gives exactly BILLING.md's output
(`entries`, `events`, `service`, `balance`) and `.rows()` the ledger with a running balance (the
`--format table` output and the tariff editor's price preview).

Timeline:
- Events happen in their listed order (their dates never go backwards).
- `run_daily` runs the daily run for every date from `date` to `until` inclusive, at the *start*
  of each day: the run of a date happens before the events of that date listed after the
  `run_daily` event, so events inside the range interleave with it day by day. Its own first day
  runs at its place in the list. Overlapping ranges run each date once.
- A `run_daily` event reports the service as it is after the run of its `until` date.
- A refused event books nothing, reports `ok: false` with the reason, and the replay goes on.
- One service is followed: a second `order` is refused while it exists (allowed after deletion);
  the other actions act on it. `suspend`/`resume` are the client's actions; `delete` is staff's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sslbill_desktop.services.billing.addons import cancel_addon, order_addon
from sslbill_desktop.services.billing.daily_run import run_daily_for
from sslbill_desktop.services.billing.deletion import delete_service
from sslbill_desktop.services.billing.ledger import LedgerRow, balance_after, deposit, ledger_rows
from sslbill_desktop.services.billing.money import format_amount
from sslbill_desktop.services.billing.ordering import order_service
from sslbill_desktop.services.billing.periods import ONE_DAY
from sslbill_desktop.services.billing.refusals import Refusal, Rule, refuse
from sslbill_desktop.services.billing.renewal import renew_service
from sslbill_desktop.services.billing.scenario import (
    Action,
    Scenario,
    ScenarioEvent,
    load_scenario,
    parse_scenario,
)
from sslbill_desktop.services.billing.state import Entry, Outcome, ServiceState, ServiceStatus
from sslbill_desktop.services.billing.suspension import resume_by_client, suspend_by_client
from sslbill_desktop.services.billing.tariff_change import change_tariff

__all__ = ["EventResult", "ReplayResult", "load_scenario", "parse_scenario", "replay"]


@dataclass(frozen=True, slots=True)
class EventResult:
    """How one event went: done (with the service's status and expiry after it) or refused."""

    date: date
    action: Action
    ok: bool
    status: ServiceStatus | None = None
    expires_on: datetime.date | None = None
    error: str = ""
    rule: Rule | None = None

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"date": self.date.isoformat(), "action": self.action.value, "ok": self.ok}
        if self.ok:
            result["status"] = self.status.value if self.status else None
            result["expires_on"] = self.expires_on.isoformat() if self.expires_on else None
        else:
            result["error"] = self.error
        return result


@dataclass(frozen=True, slots=True)
class ReplayResult:
    currency: str
    opening_balance: Decimal
    entries: tuple[Entry, ...]
    events: tuple[EventResult, ...]
    service: ServiceState | None
    balance: Decimal

    def rows(self) -> list[LedgerRow]:
        """The ledger with the balance after each entry."""
        return ledger_rows(self.opening_balance, self.entries)

    def to_json(self) -> dict[str, Any]:
        """BILLING.md's output: amounts as strings with exactly the currency's decimals."""
        service = None
        if self.service is not None:
            service = {
                "status": self.service.status.value,
                "tariff": self.service.tariff,
                "period": self.service.period,
                "expires_on": self.service.expires_on.isoformat(),
            }
        return {
            "entries": [
                {
                    "date": entry.date.isoformat(),
                    "kind": entry.kind.value,
                    "amount": format_amount(entry.amount, self.currency),
                    "note": entry.note,
                }
                for entry in self.entries
            ],
            "events": [event.to_json() for event in self.events],
            "service": service,
            "balance": format_amount(self.balance, self.currency),
        }


class _Replay:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.state: ServiceState | None = None
        self.entries: list[Entry] = []
        self.balance = scenario.opening_balance
        self.results: list[EventResult | None] = [None] * len(scenario.events)
        self.next_tick: date | None = None
        self.run_until: date | None = None
        self.waiting: list[tuple[date, int]] = []  # run_daily events reported after their `until`

    def run(self) -> ReplayResult:
        for index, event in enumerate(self.scenario.events):
            if event.action is Action.RUN_DAILY:
                assert event.until is not None
                self._add_run(event.date, event.until)
                self.waiting.append((event.until, index))
                self._flush(event.date)
                self._report_runs()
            else:
                self._flush(event.date)
                self.results[index] = self._apply(event)
        if self.run_until is not None:
            self._flush(self.run_until)
        self._report_runs(everything=True)
        events = tuple(result for result in self.results if result is not None)
        return ReplayResult(
            self.scenario.currency,
            self.scenario.opening_balance,
            tuple(self.entries),
            events,
            self.state,
            balance_after(self.scenario.opening_balance, self.entries),
        )

    # the daily run ---------------------------------------------------------------------------
    def _add_run(self, first: date, until: date) -> None:
        if self.next_tick is None or self.run_until is None or self.next_tick > self.run_until:
            self.next_tick = max(first, self.next_tick) if self.next_tick else first
            self.run_until = until
        else:
            self.run_until = max(self.run_until, until)

    def _flush(self, through: date) -> None:
        while self.next_tick is not None and self.run_until is not None:
            day = self.next_tick
            if day > through or day > self.run_until:
                return
            self._tick(day)
            self.next_tick = day + ONE_DAY
            self._report_runs()

    def _report_runs(self, *, everything: bool = False) -> None:
        """Report the `run_daily` events whose `until` date has been run (all of them at the end)."""
        ran_through = self.next_tick - ONE_DAY if self.next_tick is not None else None
        for until, index in list(self.waiting):
            if everything or (ran_through is not None and until <= ran_through):
                self.waiting.remove((until, index))
                self.results[index] = self._done(self.scenario.events[index])

    def _tick(self, day: date) -> None:
        state = self.state
        if state is not None:
            terms = self.scenario.tariffs[state.tariff]
            self._book(run_daily_for(state, terms, self.scenario.product_type, self.balance, day))

    # events ----------------------------------------------------------------------------------
    def _book(self, outcome: Outcome) -> None:
        self.entries.extend(outcome.entries)
        self.balance -= outcome.total
        self.state = outcome.state

    def _done(self, event: ScenarioEvent) -> EventResult:
        state = self.state
        return EventResult(
            event.date,
            event.action,
            True,
            state.status if state else None,
            state.expires_on if state else None,
        )

    def _apply(self, event: ScenarioEvent) -> EventResult:
        if event.action is Action.DEPOSIT:
            assert event.amount is not None
            entry = deposit(event.date, event.amount, self.scenario.currency)
            self.entries.append(entry)
            self.balance -= entry.amount
            return self._done(event)
        result = self._operate(event)
        if isinstance(result, Refusal):
            return EventResult(event.date, event.action, False, error=result.message, rule=result.rule)
        self._book(result)
        return self._done(event)

    def _operate(self, event: ScenarioEvent) -> Outcome | Refusal:
        tariffs = self.scenario.tariffs
        client = self.scenario.client
        on = event.date
        if event.action is Action.ORDER:
            assert event.tariff is not None and event.period is not None
            if self.state is not None and self.state.status is not ServiceStatus.DELETED:
                return refuse(Rule.SERVICE_EXISTS)
            return order_service(
                tariffs[event.tariff],
                on,
                event.period,
                self.balance,
                group=client.group,
                services_of_plan=client.services.get(event.tariff, 0),
            )
        state = self.state
        if state is None:
            return refuse(Rule.NO_SERVICE)
        terms = tariffs[state.tariff]
        operations: dict[Action, Callable[[], Outcome | Refusal]] = {
            Action.RENEW: lambda: renew_service(state, terms, on, self.balance, event.period),
            Action.CHANGE_TARIFF: lambda: change_tariff(
                state,
                terms,
                tariffs[event.tariff or ""],
                on,
                self.balance,
                event.period,
                group=client.group,
                services_of_plan=client.services.get(event.tariff or "", 0),
            ),
            Action.ORDER_ADDON: lambda: order_addon(
                state, terms, event.addon or "", event.quantity, on, self.balance
            ),
            Action.CANCEL_ADDON: lambda: cancel_addon(state, terms, event.addon or "", on),
            Action.SUSPEND: lambda: suspend_by_client(state, terms, on, group=client.group),
            Action.RESUME: lambda: resume_by_client(state, terms, on, self.balance, group=client.group),
            Action.DELETE: lambda: delete_service(state, terms, on),
        }
        return operations[event.action]()


def replay(scenario: Scenario) -> ReplayResult:
    """Replay the scenario's events through the engine."""
    return _Replay(scenario).run()
