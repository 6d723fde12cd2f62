"""Every table of the application. Importing this package registers them all on `Base.metadata`."""

from sslbill_desktop.models.audit import AuditEntry
from sslbill_desktop.models.base import Base
from sslbill_desktop.models.catalog import (
    ImportMarkup,
    ProductType,
    TariffAddon,
    TariffAddonPrice,
    TariffLabel,
    TariffPlan,
    TariffPrice,
    TariffUpstreamCost,
)
from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.models.clients import Client, ClientAccount
from sslbill_desktop.models.daily_runs import DailyRun, DailyRunMark, DailyRunNotice
from sslbill_desktop.models.infrastructure import BusinessHours, DataCenter, Department, Employee
from sslbill_desktop.models.journal import JournalEntry
from sslbill_desktop.models.keys import PrivateKey
from sslbill_desktop.models.ledger import LedgerEntry
from sslbill_desktop.models.orders import Order
from sslbill_desktop.models.outbox import OutboxMessage
from sslbill_desktop.models.payments import Payment
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.models.provider import Provider
from sslbill_desktop.models.settings import WorkspaceSetting
from sslbill_desktop.models.smtp import SmtpSettings
from sslbill_desktop.models.staff import Staff
from sslbill_desktop.models.templates import Localization, Template

__all__ = [
    "AuditEntry",
    "Base",
    "BusinessHours",
    "Client",
    "ClientAccount",
    "ClientGroup",
    "DailyRun",
    "DailyRunMark",
    "DailyRunNotice",
    "DataCenter",
    "Department",
    "Employee",
    "ImportMarkup",
    "JournalEntry",
    "LedgerEntry",
    "Localization",
    "Order",
    "OutboxMessage",
    "Payment",
    "PrivateKey",
    "ProcessingModule",
    "ProductType",
    "Provider",
    "SmtpSettings",
    "Staff",
    "TariffAddon",
    "TariffAddonPrice",
    "TariffLabel",
    "TariffPlan",
    "TariffPrice",
    "TariffUpstreamCost",
    "Template",
    "WorkspaceSetting",
]
