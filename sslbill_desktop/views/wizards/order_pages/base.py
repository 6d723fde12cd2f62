"""What every page of the order wizard shares: live validation that shows the step's first problem.

A refusal of the ordering policy appears on the page where it occurs, as soon as the choice that
causes it is made (and Next stays disabled); a typing mistake appears once the field was touched.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sslbill_desktop.services.ordering import OrderFlow
from sslbill_desktop.views.wizards.flow_page import FlowPage


class OrderStepPage(FlowPage):
    """A step of `OrderFlow`; subclasses build widgets into `self.body` and call `changed()`."""

    #: Fields whose problems are shown even before the user touched them (policy refusals).
    eager_fields: frozenset[str] = frozenset()

    def __init__(self, flow: OrderFlow, step: str, title: str, subtitle: str = "") -> None:
        super().__init__(flow, step)
        self.flow = flow
        self.setTitle(title)
        if subtitle:
            self.setSubTitle(subtitle)
        self._touched = False
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.body, 1)
        layout.addWidget(self._error_label)

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        self.body.addWidget(widget, stretch)
        return widget

    def note(self, text: str = "") -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        self.body.addWidget(label)
        return label

    def changed(self, *, touched: bool = True) -> None:
        """Re-validate after an edit: show the first problem, enable or disable Next."""
        self._touched = self._touched or touched
        problems = self.flow.errors(self.values(), self.step)
        shown = next(
            (message for field, message in problems.items() if self._touched or field in self.eager_fields),
            "",
        )
        self.show_error(shown)
        self.completeChanged.emit()

    def initializePage(self) -> None:
        self._touched = False
        self.load()
        self.changed(touched=False)

    def load(self) -> None:
        """Fill the page from the flow when it is shown (after the previous steps)."""
