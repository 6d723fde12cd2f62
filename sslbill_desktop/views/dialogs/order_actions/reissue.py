"""Reissue an order's certificate with a new CSR (the same names)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import order_actions
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.views.dialogs.form_dialog import FormDialog
from sslbill_desktop.views.dialogs.order_actions.csr_choice import CsrChoice

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

ORDERS = "order"


class ReissueDialog(FormDialog):
    def __init__(self, workspace: Workspace, record: OrderRecord, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Reissue the certificate for {domain}").format(domain=record.domain),
            parent,
            save_text=_("Reissue"),
        )
        self._workspace, self._record = workspace, record
        self._add_note(
            _(
                "The certificate authority issues a new certificate for {names} with the new key; "
                "the old one stays valid until it expires."
            ).format(names=", ".join((record.common_name, *record.sans)))
        )
        self.csr = CsrChoice()
        self._add_field("csr", _("Request:"), self.csr)
        self._mark_clean()
        self.result_record: OrderRecord | None = None

    def _save(self) -> None:
        w, csr = self._workspace, self.csr

        def reissue() -> Any:
            return order_actions.reissue_order(
                w.db,
                w.actor,
                self._record.id,
                version=self._record.version,
                csr_mode=csr.mode,
                key_algorithm_value=csr.algorithm,
                csr_pem=csr.pem,
            )

        self._submit(reissue, on_saved=self._saved, changes=(ORDERS,))

    def _saved(self, record: OrderRecord) -> None:
        self.result_record = record
