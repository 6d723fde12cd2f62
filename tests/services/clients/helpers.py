"""Builders for the client, ledger and key tests: providers, groups and clients made through the
services, and the raw bytes of the database files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

from sslbill_desktop.services import client_groups, clients, providers
from sslbill_desktop.services.auth import SYSTEM, Actor
from sslbill_desktop.services.contacts import ClientContacts, Organisation, Person
from sslbill_desktop.services.db import Database


def add_provider(db: Database, name: str = "SSL Shop", currency: str = "USD", **values: Any) -> int:
    record = providers.create_provider(
        db,
        SYSTEM,
        providers.ProviderInput(
            name=name,
            currency=currency,
            notification_email=values.pop(
                "notification_email", f"noreply@{name.lower().replace(' ', '-')}.example"
            ),
            **values,
        ),
    )
    return record.id


def add_group(db: Database, name: str = "Retail") -> int:
    return client_groups.create_client_group(db, SYSTEM, name=name).id


def contacts() -> ClientContacts:
    return ClientContacts(
        admin=Person("Ada", "Admin", "CTO", "ada@example.com", "+49 30 1234567"),
        tech=Person("Tom", "Tech", "Engineer", "tom@example.com", "+49 30 7654321"),
        organisation=Organisation("Example GmbH", "IT", "DE", "Berlin", "Berlin", "ssl@example.com"),
    )


def client_input(provider_id: int, name: str = "Alice Example", **values: Any) -> clients.ClientInput:
    defaults: dict[str, Any] = {
        "company": "Example GmbH",
        "email": "alice@example.com",
        "phone": "+49 30 1111111",
        "country": "DE",
        "language": "en",
        "contacts": contacts(),
    }
    return clients.ClientInput(name=name, provider_id=provider_id, **(defaults | values))


def add_client(
    db: Database, actor: Actor, provider_id: int, name: str = "Alice Example", **values: Any
) -> clients.ClientRecord:
    return clients.create_client(db, actor, client_input(provider_id, name, **values))


def database_file_bytes(db: Database, table: str) -> bytes:
    """What lies on disk for `table`: the whole SQLite file (and its journals), or on PostgreSQL the
    table's heap and TOAST files after a checkpoint."""
    if db.is_sqlite:
        path = db.sqlite_path
        assert path is not None
        db.dispose()
        parts = [path] + [path.with_name(path.name + suffix) for suffix in ("-journal", "-wal")]
        return b"".join(p.read_bytes() for p in parts if p.exists())
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CHECKPOINT"))
        data_dir = Path(conn.execute(text("SHOW data_directory")).scalar_one())
        relations = [
            conn.execute(text("SELECT pg_relation_filepath(:t)"), {"t": table}).scalar_one(),
            conn.execute(
                text(
                    "SELECT pg_relation_filepath(reltoastrelid) FROM pg_class "
                    "WHERE oid = CAST(:t AS regclass) AND reltoastrelid <> 0"
                ),
                {"t": table},
            ).scalar(),
        ]
    found = b""
    for relation in filter(None, relations):
        base = data_dir / relation
        for path in sorted(base.parent.glob(base.name + "*")):
            found += path.read_bytes()
    return found
