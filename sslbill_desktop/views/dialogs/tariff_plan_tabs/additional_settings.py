"""Additional settings: the certificate type, chosen from the upstream's list of SSL certificates.

The list is read in the background when the dialog opens; until then (and when the upstream cannot
be reached) the stored certificate type is shown and kept, with a line saying why the list is
missing. Nothing here waits for the network.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from sslbill_desktop.services.i18n import N_, _, format_datetime, format_money
from sslbill_desktop.services.ispmanager.records import PriceListEntry
from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_import import PriceListSnapshot
from sslbill_desktop.services.tariff_input import TariffInput
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views.dialogs.tariff_plan_tabs.base import NOTE_STYLE, Register, TariffTab
from sslbill_desktop.views.widgets.searchable_combo import SearchableCombo


def entry_text(entry: PriceListEntry, currency: str) -> str:
    """ "RapidSSL (1011) — 1 year $11.00, 2 years $21.00"."""
    money = entry.currency or currency or "USD"
    costs = ", ".join(
        f"{period_text(p.months)} {format_money(p.cost, money)}" for p in entry.periods if p.cost is not None
    )
    return f"{entry.name} ({entry.id})" + (f" — {costs}" if costs else "")


class CertificateTypeCombo(SearchableCombo):
    """The upstream price-list id; the entries come when the price list has been read."""

    changed_by_user = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__([], parent)

    def set_entries(self, entries: list[tuple[str, str]], current: str) -> None:
        self.blockSignals(True)
        self.clear()
        for code, text in entries:
            self.addItem(text, code)
        self.blockSignals(False)
        self.set_value(current)


class AdditionalSettingsTab(TariffTab):
    title = N_("Additional settings")

    def __init__(self, form: TariffForm, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(form, register, parent)
        record = form.record
        self.form_layout.addRow(_("Product type:"), QLabel(_("SSL certificate")))
        self.imported_label = QLabel(f"{record.upstream_product_name} ({record.upstream_product_id})")
        self.form_layout.addRow(_("Imported upstream product:"), self.imported_label)
        self.type_combo = CertificateTypeCombo()
        self.type_combo.setToolTip(_("The certificate bought from the upstream for each order of this plan."))
        self.add_field("certificate_type", _("Certificate type:"), self.type_combo, required=True)
        self.list_status = QLabel()
        self.list_status.setWordWrap(True)
        self.list_status.setStyleSheet(NOTE_STYLE)
        self.form_layout.addRow(self.list_status)
        self._names: dict[str, str] = {
            record.settings.certificate_type: record.settings.certificate_type_name
        }
        self.price_list: PriceListSnapshot | None = None
        self.show_loading()

    # --- the upstream list --------------------------------------------------------------------

    def show_loading(self) -> None:
        self.list_status.setText(_("Reading the upstream's list of certificates…"))

    def set_price_list(self, snapshot: PriceListSnapshot) -> None:
        current = self.type_combo.value()
        self.price_list = snapshot
        self._names.update({e.id: e.name for e in snapshot.entries})
        entries = [(e.id, entry_text(e, snapshot.currency)) for e in snapshot.entries]
        if current and all(code != current for code, _text in entries):
            entries.insert(0, (current, self._stored_text(current) + " " + _("(not in the upstream list)")))
        self.type_combo.set_entries(entries, current)
        self.list_status.setText(
            _("The upstream's list of {n} certificates, read {time}.").format(
                n=len(snapshot.entries), time=format_datetime(snapshot.fetched_at, "short")
            )
        )

    def set_price_list_failed(self, reason: str) -> None:
        record = self.form.record
        when = record.upstream.at
        stored = (
            _("the costs stored on {time} are shown").format(time=format_datetime(when, "short"))
            if when is not None
            else _("no upstream costs are stored")
        )
        self.list_status.setText(
            _("The upstream's list could not be read ({reason}); {stored}.").format(
                reason=reason, stored=stored
            )
        )

    def _stored_text(self, code: str) -> str:
        name = self._names.get(code, "")
        return f"{name} ({code})" if name else code

    def selected_entry(self) -> PriceListEntry | None:
        if self.price_list is None:
            return None
        return self.price_list.find(self.type_combo.value())

    # --- values -------------------------------------------------------------------------------

    def set_values(self, settings: TariffInput) -> None:
        code = settings.certificate_type
        self._names.setdefault(code, settings.certificate_type_name)
        self.type_combo.set_entries([(code, self._stored_text(code))], code)

    def values(self) -> dict[str, Any]:
        code = self.type_combo.value()
        return {"certificate_type": code, "certificate_type_name": self._names.get(code, "")}
