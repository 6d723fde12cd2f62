"""Provider → Providers: the brands that sell certificates, each with its icon and its currency.

Add and Edit open the provider wizard; Delete is refused by the service while clients (or tariff
plans) belong to the provider.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

from sslbill_desktop.services import providers
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import N_, _, babel_locale
from sslbill_desktop.services.providers import ProviderRecord
from sslbill_desktop.views import errors
from sslbill_desktop.views.hub import announce
from sslbill_desktop.views.lists.list_page import ListPage
from sslbill_desktop.views.lists.paged_model import Column, PagedTableModel, RowPage, page_of
from sslbill_desktop.views.lists.read_only_view import add_view_verb
from sslbill_desktop.views.widgets.icon_picker import icon_pixmap
from sslbill_desktop.views.wizards.provider import PROVIDER, ProviderWizard
from sslbill_desktop.views.workers import run_in_background

if TYPE_CHECKING:
    from sslbill_desktop.views.context import Workspace


@cache
def _country_names(language: str) -> dict[str, str]:
    return dict(providers.country_choices(language))


def _country(row: ProviderRecord) -> str:
    if not row.default_country:
        return ""
    return _country_names(babel_locale()).get(row.default_country, row.default_country)


def _phone_auth(row: ProviderRecord) -> str:
    return _("Yes") if row.phone_auth else _("No")


class ProviderTableModel(PagedTableModel[ProviderRecord]):
    """The paged model, with each provider's icon beside its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._icons: dict[tuple[int, int], QIcon] = {}

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == 0:
            return self.icon_for(self.row_at(index.row()))
        return super().data(index, role)

    def icon_for(self, row: ProviderRecord) -> QIcon | None:
        if not row.icon:
            return None
        key = (row.id, row.version)
        if key not in self._icons:
            self._icons[key] = QIcon(icon_pixmap(row.icon))
        return self._icons[key]


class ProviderPage(ListPage[ProviderRecord]):
    entities = frozenset({PROVIDER})
    columns = (
        Column(N_("Name"), lambda r: r.name, width=180),
        Column(N_("Currency"), lambda r: r.currency, width=70),
        Column(N_("E-mail for notifications"), lambda r: r.notification_email, width=180),
        Column(N_("Support e-mail"), lambda r: r.effective_support_email, width=180),
        Column(N_("Default country"), _country, width=120),
        Column(N_("Phone sign-in"), _phone_auth),
    )

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(workspace, parent)
        add_view_verb(self, self.view_row)

    def _init_model(self) -> None:
        self._model = ProviderTableModel(self.columns, self.load, key=self.key, muted=self.is_muted)

    def load(self, filter_text: str, offset: int, limit: int) -> RowPage[ProviderRecord]:
        rows = providers.list_providers(self.workspace.db, self.workspace.actor)
        return page_of(
            rows,
            filter_text,
            offset,
            limit,
            lambda r: r.name,
            lambda r: r.currency,
            lambda r: r.notification_email,
        )

    def add_row(self) -> None:
        self.open_dialog(ProviderWizard(self.workspace, None, self, on_saved=self._select))

    def edit_row(self, row: ProviderRecord) -> None:
        db, actor = self.workspace.db, self.workspace.actor
        try:  # load, then show: the stored values, and whether the currency may change now
            record = providers.get_provider(db, actor, row.id)
            blocker = providers.can_change_currency(db, actor, row.id)
        except UserError as exc:
            errors.present(self, exc)
            announce(PROVIDER)
            return
        self.open_dialog(ProviderWizard(self.workspace, record, self, currency_blocker=blocker))

    def view_row(self, row: ProviderRecord) -> None:
        self.open_dialog(ProviderWizard(self.workspace, row, self, read_only_reason=self.read_only_reason))

    def delete_rows(self, rows: list[ProviderRecord]) -> None:
        db, actor = self.workspace.db, self.workspace.actor

        def delete() -> None:
            for row in rows:
                providers.delete_provider(db, actor, row.id, version=row.version)

        def failed(exc: BaseException) -> None:
            announce(PROVIDER)
            errors.present(self, exc)

        run_in_background(delete, on_success=lambda _r: announce(PROVIDER), on_failure=failed, parent=self)

    def _select(self, record: ProviderRecord) -> None:
        self.reload()
        self.select_key(record.id)
