"""Notices rendered from templates and delivered to a real SMTP server on 127.0.0.1."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sslbill_desktop.models.outbox import OutboxMessage
from sslbill_desktop.services import localizations, notifications, outbox, templates
from sslbill_desktop.services.notifications import NotificationKind, ServiceFacts
from tests.services.clients.helpers import add_client
from tests.services.notifications.conftest import NOW, SMTP_PASSWORD, SMTP_USER, point_at

FACTS = ServiceFacts(
    service_id=42,
    domain="xn--bcher-kva.example",
    plan="AlphaSSL",
    period_months=12,
    expiry_date=date(2028, 7, 1),
    price=Decimal("30.00"),
    currency="USD",
    certificate_download_link="https://billing.ssl-shop.example/certificates/42",
)


def activation_template(database, admin, **texts) -> int:
    return templates.create_template(
        database,
        admin,
        kind="message",
        name="AlphaSSL activation",
        subject=texts.get("subject", {"en": "Certificate for {domain} is ready"}),
        body=texts.get(
            "body",
            {
                "en": "Dear {client_name},\nyour {plan} certificate for {domain} is valid until "
                "{expiry_date}.\nPaid: {price} for {period}. Order {order_id}.\n"
                "Get it: {certificate_download_link}\n{provider_name}"
            },
        ),
    ).id


def outbox_rows(database) -> list[OutboxMessage]:
    with database.uow() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_activation_template_arrives_rendered_over_starttls_with_login(
    database, admin, provider, client, smtp_server_factory
) -> None:
    server = smtp_server_factory(security="starttls", username=SMTP_USER, password=SMTP_PASSWORD)
    point_at(database, provider, server)
    template_id = activation_template(database, admin)

    message_id = notifications.send_activation(database, client.id, FACTS, template_id=template_id, now=NOW)

    (received,) = server.messages
    assert received["Subject"] == "Certificate for bücher.example is ready"
    assert received["From"] == "SSL Shop <noreply@ssl-shop.example>"
    assert received["To"] == "alice@example.com"
    assert received["Reply-To"] == "support@ssl-shop.example"
    assert received.get_content().replace("\r\n", "\n") == (
        "Dear Alice Example,\nyour AlphaSSL certificate for bücher.example is valid until July 1, 2028.\n"
        "Paid: $30.00 for 1 year. Order 42.\nGet it: https://billing.ssl-shop.example/certificates/42\n"
        "SSL Shop\n"
    )
    assert server.logins == [(SMTP_USER, SMTP_PASSWORD)]
    (row,) = outbox_rows(database)
    assert (row.id, row.state, row.attempts, row.sent_at, row.kind) == (
        message_id,
        "sent",
        1,
        NOW,
        "activation",
    )
    assert (row.client_id, row.service_id, row.dedupe_key) == (client.id, 42, "activation:42")


def test_activation_is_sent_once_per_service(database, admin, provider, client, smtp_server) -> None:
    point_at(database, provider, smtp_server)
    template_id = activation_template(database, admin)
    assert notifications.send_activation(database, client.id, FACTS, template_id=template_id, now=NOW)
    assert notifications.send_activation(database, client.id, FACTS, template_id=template_id, now=NOW) is None
    assert len(smtp_server.messages) == 1


def test_a_russian_client_gets_the_russian_text_and_dates(database, admin, provider, smtp_server) -> None:
    assert "ru" in {x.code for x in localizations.workspace_languages(database)}
    ivan = add_client(database, admin, provider, "Иван Петров", email="ivan@example.ru", language="ru")
    point_at(database, provider, smtp_server)
    template_id = activation_template(
        database,
        admin,
        subject={"en": "Certificate for {domain}", "ru": "Сертификат для {domain} готов"},
        body={"en": "Dear {client_name}", "ru": "{client_name}, сертификат действует до {expiry_date}."},
    )
    notifications.send_activation(database, ivan.id, FACTS, template_id=template_id, now=NOW)
    (received,) = smtp_server.messages
    assert received["Subject"] == "Сертификат для bücher.example готов"
    assert received.get_content().strip() == "Иван Петров, сертификат действует до 1 июля 2028\u202fг.."


def test_kinds_without_a_chosen_template_use_the_built_in_text(
    database, admin, provider, client, smtp_server
) -> None:
    point_at(database, provider, smtp_server)
    notifications.notify_client(database, NotificationKind.RENEWAL_REMINDER, client.id, FACTS, now=NOW)
    (received,) = smtp_server.messages
    assert received["Subject"] == "Your SSL certificate for bücher.example expires on July 1, 2028"
    assert "Renewing it for 1 year costs $30.00" in received.get_content()
    assert "https://billing.ssl-shop.example" in received.get_content()


def test_a_template_chosen_for_a_kind_replaces_the_built_in_text(
    database, admin, provider, client, smtp_server
) -> None:
    point_at(database, provider, smtp_server)
    template_id = templates.create_template(
        database,
        admin,
        kind="message",
        name="Suspended",
        subject={"en": "Suspended: {domain}"},
        body={"en": "Pay {price}."},
    ).id
    notifications.set_kind_template(database, admin, "suspension", template_id)
    assert [
        k.template_id for k in notifications.kind_templates(database, admin) if k.kind == "suspension"
    ] == [template_id]
    notifications.notify_client(database, "suspension", client.id, FACTS, now=NOW)
    notifications.set_kind_template(database, admin, "suspension", None)
    notifications.notify_client(database, "suspension", client.id, FACTS, now=NOW)
    first, second = smtp_server.messages
    assert (first["Subject"], first.get_content().strip()) == ("Suspended: bücher.example", "Pay $30.00.")
    assert second["Subject"] == "Your SSL certificate service for bücher.example is suspended"


# aiosmtpd cannot tell that an implicit-TLS connection is encrypted and warns about AUTH without TLS
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_implicit_tls_delivers_too(database, provider, client, smtp_server_factory) -> None:
    server = smtp_server_factory(security="tls", username=SMTP_USER, password=SMTP_PASSWORD)
    point_at(database, provider, server)
    notifications.notify_client(database, "deletion", client.id, FACTS, now=NOW)
    assert [m["Subject"] for m in server.messages] == [
        "Your SSL certificate service for bücher.example was deleted"
    ]


def test_a_notice_queued_in_a_rolled_back_change_is_never_sent(
    database, provider, client, smtp_server
) -> None:
    point_at(database, provider, smtp_server)
    with pytest.raises(RuntimeError), database.uow() as s:
        notifications.queue_client_notice(s, "suspension", client.id, FACTS, now=NOW)
        raise RuntimeError("the renewal failed")
    assert outbox_rows(database) == []
    assert outbox.retry_outbox(database, NOW + timedelta(days=1)).sent == ()


def test_a_message_is_claimed_once_even_when_delivered_twice(database, provider, client, smtp_server) -> None:
    point_at(database, provider, smtp_server)
    with database.uow() as s:
        message_id = notifications.queue_client_notice(s, "deletion", client.id, FACTS, now=NOW)
    assert outbox.deliver(database, [message_id], NOW).sent == (message_id,)
    assert outbox.deliver(database, [message_id], NOW).sent == ()
    assert len(smtp_server.messages) == 1


def test_department_alert_goes_to_its_employees_and_head(database, admin, provider, smtp_server) -> None:
    from sslbill_desktop.models.processing import ProcessingModule
    from sslbill_desktop.services import departments, employees

    department = departments.create_department(database, admin, name={"en": "Technical department"})
    head = employees.create_employee(database, admin, full_name="Dana Head", email="dana@ssl-shop.example")
    employees.create_employee(
        database, admin, full_name="Erik Ops", email="erik@ssl-shop.example", department_ids=[department.id]
    )
    departments.update_department(
        database,
        admin,
        department.id,
        version=department.version,
        name={"en": "Technical department"},
        show_in_support_center=True,
        provider_ids=[provider],
        head_employee_id=head.id,
        task_language="en",
        ticket_category_description="",
        sorting=department.sorting,
        business_hours_id=None,
    )
    with database.uow() as s:
        module = ProcessingModule(
            name={"en": "ispmanager EU"},
            url="https://api-eu.ispmanager.com",
            username="reseller",
            department_id=department.id,
            minimal_balance=Decimal("50.00"),
            upstream_currency="EUR",
        )
        s.add(module)
        s.flush()
        module_id = module.id
    point_at(database, provider, smtp_server)

    assert notifications.low_balance_alert(
        database, module_id, balance=Decimal("12.5"), on=date(2027, 7, 1), now=NOW
    )
    assert (
        notifications.low_balance_alert(
            database, module_id, balance=Decimal("11"), on=date(2027, 7, 1), now=NOW
        )
        is None
    )
    (received,) = smtp_server.messages
    assert smtp_server.envelopes[0][1] == ["erik@ssl-shop.example", "dana@ssl-shop.example"]
    assert received["Subject"] == "Low balance of the processing module ispmanager EU"
    assert "is €12.50, below its minimal balance of €50.00" in received.get_content()

    notifications.reissue_due_reminder(
        database,
        department.id,
        service_id=7,
        domain="shop.example.com",
        expiry_date=date(2027, 8, 1),
        term_end=date(2028, 7, 1),
        due_date=date(2027, 7, 25),
        now=NOW,
    )
    assert (
        smtp_server.messages[1]["Subject"]
        == "Certificate for shop.example.com must be reissued by July 25, 2027"
    )


def test_a_test_message_reaches_the_given_address(database, admin, provider, smtp_server) -> None:
    point_at(database, provider, smtp_server)
    notifications.send_test_message(database, admin, provider, "ops@example.com", now=NOW)
    (received,) = smtp_server.messages
    assert (received["To"], received["Subject"]) == ("ops@example.com", "Test message from SSL Shop")
    with database.uow() as s:
        assert (
            s.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state == "sent"))
            == 1
        )
