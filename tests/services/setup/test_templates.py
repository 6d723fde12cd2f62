import pytest
from sqlalchemy import Column, ForeignKey, Integer, Table, insert

from sslbill_desktop.models.base import Base
from sslbill_desktop.models.templates import Template
from sslbill_desktop.services import templates
from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError, ValidationError
from sslbill_desktop.services.templates import TemplateKind
from tests.services.setup.helpers import audit_entries, count

SUBJECT = {"en": "Your certificate for {domain} is active", "ru": "Сертификат для {domain} активен"}
BODY = {
    "en": "Dear {client_name},\n{plan} is active until {expiry_date}.\n{{sic}}",
    "ru": "Здравствуйте, {client_name}!",
}


def _create(database, actor, **overrides):
    values = {"kind": "message", "name": "Activation", "subject": SUBJECT, "body": BODY} | overrides
    return templates.create_template(database, actor, **values)


def test_template_round_trips(database, admin) -> None:
    created = _create(database, admin)
    loaded = templates.get_template(database, admin, created.id)
    assert loaded.kind is TemplateKind.MESSAGE
    assert (loaded.subject, loaded.body) == (SUBJECT, BODY)
    (entry,) = audit_entries(database, "template", "create")
    assert entry.after["body"] == BODY


def test_a_template_with_an_unknown_placeholder_cannot_be_saved(database, admin) -> None:
    body = {"en": "Dear {client_name}, your {certifcate} is ready"}
    problems = templates.template_problems({"en": "Hi"}, body)
    assert [(p.field, p.detail) for p in problems] == [("body.en", "unknown placeholder {certifcate}")]
    with pytest.raises(ValidationError) as error:
        _create(database, admin, body=body)
    assert error.value.field == "body.en"
    assert "{certifcate}" in str(error.value)
    assert count(database, Template) == 0


def test_a_malformed_placeholder_in_a_subject_is_refused_naming_the_field(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        _create(database, admin, subject={"en": "Hello", "ru": "Привет, {client_name"})
    assert error.value.field == "subject.ru"
    assert error.value.detail.startswith("{client_name: an opening brace without a closing one")


def test_an_edit_with_an_unknown_placeholder_changes_nothing(database, admin) -> None:
    created = _create(database, admin)
    with pytest.raises(ValidationError, match=r"\{nope\}"):
        templates.update_template(
            database,
            admin,
            created.id,
            version=created.version,
            name="Activation",
            subject=SUBJECT,
            body={"en": "{nope}"},
        )
    assert templates.get_template(database, admin, created.id).body == BODY


def test_message_needs_subject_and_body_in_the_default_language(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        _create(database, admin, subject={"ru": "Тема"})
    assert error.value.field == "subject.en"
    with pytest.raises(ValidationError) as error:
        _create(database, admin, body={"ru": "Текст"})
    assert error.value.field == "body.en"
    document = _create(database, admin, kind="document", name="Agreement", subject={}, body={"en": "Terms"})
    assert document.kind is TemplateKind.DOCUMENT


def test_preview_renders_sample_data(database, admin) -> None:
    created = _create(database, admin)
    shown = templates.preview(created, language="en")
    assert shown.subject == "Your certificate for www.example.com is active"
    assert shown.body == "Dear Alice Example,\nAlphaSSL is active until Sep 1, 2027.\n{sic}"
    live = templates.preview_texts("Hi {client_name}", "Plan: {plan}, unknown {x}")
    assert (live.subject, live.body) == ("Hi Alice Example", "Plan: AlphaSSL, unknown {x}")


def test_render_uses_the_clients_language_and_falls_back_to_the_default(database, admin) -> None:
    created = _create(database, admin)
    values = {"client_name": "Борис", "domain": "example.ru", "plan": "AlphaSSL", "expiry_date": "1 сентября"}
    russian = templates.render(created, values, language="ru", default_language="en")
    assert (russian.language, russian.subject, russian.body) == (
        "ru",
        "Сертификат для example.ru активен",
        "Здравствуйте, Борис!",
    )
    german = templates.render(created, values, language="de", default_language="en")
    assert german.language == "en"
    assert german.subject == "Your certificate for example.ru is active"


def test_names_are_unique_within_a_kind(database, admin) -> None:
    _create(database, admin, name="Welcome")
    with pytest.raises(ValidationError) as error:
        _create(database, admin, name="welcome")
    assert error.value.field == "name"
    assert _create(database, admin, kind="document", name="Welcome", subject={}).name == "Welcome"
    assert [t.name for t in templates.list_templates(database, admin, "message")] == ["Welcome"]


def test_unknown_kind_is_refused(database, admin) -> None:
    with pytest.raises(ValidationError) as error:
        _create(database, admin, kind="letter")
    assert error.value.field == "kind"


def test_stale_version_is_refused(database, admin) -> None:
    created = _create(database, admin)
    templates.update_template(
        database, admin, created.id, version=created.version, name="First", subject=SUBJECT, body=BODY
    )
    with pytest.raises(Conflict):
        templates.update_template(
            database, admin, created.id, version=created.version, name="Second", subject=SUBJECT, body=BODY
        )


def test_delete_is_refused_while_another_table_uses_the_template(database, admin) -> None:
    """Stands in for tariff plans: any table with a restricting foreign key to templates counts."""
    created = _create(database, admin)
    probe = Table(
        "template_users_probe",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("template_id", ForeignKey("templates.id", ondelete="RESTRICT"), nullable=False),
    )
    try:
        probe.create(database.engine)
        with database.engine.begin() as conn:
            conn.execute(insert(probe).values(id=1, template_id=created.id))
        with pytest.raises(UserError, match="used by 1 × template users probe"):
            templates.delete_template(database, admin, created.id, version=created.version)
        with database.engine.begin() as conn:
            conn.execute(probe.delete())
        templates.delete_template(database, admin, created.id, version=created.version)
        assert count(database, Template) == 0
    finally:
        probe.drop(database.engine, checkfirst=True)
        Base.metadata.remove(probe)


def test_sales_may_read_but_not_change(database, admin, sales) -> None:
    created = _create(database, admin)
    assert templates.list_templates(database, sales, "message")[0].id == created.id
    with pytest.raises(PermissionDenied):
        _create(database, sales, name="Other")
    with pytest.raises(PermissionDenied):
        templates.update_template(
            database, sales, created.id, version=created.version, name="X", subject=SUBJECT, body=BODY
        )
    with pytest.raises(PermissionDenied):
        templates.delete_template(database, sales, created.id, version=created.version)
