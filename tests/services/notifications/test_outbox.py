"""Failed sends wait in the outbox and are retried with a growing delay."""

import base64
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from sslbill_desktop.models.audit import AuditEntry
from sslbill_desktop.models.outbox import OutboxMessage
from sslbill_desktop.services import notifications, outbox, smtp_settings
from sslbill_desktop.services.errors import PermissionDenied, UserError
from sslbill_desktop.services.notifications import ServiceFacts
from tests.services.notifications.conftest import NOW, SMTP_PASSWORD, SMTP_USER, point_at

FACTS = ServiceFacts(service_id=9, domain="shop.example.com", plan="AlphaSSL")


def row(database, message_id: int) -> OutboxMessage:
    with database.uow() as s:
        return s.get(OutboxMessage, message_id)


@pytest.fixture
def fast_outbox():
    previous = outbox.set_outbox_settings(
        outbox.OutboxSettings(
            first_delay=timedelta(minutes=1), max_delay=timedelta(minutes=10), max_attempts=4, timeout=3
        )
    )
    yield
    outbox.set_outbox_settings(previous)


def test_a_down_server_queues_the_message_and_a_later_retry_delivers_it(
    database, provider, client, smtp_server_factory, fast_outbox
) -> None:
    server = smtp_server_factory(security="starttls", username=SMTP_USER, password=SMTP_PASSWORD, start=False)
    point_at(database, provider, server)

    message_id = notifications.notify_client(database, "suspension", client.id, FACTS, now=NOW)

    queued = row(database, message_id)
    assert (queued.state, queued.attempts, queued.next_attempt_at) == (
        "queued",
        1,
        NOW + timedelta(minutes=1),
    )
    assert "refused the connection" in queued.last_error
    assert (
        outbox.retry_outbox(database, NOW + timedelta(seconds=30)) == outbox.DeliveryReport()
    )  # not due yet

    server.start()
    report = outbox.retry_outbox(database, NOW + timedelta(minutes=1))

    assert report.sent == (message_id,)
    delivered = row(database, message_id)
    assert (delivered.state, delivered.attempts, delivered.last_error) == ("sent", 2, "")
    assert delivered.sent_at == NOW + timedelta(minutes=1)
    assert [m["Subject"] for m in server.messages] == [
        "Your SSL certificate service for shop.example.com is suspended"
    ]


def test_the_delay_grows_and_the_message_fails_after_the_last_attempt(
    database, admin, provider, client, smtp_server_factory, fast_outbox
) -> None:
    server = smtp_server_factory(start=False)
    point_at(database, provider, server)
    message_id = notifications.notify_client(database, "deletion", client.id, FACTS, now=NOW)
    moment, waits = NOW, []
    while row(database, message_id).state == "queued":
        due = row(database, message_id).next_attempt_at
        waits.append(due - moment)
        moment = due
        outbox.retry_outbox(database, moment)
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    failed = row(database, message_id)
    assert (failed.state, failed.attempts, failed.next_attempt_at) == ("failed", 4, None)
    assert outbox.retry_outbox(database, moment + timedelta(days=1)).sent == ()

    server.start()
    assert outbox.retry_now(database, admin, [message_id], moment).sent == (message_id,)
    assert row(database, message_id).state == "sent"


def test_without_smtp_settings_the_message_waits_with_the_reason(database, provider, client) -> None:
    message_id = notifications.notify_client(database, "deletion", client.id, FACTS, now=NOW)
    assert "no SMTP server is set up for this provider" in row(database, message_id).last_error


def test_a_keyring_without_the_smtp_password_is_reported_in_the_outbox(
    database, provider, client, smtp_server_factory, memory_keyring
) -> None:
    server = smtp_server_factory(security="starttls", username=SMTP_USER, password=SMTP_PASSWORD)
    point_at(database, provider, server)
    memory_keyring.store.clear()  # another workstation
    message_id = notifications.notify_client(database, "deletion", client.id, FACTS, now=NOW)
    assert "has no SMTP password for 127.0.0.1" in row(database, message_id).last_error
    assert server.messages == []


def test_the_smtp_password_never_reaches_the_database_logs_or_messages(
    database, admin, provider, client, smtp_server_factory, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    forms = [SMTP_PASSWORD, base64.b64encode(SMTP_PASSWORD.encode()).decode()]
    forms.append(base64.b64encode(f"\0{SMTP_USER}\0{SMTP_PASSWORD}".encode()).decode())
    server = smtp_server_factory(security="starttls", username=SMTP_USER, password=SMTP_PASSWORD)
    point_at(database, provider, server)
    sent = notifications.notify_client(database, "deletion", client.id, FACTS, now=NOW)
    assert row(database, sent).state == "sent"

    server.password = "the server's password changed"  # now our login is refused
    refused = notifications.notify_client(database, "suspension", client.id, FACTS, now=NOW)
    assert "refused the user name or password" in row(database, refused).last_error
    with pytest.raises(UserError) as caught:
        smtp_settings.check_connection(database, admin, provider)
    shown = [str(caught.value)]

    with database.uow() as s:
        stored = [
            repr((m.sender, m.recipients, m.subject, m.body, m.last_error))
            for m in s.scalars(select(OutboxMessage))
        ]
        stored += [repr((a.summary, a.before, a.after)) for a in s.scalars(select(AuditEntry))]
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]
    everything = "\n".join(stored + ours + shown)
    for form in forms:
        assert form not in everything
    if database.is_sqlite:
        database.dispose()
        raw = database.sqlite_path.read_bytes()
        for form in forms:
            assert form.encode() not in raw


def test_the_outbox_is_listable_and_filterable(database, admin, sales, provider, client, smtp_server) -> None:
    point_at(database, provider, smtp_server)
    sent = notifications.notify_client(database, "deletion", client.id, FACTS, now=NOW)
    smtp_server.stop()
    queued = notifications.notify_client(
        database, "suspension", client.id, ServiceFacts(service_id=10, domain="other.example.org"), now=NOW
    )
    page = outbox.list_outbox(database, sales)
    assert [(r.id, r.state) for r in page.rows] == [(queued, "queued"), (sent, "sent")]
    assert [r.id for r in outbox.list_outbox(database, sales, state="sent").rows] == [sent]
    assert [r.id for r in outbox.list_outbox(database, sales, filter_text="OTHER.example").rows] == [queued]
    assert outbox.counts(database, sales) == {"queued": 1, "sent": 1, "failed": 0}
    with pytest.raises(PermissionDenied):
        outbox.retry_now(database, sales, [queued])
    with pytest.raises(PermissionDenied):
        outbox.delete_messages(database, sales, [queued])
    assert outbox.delete_messages(database, admin, [sent]) == 1
    assert outbox.list_outbox(database, admin).total == 1


def test_a_dead_server_is_tried_once_per_run_for_all_its_messages(
    database, provider, client, smtp_server_factory, fast_outbox, monkeypatch
) -> None:
    server = smtp_server_factory(start=False)
    point_at(database, provider, server)
    with database.uow() as s:
        ids = [
            notifications.queue_client_notice(s, "deletion", client.id, ServiceFacts(service_id=n), now=NOW)
            for n in range(3)
        ]
    calls = []
    original = outbox.SmtpConnection._connect

    def counting(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(outbox.SmtpConnection, "_connect", counting)
    report = outbox.retry_outbox(database, NOW)
    assert (report.sent, report.failed, len(calls)) == ((), tuple(ids), 1)
    assert {row(database, i).last_error for i in ids} == {row(database, ids[0]).last_error}
    assert all(row(database, i).attempts == 1 for i in ids)
