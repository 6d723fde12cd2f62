"""Service order configuration: sort, icon, show add-on icons, the description in Markdown per
localization with a rendered preview, and the labels (one per line)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from sslbill_desktop.services.fields import MAX_SORTING
from sslbill_desktop.services.i18n import N_, _, language_name
from sslbill_desktop.services.tariff_form import TariffForm
from sslbill_desktop.services.tariff_input import ICON_SIZE, TariffInput
from sslbill_desktop.views.dialogs.tariff_plan_tabs.base import Register, TariffTab
from sslbill_desktop.views.dialogs.tariff_plan_tabs.inputs import NumberEdit, as_int
from sslbill_desktop.views.widgets.icon_picker import IconPicker
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit
from sslbill_desktop.views.widgets.markdown_view import MarkdownView


class LabelsEdit(QPlainTextEdit):
    """Labels, one per line."""

    def field_value(self) -> str:
        return self.toPlainText()


class OrderConfigurationTab(TariffTab):
    title = N_("Service order configuration")

    def __init__(self, form: TariffForm, register: Register, parent: QWidget | None = None) -> None:
        super().__init__(form, register, parent)
        self.sorting = NumberEdit(1, MAX_SORTING)
        self.sorting.setToolTip(_("1 comes first; plans with the same number are sorted by name."))
        self.add_field("sorting", _("Sort:"), self.sorting)
        self.icon = IconPicker(max_width=ICON_SIZE, max_height=ICON_SIZE)
        self.add_field("icon", _("Icon:"), self.icon)
        self.show_addon_icons = QCheckBox(_("Show add-on icons"))
        self.add_field("show_addon_icons", "", self.show_addon_icons)
        languages = list(form.languages.codes)
        self.description = LocalizedEdit(languages, multiline=True, required=False)
        self.description.setMinimumHeight(140)
        self.preview_language = QComboBox()
        for code in languages:
            self.preview_language.addItem(language_name(code), code)
        self.preview = MarkdownView()
        self.preview.setMinimumHeight(140)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(QLabel(_("Preview:")))
        header.addWidget(self.preview_language, 1)
        side_layout.addLayout(header)
        side_layout.addWidget(self.preview, 1)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.description, 1)
        row_layout.addWidget(side, 1)
        caption = QLabel(_("Tariff description (Markdown):"))
        self.form_layout.addRow(caption)
        self.form_layout.addRow(row)
        self.register_field("description", _("Tariff description:"), self.description)
        self.labels = LabelsEdit()
        self.labels.setPlaceholderText(_("One label per line, for clients to filter plans by"))
        self.labels.setMaximumHeight(90)
        self.add_field("labels", _("Labels:"), self.labels)
        self.description.changed.connect(self._render_preview)
        self.preview_language.currentIndexChanged.connect(lambda _i: self._render_preview())

    def _render_preview(self) -> None:
        code = str(self.preview_language.currentData() or "")
        self.preview.set_markdown(self.description.text(code) if code in self.description.languages else "")

    def set_values(self, settings: TariffInput) -> None:
        self.sorting.setValue(as_int(settings.sorting, 1))
        self.icon.set_value(settings.icon)
        self.show_addon_icons.setChecked(settings.show_addon_icons)
        self.description.set_value(dict(settings.description))
        labels = settings.labels
        self.labels.setPlainText("\n".join(labels) if isinstance(labels, tuple) else labels)
        self._render_preview()

    def values(self) -> dict[str, Any]:
        return {
            "sorting": self.sorting.field_value(),
            "icon": self.icon.value(),
            "show_addon_icons": self.show_addon_icons.isChecked(),
            "description": self.description.value(),
            "labels": tuple(line.strip() for line in self.labels.toPlainText().splitlines() if line.strip()),
        }

    def update_dependencies(self, values: TariffInput) -> None:
        self.show_addon_icons.setEnabled(bool(values.addons))
        self.show_addon_icons.setToolTip("" if values.addons else _("The plan has no add-ons."))
