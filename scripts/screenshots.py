"""Render the windows to PNG files: `python scripts/screenshots.py OUT_DIR [--language en ru] [--only NAME]`.

Each shot is a function registered with `@shot("name")` that builds a window in the state to
show and returns it; the studio shows it at its size, lets it paint and saves
`OUT_DIR/<name>-<language>.png`. Add a shot for every new wizard page or dialog. The `pseudo`
language stretches every text, to find clipped layouts before a translator does.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

if "SSLBILL_HOME" not in os.environ:  # never touch the user's own settings
    os.environ["SSLBILL_HOME"] = tempfile.mkdtemp(prefix="sslbill-screenshots-")

from sslbill_desktop.services import staff  # noqa: E402
from sslbill_desktop.services.auth import Actor, authenticate  # noqa: E402
from sslbill_desktop.services.db import Database, open_database  # noqa: E402
from sslbill_desktop.views import messages  # noqa: E402
from sslbill_desktop.views.context import Workspace  # noqa: E402
from sslbill_desktop.views.language import apply_language  # noqa: E402

if TYPE_CHECKING:
    from sslbill_desktop.services.providers import ProviderRecord


@dataclass
class Studio:
    """What shots build on: a database with staff, an empty one, and the signed-in admin."""

    db: Database
    empty_db: Database
    admin: Actor

    def workspace(self) -> Workspace:
        return Workspace(self.db, self.admin)


@dataclass(frozen=True)
class Shot:
    name: str
    build: Callable[[Studio], QWidget]
    size: QSize | None


SHOTS: dict[str, Shot] = {}


def shot(
    name: str, size: tuple[int, int] | None = None
) -> Callable[[Callable[[Studio], QWidget]], Callable[[Studio], QWidget]]:
    def register(build: Callable[[Studio], QWidget]) -> Callable[[Studio], QWidget]:
        SHOTS[name] = Shot(name, build, QSize(*size) if size else None)
        return build

    return register


# --- the shots ------------------------------------------------------------------------------


@shot("login")
def login(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.login import LoginDialog

    dialog = LoginDialog(studio.db.description)
    dialog.set_database(studio.db)
    dialog.prefill("ada")
    return dialog


@shot("first-run")
def first_run(studio: Studio) -> QWidget:
    from sslbill_desktop.views.wizards.first_run import FirstRunWizard

    return FirstRunWizard(studio.empty_db)


@shot("first-run-admin")
def first_run_admin(studio: Studio) -> QWidget:
    from sslbill_desktop.views.wizards.first_run import FirstRunWizard

    wizard = FirstRunWizard(studio.empty_db)
    wizard.show()
    wizard.next()
    for field, text in (("login", "ada"), ("full_name", "Ada Lovelace"), ("email", "ada@example.com")):
        wizard.admin_page.edit(field).setText(text)
    return wizard


@shot("first-run-demo")
def first_run_demo(studio: Studio) -> QWidget:
    from sslbill_desktop.services.first_run import MODE_DEMO
    from sslbill_desktop.views.wizards.first_run import FirstRunWizard

    wizard = FirstRunWizard(studio.empty_db)
    wizard.show()
    wizard.choice_page.choose(MODE_DEMO)
    wizard.next()
    return wizard


@shot("main-window", size=(1100, 680))
def main_window(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    return MainWindow(studio.workspace())


@shot("staff", size=(1100, 680))
def staff_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    window = MainWindow(studio.workspace())
    window.navigation.select("staff")
    return window


@shot("staff-dialog")
def staff_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.staff import StaffDialog

    record = next(r for r in staff.list_staff(studio.db, studio.admin) if r.login == "boris")
    return StaffDialog(studio.workspace(), record)


# --- providers, client groups, localizations, templates (issue 6) ----------------------------


def _icon_png(color: str, letter: str = "S") -> bytes:
    """A 16×16 PNG: a rounded square in `color` with a white letter."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(0, 0, 16, 16, 4, 4)
    font = QFont()
    font.setPixelSize(12)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, 16, 16), Qt.AlignmentFlag.AlignCenter, letter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _client_with_active_payment(db: Database, provider_id: int) -> None:
    """A client of the provider whose payment is on its way (the currency cannot change then)."""
    from decimal import Decimal

    from sslbill_desktop.models.clients import Client, ClientAccount
    from sslbill_desktop.models.payments import PAYMENT_NEW, Payment

    with db.uow() as s:
        client = Client(name="Erika Mustermann", provider_id=provider_id)
        s.add(client)
        s.flush()
        account = ClientAccount(client_id=client.id, currency="EUR")
        s.add(account)
        s.flush()
        s.add(Payment(account_id=account.id, amount=Decimal("49.00"), currency="EUR", state=PAYMENT_NEW))


def _provider_setup(studio: Studio) -> None:
    """Providers, client groups and templates for the shots (once per studio)."""
    from sslbill_desktop.services import client_groups, providers, templates
    from sslbill_desktop.services.providers import ProviderInput

    if any(r.name == "SSL Shop" for r in providers.list_providers(studio.db, studio.admin)):
        return
    db, admin = studio.db, studio.admin
    providers.create_provider(
        db,
        admin,
        ProviderInput(
            name="SSL Shop",
            currency="USD",
            notification_email="noreply@ssl-shop.example",
            support_email="support@ssl-shop.example",
            website_url="https://ssl-shop.example",
            billing_url="https://billing.ssl-shop.example",
            help_url="https://ssl-shop.example/help",
            default_country="US",
            icon=_icon_png("#1a73e8"),
            phone_auth=True,
            code_entry_attempts=3,
            code_retrieval_attempts=5,
        ),
    )
    zertifikate = providers.create_provider(
        db,
        admin,
        ProviderInput(
            name="Zertifikate GmbH",
            currency="EUR",
            notification_email="info@zertifikate.example",
            website_url="https://zertifikate.example",
            default_country="DE",
            icon=_icon_png("#188038", "Z"),
        ),
    )
    _client_with_active_payment(db, zertifikate.id)
    client_groups.create_client_group(
        db, admin, name="Partners", allow_suspend_resume=True, allow_deletion=True, ignore_service_limit=True
    )
    client_groups.create_client_group(db, admin, name="Retail", allow_suspend_resume=True)
    templates.create_template(
        db,
        admin,
        kind="message",
        name="Service activation",
        subject={"en": "Your certificate for {domain} is ready", "ru": "Сертификат для {domain} готов"},
        body={
            "en": "Hello {client_name},\n\nthe {plan} certificate for {domain} is issued and valid until "
            "{expiry_date}.\nDownload it here: {certificate_download_link}\n\n{provider_name}",
            "ru": "Здравствуйте, {client_name}!\n\nСертификат {plan} для {domain} выпущен и действует до "
            "{expiry_date}.\nСкачать: {certificate_download_link}\n\n{provider_name}",
        },
    )
    templates.create_template(
        db,
        admin,
        kind="document",
        name="Service agreement",
        subject={"en": "Service agreement", "ru": "Договор оказания услуг"},
        body={
            "en": "{provider_name} provides {client_name} with the {plan} certificate for {domain} "
            "for {period} at {price}.",
            "ru": "{provider_name} предоставляет {client_name} сертификат {plan} для {domain} на срок "
            "{period} по цене {price}.",
        },
    )


def _provider(studio: Studio, name: str) -> ProviderRecord:
    from sslbill_desktop.services import providers

    _provider_setup(studio)
    return next(r for r in providers.list_providers(studio.db, studio.admin) if r.name == name)


@shot("providers", size=(1100, 680))
def providers_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _provider_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("providers")
    return window


@shot("provider-wizard-main", size=(740, 720))
def provider_wizard_main(studio: Studio) -> QWidget:
    from sslbill_desktop.views.wizards.provider import ProviderWizard

    wizard = ProviderWizard(studio.workspace())
    page = wizard.main_page
    page.line_edit("name").setText("SSL Shop")
    page.icon_picker.set_value(_icon_png("#1a73e8"))
    page.line_edit("notification_email").setText("noreply@ssl-shop.example")
    page.line_edit("website_url").setText("ssl-shop.example")
    page.country_combo.set_value("US")
    return wizard


@shot("provider-wizard-authorization", size=(740, 720))
def provider_wizard_authorization(studio: Studio) -> QWidget:
    from sslbill_desktop.views.wizards.provider import ProviderWizard

    wizard = ProviderWizard(studio.workspace(), _provider(studio, "SSL Shop"))
    wizard.show()
    wizard.next()
    return wizard


@shot("provider-wizard-currency-blocked", size=(740, 720))
def provider_wizard_currency_blocked(studio: Studio) -> QWidget:
    from sslbill_desktop.services import providers
    from sslbill_desktop.views.wizards.provider import ProviderWizard

    record = _provider(studio, "Zertifikate GmbH")
    blocker = providers.can_change_currency(studio.db, studio.admin, record.id)
    return ProviderWizard(studio.workspace(), record, currency_blocker=blocker)


@shot("client-groups", size=(1100, 680))
def client_groups_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _provider_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("client_groups")
    return window


@shot("client-group-dialog")
def client_group_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import client_groups
    from sslbill_desktop.views.dialogs.client_group import ClientGroupDialog

    _provider_setup(studio)
    record = next(
        r for r in client_groups.list_client_groups(studio.db, studio.admin) if r.name == "Partners"
    )
    return ClientGroupDialog(studio.workspace(), record)


@shot("client-group-dialog-new")
def client_group_dialog_new(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.client_group import ClientGroupDialog

    return ClientGroupDialog(studio.workspace())


@shot("localizations", size=(1100, 680))
def localizations_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    window = MainWindow(studio.workspace())
    window.navigation.select("localizations")
    return window


@shot("localization-dialog")
def localization_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services.localizations import workspace_languages
    from sslbill_desktop.views.dialogs.localization import LocalizationDialog

    existing = [x.code for x in workspace_languages(studio.db)]
    dialog = LocalizationDialog(studio.workspace(), existing)
    dialog._language_combo.set_value("de")
    return dialog


@shot("message-templates", size=(1100, 680))
def message_templates_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _provider_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("message_templates")
    return window


def _template_dialog(studio: Studio, kind: str, name: str) -> QWidget:
    from sslbill_desktop.services import templates
    from sslbill_desktop.services.localizations import workspace_languages
    from sslbill_desktop.services.templates import TemplateKind
    from sslbill_desktop.views.dialogs.templates import TemplateDialog

    _provider_setup(studio)
    record = next(r for r in templates.list_templates(studio.db, studio.admin, kind) if r.name == name)
    return TemplateDialog(studio.workspace(), TemplateKind(kind), workspace_languages(studio.db), record)


@shot("message-template-dialog", size=(1000, 640))
def message_template_dialog(studio: Studio) -> QWidget:
    return _template_dialog(studio, "message", "Service activation")


@shot("message-template-dialog-problem", size=(1000, 640))
def message_template_dialog_problem(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.templates import TemplateDialog

    dialog = _template_dialog(studio, "message", "Service activation")
    assert isinstance(dialog, TemplateDialog)
    body = dialog._body_edit.input_for("en")
    body.setPlainText(body.toPlainText().replace("{expiry_date}", "{expiry}").replace("{plan}", "{plan"))
    return dialog


@shot("document-templates", size=(1100, 680))
def document_templates_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _provider_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("document_templates")
    return window


@shot("document-template-dialog", size=(1000, 640))
def document_template_dialog(studio: Studio) -> QWidget:
    return _template_dialog(studio, "document", "Service agreement")


# --- clients, ledger, outbox, SMTP settings (issue 8, part A) ----------------------------------


def _clients_setup(studio: Studio) -> None:
    """Clients with payments and corrections, and an outbox with sent and waiting mail (once)."""
    from datetime import UTC, date, datetime, timedelta
    from decimal import Decimal

    from sslbill_desktop.models.outbox import OUTBOX_SENT, OutboxMessage
    from sslbill_desktop.services import clients, ledger, notifications, payments, smtp_settings
    from sslbill_desktop.services.contacts import ClientContacts, Organisation, Person

    db, admin = studio.db, studio.admin
    shop = _provider(studio, "SSL Shop")
    if clients.list_clients(db, admin, filter_text="Alice").total:
        return
    groups = {g.name: g.id for g in clients.form_choices(db, admin).client_groups}
    people = (
        ("Alice Example", "Example GmbH", "alice@example.com", "DE", "Partners"),
        ("Bob Builder", "Builders Ltd", "bob@builders.example", "GB", "Retail"),
        ("Carla Rossi", "Rossi & Figli", "carla@rossi.example", "IT", "Retail"),
        ("Dmitri Ivanov", "", "dmitri@example.ru", "RU", None),
    )
    made = []
    for name, company, email, country, group in people:
        first, _space, last = name.partition(" ")
        made.append(
            clients.create_client(
                db,
                admin,
                clients.ClientInput(
                    name=name,
                    company=company,
                    email=email,
                    phone="+49 30 1234567",
                    country=country,
                    language="ru" if country == "RU" else "en",
                    provider_id=shop.id,
                    client_group_id=groups.get(group) if group else None,
                    contacts=ClientContacts(
                        Person(first, last, "CTO", email, "+49 30 1234567"),
                        Person(
                            "Tom", "Tech", "Administrator", f"tech@{email.split('@')[1]}", "+49 30 7654321"
                        ),
                        Organisation(company, "IT", country, "", "Berlin", email),
                    ),
                ),
            )
        )
    alice = made[0].accounts[0].id
    payments.record_payment(
        db,
        admin,
        alice,
        amount="250.00",
        received_on=date(2027, 6, 2),
        method="Bank transfer",
        note="Invoice 2027-041",
    )
    with db.uow() as s:
        account = ledger.get_account(s, made[0].id, "USD")
        from sslbill_desktop.services.billing import AddonTerms, TariffTerms, order_addon, order_service

        # what the billing engine books, with its explanations (shown in the screen's language)
        alpha = TariffTerms(
            key="alphassl",
            name="AlphaSSL",
            currency="USD",
            prices={12: Decimal("30.00")},
            setup_fee=Decimal("5.00"),
            calendar_charges=True,
            addons={"addon1": AddonTerms("addon1", {12: Decimal("12.00")}, "Extra domains")},
        )
        order = order_service(alpha, date(2027, 6, 3), 12, Decimal(250))
        addon = order_addon(order.state, alpha, "addon1", 2, date(2027, 7, 20), Decimal(250))
        ledger.book_entries(s, account, [*order.entries, *addon.entries], 1001)
    wrong = payments.record_payment(
        db, admin, alice, amount="100.00", received_on=date(2027, 6, 25), method="Card"
    )
    payments.record_correction(
        db,
        admin,
        alice,
        balance_change="-90.00",
        on_date=date(2027, 6, 26),
        note="The card payment was 10.00, not 100.00 (typo)",
        corrects_id=wrong.entry_id,
    )
    payments.record_payment(db, admin, made[1].accounts[0].id, amount="49.90", received_on=date(2027, 6, 28))
    payments.record_correction(
        db,
        admin,
        made[3].accounts[0].id,
        balance_change="-12.00",
        on_date=date(2027, 6, 30),
        note="Manual renewal fee",
    )
    smtp_settings.save_smtp_settings(
        db,
        admin,
        shop.id,
        version=None,
        host="smtp.ssl-shop.example",
        port=587,
        security="starttls",
        username="mailer",
    )
    facts = notifications.ServiceFacts(
        service_id=1001,
        domain="shop.example.com",
        plan="AlphaSSL",
        period_months=12,
        expiry_date=date(2028, 6, 3),
        price=Decimal("30.00"),
        currency="USD",
    )
    start = datetime(2027, 6, 3, 9, 0, tzinfo=UTC)
    with db.uow() as s:
        ids = [
            notifications.queue_client_notice(s, "activation", made[0].id, facts, now=start),
            notifications.queue_client_notice(s, "renewal_reminder", made[1].id, facts, now=start),
        ]
        for ident in ids:
            row = s.get(OutboxMessage, ident)
            row.state, row.attempts, row.sent_at, row.next_attempt_at = OUTBOX_SENT, 1, start, None
    # Nothing is sent from the studio (no network): these two show how a failed attempt waits.
    with db.uow() as s:
        for client, kind, days in ((made[2], "suspension", 20), (made[3], "deletion", 27)):
            when = start + timedelta(days=days)
            ident = notifications.queue_client_notice(s, kind, client.id, facts, now=when)
            row = s.get(OutboxMessage, ident)
            row.attempts, row.last_attempt_at, row.next_attempt_at = 3, when, when + timedelta(minutes=4)
            row.last_error = "the mail server smtp.ssl-shop.example:587 did not answer in time"


@shot("clients", size=(1100, 680))
def clients_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.lists.clients import ClientsPage
    from sslbill_desktop.views.main_window import MainWindow

    _clients_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("clients")
    page = window.page("clients")
    if isinstance(page, ClientsPage):
        page.table.selectRow(0)
    return window


@shot("client-dialog")
def client_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import clients
    from sslbill_desktop.views.dialogs.client import ClientDialog, load_form

    _clients_setup(studio)
    row = clients.list_clients(studio.db, studio.admin, filter_text="Alice").rows[0]
    return ClientDialog(studio.workspace(), load_form(studio.workspace(), row.id))


@shot("client-dialog-contact")
def client_dialog_contact(studio: Studio) -> QWidget:
    dialog = client_dialog(studio)
    dialog._tabs.setCurrentIndex(2)  # type: ignore[attr-defined]
    return dialog


@shot("ledger", size=(980, 520))
def ledger_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import clients
    from sslbill_desktop.views.dialogs.ledger import LedgerDialog

    _clients_setup(studio)
    row = clients.list_clients(studio.db, studio.admin, filter_text="Alice").rows[0]
    return LedgerDialog(studio.workspace(), clients.get_client(studio.db, studio.admin, row.id))


@shot("correction-dialog")
def correction_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import clients, ledger
    from sslbill_desktop.views.dialogs.money_entry import CorrectionDialog

    _clients_setup(studio)
    row = clients.list_clients(studio.db, studio.admin, filter_text="Alice").rows[0]
    record = clients.get_client(studio.db, studio.admin, row.id)
    account = record.accounts[0]
    entry = ledger.list_ledger(studio.db, studio.admin, account.id).rows[-1]
    dialog = CorrectionDialog(studio.workspace(), account, record.name, corrects=entry)
    dialog._direction_combo.setCurrentIndex(1)  # type: ignore[attr-defined]  # debit
    dialog._amount_edit.setText("5.00")  # type: ignore[attr-defined]
    dialog._note_edit.setText("Bank fee deducted from the transfer")  # type: ignore[attr-defined]
    return dialog


@shot("outbox", size=(1100, 680))
def outbox_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _clients_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("outbox")
    return window


@shot("smtp-settings")
def smtp_settings_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.smtp_settings import SmtpSettingsDialog, load_settings

    _clients_setup(studio)
    shop = _provider(studio, "SSL Shop")
    return SmtpSettingsDialog(studio.workspace(), load_settings(studio.workspace()), shop.id)


# --- processing modules, data centers, departments, business hours, employees (issue 6) -------


def _infrastructure_setup(studio: Studio) -> None:
    """The demo set-up, more records for the lists, and two processing modules on a simulator
    (passwords in an in-memory keyring: screenshots never touch the user's keyring)."""
    from decimal import Decimal

    import keyring
    from keyring.backend import KeyringBackend

    from sslbill_desktop.services import business_hours, data_centers, departments, employees, processing
    from sslbill_desktop.services.demo_setup import seed_demo_setup
    from sslbill_desktop.services.ispmanager.simulator import start_simulator

    if processing.list_processing_modules(studio.db, studio.admin):
        return

    class _ShotKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    keyring.set_keyring(_ShotKeyring())
    _provider_setup(studio)
    db, admin = studio.db, studio.admin
    seeded = seed_demo_setup(db)
    frankfurt = data_centers.create_data_center(db, admin, name={"en": "Frankfurt", "ru": "Франкфурт"})
    around = business_hours.create_business_hours(
        db,
        admin,
        name="Around the clock",
        time_zone="UTC",
        schedule={day: [["00:00", "24:00"]] for day in business_hours.DAYS},
    )
    sales = departments.create_department(
        db, admin, name={"en": "Sales department", "ru": "Отдел продаж"}, business_hours_id=around.id
    )
    boris = next(r for r in staff.list_staff(db, admin) if r.login == "boris")
    employees.create_employee(
        db,
        admin,
        full_name="Boris Petrov",
        email="boris@example.com",
        phone="+7 495 123-45-67",
        department_ids=[sales.id, seeded.department_id],
        staff_id=boris.id,
    )
    simulator = start_simulator()  # a daemon thread: it ends with the screenshot run
    processing.create_processing_module(
        db,
        admin,
        processing.ModuleInput(
            name={"en": "ispmanager EU", "ru": "ispmanager ЕС"},
            url=simulator.url,
            username="reseller",
            data_center_id=seeded.data_center_id,
            department_id=seeded.department_id,
            sorting=1,
            minimal_balance=Decimal("100"),
        ),
        password="reseller-pass",
    )
    processing.create_processing_module(
        db,
        admin,
        processing.ModuleInput(
            name={"en": "Reserve account", "ru": "Резервный аккаунт"},
            url=simulator.url,
            username="lowbalance",
            data_center_id=frankfurt.id,
            department_id=sales.id,
            sorting=2,
            minimal_balance=Decimal("50"),
        ),
        password="lowbalance-pass",
    )


def _settled(widget: QWidget) -> QWidget:
    """Let background work (balance refreshes) deliver before the shot."""
    from sslbill_desktop.views.workers import wait_for_background_work

    app = QApplication.instance()
    for _ in range(3):
        wait_for_background_work()
        if app is not None:
            app.processEvents()
    return widget


def _list_shot(studio: Studio, key: str) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _infrastructure_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select(key)
    return _settled(window)


@shot("processing-modules", size=(1100, 680))
def processing_modules_list(studio: Studio) -> QWidget:
    return _list_shot(studio, "processing_modules")


def _module_wizard(studio: Studio, *, edit: bool = False) -> QWidget:
    from sslbill_desktop.services import processing
    from sslbill_desktop.views.wizards.processing_module import ProcessingModuleWizard

    _infrastructure_setup(studio)
    record = processing.list_processing_modules(studio.db, studio.admin)[0] if edit else None
    wizard = ProcessingModuleWizard(studio.workspace(), record)
    wizard.show()
    return wizard


@shot("processing-module-wizard-product-type", size=(760, 700))
def processing_module_wizard_product_type(studio: Studio) -> QWidget:
    return _module_wizard(studio)


@shot("processing-module-wizard-module", size=(760, 700))
def processing_module_wizard_module(studio: Studio) -> QWidget:
    wizard = _module_wizard(studio)
    wizard.next()  # type: ignore[attr-defined]
    return wizard


@shot("processing-module-wizard-integration", size=(760, 700))
def processing_module_wizard_integration(studio: Studio) -> QWidget:
    wizard: Any = _module_wizard(studio)
    wizard.next()
    wizard.next()
    page = wizard.integration_page
    page.line_edit("username").setText("reseller")
    page.line_edit("password").setText("not-the-password")
    return wizard


@shot("processing-module-wizard-integration-2fa", size=(760, 700))
def processing_module_wizard_integration_2fa(studio: Studio) -> QWidget:
    from sslbill_desktop.services.ispmanager.errors import TwoFactorEnabled

    wizard: Any = _module_wizard(studio)
    wizard.next()
    wizard.next()
    page = wizard.integration_page
    page.line_edit("username").setText("twofactor")
    page.line_edit("password").setText("twofactor-pass")
    page._check_failed(TwoFactorEnabled())  # what the upstream's refusal shows
    return wizard


@shot("processing-module-wizard-parameters", size=(760, 700))
def processing_module_wizard_parameters(studio: Studio) -> QWidget:
    from decimal import Decimal

    from sslbill_desktop.services.ispmanager.records import Account

    wizard: Any = _module_wizard(studio)
    wizard.next()
    wizard.next()
    page = wizard.integration_page
    page.line_edit("username").setText("reseller")
    page.line_edit("password").setText("reseller-pass")
    wizard.module_flow.mark_checked(page.values(), Account("reseller", Decimal("1000"), "USD"))
    wizard.next()
    parameters = wizard.parameters_page
    parameters.name_edit.set_value({"en": "Sectigo via ispmanager", "ru": "Sectigo через ispmanager"})
    parameters.minimal_balance_edit.setText("100")
    return wizard


@shot("processing-module-wizard-edit", size=(760, 700))
def processing_module_wizard_edit(studio: Studio) -> QWidget:
    wizard: Any = _module_wizard(studio, edit=True)
    wizard.next()
    wizard.next()
    wizard.next()
    return wizard


@shot("data-centers", size=(1100, 680))
def data_centers_list(studio: Studio) -> QWidget:
    return _list_shot(studio, "data_centers")


@shot("data-center-dialog")
def data_center_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import data_centers
    from sslbill_desktop.views.dialogs.data_center import DataCenterDialog

    _infrastructure_setup(studio)
    record = data_centers.list_data_centers(studio.db, studio.admin)[0]
    return DataCenterDialog(studio.workspace(), record)


@shot("data-center-dialog-new")
def data_center_dialog_new(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.data_center import DataCenterDialog

    _infrastructure_setup(studio)
    return DataCenterDialog(studio.workspace())


@shot("departments", size=(1100, 680))
def departments_list(studio: Studio) -> QWidget:
    return _list_shot(studio, "departments")


@shot("department-dialog")
def department_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import departments
    from sslbill_desktop.views.dialogs.department import DepartmentDialog

    _infrastructure_setup(studio)
    record = next(
        r for r in departments.list_departments(studio.db, studio.admin) if r.show_in_support_center
    )
    return DepartmentDialog(studio.workspace(), record)


@shot("department-dialog-new")
def department_dialog_new(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.department import DepartmentDialog

    _infrastructure_setup(studio)
    return DepartmentDialog(studio.workspace())


@shot("business-hours", size=(1100, 680))
def business_hours_list(studio: Studio) -> QWidget:
    return _list_shot(studio, "business_hours")


@shot("business-hours-dialog")
def business_hours_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import business_hours
    from sslbill_desktop.views.dialogs.business_hours import BusinessHoursDialog

    _infrastructure_setup(studio)
    record = next(
        r for r in business_hours.list_business_hours(studio.db, studio.admin) if r.name == "Working days"
    )
    dialog = BusinessHoursDialog(studio.workspace(), record)
    dialog.schedule_edit.add_interval("sat", "10:00", "14:00")
    return dialog


@shot("employees", size=(1100, 680))
def employees_list(studio: Studio) -> QWidget:
    return _list_shot(studio, "employees")


@shot("employee-dialog")
def employee_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import employees
    from sslbill_desktop.views.dialogs.employee import EmployeeDialog

    _infrastructure_setup(studio)
    record = next(r for r in employees.list_employees(studio.db, studio.admin) if r.staff_login)
    return EmployeeDialog(studio.workspace(), record)


# --- tariff plans, product types (issue 7) ----------------------------------------------------

#: The tariff dialog's tabs, in order, as shot names.
TARIFF_TABS = ("main", "additional", "prices", "policy", "order", "addons", "preview")


def _tariff_module(studio: Studio) -> int:
    from sslbill_desktop.services import processing

    _infrastructure_setup(studio)
    modules = processing.list_processing_modules(studio.db, studio.admin)
    return next(m.id for m in modules if m.username == "reseller")


def _tariffs_setup(studio: Studio) -> dict[str, int]:
    """Plans imported from the simulator, one configured in full, one sold at a loss (once)."""
    from dataclasses import replace
    from datetime import date
    from decimal import Decimal

    from sslbill_desktop.services import client_groups, tariffs, templates
    from sslbill_desktop.services.billing.terms import ChangePolicy, LateFeePolicy
    from sslbill_desktop.services.tariff_import import Markup, MarkupKind, import_tariff, load_price_list
    from sslbill_desktop.services.tariff_input import AddonInput, PeriodPrice

    db, admin = studio.db, studio.admin
    existing = {r.upstream_product_id: r.id for r in tariffs.list_tariffs(db, admin)}
    if existing:
        return existing
    module_id = _tariff_module(studio)
    shop = _provider(studio, "SSL Shop")
    price_list = load_price_list(db, admin, module_id)
    markups = {"1011": Markup(MarkupKind.PERCENT, Decimal(30)), "3033": None, "55346": None, "2021": None}
    ids = {}
    for product_id, markup in markups.items():
        ids[product_id] = import_tariff(
            db,
            admin,
            module_id=module_id,
            provider_id=shop.id,
            product_id=product_id,
            price_list=price_list,
            markup=markup,
        ).plan_id
    groups = {g.name: g.id for g in client_groups.list_client_groups(db, admin)}
    message = next(t.id for t in templates.list_templates(db, admin, "message"))
    document = next(t.id for t in templates.list_templates(db, admin, "document"))
    rapid = tariffs.get_tariff(db, admin, ids["1011"])
    rapid = tariffs.update_tariff(
        db,
        admin,
        rapid.id,
        version=rapid.version,
        values=replace(
            rapid.settings,
            name={"en": "RapidSSL Standard", "ru": "RapidSSL Стандарт"},
            calendar_charges=True,
            allow_client_suspend=True,
            activation_template_id=message,
            agreement_template_id=document,
            prices=(
                PeriodPrice(1, Decimal("1.90")),
                PeriodPrice(12, Decimal("14.30"), Decimal("13.50")),
                PeriodPrice(24, Decimal("26.00")),
            ),
            special_renewal=True,
            setup_fee=Decimal("2.00"),
            allowed_groups=(groups["Retail"], groups["Partners"]),
            late_fee_policy=LateFeePolicy.PERCENT,
            late_fee_percent=Decimal(50),
            change_policy=ChangePolicy.FULL_PAYMENT,
            auto_delete_days=30,
            end_date=date(2030, 12, 31),
            notes="Renegotiate the upstream price in 2029.",
            sorting=1,
            icon=_icon_png("#1a73e8"),
            show_addon_icons=True,
            description={
                "en": "## RapidSSL Standard\n\nDomain validation, issued in **minutes**.\n\n"
                "- 256-bit encryption\n- Site seal included\n- Reissues free of charge",
                "ru": "## RapidSSL Стандарт\n\nПроверка домена, выпуск за **минуты**.",
            },
            labels=("DV", "Popular"),
            addons=(
                AddonInput(
                    None,
                    {"en": "Extra SAN domain", "ru": "Дополнительный домен"},
                    "domain",
                    (
                        PeriodPrice(1, Decimal("0.50")),
                        PeriodPrice(12, Decimal("5.00")),
                        PeriodPrice(24, Decimal("9.00")),
                    ),
                ),
            ),
        ),
    )
    tariffs.enable_tariff(db, admin, rapid.id, version=rapid.version)
    alpha = tariffs.get_tariff(db, admin, ids["55346"])
    alpha = tariffs.update_tariff(
        db, admin, alpha.id, version=alpha.version, values=replace(alpha.settings, sorting=2, labels=("DV",))
    )
    tariffs.enable_tariff(db, admin, alpha.id, version=alpha.version)
    sectigo = tariffs.get_tariff(db, admin, ids["3033"])
    tariffs.update_tariff(
        db,
        admin,
        sectigo.id,
        version=sectigo.version,
        values=replace(sectigo.settings, prices=(PeriodPrice(12, Decimal("6.90")),), labels=("DV", "Budget")),
    )
    return ids


def _tariff_dialog(studio: Studio, tab: str) -> QWidget:
    from datetime import date

    from sslbill_desktop.services.tariff_form import tariff_form
    from sslbill_desktop.services.tariff_import import load_price_list
    from sslbill_desktop.views.dialogs.tariff_plan import TariffPlanDialog

    ids = _tariffs_setup(studio)
    form = tariff_form(studio.db, studio.admin, ids["1011"])
    dialog = TariffPlanDialog(studio.workspace(), form, load_upstream=False, today=date(2027, 7, 12))
    dialog.set_price_list(load_price_list(studio.db, studio.admin, _tariff_module(studio)))
    dialog.tab_widget.setCurrentIndex(TARIFF_TABS.index(tab))
    if tab == "preview":
        preview = dialog.preview_tab
        preview.period_combo.setCurrentIndex(preview.period_combo.findData(1))
    return dialog


def _register_tariff_tab_shots() -> None:
    for tab in TARIFF_TABS:
        shot(f"tariff-dialog-{tab}", size=(980, 720))(lambda studio, tab=tab: _tariff_dialog(studio, tab))


_register_tariff_tab_shots()


@shot("tariff-plans", size=(1100, 680))
def tariff_plans_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _tariffs_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("tariff_plans")
    return window


def _import_wizard(studio: Studio) -> QWidget:
    from sslbill_desktop.views.wizards.tariff_import import TariffImportWizard

    _tariffs_setup(studio)
    wizard = TariffImportWizard(studio.workspace())
    wizard.module_page.choose(_tariff_module(studio))
    return wizard


@shot("tariff-import-module", size=(820, 560))
def tariff_import_module(studio: Studio) -> QWidget:
    return _import_wizard(studio)


@shot("tariff-import-plans", size=(820, 720))
def tariff_import_plans(studio: Studio) -> QWidget:
    from decimal import Decimal

    from PySide6.QtWidgets import QWizard

    from sslbill_desktop.services.tariff_import import imported_message, load_price_list

    wizard = _import_wizard(studio)
    assert isinstance(wizard, QWizard)
    wizard.show()
    page = wizard.plans_page  # type: ignore[attr-defined]
    wizard.next()
    page.set_price_list(load_price_list(studio.db, studio.admin, _tariff_module(studio)))
    page.search_edit.setText("global")
    page.table.selectRow(0)
    page.markup_kind.setCurrentIndex(page.markup_kind.findData("percent"))
    page.markup_edit.setText("25")
    page.log.addItem(imported_message("RapidSSL", "SSL Shop", Decimal("14.30"), "USD"))
    return wizard


@shot("tariff-sheet-pdf", size=(909, 1286))
def tariff_sheet_pdf(studio: Studio) -> QWidget:
    """The first page of an exported PDF tariff sheet, painted by the code that writes the PDF."""
    from datetime import date

    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QLabel

    from sslbill_desktop.services.tariff_export import tariff_sheets
    from sslbill_desktop.views.tariff_sheet_pdf import render_sheet_page, write_tariff_sheet

    ids = _tariffs_setup(studio)
    sheets = tariff_sheets(studio.db, studio.admin, [ids["1011"], ids["55346"]])
    write_tariff_sheet(sheets, Path(tempfile.mkdtemp(prefix="sslbill-sheet-")) / "sheet.pdf")
    label = QLabel()
    label.setPixmap(QPixmap.fromImage(render_sheet_page(sheets, 0, dpi=110, printed_on=date(2027, 7, 12))))
    return label


@shot("product-types", size=(1100, 680))
def product_types_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    window = MainWindow(studio.workspace())
    window.navigation.select("product_types")
    return window


@shot("product-type-dialog")
def product_type_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.services import product_types
    from sslbill_desktop.views.dialogs.product_type import ProductTypeDialog, languages_of

    (record,) = product_types.list_product_types(studio.db, studio.admin)
    workspace = studio.workspace()
    return ProductTypeDialog(workspace, record, languages_of(workspace))


# --- certificate orders, the daily run, the reissue planner (issue 8, part B) --------------------

#: The order wizard's steps shot, in order (the agreement step: RapidSSL Standard has one).
ORDER_STEPS = ("client", "plan", "period", "domain", "csr", "contacts", "approver", "agreement", "summary")


def _orders_setup(studio: Studio) -> None:
    """The imported plans, then the demo's clients and orders in every state (once)."""
    from sslbill_desktop.services.demo_orders import seed_demo_orders

    _tariffs_setup(studio)
    seed_demo_orders(studio.db)


def _order_wizard(studio: Studio, step: str) -> QWidget:
    from sslbill_desktop.services import clients, tariffs
    from sslbill_desktop.views.wizards.order import OrderWizard

    _orders_setup(studio)
    anna = clients.list_clients(studio.db, studio.admin, filter_text="Anna Schmidt").rows[0]
    rapid = next(r for r in tariffs.list_tariffs(studio.db, studio.admin) if r.upstream_product_id == "1011")
    wizard = OrderWizard(studio.workspace())
    wizard.show()
    wizard.client_page.choose(anna.id)
    actions = {
        "client": lambda: None,
        "plan": lambda: wizard.plan_page.choose(rapid.id),
        "period": lambda: wizard.period_page.choose(12),
        "domain": lambda: wizard.domain_page.enter(
            "www.bäckerei-schmidt.example", "bäckerei-schmidt.example"
        ),
        "csr": lambda: wizard.csr_page.choose_generate("ec-p256"),
        "contacts": lambda: None,
        "approver": lambda: wizard.approver_page.choose(wizard.approver_page.choices()[0]),
        "agreement": wizard.agreement_page.accept_agreement,
    }
    for name in ORDER_STEPS[: ORDER_STEPS.index(step)]:
        actions[name]()
        wizard.next()
    if step in actions:
        actions[step]()
    return wizard


def _register_order_wizard_shots() -> None:
    for step in ORDER_STEPS:
        shot(f"order-wizard-{step}", size=(780, 580))(lambda studio, step=step: _order_wizard(studio, step))


_register_order_wizard_shots()


@shot("orders", size=(1100, 680))
def orders_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _orders_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("ssl_certificates")
    return window


def _order_details(studio: Studio, tab: int, domain: str = "www.lotus-travel") -> QWidget:
    from sslbill_desktop.services import orders
    from sslbill_desktop.services.orders import OrderQuery
    from sslbill_desktop.views.dialogs.order_details import OrderDetailsDialog

    _orders_setup(studio)
    row = orders.list_orders(studio.db, studio.admin, OrderQuery(text=domain)).rows[0]
    dialog = OrderDetailsDialog(studio.workspace(), orders.get_order(studio.db, studio.admin, row.id))
    dialog.tabs.setCurrentIndex(tab)
    return dialog


@shot("order-details", size=(780, 640))
def order_details_status(studio: Studio) -> QWidget:
    return _order_details(studio, 0)


@shot("order-details-certificate", size=(780, 640))
def order_details_certificate(studio: Studio) -> QWidget:
    return _order_details(studio, 2)


@shot("order-details-request", size=(780, 640))
def order_details_request(studio: Studio) -> QWidget:
    return _order_details(studio, 3)


@shot("order-details-actions", size=(780, 640))
def order_details_actions(studio: Studio) -> QWidget:
    return _order_details(studio, 4)


@shot("order-renew", size=(640, 420))
def order_renew(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.order_details import OrderDetailsDialog

    dialog = _order_details(studio, 4, "www.baeckerei-schmidt")
    assert isinstance(dialog, OrderDetailsDialog)
    dialog.start_action("renew")
    assert dialog.last_dialog is not None
    return dialog.last_dialog


@shot("reissue-planner", size=(1100, 680))
def reissue_planner_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _orders_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("reissue_planner")
    return window


def _journal_setup(studio: Studio) -> None:
    """Upstream journal entries in every state, for the demo orders (once)."""
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from sslbill_desktop.models.journal import JournalEntry

    _orders_setup(studio)
    module_id = _tariff_module(studio)
    entries = (
        ("order", "order", 1, "www.baeckerei-schmidt.example", "done", "demo-1", ""),
        ("order", "order", 3, "ivanov-trading.example", "done", "demo-3", ""),
        ("renew", "renewal", 4, "old.ivanov-trading.example", "unknown", None, ""),
        ("renew", "auto_renewal", 11, "portal.cedar-clinic.example", "sent", None, ""),
        ("order", "order", 8, "novak-studio.example", "failed", None, "Not enough money on the account"),
        ("renew", "upstream_renewal", 10, "cedar-clinic.example", "done", "demo-10", ""),
    )
    with studio.db.uow() as s:
        if s.scalar(select(func.count()).select_from(JournalEntry)):
            return
        for number, (operation, purpose, order_id, domain, state, upstream_id, error) in enumerate(
            entries, 1
        ):
            s.add(
                JournalEntry(
                    reference=f"screenshot-{number}",
                    processing_module_id=module_id,
                    operation=operation,
                    request={},
                    common_name=domain,
                    pricelist_id="1011",
                    state=state,
                    upstream_id=upstream_id,
                    error=error,
                    attempts=2 if state == "unknown" else 1,
                    created_at=datetime(2026, 11, 20 + number, 9, 30, tzinfo=UTC),
                    purpose=purpose,
                    subject_id=order_id,
                )
            )


@shot("upstream-journal", size=(1100, 680))
def upstream_journal_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    _journal_setup(studio)
    window = MainWindow(studio.workspace())
    window.navigation.select("upstream_journal")
    return window


@shot("daily-run")
def daily_run(studio: Studio) -> QWidget:
    from sslbill_desktop.views.daily_run_action import DailyRunDialog

    _orders_setup(studio)
    return DailyRunDialog(studio.workspace())


# --- the studio -----------------------------------------------------------------------------


class _PrintedMessages:
    """Message boxes would block the run: print them instead and answer yes."""

    def _print(self, kind: str, text: str) -> None:
        print(f"{kind}: {text}", file=sys.stderr)

    def inform(self, parent: object, text: str, title: str) -> None:
        self._print("inform", text)

    def warn(self, parent: object, text: str, title: str) -> None:
        self._print("warning", text)

    def error(self, parent: object, text: str, title: str) -> None:
        self._print("error", text)

    def confirm(self, parent: object, text: str, title: str, yes: str, no: str) -> bool:
        self._print("confirm", text)
        return True

    def ask(self, parent: object, text: str, title: str, choices: Sequence[str]) -> int | None:
        self._print("ask", text)
        return 0

    def crash(self, parent: object, summary: str, details: str) -> None:
        self._print("crash", details)
        raise SystemExit(1)


def make_studio(directory: Path) -> Studio:
    db = open_database(f"sqlite:///{directory / 'shots.sqlite3'}")
    staff.create_first_admin(db, "ada", "Ada Lovelace", "screenshot-password", "ada@example.com")
    admin = authenticate(db, "ada", "screenshot-password")
    for login, name, role, email in (
        ("boris", "Boris Petrov", "sales", "boris@example.com"),
        ("chen", "Chen Wei", "sales", "chen@example.com"),
        ("dana", "Dana Schmidt", "admin", "dana@example.com"),
    ):
        staff.create_staff(
            db, admin, login=login, full_name=name, role=role, password="staff-password", email=email
        )
    chen = next(r for r in staff.list_staff(db, admin) if r.login == "chen")
    staff.set_disabled(db, admin, chen.id, version=chen.version, disabled=True)
    empty = open_database(f"sqlite:///{directory / 'empty.sqlite3'}")
    return Studio(db, empty, admin)


def take(app: QApplication, entry: Shot, studio: Studio, path: Path) -> None:
    widget = entry.build(studio)
    if entry.size is not None:
        widget.resize(entry.size)
    else:
        widget.adjustSize()
    widget.show()
    for _ in range(5):
        app.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"cannot write {path}")
    widget.hide()  # not close(): a dialog with typed data would ask before discarding it
    widget.deleteLater()
    app.processEvents()
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--language", nargs="+", default=["en", "ru"], help="en, ru and/or pseudo")
    parser.add_argument("--only", nargs="+", choices=sorted(SHOTS), help="just these shots")
    args = parser.parse_args(argv)
    os.environ.setdefault("SSLBILL_LOCALES_DIR", str(ROOT / "locales"))
    messages.install(_PrintedMessages())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sslbill-shots-") as directory:
        studio = make_studio(Path(directory))
        for language in args.language:
            apply_language(language)
            for name in args.only or SHOTS:
                take(app, SHOTS[name], studio, args.out_dir / f"{name}-{language}.png")
        studio.db.dispose()
        studio.empty_db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
