"""The billing engine's explanation of a charge ("20/31 of July"), in the language of the screen.

Every view that shows engine lines — the ledger, the order wizard's summary, the tariff dialog's
price preview, the order actions' confirmations — writes the explanation with
`explanation_text(note, explanation)`: the `Note` rendered in the current UI language when the
line has one, else its stored English `note` (a ledger entry booked before explanations were
kept, or staff's own words).
"""

from __future__ import annotations

from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.i18n import current_language


def explanation_text(note: str, explanation: Note | None) -> str:
    """`explanation` in the current UI language, or `note` as stored when there is none."""
    if explanation is None:
        return note
    return explanation.render(current_language())
