"""Products → Product types → Edit: the SSL certificate type's name, its auto-deletion period
(blank: expired services are never deleted) and its weekend policy — what a tariff plan's "use
product type settings" and blank auto-deletion period fall back to."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import product_types
from sslbill_desktop.services.billing.terms import WeekendPolicy
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import workspace_languages
from sslbill_desktop.services.product_types import ProductTypeInput, ProductTypeRecord
from sslbill_desktop.views.dialogs.checked_form import CheckedFormDialog
from sslbill_desktop.views.dialogs.tariff_plan_tabs.inputs import ChoiceCombo, OptionalNumberEdit
from sslbill_desktop.views.widgets.localized_edit import LocalizedEdit

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

PRODUCT_TYPE = product_types.ENTITY


def languages_of(workspace: Workspace) -> Languages:
    """The workspace's languages, the default first."""
    records = workspace_languages(workspace.db)
    codes = tuple(r.code for r in records) or ("en",)
    default = next((r.code for r in records if r.is_default), codes[0])
    return Languages(codes, default)


class ProductTypeDialog(CheckedFormDialog):
    def __init__(
        self,
        workspace: Workspace,
        record: ProductTypeRecord,
        languages: Languages,
        parent: QWidget | None = None,
        *,
        read_only_reason: str | None = None,
        on_saved: Callable[[ProductTypeRecord], None] | None = None,
    ) -> None:
        title = _("Product type {name}").format(name=record.name.get(languages.default, record.code))
        super().__init__(title, parent, save_text=_("OK"), read_only_reason=read_only_reason)
        self._workspace = workspace
        self._record = record
        self._languages = languages
        self._on_saved = on_saved
        self.name_edit = LocalizedEdit(list(languages.codes), placeholder=_("Name"))
        self.name_edit.set_value(record.name)
        self._add_field("name", _("Name:"), self.name_edit, required=True)
        self.auto_delete = OptionalNumberEdit(_("blank: expired services are never deleted"), digits=4)
        self.auto_delete.setMinimumWidth(280)
        self.auto_delete.setMaximumWidth(360)
        self.auto_delete.set_value(record.auto_delete_days)
        self._add_field("auto_delete_days", _("Auto-deletion period, days:"), self.auto_delete)
        self.weekends = ChoiceCombo(WeekendPolicy, only=(WeekendPolicy.SUSPEND, WeekendPolicy.DO_NOT_SUSPEND))
        self.weekends.set_value(record.suspend_on_weekends)
        self._add_field("suspend_on_weekends", _("Suspend service on weekends:"), self.weekends)
        self._add_note(
            _(
                "Tariff plans whose auto-deletion period is blank, or that suspend on weekends by the "
                "product type's settings, follow these."
            )
        )
        self._finish_init()
        self.setMinimumWidth(520)

    def current_input(self) -> ProductTypeInput:
        return ProductTypeInput(
            self.name_edit.value(), self.auto_delete.field_value(), self.weekends.field_value()
        )

    def _problems(self) -> Sequence[ValidationError]:
        return product_types.product_type_problems(self.current_input(), self._languages)

    def _save(self) -> None:
        db, actor, record = self._workspace.db, self._workspace.actor, self._record
        values = self.current_input()
        self._submit(
            lambda: product_types.update_product_type(
                db, actor, record.id, version=record.version, values=values
            ),
            on_saved=self._on_saved,
            changes=(PRODUCT_TYPE,),
        )
