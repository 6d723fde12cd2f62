"""Settings → Localizations: the workspace's languages; add one from Babel's list or remove one.

The default language cannot be removed: Delete is disabled for it, with a tooltip saying why
(and the service refuses anyway). Localizations are added or removed, never edited.
"""

from __future__ import annotations

from collections.abc import Hashable

from sslbill_desktop.services import localizations
from sslbill_desktop.services.i18n import N_, _
from sslbill_desktop.services.localizations import LocalizationRecord, language_title
from sslbill_desktop.views import errors
from sslbill_desktop.views.dialogs.localization import LOCALIZATION, LocalizationDialog
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, RowPage, page_of
from sslbill_desktop.views.workers import run_in_background


class LocalizationPage(ListPage[LocalizationRecord]):
    entities = frozenset({LOCALIZATION})
    can_edit = False
    columns = (
        Column(N_("Language"), lambda r: language_title(r.code), width=200),
        Column(N_("Name in the language"), lambda r: r.native_name, width=200),
        Column(N_("Code"), lambda r: r.code, width=90),
        Column(N_("Default"), lambda r: _("Yes") if r.is_default else ""),
    )

    def key(self, row: LocalizationRecord) -> Hashable:
        return row.code

    def describe(self, row: LocalizationRecord) -> str:
        return row.name

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[LocalizationRecord]:
        rows = localizations.list_localizations(self.workspace.db, self.workspace.actor)
        return page_of(
            rows, filter_text, offset, limit, lambda r: r.name, lambda r: r.native_name, lambda r: r.code
        )

    def add_row(self) -> None:
        existing = [row.code for row in localizations.workspace_languages(self.workspace.db)]
        self.open_dialog(LocalizationDialog(self.workspace, existing, self, on_saved=self._select))

    def delete_rows(self, rows: list[LocalizationRecord]) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def remove() -> None:
            for row in rows:
                localizations.remove_localization(db, actor, row.code)

        def failed(exc: BaseException) -> None:
            announce(LOCALIZATION)  # some may be gone already
            errors.present(self, exc)

        run_in_background(
            remove, on_success=lambda _r: announce(LOCALIZATION), on_failure=failed, parent=self
        )

    # --- the default language stays ------------------------------------------------------------

    def _init_verbs(self) -> None:
        super()._init_verbs()
        for verb in self._verbs:
            if verb.action is self._delete_action:
                verb.applies_to = lambda row: not row.is_default

    def _update_verbs(self) -> None:
        super()._update_verbs()
        delete = getattr(self, "_delete_action", None)
        if delete is None or self.read_only_reason:
            return
        default = next((row for row in self.selected_rows() if row.is_default), None)
        if default is not None:
            delete.setToolTip(
                _("{language} is the default localization and cannot be removed.").format(
                    language=default.name
                )
            )

    def _select(self, record: LocalizationRecord) -> None:
        self.reload()
        self.select_key(record.code)
