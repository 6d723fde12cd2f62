from datetime import UTC, datetime

import pytest

from sslbill_desktop.services import smtp_settings
from sslbill_desktop.services.auth import SYSTEM
from tests.services.clients.helpers import add_client, add_provider

SMTP_USER = "mailer@ssl-shop.example"
SMTP_PASSWORD = "Sm7p-s3cret!pass"
NOW = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def provider(database) -> int:
    return add_provider(
        database,
        "SSL Shop",
        notification_email="noreply@ssl-shop.example",
        support_email="support@ssl-shop.example",
        billing_url="https://billing.ssl-shop.example",
    )


@pytest.fixture
def client(database, admin, provider):
    return add_client(database, admin, provider)


def point_at(database, provider: int, server, *, security: str | None = None, username=None, password=None):
    """Save the provider's SMTP settings for `server` (its security and login by default)."""
    current = smtp_settings.get_smtp_settings(database, SYSTEM, provider)
    return smtp_settings.save_smtp_settings(
        database,
        SYSTEM,
        provider,
        version=current.version,
        host=server.host,
        port=server.port,
        security=security or server.security,
        username=server.username or "" if username is None else username,
        password=server.password if password is None else password,
    )
