"""The order's status: billing and certificate status, dates, add-ons, the last upstream sync."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import _, format_date, format_datetime, format_money
from sslbill_desktop.services.order_records import OrderRecord
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views.dialogs.order_details_tabs.common import Fields


class StatusTab(QWidget):
    sync_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout()
        self.fields = Fields(form)
        for key, caption in (
            ("order", _("Order:")),
            ("client", _("Client:")),
            ("plan", _("Tariff plan:")),
            ("status", _("Status:")),
            ("certificate", _("Certificate:")),
            ("names", _("Names:")),
            ("paid_until", _("Paid until:")),
            ("ordered_on", _("Ordered on:")),
            ("addons", _("Add-ons:")),
            ("balance", _("Client's balance:")),
            ("upstream", _("Upstream id:")),
            ("upstream_expires", _("Upstream expiry:")),
            ("synced", _("Last sync:")),
            ("problem", _("Last problem:")),
        ):
            self.fields.add(key, caption)
        self.sync_button = QPushButton(_("Sync status now"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(self.sync_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.sync_button.clicked.connect(self.sync_requested.emit)

    def show_record(self, record: OrderRecord) -> None:
        f = self.fields
        f.set(
            "order",
            _("No. {id}, created {when} by {who}").format(
                id=record.id, when=format_datetime(record.created_at, "short"), who=record.created_by or "?"
            ),
        )
        f.set("client", f"{record.client_name} <{record.client_email}>")
        f.set("plan", f"{record.plan_title}, {period_text(record.period)}")
        status = record.status_text
        if record.suspension == "client":
            status = _("{status} (by the client)").format(status=status)
        if record.in_flight:
            status = _("{status}; an upstream operation is under way").format(status=status)
        f.set("status", status)
        upstream = record.upstream_text
        if record.upstream_status_text:
            upstream = f"{upstream} ({record.upstream_status_text})"
        f.set("certificate", upstream)
        f.set("names", ", ".join(n for n in (record.domain, *record.sans) if n))
        f.set("paid_until", format_date(record.expires_on) if record.expires_on else "")
        ordered = format_date(record.ordered_on) if record.ordered_on else ""
        if record.deleted_on:
            ordered += " — " + _("deleted on {date}").format(date=format_date(record.deleted_on))
        f.set("ordered_on", ordered)
        f.set(
            "addons",
            "; ".join(
                _("{title} × {n}, paid until {date}").format(
                    title=a.title, n=a.quantity, date=format_date(a.paid_until)
                )
                for a in record.addons
            ),
        )
        f.set("balance", format_money(record.balance, record.currency))
        f.set("upstream", record.upstream_certificate_id or "")
        f.set(
            "upstream_expires", format_date(record.upstream_expires_on) if record.upstream_expires_on else ""
        )
        synced = format_datetime(record.last_sync_at, "short") if record.last_sync_at else _("never")
        if record.last_sync_error:
            synced = f"{synced}: {record.last_sync_error}"
        f.set("synced", synced)
        f.set("problem", record.last_error)
        self.sync_button.setEnabled(bool(record.upstream_certificate_id) and not record.is_deleted)
