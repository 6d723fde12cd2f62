"""A new paid term begins: a renewal, or a tariff change paid in full.

Both charge the service's price for the term (the caller's `charged` line), then each held add-on
its price for the same term, and move the state onto the term: its period, dates and price, what
was paid for it (added to what the previous term paid when the new one follows it without a gap),
no kept days.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from sslbill_desktop.services.billing.addons import charge_addons_for_term
from sslbill_desktop.services.billing.periods import Term
from sslbill_desktop.services.billing.refusals import Refusal
from sslbill_desktop.services.billing.state import Entry, ServiceState
from sslbill_desktop.services.billing.terms import TariffTerms


def begin_term(
    state: ServiceState,
    terms: TariffTerms,
    on: date,
    term: Term,
    *,
    price: Decimal,
    charged: Entry | None,
    continuing: bool,
) -> tuple[tuple[Entry, ...], ServiceState] | Refusal:
    """The add-ons' lines for `term` and the state on it, or why an add-on cannot be renewed.

    `price` is the period price of `terms` for the term, `charged` the line that charged it (None
    when nothing was due), `continuing` whether the term follows the current one without a gap.
    """
    addon_result = charge_addons_for_term(state, terms, on, term, continuing=continuing)
    if isinstance(addon_result, Refusal):
        return addon_result
    addon_lines, addons = addon_result
    paid = charged.amount if charged else Decimal(0)
    new_state = replace(
        state,
        period=term.months,
        starts_on=state.starts_on if continuing else term.starts_on,
        expires_on=term.expires_on,
        period_start=term.window_start,
        period_price=price,
        term_paid=(state.term_paid + paid) if continuing else paid,
        kept_days=0,
        addons=addons,
    )
    return addon_lines, new_state
