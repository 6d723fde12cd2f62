"""Helpers for the processing-module tests: the set-up a module needs, and a tariff plan row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sslbill_desktop.models.catalog import SSL_CERTIFICATE, ProductType, TariffPlan
from sslbill_desktop.services import data_centers, departments, processing, providers
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.processing import ModuleInput


def make_setup(db: Database, actor: Any) -> tuple[int, int]:
    """A data center and a department; returns their ids."""
    center = data_centers.create_data_center(db, actor, name={"en": "Frankfurt"})
    department = departments.create_department(db, actor, name={"en": "Technical department"})
    return center.id, department.id


def module_input(
    url: str, username: str, center: int | None, department: int | None, /, **changes: Any
) -> ModuleInput:
    values: dict[str, Any] = {
        "name": {"en": "ispmanager EU", "ru": "ispmanager ЕС"},
        "url": url,
        "username": username,
        "data_center_id": center,
        "department_id": department,
        "sorting": 1,
        "minimal_balance": "100",
    }
    values.update(changes)
    return ModuleInput(**values)


def create_module(db: Database, actor: Any, url: str, username: str, password: str, **changes: Any) -> Any:
    center_id, department_id = make_setup(db, actor)
    return processing.create_processing_module(
        db, actor, module_input(url, username, center_id, department_id, **changes), password=password
    )


def make_provider(db: Database, actor: Any, name: str = "SSL Shop", currency: str = "USD") -> int:
    return providers.create_provider(
        db,
        actor,
        providers.ProviderInput(name=name, currency=currency, notification_email="shop@example.com"),
    ).id


def add_tariff_plan(db: Database, module_id: int, provider_id: int, product: str = "1011") -> int:
    """Insert a tariff plan row directly (the tariff editor is another issue's)."""
    with db.uow() as s:
        product_type_id = s.scalar(select(ProductType.id).where(ProductType.code == SSL_CERTIFICATE))
        plan = TariffPlan(
            product_type_id=product_type_id,
            provider_id=provider_id,
            processing_module_id=module_id,
            upstream_product_id=product,
            certificate_type=product,
            name={"en": f"Plan {product}"},
        )
        s.add(plan)
        s.flush()
        return int(plan.id)


def stored_bytes(db: Database) -> bytes:
    """Everything the database holds: the SQLite files' bytes, or every row of every table."""
    import json

    import sslbill_desktop.models  # noqa: F401  (registers every table)
    from sslbill_desktop.models.base import Base

    path = db.sqlite_path
    if path is not None:
        db.dispose()
        return b"".join(p.read_bytes() for p in sorted(path.parent.iterdir()) if p.name.startswith(path.name))
    parts: list[str] = []
    with db.uow() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)):
                parts.append(json.dumps([str(v) for v in row], ensure_ascii=False))
    return "\n".join(parts).encode()
