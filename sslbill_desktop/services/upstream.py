"""Clients for processing modules: built from the module's row and the keyring, one per module.

`client_for(db, module_id)` returns the module's `IspmanagerClient`, cached (one
`requests.Session` per module, so connections and the upstream session are reused) and rebuilt
when the module's URL, username or password changes; `forget_client(module_id)` drops it (call it
when a module is edited or deleted). `verify_credentials` is the wizard's connection check;
`refresh_balance` reads the account and keeps the balance on the module for offline use.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import update

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import credentials
from sslbill_desktop.services.auth import Actor, Permission, require
from sslbill_desktop.services.db import Database
from sslbill_desktop.services.errors import NotFound
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.ispmanager.client import ClientSettings, IspmanagerClient
from sslbill_desktop.services.ispmanager.records import Account

log = logging.getLogger(__name__)

_lock = threading.Lock()
_clients: dict[tuple[str, int], IspmanagerClient] = {}
_settings = ClientSettings()


def client_settings() -> ClientSettings:
    return _settings


def set_client_settings(settings: ClientSettings) -> ClientSettings:
    """Use `settings` for clients built from now on (cached ones are dropped); returns the old."""
    global _settings
    previous, _settings = _settings, settings
    close_all_clients()
    return previous


@dataclass(frozen=True)
class ModuleConnection:
    """What is needed to reach a module's upstream (the password is read from the keyring)."""

    module_id: int
    url: str
    username: str


def module_connection(db: Database, module_id: int) -> ModuleConnection:
    with db.uow() as s:
        module = s.get(ProcessingModule, module_id)
        if module is None:
            raise NotFound(_("Processing module {id} no longer exists.").format(id=module_id))
        return ModuleConnection(module.id, module.url, module.username)


def client_for(db: Database, module_id: int) -> IspmanagerClient:
    """The cached client of processing module `module_id` (built on first use)."""
    connection = module_connection(db, module_id)
    password = credentials.require_module_password(module_id)
    key = (db.url, module_id)
    with _lock:
        client = _clients.get(key)
        if client is not None and client.matches(connection.url, connection.username, password):
            return client
        if client is not None:
            client.close()
        client = IspmanagerClient(connection.url, connection.username, password, settings=_settings)
        _clients[key] = client
        log.debug("upstream client built for processing module %s", module_id)
        return client


def forget_client(module_id: int) -> None:
    """Drop the cached client of a module (after its settings changed or it was deleted)."""
    with _lock:
        for key in [k for k in _clients if k[1] == module_id]:
            _clients.pop(key).close()


def close_all_clients() -> None:
    with _lock:
        for client in _clients.values():
            client.close()
        _clients.clear()


def verify_credentials(
    url: str, username: str, password: str, *, settings: ClientSettings | None = None
) -> Account:
    """Sign in to `url` as `username` and read the account: the wizard's check before saving.

    Raises `BadCredentials`, `TwoFactorEnabled`, `UpstreamUnavailable`, `ProtocolError` ...
    """
    with IspmanagerClient(url, username, password, settings=settings or _settings) as client:
        return client.verify()


@dataclass(frozen=True)
class BalanceRecord:
    module_id: int
    balance: Decimal
    currency: str
    at: datetime
    minimal_balance: Decimal | None

    @property
    def below_minimum(self) -> bool:
        return self.minimal_balance is not None and self.balance < self.minimal_balance


def refresh_balance(db: Database, actor: Actor, module_id: int) -> BalanceRecord:
    """Read the upstream balance and keep it on the module (`last_balance`, its time, the currency).

    A Core UPDATE: refreshing must not bump the row's version and spoil an open edit dialog.
    """
    require(actor, Permission.READ_CONFIGURATION)
    account = client_for(db, module_id).whoami()
    now = datetime.now(UTC)
    # The Money column keeps four places; a finer upstream figure is only a display value here.
    stored = account.balance.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    with db.uow() as s:
        module = s.get(ProcessingModule, module_id)
        if module is None:
            raise NotFound(_("Processing module {id} no longer exists.").format(id=module_id))
        s.execute(
            update(ProcessingModule)
            .where(ProcessingModule.id == module_id)
            .values(last_balance=stored, last_balance_at=now, upstream_currency=account.currency)
            .execution_options(synchronize_session=False)
        )
        return BalanceRecord(module_id, account.balance, account.currency, now, module.minimal_balance)
