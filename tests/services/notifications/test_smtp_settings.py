import pytest
from sqlalchemy import select

from sslbill_desktop.models.smtp import SmtpSettings
from sslbill_desktop.services import credentials, smtp_settings
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from tests.services.notifications.conftest import SMTP_PASSWORD, SMTP_USER


def save(database, actor, provider, version=None, **values):
    defaults = {"host": "smtp.ssl-shop.example", "port": 587, "security": "starttls", "username": SMTP_USER}
    return smtp_settings.save_smtp_settings(database, actor, provider, version=version, **(defaults | values))


def test_new_provider_shows_the_defaults(database, admin, provider) -> None:
    record = smtp_settings.get_smtp_settings(database, admin, provider)
    assert (record.configured, record.port, record.security, record.version) == (False, 587, "starttls", None)
    assert record.sender == "noreply@ssl-shop.example"


def test_the_password_goes_to_the_keyring_and_nowhere_else(database, admin, provider, memory_keyring) -> None:
    record = save(database, admin, provider, password=SMTP_PASSWORD)
    assert (record.configured, record.has_password, record.host) == (True, True, "smtp.ssl-shop.example")
    with database.uow() as s:
        row = s.scalar(select(SmtpSettings))
        entry = smtp_settings.password_entry(row.secret_ref)
        assert SMTP_PASSWORD not in repr(vars(row))
    assert credentials.read_secret(entry) == SMTP_PASSWORD

    kept = save(database, admin, provider, version=record.version, port="2525")
    assert (kept.port, kept.has_password) == (2525, True)
    assert credentials.read_secret(entry) == SMTP_PASSWORD

    cleared = save(database, admin, provider, version=kept.version, clear_password=True)
    assert not cleared.has_password
    assert credentials.read_secret(entry) is None


def test_a_stale_edit_is_refused(database, admin, provider) -> None:
    first = save(database, admin, provider)
    save(database, admin, provider, version=first.version, port=2525)
    with pytest.raises(Conflict):
        save(database, admin, provider, version=first.version, port=26)
    with pytest.raises(Conflict):  # someone else created them while this dialog still thought none existed
        save(database, admin, provider, version=None)


@pytest.mark.parametrize(
    ("values", "field", "detail"),
    [
        ({"host": ""}, "host", "this field is required"),
        ({"host": "smtp server"}, "host", "not a host name"),
        ({"port": "0"}, "port", "must be at least 1"),
        ({"port": 70000}, "port", "must be at most 65535"),
        ({"security": "ssl3"}, "security", "choose STARTTLS, TLS or none"),
        ({"security": "none", "password": "x"}, "security", "the password would travel unencrypted"),
        ({"username": "", "password": "x"}, "username", "enter the user name"),
    ],
)
def test_bad_settings_name_the_field(database, admin, provider, values, field, detail) -> None:
    with pytest.raises(ValidationError) as caught:
        save(database, admin, provider, **values)
    assert caught.value.field == field
    assert detail in caught.value.detail


def test_plain_smtp_with_login_is_allowed_to_loopback_only(database, admin, provider) -> None:
    record = save(database, admin, provider, host="127.0.0.1", security="none", password="x")
    assert record.security == "none"


def test_sales_may_read_but_not_change_the_settings(database, sales, provider) -> None:
    assert smtp_settings.list_smtp_settings(database, sales)[0].provider_name == "SSL Shop"
    with pytest.raises(PermissionDenied):
        save(database, sales, provider)


def test_connection_check_logs_in_and_reports(database, admin, provider, smtp_server_factory) -> None:
    server = smtp_server_factory(security="starttls", username=SMTP_USER, password=SMTP_PASSWORD)
    save(database, admin, provider, host=server.host, port=server.port, password=SMTP_PASSWORD)
    assert smtp_settings.check_connection(database, admin, provider) == (
        f"Connected to 127.0.0.1:{server.port} and logged in as {SMTP_USER}."
    )
    assert server.logins == [(SMTP_USER, SMTP_PASSWORD)]
    server.stop()
    with pytest.raises(
        UserError, match=r"The connection test failed: the mail server .* refused the connection"
    ):
        smtp_settings.check_connection(database, admin, provider)


def test_deleting_the_settings_deletes_the_keyring_password(
    database, admin, provider, memory_keyring
) -> None:
    record = save(database, admin, provider, password=SMTP_PASSWORD)
    smtp_settings.delete_smtp_settings(database, admin, provider, version=record.version)
    assert not smtp_settings.get_smtp_settings(database, admin, provider).configured
    assert SMTP_PASSWORD not in memory_keyring.store.values()
