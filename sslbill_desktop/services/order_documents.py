"""The service agreement a plan asks its clients to accept, rendered for one client."""

from __future__ import annotations

from decimal import Decimal

from sslbill_desktop.models.provider import Provider
from sslbill_desktop.models.templates import Template
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.clients import ClientRecord
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.domains import to_unicode
from sslbill_desktop.services.i18n import format_money
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.tariff_words import period_text
from sslbill_desktop.services.templates import TemplateKind, TemplateRecord, render


def agreement_text(
    db: Database,
    actor: Actor,
    template_id: int,
    client: ClientRecord,
    plan_title: str,
    *,
    domain: str = "",
    period_months: int | None = None,
    price: Decimal | None = None,
) -> str:
    """The agreement's text in the client's language (its default localization's as a fallback),
    with what is being ordered filled in (domain, period, price)."""
    require(actor, Permission.PLACE_ORDERS)
    with db.uow() as s:
        row = s.get(Template, template_id)
        if row is None:
            return ""
        provider = s.get(Provider, client.provider_id)
        record = TemplateRecord(
            row.id, TemplateKind(row.kind), row.name, dict(row.subject), dict(row.body), row.version
        )
        values = {
            "client_name": client.name,
            "client_company": client.company,
            "client_email": client.email,
            "plan": plan_title,
            "provider_name": provider.name if provider is not None else "",
            "support_email": (provider.support_email or provider.notification_email) if provider else "",
            "billing_url": provider.billing_url if provider is not None else "",
            "help_url": provider.help_url if provider is not None else "",
            "domain": to_unicode(domain) if domain else "",
            "period": period_text(period_months) if period_months else "",
            "price": format_money(price, client.currency) if price is not None and client.currency else "",
        }
        rendered = render(record, values, language=client.language, default_language=languages_in(s).default)
        return "\n\n".join(part for part in (rendered.subject, rendered.body) if part)
