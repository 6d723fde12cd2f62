"""The menu tree of the main window, BILLmanager's menus, and the registry of pages by key.

To plug a page in, give its entry in `MENU` the dotted path of its class, e.g.
`factory="sslbill_desktop.views.lists.data_centers:DataCenterPage"`. The class is imported when the
page is first opened and called as `PageClass(workspace, parent)`. An entry without a factory
shows an honest placeholder saying what is coming. `register_page(key, factory)` overrides an
entry at run time (tests, plug-ins).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from sslbill_desktop.services.i18n import N_, _

if TYPE_CHECKING:
    from sslbill_desktop.services.auth import Actor
    from sslbill_desktop.views.context import Workspace

PageFactory = Callable[["Workspace", QWidget | None], QWidget]


@dataclass(frozen=True)
class PageEntry:
    key: str
    title: str  # marked with N_, translated when shown
    factory: str | None = None  # "package.module:Class"; None = placeholder
    coming: str = ""  # what the placeholder says the page will do (N_)
    permission: str | None = None  # a `Permission` value needed to see the page at all


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # N_
    pages: tuple[PageEntry, ...]


MENU: tuple[Section, ...] = (
    Section(
        "integration",
        N_("Integration"),
        (
            PageEntry(
                "processing_modules",
                N_("Processing modules"),
                factory="sslbill_desktop.views.lists.processing_modules:ProcessingModulePage",
                coming=N_(
                    "Connect the ispmanager billing account that certificates are bought from: its address, "
                    "login and the minimal balance that raises an alert."
                ),
            ),
            PageEntry(
                "data_centers",
                N_("Data centers"),
                factory="sslbill_desktop.views.lists.data_centers:DataCenterPage",
                coming=N_("The data centers that provide the services, named in every localization."),
            ),
        ),
    ),
    Section(
        "products",
        N_("Products"),
        (
            PageEntry(
                "tariff_plans",
                N_("Tariff plans"),
                factory="sslbill_desktop.views.lists.tariff_plans:TariffPlanPage",
                coming=N_(
                    "Import tariff plans from the upstream price list and set their prices, periods, "
                    "pro-rata and late-fee policies."
                ),
            ),
            PageEntry(
                "product_types",
                N_("Product types"),
                factory="sslbill_desktop.views.lists.product_types:ProductTypePage",
                coming=N_(
                    "The product types of the catalog, such as SSL certificates, and their order forms."
                ),
            ),
        ),
    ),
    Section(
        "provider",
        N_("Provider"),
        (
            PageEntry(
                "providers",
                N_("Providers"),
                factory="sslbill_desktop.views.lists.providers:ProviderPage",
                coming=N_("The companies that sell to clients, with their departments and currencies."),
            ),
            PageEntry(
                "departments",
                N_("Departments"),
                factory="sslbill_desktop.views.lists.departments:DepartmentPage",
                coming=N_("Departments that receive orders and notifications, such as sales and support."),
            ),
            PageEntry(
                "business_hours",
                N_("Business hours"),
                factory="sslbill_desktop.views.lists.business_hours:BusinessHoursPage",
                coming=N_("The working hours of departments, used for notifications and schedules."),
            ),
            PageEntry(
                "employees",
                N_("Employees"),
                factory="sslbill_desktop.views.lists.employees:EmployeePage",
                coming=N_("The employees of the providers and the departments they work in."),
            ),
        ),
    ),
    Section(
        "clients",
        N_("Clients"),
        (
            PageEntry(
                "clients",
                N_("Clients"),
                factory="sslbill_desktop.views.lists.clients:ClientsPage",
                coming=N_("Clients, their contacts and balances; sales staff manage them."),
            ),
            PageEntry(
                "client_groups",
                N_("Client groups"),
                factory="sslbill_desktop.views.lists.client_groups:ClientGroupPage",
                coming=N_("Groups of clients that get their own prices and policies."),
            ),
        ),
    ),
    Section(
        "orders",
        N_("Orders"),
        (
            PageEntry(
                "ssl_certificates",
                N_("SSL certificates"),
                factory="sslbill_desktop.views.lists.orders:OrdersPage",
                coming=N_(
                    "Order SSL certificates for clients and follow them from request to issue; "
                    "renew and reissue them."
                ),
            ),
            PageEntry(
                "reissue_planner",
                N_("Reissue planner"),
                factory="sslbill_desktop.views.lists.reissue_planner:ReissuePlannerPage",
            ),
            PageEntry(
                "upstream_journal",
                N_("Upstream journal"),
                factory="sslbill_desktop.views.lists.journal:JournalPage",
                permission="read_audit",
            ),
        ),
    ),
    Section(
        "settings",
        N_("Settings"),
        (
            PageEntry(
                "localizations",
                N_("Localizations"),
                factory="sslbill_desktop.views.lists.localizations:LocalizationPage",
                coming=N_("The languages in which names, messages and documents are shown to clients."),
            ),
            PageEntry(
                "message_templates",
                N_("Message templates"),
                factory="sslbill_desktop.views.lists.message_templates:MessageTemplatePage",
                coming=N_("Templates of the e-mails sent to clients and departments."),
            ),
            PageEntry(
                "document_templates",
                N_("Document templates"),
                factory="sslbill_desktop.views.lists.document_templates:DocumentTemplatePage",
                coming=N_("Templates of the documents given to clients, such as invoices."),
            ),
            PageEntry("outbox", N_("Outbox"), factory="sslbill_desktop.views.lists.outbox:OutboxPage"),
            PageEntry(
                "staff",
                N_("Staff"),
                factory="sslbill_desktop.views.lists.staff:StaffPage",
                permission="manage_staff",
            ),
        ),
    ),
)

_overrides: dict[str, PageFactory] = {}


def register_page(key: str, factory: PageFactory) -> None:
    """Use `factory(workspace, parent)` for the page `key` instead of its `MENU` entry."""
    entry(key)  # an unknown key is a mistake: fail loudly
    _overrides[key] = factory


def unregister_page(key: str) -> None:
    _overrides.pop(key, None)


def entries() -> Iterator[tuple[Section, PageEntry]]:
    for section in MENU:
        for page in section.pages:
            yield section, page


def entry(key: str) -> PageEntry:
    for _section, page in entries():
        if page.key == key:
            return page
    raise KeyError(key)


def section_of(key: str) -> Section:
    return next(section for section, page in entries() if page.key == key)


def can_see(actor: Actor, page: PageEntry) -> bool:
    if page.permission is None:
        return True
    from sslbill_desktop.services.auth import Permission

    return actor.can(Permission(page.permission))


def create_page(key: str, workspace: Workspace, parent: QWidget | None = None) -> QWidget:
    """Build the page `key` for this workspace (imports its module on first use)."""
    if key in _overrides:
        return _overrides[key](workspace, parent)
    page = entry(key)
    if page.factory is None:
        from sslbill_desktop.views.lists.placeholder import PlaceholderPage

        return PlaceholderPage(_(page.title), _(page.coming), parent)
    module_name, _colon, class_name = page.factory.partition(":")
    factory: PageFactory = getattr(importlib.import_module(module_name), class_name)
    return factory(workspace, parent)


class NavigationTree(QTreeWidget):
    """The menu tree: sections with their pages; a section shows its first page."""

    page_selected = Signal(str)

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self._items: dict[str, QTreeWidgetItem] = {}
        for section in MENU:
            visible = [page for page in section.pages if can_see(actor, page)]
            if not visible:
                continue
            top = QTreeWidgetItem(self, [_(section.title)])
            top.setData(0, Qt.ItemDataRole.UserRole, "")
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            for page in visible:
                item = QTreeWidgetItem(top, [_(page.title)])
                item.setData(0, Qt.ItemDataRole.UserRole, page.key)
                self._items[page.key] = item
        self.expandAll()
        self.currentItemChanged.connect(self._on_current_changed)

    def page_keys(self) -> list[str]:
        return list(self._items)

    def select(self, key: str) -> None:
        self.setCurrentItem(self._items[key])

    def current_key(self) -> str | None:
        item = self.currentItem()
        key = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        return str(key) if key else None

    def section_titles(self) -> list[str]:
        items = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item.text(0) for item in items if item is not None]

    def _on_current_changed(self, current: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        if current is None:
            return
        key = current.data(0, Qt.ItemDataRole.UserRole)
        if key:
            self.page_selected.emit(str(key))
        elif current.childCount():  # a section: show its first page, keep the cursor on the section
            first = current.child(0)
            if first is not None:
                self.page_selected.emit(str(first.data(0, Qt.ItemDataRole.UserRole)))
