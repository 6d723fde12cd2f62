"""Actions without choices, confirmed with the engine's lines: delete, suspend, resume."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import order_actions
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.order_actions import ActionQuote
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.views.dialogs.order_actions.quote_dialog import QuoteDialog

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


class SimpleActionDialog(QuoteDialog):
    def __init__(
        self,
        workspace: Workspace,
        record: OrderRecord,
        on: date,
        *,
        title: str,
        confirm: str,
        intro: str,
        quote: Callable[..., ActionQuote],
        act: Callable[..., Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, confirm, intro, parent)
        self._workspace, self._record, self._on = workspace, record, on
        self._quote_fn, self._act_fn = quote, act
        self.refresh()

    def quote(self) -> ActionQuote:
        w = self._workspace
        return self._quote_fn(w.db, w.actor, self._record.id, self._on)

    def act(self) -> Any:
        w = self._workspace
        return self._act_fn(w.db, w.actor, self._record.id, version=self._record.version, on=self._on)

    def describe(self, quote: ActionQuote) -> str:
        return super().describe(quote) if quote.lines else _("Nothing is charged or refunded.")


@dataclass(frozen=True)
class SimpleAction:
    """What a simple action's dialog says (texts marked with `N_`) and the services it calls."""

    title: str
    confirm: str
    intro: str
    quote: Callable[..., ActionQuote]
    act: Callable[..., Any]


DELETE = SimpleAction(
    title=N_("Delete {domain}"),
    confirm=N_("Delete order"),
    intro=N_(
        "The certificate is deleted upstream, then the service; the refund below follows the workspace's "
        "refund policy. This cannot be undone."
    ),
    quote=order_actions.quote_delete,
    act=order_actions.delete_order,
)
SUSPEND = SimpleAction(
    title=N_("Suspend {domain}"),
    confirm=N_("Suspend"),
    intro=N_(
        "Suspended at the client's request; unless the plan charges downtime, unused days are refunded."
    ),
    quote=order_actions.quote_suspend,
    act=order_actions.suspend_order,
)
RESUME = SimpleAction(
    title=N_("Resume {domain}"),
    confirm=N_("Resume"),
    intro=N_("Resuming charges again what the suspension refunded; the term moves by the days suspended."),
    quote=order_actions.quote_resume,
    act=order_actions.resume_order,
)

#: The simple actions by the name of the order details' verb.
SIMPLE_ACTIONS = {"delete": DELETE, "suspend": SUSPEND, "resume": RESUME}


def simple_action_dialog(
    action: SimpleAction, workspace: Workspace, record: OrderRecord, on: date, parent: QWidget | None = None
) -> SimpleActionDialog:
    return SimpleActionDialog(
        workspace,
        record,
        on,
        title=_(action.title).format(domain=record.domain or record.id),
        confirm=_(action.confirm),
        intro=_(action.intro),
        quote=action.quote,
        act=action.act,
        parent=parent,
    )
