"""The billing engine: every tariff option of BILLING.md, computed exactly. Pure Python.

No Qt, no SQLAlchemy, no clock (every date is an argument), no float (money is `Decimal`, exact
fractions in between, half-up rounding to the currency's minor unit only when booking).

Inputs and outputs are frozen dataclasses:
- `TariffTerms` (every option of a plan), `ProductTypeSettings`, `ClientGroup`;
- `ServiceState` (one service's billing state; `to_dict`/`from_dict` for storage);
- `Entry(date, kind, amount, note, explanation)`; `Outcome(entries, state, transitions)`;
  `Quote(lines, state)`; `Refusal(rule, message)`.

Why each entry was booked: `Entry.note` is the English text ("20/31 of July", what `simulate`
prints) and `Entry.explanation` the same as a `Note` (`notes.py`: a template with typed arguments)
that `render("ru")` writes in another language ("20/31 июля"). A plan's and an add-on's `name`
(default: the key) is what the notes call them.

Operations (each returns `Outcome | Refusal` and books nothing itself; the caller books the
entries and stores the state):

    order_service(terms, on, period, balance, *, group=None, services_of_plan=0)
    renew_service(state, terms, on, balance, period=None)
    run_daily_for(state, terms, product_type, balance, day)          # -> Outcome, idempotent
    suspend_by_client(state, terms, on, *, group=None)
    resume_by_client(state, terms, on, balance, *, group=None)
    change_tariff(state, old_terms, new_terms, on, balance, period=None, *, group=None, services_of_plan=0)
    order_addon(state, terms, key, quantity, on, balance)
    cancel_addon(state, terms, key, on)
    delete_service(state, terms, on, *, by_client=False, group=None)

Quotes (price with explanation lines, no balance check): `quote_order`, `quote_renewal`,
`quote_addon`, `quote_tariff_change`. Policy: `check_order_policy(terms, on=, period=, balance=,
quantity=, group=, services_of_plan=) -> Refusal | None`.

Scenarios (`simulate`, the tariff editor's preview): `load_scenario(text)`, `parse_scenario(data)`,
`replay(scenario) -> ReplayResult` (`.to_json()`, `.rows()`).

Decisions where BILLING.md leaves a detail open are listed in each module's docstring; the main
ones:
- An action on date D takes effect at the start of D: D counts as unused/remaining (a refund on
  the day of an order is a full refund).
- The daily cost of a service is its current period's list price / the days of that period.
- Refunds never exceed what was booked for the current term; a zero amount books no entry.
- Add-ons are renewed with their service; deletion refunds nothing.
- The daily charge carries its rounding remainder in both modes, so a period's days add up exactly.
"""

from __future__ import annotations

from sslbill_desktop.services.billing.addons import cancel_addon, order_addon, quote_addon
from sslbill_desktop.services.billing.daily_run import run_daily_for
from sslbill_desktop.services.billing.deletion import delete_service, earliest_deletion
from sslbill_desktop.services.billing.ledger import LedgerRow, balance_after, deposit, ledger_rows
from sslbill_desktop.services.billing.money import book, currency_digits, format_amount
from sslbill_desktop.services.billing.notes import Month, Note, NoteArg, Percent
from sslbill_desktop.services.billing.ordering import check_order_policy, order_service, quote_order
from sslbill_desktop.services.billing.pricing import daily_cost
from sslbill_desktop.services.billing.refusals import Refusal, Rule
from sslbill_desktop.services.billing.renewal import quote_renewal, renew_service
from sslbill_desktop.services.billing.replay import EventResult, ReplayResult, replay
from sslbill_desktop.services.billing.scenario import (
    Action,
    ClientProfile,
    Scenario,
    ScenarioEvent,
    load_scenario,
    parse_scenario,
)
from sslbill_desktop.services.billing.state import (
    Entry,
    EntryKind,
    HeldAddon,
    Outcome,
    Quote,
    ServiceState,
    ServiceStatus,
    SuspensionReason,
    Transition,
)
from sslbill_desktop.services.billing.suspension import resume_by_client, suspend_by_client
from sslbill_desktop.services.billing.tariff_change import change_tariff, quote_tariff_change
from sslbill_desktop.services.billing.terms import (
    AddonCancelPolicy,
    AddonOrderPolicy,
    AddonTerms,
    ChangePolicy,
    ClientGroup,
    LateFee,
    LateFeePolicy,
    MinimumOrderPeriod,
    PeriodUnit,
    ProductTypeSettings,
    RenewFrom,
    TariffTerms,
    WeekendPolicy,
)

__all__ = [
    "Action",
    "AddonCancelPolicy",
    "AddonOrderPolicy",
    "AddonTerms",
    "ChangePolicy",
    "ClientGroup",
    "ClientProfile",
    "Entry",
    "EntryKind",
    "EventResult",
    "HeldAddon",
    "LateFee",
    "LateFeePolicy",
    "LedgerRow",
    "MinimumOrderPeriod",
    "Month",
    "Note",
    "NoteArg",
    "Outcome",
    "Percent",
    "PeriodUnit",
    "ProductTypeSettings",
    "Quote",
    "Refusal",
    "RenewFrom",
    "ReplayResult",
    "Rule",
    "Scenario",
    "ScenarioEvent",
    "ServiceState",
    "ServiceStatus",
    "SuspensionReason",
    "TariffTerms",
    "Transition",
    "WeekendPolicy",
    "balance_after",
    "book",
    "cancel_addon",
    "change_tariff",
    "check_order_policy",
    "currency_digits",
    "daily_cost",
    "delete_service",
    "deposit",
    "earliest_deletion",
    "format_amount",
    "ledger_rows",
    "load_scenario",
    "order_addon",
    "order_service",
    "parse_scenario",
    "quote_addon",
    "quote_order",
    "quote_renewal",
    "quote_tariff_change",
    "renew_service",
    "replay",
    "resume_by_client",
    "run_daily_for",
    "suspend_by_client",
]
