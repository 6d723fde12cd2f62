"""Orders → Order certificate: the sales order wizard.

Thin pages (`order_pages/`) over `services.ordering.OrderFlow`, which decides the steps and
validates them. Finish places the order in the background — keys are generated, the charge is
booked and the certificate bought through the upstream journal — with its progress on the
summary page; what came of it is then told in a message, and open order lists refresh.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.order_placing import PlacementResult
from sslbill_desktop.services.ordering import OrderFlow
from sslbill_desktop.views import messages
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.wizards.flow_page import FlowWizard
from sslbill_desktop.views.wizards.order_pages.agreement_page import AgreementPage
from sslbill_desktop.views.wizards.order_pages.approver_page import ApproverPage
from sslbill_desktop.views.wizards.order_pages.client_page import ClientPage
from sslbill_desktop.views.wizards.order_pages.contacts_page import ContactsPage
from sslbill_desktop.views.wizards.order_pages.csr_page import CsrPage
from sslbill_desktop.views.wizards.order_pages.domain_page import DomainPage
from sslbill_desktop.views.wizards.order_pages.period_page import PeriodPage
from sslbill_desktop.views.wizards.order_pages.plan_page import PlanPage
from sslbill_desktop.views.wizards.order_pages.summary_page import SummaryPage

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

#: What the hub announces when orders changed (order lists refresh).
ORDERS = "order"
CLIENTS = "client"


class OrderWizard(FlowWizard):
    #: Emitted from the worker thread while certificates are ordered: (done, total).
    placing_progress = Signal(int, int)
    #: The `PlacementResult` once Finish is done.
    placed = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        parent: QWidget | None = None,
        *,
        on: date | None = None,
        client_id: int | None = None,
    ) -> None:
        super().__init__(OrderFlow(workspace.db, workspace.actor, on or date.today()), parent)
        self.workspace = workspace
        self.setWindowTitle(_("Order a certificate"))
        self.resize(760, 560)
        self.client_page = ClientPage(self.order_flow)
        self.plan_page = PlanPage(self.order_flow)
        self.period_page = PeriodPage(self.order_flow)
        self.domain_page = DomainPage(self.order_flow)
        self.csr_page = CsrPage(self.order_flow)
        self.contacts_page = ContactsPage(self.order_flow)
        self.approver_page = ApproverPage(self.order_flow)
        self.agreement_page = AgreementPage(self.order_flow)
        self.summary_page = SummaryPage(self.order_flow)
        for page in (
            self.client_page,
            self.plan_page,
            self.period_page,
            self.domain_page,
            self.csr_page,
            self.contacts_page,
            self.approver_page,
            self.agreement_page,
            self.summary_page,
        ):
            self.add_flow_page(page)
        self.placing_progress.connect(self.summary_page.show_progress)
        if client_id is not None:
            self.client_page.choose(client_id)

    @property
    def order_flow(self) -> OrderFlow:
        flow = self.flow
        assert isinstance(flow, OrderFlow)
        return flow

    def accept(self) -> None:
        super().accept()
        if self.busy:
            self.summary_page.show_working()

    def finish(self) -> Any:
        return self.order_flow.place(progress=self.placing_progress.emit)

    def finished_ok(self, result: Any) -> None:
        assert isinstance(result, PlacementResult)
        announce(ORDERS, CLIENTS)
        self.placed.emit(result)
        if result.problem:
            messages.warn(self, result.summary(), title=_("Order placed in part"))
        else:
            messages.inform(self, result.summary(), title=_("Order placed"))
