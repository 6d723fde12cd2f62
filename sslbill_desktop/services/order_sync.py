"""The status of ordered certificates, synced from the upstream — on demand and in the background.

`sync_order` asks the upstream about one certificate; `sync_orders` lists every certificate of
each processing module once (one paged list per module, not one call per order) and updates the
orders still waiting for theirs. A certificate that became issued is downloaded (its PEM and CA
chain are kept and decoded: validity, serial, names) and the plan's activation notice goes to the
client, once. Each order keeps the time of its last sync and the reason it failed, if it did.

The sync writes with Core UPDATEs that leave the row's version alone: a sync in the background
must not spoil a details dialog someone has open.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from sslbill_desktop.models.base import utcnow
from sslbill_desktop.models.orders import (
    ORDER_DELETED,
    UPSTREAM_FAILED,
    UPSTREAM_ISSUED,
    UPSTREAM_REQUESTED,
    Order,
)
from sslbill_desktop.services import upstream
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.certificate_info import read_certificate
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.editing import load
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ispmanager.client import IspmanagerClient
from sslbill_desktop.services.ispmanager.errors import UpstreamError, UpstreamNotFound
from sslbill_desktop.services.ispmanager.records import Certificate, CertificateStatus
from sslbill_desktop.services.order_notices import send_activation
from sslbill_desktop.services.order_records import OrderRecord

log = logging.getLogger(__name__)

#: Upstream statuses the background sync looks at (the others are final or not ordered yet).
WAITING = (UPSTREAM_REQUESTED,)


@dataclass
class SyncResult:
    checked: int = 0
    issued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Target:
    order_id: int
    module_id: int
    certificate_id: str
    upstream_status: str
    has_pem: bool


def _status_of(cert: Certificate) -> str:
    if cert.status == CertificateStatus.ISSUED:
        return UPSTREAM_ISSUED
    if cert.status == CertificateStatus.FAILED:
        return UPSTREAM_FAILED
    return UPSTREAM_REQUESTED


def _write(db: Database, order_id: int, values: dict[str, Any]) -> None:
    with db.uow() as s:
        s.execute(
            update(Order)
            .where(Order.id == order_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def _apply(db: Database, client: IspmanagerClient, target: _Target, cert: Certificate, now: datetime) -> str:
    """Update one order from its upstream certificate; its new upstream status."""
    status = _status_of(cert)
    values: dict[str, Any] = {
        "upstream_status": status,
        "upstream_status_text": cert.status_text[:200],
        "last_sync_at": now,
        "last_sync_error": "",
    }
    if cert.expires is not None:
        values["upstream_expires_on"] = cert.expires
    if status == UPSTREAM_ISSUED and (target.upstream_status != UPSTREAM_ISSUED or not target.has_pem):
        issued = client.download_certificate(target.certificate_id)
        info = read_certificate(issued.certificate_pem)
        values.update(
            certificate_pem=issued.certificate_pem,
            chain_pem=issued.chain_pem or None,
            certificate_not_before=info.not_before,
            certificate_not_after=info.not_after,
        )
    _write(db, target.order_id, values)
    return status


def _failed(db: Database, target: _Target, error: UserError, now: datetime) -> str:
    reason = (
        _("the certificate no longer exists upstream") if isinstance(error, UpstreamNotFound) else str(error)
    )
    _write(db, target.order_id, {"last_sync_at": now, "last_sync_error": reason[:500]})
    return reason


def _target(order: Order) -> _Target | None:
    if not order.upstream_certificate_id:
        return None
    return _Target(
        order.id,
        order.processing_module_id,
        order.upstream_certificate_id,
        order.upstream_status,
        bool(order.certificate_pem),
    )


def _notify(db: Database, order_ids: Iterable[int], now: datetime) -> None:
    for order_id in order_ids:
        try:
            send_activation(db, order_id, now)
        except UserError as exc:  # the outbox keeps it and retries; the sync itself succeeded
            log.warning("order %s: activation notice not sent: %s", order_id, exc)


def sync_order(db: Database, actor: Actor, order_id: int, *, now: datetime | None = None) -> OrderRecord:
    """Ask the upstream about one order's certificate now (the details' "Sync status")."""
    from sslbill_desktop.services.orders import get_order

    require(actor, Permission.HANDLE_ORDERS)
    moment = now or utcnow()
    with db.uow() as s:
        target = _target(load(s, Order, order_id))
    if target is None:
        raise UserError(_("This order has no upstream certificate yet: there is nothing to sync."))
    client = upstream.client_for(db, target.module_id)
    try:
        cert = client.certificate(target.certificate_id).certificate
        status = _apply(db, client, target, cert, moment)
    except UpstreamError as exc:
        _failed(db, target, exc, moment)
        raise
    if status == UPSTREAM_ISSUED and target.upstream_status != UPSTREAM_ISSUED:
        _notify(db, [order_id], moment)
    return get_order(db, actor, order_id)


def sync_orders(
    db: Database, actor: Actor, *, now: datetime | None = None, statuses: tuple[str, ...] = WAITING
) -> SyncResult:
    """Sync every order waiting for its certificate, one upstream list per processing module."""
    require(actor, Permission.HANDLE_ORDERS)
    moment = now or utcnow()
    result = SyncResult()
    with db.uow() as s:
        targets = [
            t
            for t in (
                _target(o)
                for o in s.scalars(
                    select(Order).where(
                        Order.upstream_status.in_(statuses),
                        Order.status != ORDER_DELETED,
                        Order.upstream_certificate_id.is_not(None),
                    )
                )
            )
            if t is not None
        ]
    by_module: dict[int, list[_Target]] = {}
    for target in targets:
        by_module.setdefault(target.module_id, []).append(target)
    for module_id, waiting in sorted(by_module.items()):
        try:
            client = upstream.client_for(db, module_id)
            certificates = {c.id: c for c in client.certificates()}
        except UserError as exc:
            result.errors.append(str(exc))
            continue
        for target in waiting:
            result.checked += 1
            cert = certificates.get(target.certificate_id)
            try:
                if cert is None:
                    raise UpstreamNotFound(target.certificate_id)
                status = _apply(db, client, target, cert, moment)
            except UserError as exc:
                result.errors.append(_failed(db, target, exc, moment))
                continue
            if status == UPSTREAM_ISSUED and target.upstream_status != UPSTREAM_ISSUED:
                result.issued.append(target.order_id)
            elif status == UPSTREAM_FAILED and target.upstream_status != UPSTREAM_FAILED:
                result.failed.append(target.order_id)
    _notify(db, result.issued, moment)
    return result
