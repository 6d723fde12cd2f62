"""The two ways staff book money by hand on a client account: a payment and a correction.

`PaymentDialog`: the amount received, the date, how it was paid and a note. `CorrectionDialog`:
credit or debit the client by an amount, with a required explanation, optionally for the ledger
entry it corrects. Both save through `services.payments` in the background and announce the
client entity, so the client list and an open ledger show the new balance.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from sslbill_desktop.services import payments
from sslbill_desktop.services.i18n import N_, _, format_date, format_money
from sslbill_desktop.services.ledger import KIND_LABELS, AccountRecord, LedgerRow
from sslbill_desktop.views.dialogs.form_dialog import FormDialog
from sslbill_desktop.views.explanations import explanation_text
from sslbill_desktop.views.widgets.date_edit import DateEdit
from sslbill_desktop.views.widgets.money_edit import MoneyEdit

if TYPE_CHECKING:
    from sslbill_desktop.services.auth import Actor
    from sslbill_desktop.services.db import Database
    from sslbill_desktop.views.context import Workspace

CLIENT = "client"
PAYMENT_METHODS: tuple[str, ...] = (N_("Bank transfer"), N_("Card"), N_("Cash"), N_("Other"))
CREDIT, DEBIT = "credit", "debit"


def balance_text(account: AccountRecord) -> str:
    """ "Account in USD, balance now 12.00 $." — what the money dialogs say about the account."""
    return _("Account in {currency}, balance now {balance}.").format(
        currency=account.currency, balance=format_money(account.balance, account.currency)
    )


class MoneyEntryDialog(FormDialog):
    """What both dialogs share: the account booked on, and saving through `services.payments`."""

    def __init__(
        self,
        workspace: Workspace,
        account: AccountRecord,
        title: str,
        parent: QWidget | None,
        *,
        save_text: str,
        on_saved: Callable[[payments.BookingResult], None] | None,
    ) -> None:
        super().__init__(title, parent, save_text=save_text)
        self._workspace = workspace
        self._account = account
        self._on_saved = on_saved
        self._amount_edit = MoneyEdit(account.currency)
        self._date_edit = DateEdit()
        self._note_edit = QLineEdit()

    def _book(self, booking: Callable[[Database, Actor, int], payments.BookingResult]) -> None:
        """Run `booking(db, actor, account id)` in the background; the client list refreshes."""
        db, actor, account_id = self._workspace.db, self._workspace.actor, self._account.id
        self._submit(lambda: booking(db, actor, account_id), on_saved=self._on_saved, changes=(CLIENT,))


class PaymentDialog(MoneyEntryDialog):
    """Record a payment the client made into `account`."""

    def __init__(
        self,
        workspace: Workspace,
        account: AccountRecord,
        client_name: str,
        parent: QWidget | None = None,
        *,
        on_saved: Callable[[payments.BookingResult], None] | None = None,
    ) -> None:
        super().__init__(
            workspace,
            account,
            _("Payment from {client}").format(client=client_name),
            parent,
            save_text=_("Record payment"),
            on_saved=on_saved,
        )
        self._add_note(balance_text(account))
        self._add_field("amount", _("Amount received:"), self._amount_edit)
        self._add_field("received_on", _("Received on:"), self._date_edit)
        self._method_combo = QComboBox()
        self._method_combo.setEditable(True)
        for method in PAYMENT_METHODS:
            self._method_combo.addItem(_(method))
        self._add_field("method", _("Paid by:"), self._method_combo)
        self._note_edit.setPlaceholderText(_("e.g. the bank's reference or the invoice number"))
        self._add_field("note", _("Note:"), self._note_edit)
        self._mark_clean()
        self.setMinimumWidth(440)

    def _save(self) -> None:
        values = self._values()
        amount = values["amount"] if values["amount"] is not None else ""
        self._book(
            lambda db, actor, account_id: payments.record_payment(
                db,
                actor,
                account_id,
                amount=amount,
                received_on=values["received_on"],
                method=values["method"],
                note=values["note"],
            )
        )


def describe_entry(entry: LedgerRow) -> str:
    """ "#12, 2027-07-01, Payment −100.00 $: invoice 17" — how a corrected entry is named."""
    kind = _(KIND_LABELS.get(entry.kind, entry.kind))
    change = format_money(entry.balance_change, entry.currency)
    text = _("#{id} of {date}: {kind} {change}").format(
        id=entry.id, date=format_date(entry.on_date, "short"), kind=kind, change=change
    )
    note = explanation_text(entry.note, entry.explanation)
    return f"{text} — {note}" if note else text


class CorrectionDialog(MoneyEntryDialog):
    """Book a correction on `account`: a new ledger entry, never an edit of an old one."""

    def __init__(
        self,
        workspace: Workspace,
        account: AccountRecord,
        client_name: str,
        parent: QWidget | None = None,
        *,
        corrects: LedgerRow | None = None,
        on_saved: Callable[[payments.BookingResult], None] | None = None,
    ) -> None:
        super().__init__(
            workspace,
            account,
            _("Correction for {client}").format(client=client_name),
            parent,
            save_text=_("Record correction"),
            on_saved=on_saved,
        )
        self._corrects = corrects
        self._add_note(
            _("A correction is a new entry in the ledger; the entries before it stay as they are.")
            + " "
            + balance_text(account)
        )
        if corrects is not None:
            self._corrects_label = QLabel(describe_entry(corrects))
            self._corrects_label.setWordWrap(True)
            self._form.addRow(_("Corrects:"), self._corrects_label)
        self._direction_combo = QComboBox()
        self._direction_combo.addItem(_("Credit the client (the balance goes up)"), CREDIT)
        self._direction_combo.addItem(_("Debit the client (the balance goes down)"), DEBIT)
        self._add_field("direction", _("Correction:"), self._direction_combo)
        self._add_field("balance_change", _("Amount:"), self._amount_edit)
        self._add_field("on_date", _("Date:"), self._date_edit)
        self._note_edit.setPlaceholderText(_("Why: required, shown in the ledger"))
        self._add_field("note", _("Explanation:"), self._note_edit)
        self._mark_clean()
        self.setMinimumWidth(540)

    def balance_change(self) -> Decimal | str:
        """The signed change the form describes (the text as typed when it is not an amount)."""
        amount: Any = self._amount_edit.field_value()
        if not isinstance(amount, Decimal):
            return "" if amount is None else str(amount)
        return -amount if self._direction_combo.currentData() == DEBIT else amount

    def _save(self) -> None:
        values, change = self._values(), self.balance_change()
        corrects_id = self._corrects.id if self._corrects is not None else None
        self._book(
            lambda db, actor, account_id: payments.record_correction(
                db,
                actor,
                account_id,
                balance_change=change,
                on_date=values["on_date"],
                note=values["note"],
                corrects_id=corrects_id,
            )
        )
