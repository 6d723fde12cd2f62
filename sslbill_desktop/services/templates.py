"""Message and document templates (Settings → Message templates / Document templates).

A template has a name (unique within its kind) and, per localization, a subject and a body with
placeholders (`placeholders.py`). A message template (e-mail notification, e.g. the service
activation notice) needs a subject and a body in the default localization; a document template
(e.g. the service agreement) needs a body there, its subject being the document's title.

Unknown or malformed placeholders are reported before saving — `template_problems` for the live
check, each problem naming its field (`subject.en`, `body.ru`) and the placeholder — and saving
refuses them with the first one. `preview` renders a template with sample values; `render` with
real ones, in the client's language, falling back to the default localization.

Tariff plans will pick templates; a template in use cannot be deleted. The check needs no change
when they come: any table with a foreign key to `templates.id` that is not ON DELETE CASCADE/SET
NULL blocks the deletion (`editing.refuse_if_used`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from sslbill_desktop.models.templates import Template
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, name_taken, refuse_if_used, touch
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.fields import Languages
from sslbill_desktop.services.i18n import DEFAULT_LANGUAGE, _, current_language
from sslbill_desktop.services.localizations import languages_in
from sslbill_desktop.services.placeholders import find_problems, render_text, sample_values, used_placeholders

ENTITY = "template"
MAX_SUBJECT_LENGTH = 500
MAX_BODY_LENGTH = 100_000


class TemplateKind(StrEnum):
    MESSAGE = "message"
    DOCUMENT = "document"


@dataclass(frozen=True)
class TemplateRecord:
    id: int
    kind: TemplateKind
    name: str
    subject: dict[str, str]
    body: dict[str, str]
    version: int


@dataclass(frozen=True)
class RenderedTemplate:
    language: str
    subject: str
    body: str


def _kind(value: object) -> TemplateKind:
    try:
        return TemplateKind(str(value))
    except ValueError:
        raise ValidationError("kind", _("not a template kind: {kind}").format(kind=value)) from None


def _record(row: Template) -> TemplateRecord:
    return TemplateRecord(
        row.id, TemplateKind(row.kind), row.name, dict(row.subject), dict(row.body), row.version
    )


def template_problems(subject: Mapping[str, str], body: Mapping[str, str]) -> list[ValidationError]:
    """Every unknown or malformed placeholder, as errors naming the field and the placeholder
    (for the editor's live check; no database needed)."""
    problems: list[ValidationError] = []
    for part, texts in (("subject", subject), ("body", body)):
        for language, text in texts.items():
            if isinstance(text, str):
                problems.extend(ValidationError(f"{part}.{language}", p.message) for p in find_problems(text))
    return problems


def edit_problems(
    kind: TemplateKind | str,
    name: object,
    subject: Mapping[str, str],
    body: Mapping[str, str],
    languages: Languages,
) -> list[ValidationError]:
    """Everything saving would refuse that can be known without the database (a taken name is the
    exception), for the editor's live check: the name, the required subject and body in the default
    localization, and every unknown or malformed placeholder. Each error names its field."""
    template_kind = _kind(kind)
    problems = fields.problems(
        [
            lambda: fields.line("name", name, required=True),
            lambda: fields.localized(
                "subject",
                subject,
                languages,
                required=template_kind is TemplateKind.MESSAGE,
                max_length=MAX_SUBJECT_LENGTH,
            ),
            lambda: fields.localized(
                "body", body, languages, required=True, max_length=MAX_BODY_LENGTH, multiline=True
            ),
        ]
    )
    problems.extend(template_problems(subject, body))
    return problems


def _clean(
    languages: Languages, kind: TemplateKind, name: object, subject: object, body: object
) -> tuple[str, dict[str, str], dict[str, str]]:
    clean_name = fields.line("name", name, required=True)
    clean_subject = fields.localized(
        "subject", subject, languages, required=kind is TemplateKind.MESSAGE, max_length=MAX_SUBJECT_LENGTH
    )
    clean_body = fields.localized(
        "body", body, languages, required=True, max_length=MAX_BODY_LENGTH, multiline=True
    )
    problems = template_problems(clean_subject, clean_body)
    if problems:
        raise problems[0]
    return clean_name, clean_subject, clean_body


def _apply(
    s: Session, row: Template, kind: TemplateKind, name: object, subject: object, body: object
) -> None:
    languages = languages_in(s)
    clean_name, clean_subject, clean_body = _clean(languages, kind, name, subject, body)
    if name_taken(s, Template.name, clean_name, row.id, Template.kind == kind.value):
        raise ValidationError("name", _("the template name {name} is taken").format(name=clean_name))
    row.kind = kind.value
    row.name = clean_name
    # Texts in a localization removed since they were written are kept as they were (they show
    # again if the language is added back); an edit only sends the workspace's languages.
    row.subject = clean_subject | _removed_languages(row.subject, languages)
    row.body = clean_body | _removed_languages(row.body, languages)


def _removed_languages(texts: Mapping[str, str] | None, languages: Languages) -> dict[str, str]:
    return {code: text for code, text in (texts or {}).items() if code not in languages}


def list_templates(db: Database, actor: Actor, kind: TemplateKind | str) -> list[TemplateRecord]:
    """The templates of one kind, sorted by name."""
    require(actor, Permission.READ_CONFIGURATION)
    wanted = _kind(kind)
    with db.uow() as s:
        rows = [_record(x) for x in s.scalars(select(Template).where(Template.kind == wanted.value))]
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


def get_template(db: Database, actor: Actor, template_id: int) -> TemplateRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(load(s, Template, template_id))


def create_template(
    db: Database,
    actor: Actor,
    *,
    kind: TemplateKind | str,
    name: str,
    subject: Mapping[str, str],
    body: Mapping[str, str],
) -> TemplateRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    template_kind = _kind(kind)
    with db.uow() as s:
        row = Template()
        _apply(s, row, template_kind, name, subject, body)
        s.add(row)
        s.flush()
        audit.record(s, actor, "create", ENTITY, row.id, after=audit.snapshot(row), summary=row.name)
        return _record(row)


def update_template(
    db: Database,
    actor: Actor,
    template_id: int,
    *,
    version: int,
    name: str,
    subject: Mapping[str, str],
    body: Mapping[str, str],
) -> TemplateRecord:
    """The kind of a template does not change."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, Template, template_id, version)
        before = audit.snapshot(row)
        _apply(s, row, TemplateKind(row.kind), name, subject, body)
        touch(row)
        s.flush()
        audit.record(
            s, actor, "update", ENTITY, row.id, before=before, after=audit.snapshot(row), summary=row.name
        )
        return _record(row)


def delete_template(db: Database, actor: Actor, template_id: int, *, version: int) -> None:
    """Refused while a tariff plan (or anything else) uses the template."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, Template, template_id, version)
        refuse_if_used(s, row, _("The template {name}").format(name=row.name))
        before = audit.snapshot(row)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, template_id, before=before, summary=row.name)


def _texts(
    subject: Mapping[str, str], body: Mapping[str, str], language: str, default: str
) -> tuple[str, str, str]:
    """The subject and body in `language`, else in `default`, else in any language the body has."""
    for code in (language, default, *body.keys()):
        if body.get(code):
            return code, subject.get(code, "") or subject.get(default, ""), body[code]
    return language, subject.get(language, "") or subject.get(default, ""), ""


def render(
    template: TemplateRecord,
    values: Mapping[str, object],
    *,
    language: str,
    default_language: str,
) -> RenderedTemplate:
    """Fill the template in for a client who reads `language` (falling back to the default
    localization's text). A placeholder without a value is left blank."""
    code, subject, body = _texts(template.subject, template.body, language, default_language)
    return RenderedTemplate(code, render_text(subject, values), render_text(body, values))


def preview_texts(subject: str, body: str) -> RenderedTemplate:
    """The live preview of the texts being edited, with sample values (in the UI language).
    Malformed spots are shown as written; `template_problems` lists them."""
    values: dict[str, str] = sample_values()
    for name in (*used_placeholders(subject), *used_placeholders(body)):
        values.setdefault(name, "{" + name + "}")  # an unknown one stays visible as written
    return RenderedTemplate(current_language(), render_text(subject, values), render_text(body, values))


def preview(
    template: TemplateRecord, *, language: str | None = None, default_language: str = DEFAULT_LANGUAGE
) -> RenderedTemplate:
    """A saved template rendered with sample data, in `language` (the UI language by default),
    falling back to the default localization's text."""
    return render(
        template, sample_values(), language=language or current_language(), default_language=default_language
    )
