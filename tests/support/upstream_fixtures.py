"""Fixtures for the ispmanager simulator: a real loopback server per test, and helpers.

- `simulator`: a `SimulatorHandle` serving on a free 127.0.0.1 port in a thread, stopped after the
  test. While it runs, clients are built with short timeouts and the journal waits only briefly
  before resending, so tests stay quick. `handle.set_fault(...)`, `handle.issue_all()`,
  `handle.certificates()`, `handle.balance()` control and inspect it.
- `simulator_module`: a processing module row pointing at the simulator's `reseller` account,
  its password in the (in-memory) keyring; the value is the module id.
- `make_csr(cn, sans)` and `make_order(cn, ...)` build what an order needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

RESELLER = "reseller"
RESELLER_PASSWORD = "reseller-pass"
TWO_FACTOR = "twofactor"
TWO_FACTOR_PASSWORD = "twofactor-pass"
LOW_BALANCE = "lowbalance"
LOW_BALANCE_PASSWORD = "lowbalance-pass"


def fast_client_settings():  # type: ignore[no-untyped-def]
    from sslbill_desktop.services.ispmanager.client import ClientSettings

    return ClientSettings(
        connect_timeout=2.0, read_timeout=3.0, read_retries=2, backoff_factor=0.01, page_size=100
    )


def fast_journal_settings():  # type: ignore[no-untyped-def]
    from sslbill_desktop.services.journal import JournalSettings

    return JournalSettings(settle_seconds=0.05, clock_skew=timedelta(minutes=2), max_sends=3)


@pytest.fixture
def simulator() -> Iterator:  # type: ignore[type-arg]
    from sslbill_desktop.services import journal, upstream
    from sslbill_desktop.services.ispmanager.simulator import start_simulator

    previous_client = upstream.set_client_settings(fast_client_settings())
    previous_journal = journal.set_journal_settings(fast_journal_settings())
    handle = start_simulator()
    try:
        yield handle
    finally:
        handle.stop()
        upstream.set_client_settings(previous_client)
        journal.set_journal_settings(previous_journal)
        upstream.close_all_clients()


@pytest.fixture
def simulator_module(database, simulator) -> int:  # type: ignore[no-untyped-def]
    return add_module(database, simulator.url, RESELLER, RESELLER_PASSWORD)


def add_module(database, url: str, username: str, password: str, name: str = "Simulator") -> int:  # type: ignore[no-untyped-def]
    """Insert a processing module row directly (the admin wizard comes in its own issue)."""
    from sslbill_desktop.models.processing import ProcessingModule
    from sslbill_desktop.services import credentials

    with database.uow() as s:
        module = ProcessingModule(name={"en": name}, url=url, username=username)
        s.add(module)
        s.flush()
        module_id = int(module.id)
    credentials.save_module_password(module_id, password)
    return module_id


def make_csr(cn: str, sans: tuple[str, ...] = ()) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    )
    builder = builder.add_extension(
        x509.SubjectAlternativeName([x509.DNSName(n) for n in (cn, *sans)]), critical=False
    )
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode("ascii")


def make_order(
    cn: str = "shop.example.com", *, plan: str = "1011", months: int = 12, sans: tuple[str, ...] = ()
):  # type: ignore[no-untyped-def]
    from sslbill_desktop.services.ispmanager.records import CertificateOrder, Contact

    return CertificateOrder(
        pricelist_id=plan,
        period_months=months,
        common_name=cn,
        csr=make_csr(cn, sans),
        approver_email=f"admin@{cn}",
        sans=sans,
        country="276",
        state="Berlin",
        locality="Berlin",
        organization="Example GmbH",
        email=f"admin@{cn}",
        admin=Contact("Ada", "Admin", "CTO", f"ada@{cn}", "+49 30 1234567"),
        tech=Contact("Tom", "Tech", "Engineer", f"tom@{cn}", "+49 30 7654321"),
    )
