"""The demo workspace: demo staff, the set-up of issue 6 and a processing module on the simulator.

`open_demo_workspace(db, simulator_url)` is idempotent: run it at every demo start. It creates
what is missing — the demo accounts, the set-up (`demo_setup.seed_demo_setup`) and a processing
module connected to the simulator's `reseller` account (password in the keyring) — and points
the module at `simulator_url` (the simulator gets a new port at each start). When the keyring is
unusable or the simulator does not answer, the rest is still ready and `notice` says why the
module is missing.

`demo_simulator()` starts the process's simulator once (a daemon thread, for the life of the
process), keeping its state (balance, certificates) in the data directory between runs.
"""

from __future__ import annotations

import atexit
import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.models.settings import WorkspaceSetting
from sslbill_desktop.services import credentials, processing, staff
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.demo_setup import DemoSetup, seed_demo_setup
from sslbill_desktop.services.errors import SecretStoreError, UpstreamError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.localizations import workspace_languages

if TYPE_CHECKING:
    from pathlib import Path

    from sslbill_desktop.services.db import Database
    from sslbill_desktop.services.ispmanager.simulator import SimulatorHandle

log = logging.getLogger(__name__)

#: The workspace setting holding the demo module's id.
MODULE_SETTING = "demo.processing_module_id"
SIMULATOR_USERNAME = "reseller"
#: The simulator's demo account password: a published test value, not a secret.
SIMULATOR_PASSWORD = "reseller-pass"
DEMO_MODULE_NAME = {"en": "ispmanager simulator", "ru": "Симулятор ispmanager"}
DEMO_MINIMAL_BALANCE = "50"
STATE_FILE_NAME = "demo-simulator.json"


@dataclass(frozen=True)
class DemoWorkspace:
    setup: DemoSetup
    #: The processing module on the simulator; None when it could not be connected.
    module_id: int | None
    #: What the user should be told (empty when all went well).
    notice: str = ""


def open_demo_workspace(db: Database, simulator_url: str) -> DemoWorkspace:
    """Create what the demo workspace is missing and connect its module to `simulator_url`."""
    from sslbill_desktop.services.demo_orders import seed_demo_orders

    staff.create_demo_staff(db)
    setup = seed_demo_setup(db)
    try:
        module_id = _connect_module(db, setup, simulator_url)
    except (SecretStoreError, UpstreamError) as exc:
        log.warning("demo: the processing module was not connected: %s", exc)
        notice = _(
            "The demo's processing module was not connected to the ispmanager simulator: {reason} "
            "Everything else in the demo workspace is ready; buying certificates needs the module."
        ).format(reason=str(exc))
        return DemoWorkspace(setup, None, notice)
    seed_demo_orders(db)
    return DemoWorkspace(setup, module_id)


def _stored_module_id(db: Database) -> int | None:
    with db.uow() as s:
        setting = s.get(WorkspaceSetting, MODULE_SETTING)
        ident = setting.value if setting is not None else None
        if isinstance(ident, int) and s.get(ProcessingModule, ident) is not None:
            return ident
        # A module made by an earlier demo run whose setting went missing: match it by account.
        found = s.scalar(
            select(ProcessingModule.id)
            .where(ProcessingModule.username == SIMULATOR_USERNAME)
            .where(ProcessingModule.url.startswith("http://127.0.0.1:"))
            .order_by(ProcessingModule.id)
        )
        return None if found is None else int(found)


def _remember_module_id(db: Database, module_id: int) -> None:
    with db.uow() as s:
        setting = s.get(WorkspaceSetting, MODULE_SETTING)
        if setting is None:
            s.add(WorkspaceSetting(key=MODULE_SETTING, value=module_id))
        elif setting.value != module_id:
            setting.value = module_id


def _demo_name(db: Database) -> dict[str, str]:
    codes = [x.code for x in workspace_languages(db)]
    name = {code: text for code, text in DEMO_MODULE_NAME.items() if code in codes}
    if codes:
        name.setdefault(codes[0], DEMO_MODULE_NAME["en"])
    return name


def _connect_module(db: Database, setup: DemoSetup, simulator_url: str) -> int:
    module_id = _stored_module_id(db)
    if module_id is None:
        record = processing.create_processing_module(
            db,
            SYSTEM,
            processing.ModuleInput(
                name=_demo_name(db),
                url=simulator_url,
                username=SIMULATOR_USERNAME,
                data_center_id=setup.data_center_id,
                department_id=setup.department_id,
                sorting=1,
                minimal_balance=DEMO_MINIMAL_BALANCE,
            ),
            password=SIMULATOR_PASSWORD,
        )
        _remember_module_id(db, record.id)
        return record.id
    current = processing.get_processing_module(db, SYSTEM, module_id)
    if current.url != processing.clean_url("url", simulator_url):
        # Pointing the module at this run's simulator checks the connection and stores the
        # password again (the keyring of this workstation may not have it yet).
        processing.update_processing_module(
            db,
            SYSTEM,
            module_id,
            version=current.version,
            values=processing.ModuleInput(
                name=current.name,
                url=simulator_url,
                username=current.username,
                data_center_id=current.data_center_id or setup.data_center_id,
                department_id=current.department_id or setup.department_id,
                sorting=current.sorting,
                minimal_balance=current.minimal_balance,
            ),
            password=SIMULATOR_PASSWORD,
        )
    elif credentials.read_module_password(module_id) is None:  # a fresh keyring on this workstation
        credentials.save_module_password(module_id, SIMULATOR_PASSWORD)
    _remember_module_id(db, module_id)
    return module_id


# --- the process's simulator ---------------------------------------------------------------------

_lock = threading.Lock()
_simulator: SimulatorHandle | None = None


def demo_simulator(state_file: Path | None = None) -> SimulatorHandle:
    """The simulator of this process, started on first use (a free loopback port) and stopped at
    exit. Its state is kept in `state_file` (by default in the data directory)."""
    global _simulator
    with _lock:
        if _simulator is None:
            from sslbill_desktop.config import data_dir
            from sslbill_desktop.services.ispmanager.simulator import start_simulator

            _simulator = start_simulator(state_file=state_file or data_dir() / STATE_FILE_NAME)
            atexit.register(stop_demo_simulator)
        return _simulator


def stop_demo_simulator() -> None:
    """Stop the process's simulator (at exit; tests call it too)."""
    global _simulator
    with _lock:
        handle, _simulator = _simulator, None
    if handle is not None:
        handle.stop()
