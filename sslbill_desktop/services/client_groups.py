"""Client groups (Clients → Client groups): what the clients of a group may do.

A name (unique, compared without case), "allow service suspension/activation", "allow service
deletion" and "ignore the number of services on the client's account" (the tariff plan's limit on
services per client does not apply to the group). A group with clients cannot be deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sslbill_desktop.models.client_groups import ClientGroup
from sslbill_desktop.services import audit, fields
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load, name_taken, refuse_if_used, touch
from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _

ENTITY = "client_group"


@dataclass(frozen=True)
class ClientGroupRecord:
    id: int
    name: str
    allow_suspend_resume: bool
    allow_deletion: bool
    ignore_service_limit: bool
    version: int


def _record(row: ClientGroup) -> ClientGroupRecord:
    return ClientGroupRecord(
        row.id, row.name, row.allow_suspend_resume, row.allow_deletion, row.ignore_service_limit, row.version
    )


def field_problems(*, name: object) -> list[ValidationError]:
    """What the client group dialog reports before saving (no database needed): the name."""
    return fields.problems([lambda: fields.line("name", name, required=True)])


def _apply(
    s: Session,
    row: ClientGroup,
    *,
    name: str,
    allow_suspend_resume: bool,
    allow_deletion: bool,
    ignore_service_limit: bool,
) -> None:
    clean_name = fields.line("name", name, required=True)
    suspend = fields.flag("allow_suspend_resume", allow_suspend_resume)
    delete = fields.flag("allow_deletion", allow_deletion)
    ignore = fields.flag("ignore_service_limit", ignore_service_limit)
    if name_taken(s, ClientGroup.name, clean_name, row.id):
        raise ValidationError("name", _("the client group name {name} is taken").format(name=clean_name))
    row.name = clean_name
    row.allow_suspend_resume = suspend
    row.allow_deletion = delete
    row.ignore_service_limit = ignore


def list_client_groups(db: Database, actor: Actor) -> list[ClientGroupRecord]:
    """Sorted by name."""
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        rows = [_record(x) for x in s.scalars(select(ClientGroup))]
    return sorted(rows, key=lambda r: (r.name.casefold(), r.id))


def get_client_group(db: Database, actor: Actor, group_id: int) -> ClientGroupRecord:
    require(actor, Permission.READ_CONFIGURATION)
    with db.uow() as s:
        return _record(load(s, ClientGroup, group_id))


def create_client_group(
    db: Database,
    actor: Actor,
    *,
    name: str,
    allow_suspend_resume: bool = False,
    allow_deletion: bool = False,
    ignore_service_limit: bool = False,
) -> ClientGroupRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = ClientGroup()
        _apply(
            s,
            row,
            name=name,
            allow_suspend_resume=allow_suspend_resume,
            allow_deletion=allow_deletion,
            ignore_service_limit=ignore_service_limit,
        )
        s.add(row)
        s.flush()
        audit.record(s, actor, "create", ENTITY, row.id, after=audit.snapshot(row), summary=row.name)
        return _record(row)


def update_client_group(
    db: Database,
    actor: Actor,
    group_id: int,
    *,
    version: int,
    name: str,
    allow_suspend_resume: bool,
    allow_deletion: bool,
    ignore_service_limit: bool,
) -> ClientGroupRecord:
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, ClientGroup, group_id, version)
        before = audit.snapshot(row)
        _apply(
            s,
            row,
            name=name,
            allow_suspend_resume=allow_suspend_resume,
            allow_deletion=allow_deletion,
            ignore_service_limit=ignore_service_limit,
        )
        touch(row)
        s.flush()
        audit.record(
            s, actor, "update", ENTITY, row.id, before=before, after=audit.snapshot(row), summary=row.name
        )
        return _record(row)


def delete_client_group(db: Database, actor: Actor, group_id: int, *, version: int) -> None:
    """Refused while clients (or, later, tariff plan policies) refer to the group."""
    require(actor, Permission.CHANGE_CONFIGURATION)
    with db.uow() as s:
        row = load(s, ClientGroup, group_id, version)
        refuse_if_used(s, row, _("The client group {name}").format(name=row.name))
        before = audit.snapshot(row)
        s.delete(row)
        s.flush()
        audit.record(s, actor, "delete", ENTITY, group_id, before=before, summary=row.name)
