"""Settings → Localizations → Add: pick a language from Babel's list (type to search).

After it is added, every "name per localization" field opened afterwards has an input for it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import localizations
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import LocalizationRecord
from sslbill_desktop.views.dialogs.checked_form import CheckedFormDialog
from sslbill_desktop.views.widgets.searchable_combo import SearchableCombo

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace

LOCALIZATION = "localization"


class LocalizationDialog(CheckedFormDialog):
    """`existing` are the workspace's language codes (left out of the choices)."""

    def __init__(
        self,
        workspace: Workspace,
        existing: Sequence[str],
        parent: QWidget | None = None,
        *,
        on_saved: Callable[[LocalizationRecord], None] | None = None,
    ) -> None:
        super().__init__(_("Add a localization"), parent, save_text=_("Add"))
        self._workspace = workspace
        self._existing = tuple(existing)
        self._on_saved = on_saved
        taken = set(self._existing)
        choices = [
            (code, _("{language} ({code})").format(language=name, code=code))
            for code, name in localizations.language_choices()
            if code not in taken
        ]
        self._language_combo = SearchableCombo(choices)
        self._language_combo.set_value("")
        self._language_combo.set_search_hint(_("Type to search, e.g. German or de"))
        self._add_field("code", _("Language:"), self._language_combo, required=True)
        self._add_note(
            _(
                "Names, templates and notifications can then be written in this language: every "
                "field that has a text per localization shows an input for it."
            )
        )
        self._finish_init()
        self.setMinimumWidth(480)

    def _problems(self) -> Sequence[ValidationError]:
        return localizations.add_problems(self._language_combo.value(), self._existing)

    def _save(self) -> None:
        db, actor, code = self._workspace.db, self._workspace.actor, self._language_combo.value()
        self._submit(
            lambda: localizations.add_localization(db, actor, code),
            on_saved=self._on_saved,
            changes=(LOCALIZATION,),
        )
