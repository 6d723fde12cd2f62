"""Add-ons: the plan's additional resources (for example extra SAN domains), each with a name per
localization, a unit, a price per period and an optional 16×16 icon. Add and Remove; an add-on
keeps its key across edits (services that hold it refer to it by that key)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sslbill_desktop.services.i18n import N_, _, pgettext
from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_input import AddonInput, TariffInput
from sslbill_desktop.views.dialogs.tariff_plan_tabs.base import Register, TariffTab
from sslbill_desktop.views.widgets.icon_picker import IconPicker
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit
from sslbill_desktop.views.widgets.period_prices import PeriodPricesEdit


class AddonCard(QGroupBox):
    """One add-on's inputs."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(self, form: TariffForm, key: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.name_edit = LocalizedEdit(list(form.languages.codes), placeholder=_("Add-on name"))
        self.unit_edit = QLineEdit()
        self.unit_edit.setPlaceholderText(_("for example: domain"))
        self.unit_edit.setMaximumWidth(200)
        self.prices_edit = PeriodPricesEdit(form.currency)
        self.icon = IconPicker()
        self.remove_button = QPushButton(_("Remove add-on"))
        layout = QFormLayout(self)
        layout.addRow(_("Name:"), self.name_edit)
        layout.addRow(pgettext("add-on", "Unit:"), self.unit_edit)
        layout.addRow(_("Price per unit:"), self.prices_edit)
        layout.addRow(_("Icon:"), self.icon)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout.addRow(buttons)
        self.name_edit.changed.connect(self.changed)
        self.name_edit.changed.connect(self._retitle)
        self.unit_edit.textChanged.connect(lambda _t: self.changed.emit())
        self.prices_edit.changed.connect(self.changed)
        self.icon.changed.connect(self.changed)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self._retitle()

    def _retitle(self) -> None:
        name = next(iter(self.name_edit.value().values()), "")
        self.setTitle(name or _("New add-on"))

    def set_value(self, addon: AddonInput) -> None:
        self.key = addon.key
        self.name_edit.set_value(dict(addon.name))
        self.unit_edit.setText(addon.unit)
        self.prices_edit.set_prices(addon.prices)
        self.icon.set_value(addon.icon)
        self._retitle()

    def value(self) -> AddonInput:
        return AddonInput(
            key=self.key,
            name=self.name_edit.value(),
            unit=self.unit_edit.text(),
            prices=self.prices_edit.prices(),
            icon=self.icon.value(),
        )

    def set_read_only(self, read_only: bool) -> None:
        for language in self.name_edit.languages:
            self.name_edit.input_for(language).setReadOnly(read_only)
        self.unit_edit.setReadOnly(read_only)
        self.prices_edit.set_read_only(read_only)
        self.icon.set_read_only(read_only)
        self.remove_button.setVisible(not read_only)


class AddonsEdit(QWidget):
    """The list of add-on cards with an Add button; its value is a tuple of `AddonInput`s."""

    value_changed = Signal()

    def __init__(self, form: TariffForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = form
        self._read_only = False
        self.cards: list[AddonCard] = []
        self._cards_layout = QVBoxLayout()
        self.add_button = QPushButton(_("Add an add-on"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._cards_layout)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.add_button.clicked.connect(lambda _checked=False: self.add_addon())

    def add_addon(self, addon: AddonInput | None = None) -> AddonCard:
        card = AddonCard(self._form, addon.key if addon else None)
        if addon is not None:
            card.set_value(addon)
        card.changed.connect(self.value_changed)
        card.remove_requested.connect(self.remove_card)
        card.set_read_only(self._read_only)
        self.cards.append(card)
        self._cards_layout.addWidget(card)
        self.value_changed.emit()
        return card

    def remove_card(self, card: AddonCard) -> None:
        self.cards.remove(card)
        self._cards_layout.removeWidget(card)
        card.deleteLater()
        self.value_changed.emit()

    def set_value(self, addons: tuple[AddonInput, ...]) -> None:
        for card in list(self.cards):
            self.cards.remove(card)
            self._cards_layout.removeWidget(card)
            card.deleteLater()
        for addon in addons:
            self.add_addon(addon)
        self.value_changed.emit()

    def field_value(self) -> tuple[AddonInput, ...]:
        return tuple(card.value() for card in self.cards)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        for card in self.cards:
            card.set_read_only(read_only)


class AddonsTab(TariffTab):
    title = N_("Add-ons")

    def __init__(self, form: TariffForm, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(form, register, parent)
        self.add_note(
            _(
                "Additional resources clients can order with the certificate, such as extra SAN domains. "
                "Give each a price per unit for every period the plan offers."
            )
        )
        self.addons_edit = AddonsEdit(form)
        self.form_layout.addRow(self.addons_edit)
        self.register_field("addons", _("Add-ons"), self.addons_edit)

    def set_values(self, settings: TariffInput) -> None:
        self.addons_edit.set_value(settings.addons)

    def values(self) -> dict[str, Any]:
        return {"addons": self.addons_edit.field_value()}
