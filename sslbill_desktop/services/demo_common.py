"""What the two demo generators share (`demo_orders.py`, the small demo; `demo_data.py`, the bulk
one): the processing module their plans are sold through and the states their orders are put in.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services.billing import ServiceState, ServiceStatus, SuspensionReason

#: The name of the processing module added when the workspace has none (it is never called).
DEMO_MODULE_NAME = {"en": "Demo (offline)", "ru": "Демо (без связи)"}
#: Days between the expiry of a deleted demo order and its deletion.
DELETED_AFTER = timedelta(days=14)


def demo_module_id(s: Session, department_id: int) -> int:
    """The workspace's first processing module; an offline one is added when there is none."""
    module_id = s.scalar(select(ProcessingModule.id).order_by(ProcessingModule.id))
    if module_id is None:
        module = ProcessingModule(
            name=DEMO_MODULE_NAME,
            url="http://127.0.0.1:9/",
            username="demo",
            department_id=department_id,
        )
        s.add(module)
        s.flush()
        module_id = module.id
    return int(module_id)


def state_of_kind(state: ServiceState, kind: str, expires: date) -> ServiceState:
    """`state` running until `expires`, then suspended for non-payment or deleted as `kind` says."""
    state = replace(state, expires_on=expires)
    if kind == "suspended":
        return replace(
            state, status=ServiceStatus.SUSPENDED, suspension=SuspensionReason.EXPIRED, suspended_on=expires
        )
    if kind == "deleted":
        return replace(state, status=ServiceStatus.DELETED, deleted_on=expires + DELETED_AFTER, addons=())
    return state
