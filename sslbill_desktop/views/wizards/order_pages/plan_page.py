"""Step 2: the tariff plan — the plans this client may order, sorted, with icon, labels and
description."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from sslbill_desktop.services.i18n import _, format_money
from sslbill_desktop.services.order_context import PlanChoice
from sslbill_desktop.services.ordering import PLAN, OrderFlow
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.views.widgets.markdown_view import MarkdownView
from sslbill_desktop.views.wizards.order_pages.base import OrderStepPage


def plan_icon(plan: PlanChoice) -> QIcon:
    if not plan.plan.icon:
        return QIcon()
    pixmap = QPixmap()
    pixmap.loadFromData(plan.plan.icon)
    return QIcon(pixmap)


def price_text(plan: PlanChoice) -> str:
    if not plan.plan.prices:
        return ""
    months, price = plan.plan.prices[0]
    return _("from {price} for {period}").format(
        price=format_money(price, plan.plan.currency), period=period_text(months)
    )


class PlanPage(OrderStepPage):
    eager_fields = frozenset({"plan_id"})

    def __init__(self, flow: OrderFlow) -> None:
        super().__init__(flow, PLAN, _("Tariff plan"), _("The plans this client may order now."))
        self._list = QListWidget()
        self._list.setSpacing(3)
        self._list.setIconSize(QSize(32, 32))
        self._labels = QLabel()
        self._labels.setWordWrap(True)
        self._description = MarkdownView()
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self._labels)
        details_layout.addWidget(self._description, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._list)
        splitter.addWidget(details)
        splitter.setSizes([300, 300])
        self.add(splitter, 1)
        self._list.currentItemChanged.connect(self._on_current)

    def load(self) -> None:
        chosen = self.flow.values(PLAN).get("plan_id")
        self._list.blockSignals(True)
        self._list.clear()
        for plan in self.flow.plans():
            item = QListWidgetItem(plan_icon(plan), f"{plan.title}\n{price_text(plan)}")
            item.setData(Qt.ItemDataRole.UserRole, plan.id)
            self._list.addItem(item)
            if plan.id == chosen:
                self._list.setCurrentItem(item)
        self._list.blockSignals(False)
        self._show_details()

    def _on_current(self, *_args: Any) -> None:
        self._show_details()
        self.changed()

    def _show_details(self) -> None:
        plan = self._chosen()
        if plan is None:
            self._labels.setText("")
            self._description.set_markdown("")
            return
        labels = ", ".join(plan.plan.labels)
        self._labels.setText(_("Labels: {labels}").format(labels=labels) if labels else "")
        from sslbill_desktop.services.fields import pick

        self._description.set_markdown(pick(plan.plan.description, "en"))

    def _chosen(self) -> PlanChoice | None:
        plan_id = self.values().get("plan_id")
        return next((p for p in self.flow.plans() if p.id == plan_id), None)

    def values(self) -> dict[str, Any]:
        item = self._list.currentItem()
        return {"plan_id": item.data(Qt.ItemDataRole.UserRole) if item is not None else None}

    def choose(self, plan_id: int) -> bool:
        for number in range(self._list.count()):
            item = self._list.item(number)
            if item.data(Qt.ItemDataRole.UserRole) == plan_id:
                self._list.setCurrentItem(item)
                return True
        return False

    def plan_titles(self) -> list[str]:
        return [self._list.item(n).text().split("\n", 1)[0] for n in range(self._list.count())]

    def description_text(self) -> str:
        return self._description.plain_text()
