"""Benchmark: replay ten years of a charge-daily service through the billing engine.

3,650+ daily runs of a service charged daily (with the order-period option) that holds add-ons,
runs out of money and is resumed after deposits, and changes plan once; plus, as a second figure,
ten years of a monthly service renewed automatically with add-ons. Prints one JSON line; the goal
is under 0.5 s for the daily replay. Baseline: the bare daily-cost arithmetic of the same days in
a plain loop (what any implementation must at least compute).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from calendar import monthrange
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import emit, ms

from sslbill_desktop.services.billing import ReplayResult, parse_scenario, replay

GOAL_SECONDS = 0.5
REPEATS = 5
START = date(2027, 1, 15)
END = START + timedelta(days=3649)


def _yearly_deposits(amount: str) -> list[dict[str, object]]:
    return [
        {"date": date(year, 6, 1).isoformat(), "action": "deposit", "amount": amount}
        for year in range(START.year + 1, END.year + 1)
    ]


def daily_scenario() -> dict[str, object]:
    addons = {"san": {"prices": {"1": "1.00", "12": "10.00"}}}
    tariff = {
        "charge_daily": True,
        "daily_cost_by_order_period": True,
        "suspend_on_weekends": "do_not_suspend",
        "setup_fee": "2.00",
        "addons": addons,
    }
    events: list[dict[str, object]] = [
        {"date": START.isoformat(), "action": "deposit", "amount": "30.00"},
        {"date": START.isoformat(), "action": "order", "tariff": "daily", "period": 1},
        {"date": START.isoformat(), "action": "order_addon", "addon": "san", "quantity": 2},
        {"date": START.isoformat(), "action": "run_daily", "until": END.isoformat()},
    ]
    events += _yearly_deposits("55.00")[:3]
    events.append({"date": "2031-03-10", "action": "change_tariff", "tariff": "daily_plus"})
    events += _yearly_deposits("85.00")[3:]
    return {
        "currency": "USD",
        "tariffs": {
            "daily": {"prices": {"1": "3.00", "12": "30.00"}, **tariff},
            "daily_plus": {"prices": {"1": "5.00", "12": "50.00"}, **tariff},
        },
        "events": events,
    }


def monthly_scenario() -> dict[str, object]:
    events: list[dict[str, object]] = [
        {"date": START.isoformat(), "action": "deposit", "amount": "400.00"},
        {"date": START.isoformat(), "action": "order", "tariff": "monthly", "period": 1},
        {"date": "2027-02-03", "action": "order_addon", "addon": "san", "quantity": 3},
        {"date": START.isoformat(), "action": "run_daily", "until": END.isoformat()},
        *_yearly_deposits("70.00"),
    ]
    events.sort(key=lambda event: str(event["date"]))
    tariff = {
        "prices": {"1": "3.00", "12": "30.00"},
        "calendar_charges": True,
        "late_fee": {"policy": "percent", "percent": "50"},
        "addons": {"san": {"prices": {"1": "1.00", "12": "10.00"}}},
    }
    return {"currency": "USD", "tariffs": {"monthly": tariff}, "events": events}


def _timed(fn: object) -> float:
    started = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - started


def _time(data: dict[str, object]) -> tuple[float, ReplayResult]:
    scenario = parse_scenario(json.loads(json.dumps(data)))
    timings = []
    result = replay(scenario)
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = replay(scenario)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), result


def _arithmetic_floor() -> None:
    """The bare arithmetic of the same ten years: each day's cost of a monthly price, with the
    rounding carried, in a plain loop over dates (no state, no rules, no explanations)."""
    price, carried, total = Decimal("3.00"), Decimal(0), Decimal(0)
    cent = Decimal("0.01")
    day = START
    while day <= END:
        month_days = monthrange(day.year, day.month)[1]
        exact = price / month_days + carried
        booked = exact.quantize(cent, rounding=ROUND_HALF_UP)
        carried = exact - booked
        total += booked
        day += timedelta(days=1)


def main() -> int:
    daily_seconds, daily = _time(daily_scenario())
    monthly_seconds, monthly = _time(monthly_scenario())
    floor_seconds = statistics.median(_timed(_arithmetic_floor) for _ in range(REPEATS))
    emit(
        "billing_replay_10y",
        value=ms(daily_seconds),
        unit="ms",
        goal=f"< {GOAL_SECONDS * 1000:.0f} ms",
        met=daily_seconds < GOAL_SECONDS,
        baseline={
            "what": "the bare daily-cost arithmetic of the same ten years in a plain loop",
            "value": ms(floor_seconds),
            "unit": "ms",
        },
        seconds=round(daily_seconds, 4),
        goal_seconds=GOAL_SECONDS,
        ok=daily_seconds < GOAL_SECONDS,
        daily_runs=(END - START).days + 1,
        entries=len(daily.entries),
        monthly_renewals_seconds=round(monthly_seconds, 4),
        monthly_renewals_entries=len(monthly.entries),
        repeats=REPEATS,
        statistic="median",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
