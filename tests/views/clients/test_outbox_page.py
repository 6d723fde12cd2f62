from sslbill_desktop.services import credentials, notifications, smtp_settings
from sslbill_desktop.services.notifications import ServiceFacts
from sslbill_desktop.views.dialogs.outbox_message import OutboxMessageDialog
from sslbill_desktop.views.dialogs.smtp_settings import SmtpSettingsDialog
from sslbill_desktop.views.lists.clients import ClientsPage
from sslbill_desktop.views.lists.outbox import OutboxPage
from tests.services.clients.helpers import add_client, add_provider
from tests.support.qt_fixtures import is_closed, wait_for_tasks
from tests.views.clients.support import make_page, newest, save

FACTS = ServiceFacts(service_id=5, domain="shop.example.com", plan="AlphaSSL")


def test_a_waiting_message_is_listed_with_its_reason_and_sent_by_retry_now(
    qtbot, database, admin, smtp_server_factory, messages_recorder
) -> None:
    provider = add_provider(database)
    client = add_client(database, admin, provider)
    server = smtp_server_factory(start=False)
    smtp_settings.save_smtp_settings(
        database, admin, provider, version=None, host=server.host, port=server.port, security="none"
    )
    notifications.notify_client(database, "deletion", client.id, FACTS)
    page = make_page(qtbot, OutboxPage, database, admin)
    (row,) = page.model.loaded_rows()
    assert page.model.data(page.model.index(0, 0)) == "Waiting (1 attempt)"
    assert "refused the connection" in page.model.data(page.model.index(0, 5))

    server.start()
    page.select_key(row.id)
    page.verb("Retry now").trigger()
    wait_for_tasks(qtbot)

    assert messages_recorder.last("inform").text == "1 message sent."
    assert page.model.data(page.model.index(0, 0)) == "Sent"
    assert [m["To"] for m in server.messages] == ["alice@example.com"]
    page.select_key(row.id)
    assert not page.verb("Retry now").isEnabled()
    page.verb("View").trigger()
    view = newest(page, OutboxMessageDialog)
    assert "shop.example.com" in view.body_text()


def test_admin_sets_up_smtp_and_tests_the_connection(
    qtbot, database, admin, smtp_server_factory, messages_recorder
) -> None:
    provider = add_provider(database)
    server = smtp_server_factory(security="starttls", username="mailer", password="smtp-pass-123")
    page = make_page(qtbot, OutboxPage, database, admin)
    page.verb("SMTP settings…").trigger()
    dialog = newest(page, SmtpSettingsDialog)
    qtbot.keyClicks(dialog._host_edit, "127.0.0.1")
    dialog._port_edit.setText(str(server.port))
    qtbot.keyClicks(dialog._username_edit, "mailer")
    qtbot.keyClicks(dialog._password_edit, "smtp-pass-123")
    assert dialog._test_button.text() == "Save and test connection"

    dialog._test_button.click()
    wait_for_tasks(qtbot)

    assert dialog.result_text() == f"Connected to 127.0.0.1:{server.port} and logged in as mailer."
    stored = smtp_settings.get_smtp_settings(database, admin, provider)
    assert (stored.host, stored.port, stored.security, stored.username, stored.has_password) == (
        "127.0.0.1",
        server.port,
        "starttls",
        "mailer",
        True,
    )
    assert dialog._password_edit.text() == ""
    assert dialog._test_button.text() == "Test connection"

    dialog._port_edit.setText("2")  # a port nothing listens on: the test fails, the error is shown
    dialog._test_button.click()
    wait_for_tasks(qtbot)
    assert "refused the connection" in messages_recorder.last("error").text
    assert smtp_settings.get_smtp_settings(database, admin, provider).port == 2

    dialog._port_edit.setText(str(server.port))
    save(qtbot, dialog)
    assert is_closed(dialog)
    assert smtp_settings.get_smtp_settings(database, admin, provider).port == server.port
    entry = smtp_settings.password_entry(_secret_ref(database))
    assert credentials.read_secret(entry) == "smtp-pass-123"


def _secret_ref(database) -> str:
    from sqlalchemy import select

    from sslbill_desktop.models.smtp import SmtpSettings

    with database.uow() as s:
        return s.scalar(select(SmtpSettings.secret_ref))


def test_a_bad_setting_is_shown_at_its_field(qtbot, database, admin) -> None:
    add_provider(database)
    page = make_page(qtbot, OutboxPage, database, admin)
    page.verb("SMTP settings…").trigger()
    dialog = newest(page, SmtpSettingsDialog)
    qtbot.keyClicks(dialog._host_edit, "smtp.example.com")
    dialog._security_combo.setCurrentIndex(dialog._security_combo.findData("none"))
    assert dialog._port_edit.text() == "25"
    qtbot.keyClicks(dialog._username_edit, "mailer")
    qtbot.keyClicks(dialog._password_edit, "secret")
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.error_text() == "Security: the password would travel unencrypted: choose STARTTLS or TLS"


def test_sales_look_at_the_outbox_but_change_nothing(qtbot, database, sales) -> None:
    page = make_page(qtbot, OutboxPage, database, sales)
    assert not page.verb("SMTP settings…").isEnabled()
    assert not page.verb("Send due now").isEnabled()


def test_clients_and_outbox_are_in_the_menu(qtbot, admin_window) -> None:
    assert isinstance(admin_window.show_page("clients"), ClientsPage)
    assert isinstance(admin_window.show_page("outbox"), OutboxPage)
    assert admin_window._heading.text() == "Settings › Outbox"
