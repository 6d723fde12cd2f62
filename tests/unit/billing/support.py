"""Small builders for the billing tests: plans, orders, runs of the daily run."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sslbill_desktop.services.billing import (
    Entry,
    EntryKind,
    Outcome,
    ProductTypeSettings,
    Refusal,
    Rule,
    ServiceState,
    TariffTerms,
    order_service,
    run_daily_for,
)

PRODUCT_TYPE = ProductTypeSettings()
PLENTY = Decimal("100000")


def d(text: str) -> date:
    return date.fromisoformat(text)


def plan(
    key: str = "basic",
    prices: Mapping[int, str] | None = None,
    currency: str = "USD",
    **options: Any,
) -> TariffTerms:
    """A tariff plan with prices given as strings ({months: "3.00"})."""
    prices = prices if prices is not None else {1: "3.00", 12: "30.00"}
    for name in ("setup_fee",):
        if isinstance(options.get(name), str):
            options[name] = Decimal(options[name])
    if "renewal_prices" in options:
        options["renewal_prices"] = {k: Decimal(v) for k, v in options["renewal_prices"].items()}
    return TariffTerms(
        key=key, currency=currency, prices={k: Decimal(v) for k, v in prices.items()}, **options
    )


def ok(result: Outcome | Refusal) -> Outcome:
    assert isinstance(result, Outcome), f"refused: {result}"
    return result


def refused(result: object, rule: Rule) -> Refusal:
    assert isinstance(result, Refusal), f"not refused: {result}"
    assert result.rule is rule, result
    return result


def order(terms: TariffTerms, on: str, period: int = 1, balance: Decimal = PLENTY) -> Outcome:
    return ok(order_service(terms, d(on), period, balance))


def ordered(terms: TariffTerms, on: str, period: int = 1, balance: Decimal = PLENTY) -> ServiceState:
    return order(terms, on, period, balance).state


def of_kind(entries: tuple[Entry, ...] | list[Entry], kind: EntryKind) -> list[Entry]:
    return [entry for entry in entries if entry.kind is kind]


def amounts(entries: tuple[Entry, ...] | list[Entry]) -> list[tuple[str, str]]:
    return [(entry.kind.value, str(entry.amount)) for entry in entries]


class Run:
    """Runs the daily run over a range of days for one service, keeping the balance and entries."""

    def __init__(
        self,
        state: ServiceState,
        terms: TariffTerms,
        balance: Decimal = PLENTY,
        product_type: ProductTypeSettings = PRODUCT_TYPE,
    ) -> None:
        self.state = state
        self.terms = terms
        self.balance = balance
        self.product_type = product_type
        self.entries: list[Entry] = []

    def day(self, on: str | date) -> Outcome:
        day = d(on) if isinstance(on, str) else on
        outcome = run_daily_for(self.state, self.terms, self.product_type, self.balance, day)
        self.book(outcome)
        return outcome

    def days(self, first: str | date, last: str | date) -> None:
        day = d(first) if isinstance(first, str) else first
        end = d(last) if isinstance(last, str) else last
        while day <= end:
            self.day(day)
            day += timedelta(days=1)

    def book(self, outcome: Outcome) -> None:
        self.entries.extend(outcome.entries)
        self.balance -= outcome.total
        self.state = outcome.state
