"""The daily run also retries the outbox: a send that failed earlier goes out with the day's run."""

from datetime import date, timedelta

from sslbill_desktop.models.base import utcnow
from sslbill_desktop.models.outbox import OutboxMessage
from sslbill_desktop.services import daily_run, notifications
from sslbill_desktop.services.notifications import ServiceFacts
from tests.services.notifications.conftest import NOW, point_at


def test_the_daily_run_delivers_a_message_that_failed_before(
    database, admin, provider, client, smtp_server_factory
) -> None:
    server = smtp_server_factory(start=False)
    point_at(database, provider, server)
    facts = ServiceFacts(service_id=5, domain="shop.example.com", plan="AlphaSSL")
    message_id = notifications.notify_client(database, "suspension", client.id, facts, now=NOW)
    with database.uow() as s:
        queued = s.get(OutboxMessage, message_id)
        assert queued.state == "queued"
        queued.next_attempt_at = utcnow() - timedelta(minutes=1)  # its retry is due by now

    server.start()
    summary = daily_run.run_daily(database, admin, date(2027, 1, 4), reconcile=False)

    with database.uow() as s:
        assert s.get(OutboxMessage, message_id).state == "sent"
    assert summary.messages_sent == 1
    assert [m["Subject"] for m in server.messages] == [
        "Your SSL certificate service for shop.example.com is suspended"
    ]
