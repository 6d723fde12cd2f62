"""Money staff book by hand: a client's payments and manual corrections.

- `record_payment`: the client paid `amount` (more than zero) on `received_on`. A `payments` row
  is written in state `paid`, and a `deposit` ledger entry of `-amount` that points back to it;
  the balance goes up by `amount`.
- `record_correction`: staff put a mistake right. A correction is a NEW ledger entry of kind
  `correction` — never an edit of an existing one — with a required explanation, optionally
  pointing at the entry it corrects. `balance_change` is what happens to the client's balance:
  positive credits the client, negative debits it (the entry's amount is its negative, BILLING.md's
  sign).

Both are audited in the same transaction, refuse amounts finer than the currency's minor unit,
and run under `Permission.MANAGE_CLIENTS` (sales and admins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sslbill_desktop.models.base import utcnow
from sslbill_desktop.models.clients import ClientAccount
from sslbill_desktop.models.ledger import KIND_CORRECTION, KIND_DEPOSIT, LedgerEntry
from sslbill_desktop.models.payments import PAYMENT_PAID, Payment
from sslbill_desktop.services import audit, fields, validation
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.billing.money import currency_digits
from sslbill_desktop.services.billing.notes import Note
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import N_, _, format_money
from sslbill_desktop.services.ledger import append_entry

#: The largest amount one payment or correction may book (a typo guard, not a business rule).
MAX_AMOUNT = Decimal("100000000")


@dataclass(frozen=True)
class BookingResult:
    """What a payment or correction booked."""

    account_id: int
    entry_id: int
    payment_id: int | None
    #: The account's balance after the booking.
    balance: Decimal
    currency: str


def _amount(field_name: str, value: object, currency: str, *, allow_negative: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | str | int):
        raise ValidationError(field_name, _("not an amount: {value}").format(value=value))
    if isinstance(value, str) and not value.strip():
        raise ValidationError(field_name, _("this field is required"))
    digits = currency_digits(currency)
    amount = validation.amount(field_name, value, allow_negative=allow_negative, places=digits)
    if amount == 0:
        raise ValidationError(field_name, _("must not be zero"))
    if abs(amount) > MAX_AMOUNT:
        raise ValidationError(
            field_name, _("must be at most {amount}").format(amount=format_money(MAX_AMOUNT, currency))
        )
    return amount.quantize(Decimal(1).scaleb(-digits))


def _date(field_name: str, value: object) -> date:
    if not isinstance(value, date):
        raise ValidationError(field_name, _("choose a date"))
    return value


def record_payment(
    db: Database,
    actor: Actor,
    account_id: int,
    *,
    amount: Decimal | str,
    received_on: date,
    method: str = "",
    note: str = "",
) -> BookingResult:
    """The client paid `amount` into the account (see the module documentation)."""
    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        account = load(s, ClientAccount, account_id)
        clean_amount = _amount("amount", amount, account.currency, allow_negative=False)
        on_date = _date("received_on", received_on)
        clean_method = fields.line("method", method, max_length=64)
        clean_note = fields.line("note", note, max_length=500)
        payment = Payment(
            account_id=account.id,
            amount=clean_amount,
            currency=account.currency,
            state=PAYMENT_PAID,
            method=clean_method,
            note=clean_note,
            paid_at=utcnow(),
        )
        s.add(payment)
        s.flush()
        # staff's note as typed; without one, "Payment (Card)" shown in the reader's language
        generated: Note | None = None
        if not clean_note:
            generated = (
                Note(N_("Payment ({method})"), {"method": clean_method})
                if clean_method
                else Note(N_("Payment"))
            )
        entry = append_entry(
            s,
            account,
            on_date=on_date,
            kind=KIND_DEPOSIT,
            amount=-clean_amount,
            note=generated.render() if generated is not None else clean_note,
            explanation=generated,
            actor=actor,
            payment_id=payment.id,
        )
        audit.record(
            s,
            actor,
            "record_payment",
            "payment",
            payment.id,
            after=audit.snapshot(payment) | {"ledger_entry_id": entry.id, "on_date": on_date.isoformat()},
            summary=_("{amount} paid by client {client}").format(
                amount=format_money(clean_amount, account.currency), client=account.client_id
            ),
        )
        return BookingResult(account.id, entry.id, payment.id, account.balance, account.currency)


def record_correction(
    db: Database,
    actor: Actor,
    account_id: int,
    *,
    balance_change: Decimal | str,
    on_date: date,
    note: str,
    corrects_id: int | None = None,
) -> BookingResult:
    """A manual correction: a new entry moving the balance by `balance_change` (+ credits the
    client), with its explanation in `note` (required)."""
    require(actor, Permission.MANAGE_CLIENTS)
    with db.uow() as s:
        account = load(s, ClientAccount, account_id)
        change = _amount("balance_change", balance_change, account.currency, allow_negative=True)
        day = _date("on_date", on_date)
        explanation = fields.line("note", note, required=True, max_length=500)
        corrected = fields.reference("corrects_id", corrects_id)
        if corrected is not None:
            target = s.get(LedgerEntry, corrected)
            if target is None or target.account_id != account.id:
                raise ValidationError("corrects_id", _("the corrected entry is not an entry of this account"))
        entry = append_entry(
            s,
            account,
            on_date=day,
            kind=KIND_CORRECTION,
            amount=-change,
            note=explanation,
            actor=actor,
            corrects_id=corrected,
        )
        audit.record(
            s,
            actor,
            "record_correction",
            "ledger_entry",
            entry.id,
            after=audit.snapshot(entry),
            summary=_("correction of {amount} on client {client}'s account: {note}").format(
                amount=format_money(change, account.currency), client=account.client_id, note=explanation
            ),
        )
        return BookingResult(account.id, entry.id, None, account.balance, account.currency)
