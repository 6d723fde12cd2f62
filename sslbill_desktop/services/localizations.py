"""Localizations (Settings → Localizations): the languages the workspace writes names, templates
and notifications in.

Every "name per localization" widget shows one field per workspace language, the default one
first (`workspace_languages`). A language comes from Babel's list of locales; the default one
cannot be removed, nor one that a department uses for its task notifications. Removing a language
keeps the texts already written in it (they show again if the language is added back).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sslbill_desktop.models.infrastructure import Department
from sslbill_desktop.models.templates import Localization
from sslbill_desktop.services import audit
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import NotFound, UserError, ValidationError
from sslbill_desktop.services.fields import Languages, line, pick
from sslbill_desktop.services.i18n import DEFAULT_LANGUAGE, _, babel_locale


@dataclass(frozen=True)
class LocalizationRecord:
    code: str
    #: The language's name in the UI language ("Russian" / "русский").
    name: str
    #: The language's name in itself ("русский").
    native_name: str
    is_default: bool
    sorting: int


@cache
def _babel_locales() -> frozenset[str]:
    from babel.localedata import locale_identifiers

    return frozenset(str(code) for code in locale_identifiers())


def display_name(code: str, language: str | None = None) -> str:
    """A language's name in `language` (the UI language by default), e.g. "German", "немецкий"."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(language or babel_locale())
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return str(name) if name else code


def language_title(code: str) -> str:
    """`display_name` as a list entry or title starts: capitalized ("Английский", not "английский")."""
    name = display_name(code)
    return name[:1].upper() + name[1:]


def _native_name(code: str) -> str:
    return display_name(code, code)


def normalize_code(field: str, code: object) -> str:
    """A Babel locale identifier ("de", "pt_BR"); "pt-br" is accepted and normalized."""
    from babel import Locale, UnknownLocaleError

    text = line(field, code, required=True, max_length=16)
    try:
        normalized = str(Locale.parse(text.replace("-", "_")))
    except (ValueError, TypeError, UnknownLocaleError):
        normalized = ""
    if normalized not in _babel_locales():
        raise ValidationError(field, _("not a known language code: {code}").format(code=text))
    return normalized


def language_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every language Babel knows, as (code, name in the UI language), sorted by name."""
    rows = [(code, display_name(code, language)) for code in _babel_locales()]
    return sorted(rows, key=lambda row: (row[1].casefold(), row[0]))


def _ordered(s: Session) -> list[Localization]:
    rows = list(s.scalars(select(Localization)))
    return sorted(rows, key=lambda x: (not x.is_default, x.sorting, x.code))


def languages_in(s: Session) -> Languages:
    """The workspace's languages inside a unit of work (for the other services)."""
    rows = _ordered(s)
    if not rows:
        return Languages((DEFAULT_LANGUAGE,), DEFAULT_LANGUAGE)
    default = next((x.code for x in rows if x.is_default), rows[0].code)
    return Languages(tuple(x.code for x in rows), default)


def _record(row: Localization) -> LocalizationRecord:
    return LocalizationRecord(
        row.code, display_name(row.code), _native_name(row.code), row.is_default, row.sorting
    )


def workspace_languages(db: Database) -> list[LocalizationRecord]:
    """The languages every "name per localization" widget shows, the default first.

    Not permission-checked: every signed-in user's forms need it, and it reveals nothing.
    """
    with db.uow() as s:
        return [_record(x) for x in _ordered(s)]


def list_localizations(db: Database, actor: Actor) -> list[LocalizationRecord]:
    require(actor, Permission.READ_CONFIGURATION)
    return workspace_languages(db)


def _already_added(field: str, code: str) -> ValidationError:
    return ValidationError(
        field,
        _("{language} is already a localization of this workspace").format(language=display_name(code)),
    )


def add_problems(code: object, existing: Iterable[str]) -> list[ValidationError]:
    """What the "add a localization" dialog reports before saving (no database needed): an unknown
    code, or one of the workspace's languages (`existing`)."""
    try:
        normalized = normalize_code("code", code)
    except ValidationError as exc:
        return [exc]
    return [_already_added("code", normalized)] if normalized in set(existing) else []


def add_localization(db: Database, actor: Actor, code: str) -> LocalizationRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    normalized = normalize_code("code", code)
    with db.uow() as s:
        if s.get(Localization, normalized) is not None:
            raise _already_added("code", normalized)
        sorting = (s.scalar(select(func.max(Localization.sorting))) or 0) + 1
        row = Localization(code=normalized, is_default=False, sorting=sorting)
        s.add(row)
        s.flush()
        audit.record(s, actor, "create", "localization", None, after=audit.snapshot(row), summary=normalized)
        return _record(row)


def remove_localization(db: Database, actor: Actor, code: str) -> None:
    """Remove a language. Refused for the default one and for a department's task language."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = s.get(Localization, code) if isinstance(code, str) else None
        if row is None:
            raise NotFound(_("This localization no longer exists. Refresh the list."))
        name = display_name(row.code)
        if row.is_default:
            raise UserError(
                _("{language} is the default localization and cannot be removed.").format(language=name)
            )
        users = [
            pick(d.name, languages_in(s).default)
            for d in s.scalars(select(Department).where(Department.task_language == row.code))
        ]
        if users:
            raise UserError(
                _(
                    "{language} cannot be removed: the departments {departments} use it for task "
                    "notifications. Choose another task localization for them first."
                ).format(language=name, departments=", ".join(sorted(users)))
            )
        before = audit.snapshot(row)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", "localization", None, before=before, summary=row.code)
