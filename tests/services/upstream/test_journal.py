"""The journal never buys twice: every fault of a purchase ends with one certificate and one
`done` entry, refusals end `failed`, and unknown outcomes are reconciled before any resend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from sslbill_desktop.models.audit import AuditEntry
from sslbill_desktop.models.journal import JournalEntry
from sslbill_desktop.services import audit, journal, upstream
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.errors import PermissionDenied
from sslbill_desktop.services.ispmanager.client import IspmanagerClient
from sslbill_desktop.services.ispmanager.errors import (
    AccessDenied,
    NotEnoughMoney,
    PurchaseOutcomeUnknown,
    UpstreamUnavailable,
)
from tests.support.upstream_fixtures import (
    LOW_BALANCE,
    LOW_BALANCE_PASSWORD,
    RESELLER,
    RESELLER_PASSWORD,
    add_module,
    fast_client_settings,
    fast_journal_settings,
    make_order,
)

ORDER = "certificate.order.param"
LIST = "certificate"
PROLONG = "service.prolong"
RAPIDSSL_12 = Decimal("11.00")
START = Decimal("1000.00")


def entries(database) -> list[JournalEntry]:
    with database.uow() as s:
        return list(s.scalars(select(JournalEntry).order_by(JournalEntry.id)))


@pytest.fixture
def booked() -> Iterator[list[tuple[str, str, str | None]]]:
    """A completion handler for purpose "test" that audits in the journal's transaction."""
    calls: list[tuple[str, str, str | None]] = []

    def done(session, record) -> None:
        calls.append(("done", record.reference, record.upstream_id))
        audit.record(session, SYSTEM, "book", "journal", record.id, summary=record.upstream_id or "")

    def failed(session, record) -> None:
        calls.append(("failed", record.reference, None))

    journal.register_completion("test", done, failed)
    yield calls
    journal.unregister_completion("test")


def test_a_purchase_is_done_with_the_upstream_id_and_booked_in_the_same_transaction(
    database, admin, simulator, simulator_module, booked
) -> None:
    record = journal.purchase_certificate(
        database, admin, simulator_module, make_order(), purpose="test", subject_id=41
    )
    [cert] = simulator.certificates()
    assert record.state == "done"
    assert record.upstream_id == cert.id
    assert (record.purpose, record.subject_id, record.created_by) == ("test", 41, "admin")
    assert record.attempts == 1
    assert booked == [("done", record.reference, cert.id)]
    with database.uow() as s:
        assert s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "book")) == cert.id
    assert simulator.balance() == START - RAPIDSSL_12


def test_not_enough_money_fails_the_entry_and_buys_nothing(database, admin, simulator, booked) -> None:
    module = add_module(database, simulator.url, LOW_BALANCE, LOW_BALANCE_PASSWORD)
    with pytest.raises(NotEnoughMoney):
        journal.purchase_certificate(database, admin, module, make_order(), purpose="test")
    [entry] = entries(database)
    assert entry.state == "failed"
    assert "Not enough money" in entry.error
    assert entry.upstream_id is None
    assert booked == [("failed", entry.reference, None)]
    assert simulator.certificates() == []


def test_an_unreachable_upstream_fails_the_entry_when_nothing_was_sent(database, admin, simulator) -> None:
    module = add_module(database, simulator.url, RESELLER, RESELLER_PASSWORD)
    simulator.stop()
    with pytest.raises(UpstreamUnavailable):
        journal.purchase_certificate(database, admin, module, make_order())
    [entry] = entries(database)
    assert entry.state == "failed"


FAULTS = [
    pytest.param({"kind": "latency", "seconds": 0.3}, id="latency"),
    pytest.param({"kind": "http_500"}, id="http_500"),
    pytest.param({"kind": "http_502"}, id="http_502"),
    pytest.param({"kind": "reset"}, id="reset"),
    pytest.param({"kind": "html"}, id="html"),
    pytest.param({"kind": "garbled"}, id="garbled"),
    pytest.param({"kind": "missing_keys"}, id="missing_keys"),
    pytest.param({"kind": "session_expiry"}, id="session_expiry"),
    pytest.param({"kind": "drop_after_commit"}, id="drop_after_commit"),
    pytest.param({"kind": "hang_after_commit", "seconds": 0.2}, id="hang_after_commit"),
    pytest.param({"kind": "http_500", "times": 2}, id="http_500_twice"),
]


@pytest.mark.parametrize("fault", FAULTS)
def test_after_any_fault_of_an_order_there_is_one_certificate_and_one_done_entry(
    database, admin, simulator, simulator_module, booked, fault
) -> None:
    simulator.set_fault(funcs=[ORDER], **fault)
    record = journal.purchase_certificate(database, admin, simulator_module, make_order(), purpose="test")
    certs = simulator.certificates()
    assert len(certs) == 1
    assert [(e.state, e.upstream_id) for e in entries(database)] == [("done", certs[0].id)]
    assert record.upstream_id == certs[0].id
    assert simulator.balance() == START - RAPIDSSL_12
    assert [c[0] for c in booked] == ["done"]


def test_an_order_reply_later_than_the_timeout_is_adopted_not_bought_again(
    database, admin, simulator, simulator_module
) -> None:
    upstream.set_client_settings(replace(fast_client_settings(), read_timeout=0.3))
    simulator.set_fault("latency", funcs=[ORDER], seconds=0.8)
    settings = replace(fast_journal_settings(), settle_seconds=2.0)
    record = journal.purchase_certificate(database, admin, simulator_module, make_order(), settings=settings)
    [cert] = simulator.certificates()
    assert (record.state, record.upstream_id, record.attempts) == ("done", cert.id, 1)
    assert record.result.get("adopted") is True
    assert simulator.requests(ORDER) == 1


def test_random_faults_with_a_seed_never_buy_twice_nor_lose_a_purchase(
    database, admin, simulator, simulator_module, booked
) -> None:
    kinds = ["http_500", "reset", "html", "garbled", "drop_after_commit", "session_expiry"]
    for seed, kind in enumerate(kinds):
        simulator.set_fault(kind, funcs=[ORDER], times=None, probability=0.3, seed=seed)
    names = [f"site{n}.example.com" for n in range(8)]
    refused = []
    for name in names:
        try:
            journal.purchase_certificate(database, admin, simulator_module, make_order(name), purpose="test")
        except PurchaseOutcomeUnknown:
            pass
        except AccessDenied:  # the session expired twice in a row: a clear refusal
            refused.append(name)
    simulator.clear_faults()
    journal.reconcile_all(database)

    certs = simulator.certificates()
    assert sorted(c.cn for c in certs) == sorted(set(names) - set(refused))
    states = {e.common_name: (e.state, e.upstream_id) for e in entries(database)}
    assert len(states) == len(entries(database)) == len(names)
    assert {cn for cn, (state, _) in states.items() if state == "failed"} == set(refused)
    assert {upstream_id for state, upstream_id in states.values() if state == "done"} == {c.id for c in certs}
    assert sorted(c[2] for c in booked if c[0] == "done") == sorted(c.id for c in certs)
    assert simulator.balance() == START - len(certs) * RAPIDSSL_12
    assert simulator.requests(ORDER) > len(names), "the seed made some faults happen"


RENEW_FAULTS = ["http_500", "reset", "garbled", "drop_after_commit", "session_expiry", "html"]


@pytest.mark.parametrize("kind", RENEW_FAULTS)
def test_after_any_fault_of_a_renewal_the_certificate_is_renewed_exactly_once(
    database, admin, simulator, simulator_module, kind
) -> None:
    bought = journal.purchase_certificate(database, admin, simulator_module, make_order())
    [before] = simulator.certificates()
    simulator.set_fault(kind, funcs=[PROLONG])
    record = journal.renew_certificate(database, admin, simulator_module, bought.upstream_id, 12)
    [after] = simulator.certificates()
    assert after.expires == before.expires.replace(year=before.expires.year + 1)
    assert record.state == "done"
    assert record.expires == after.expires
    assert simulator.balance() == START - 2 * RAPIDSSL_12
    assert [e.state for e in entries(database)] == ["done", "done"]


def test_an_outcome_that_cannot_be_settled_stays_unknown_and_is_adopted_at_the_next_start(
    database, admin, simulator, simulator_module, booked
) -> None:
    simulator.set_fault("drop_after_commit", funcs=[ORDER])
    simulator.set_fault("http_502", funcs=[LIST], times=None)
    with pytest.raises(PurchaseOutcomeUnknown) as caught:
        journal.purchase_certificate(database, admin, simulator_module, make_order(), purpose="test")
    [entry] = entries(database)
    assert entry.state == "unknown"
    assert caught.value.reference == entry.reference
    assert "nothing is bought twice" in str(caught.value)
    assert booked == []

    simulator.clear_faults()
    [result] = journal.reconcile_all(database)
    [cert] = simulator.certificates()
    assert (result.before, result.after, result.upstream_id) == ("unknown", "done", cert.id)
    assert simulator.requests(ORDER) == 1
    assert booked == [("done", entry.reference, cert.id)]
    assert simulator.balance() == START - RAPIDSSL_12


def test_reconciliation_sends_again_only_when_nothing_matches_upstream(
    database, admin, simulator, simulator_module
) -> None:
    simulator.set_fault("http_500", funcs=[ORDER])
    simulator.set_fault("http_502", funcs=[LIST], times=None)
    with pytest.raises(PurchaseOutcomeUnknown):
        journal.purchase_certificate(database, admin, simulator_module, make_order())
    assert simulator.certificates() == []

    simulator.clear_faults()
    [result] = journal.reconcile_all(database)
    [cert] = simulator.certificates()
    assert (result.after, result.upstream_id) == ("done", cert.id)
    [entry] = entries(database)
    assert entry.attempts == 2
    assert simulator.requests(ORDER) == 2


def test_reconciliation_does_not_adopt_an_older_certificate_of_the_same_name(
    database, admin, simulator, simulator_module
) -> None:
    with IspmanagerClient(simulator.url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()) as c:
        old = c.order_certificate(make_order())
    simulator.backdate(old.id, datetime.now(UTC) - timedelta(hours=3))
    simulator.set_fault("http_500", funcs=[ORDER])
    record = journal.purchase_certificate(database, admin, simulator_module, make_order())
    assert record.upstream_id != old.id
    assert len(simulator.certificates()) == 2


def test_reconciliation_does_not_adopt_a_certificate_another_entry_adopted(
    database, admin, simulator, simulator_module
) -> None:
    first = journal.purchase_certificate(database, admin, simulator_module, make_order())
    simulator.set_fault("http_500", funcs=[ORDER])
    second = journal.purchase_certificate(database, admin, simulator_module, make_order())
    assert second.upstream_id != first.upstream_id
    assert {c.id for c in simulator.certificates()} == {first.upstream_id, second.upstream_id}


def test_sends_stop_after_the_limit_and_the_entry_waits_as_unknown(
    database, admin, simulator, simulator_module
) -> None:
    simulator.set_fault("http_500", funcs=[ORDER], times=None)
    with pytest.raises(PurchaseOutcomeUnknown):
        journal.purchase_certificate(database, admin, simulator_module, make_order())
    [entry] = entries(database)
    assert (entry.state, entry.attempts) == ("unknown", fast_journal_settings().max_sends)
    assert simulator.requests(ORDER) == fast_journal_settings().max_sends
    assert simulator.certificates() == []


def test_a_failing_booking_leaves_the_entry_for_reconciliation_which_books_it_once(
    database, admin, simulator, simulator_module
) -> None:
    calls: list[str | None] = []

    def flaky(session, record) -> None:
        calls.append(record.upstream_id)
        if len(calls) == 1:
            raise RuntimeError("booking failed")

    journal.register_completion("flaky", flaky)
    try:
        with pytest.raises(RuntimeError):
            journal.purchase_certificate(database, admin, simulator_module, make_order(), purpose="flaky")
        [entry] = entries(database)
        assert entry.state == "unknown"
        [result] = journal.reconcile_all(database)
    finally:
        journal.unregister_completion("flaky")
    [cert] = simulator.certificates()
    assert result.after == "done"
    assert calls == [cert.id, cert.id]
    assert simulator.requests(ORDER) == 1


def test_a_refused_purchase_stays_failed_even_when_its_handler_breaks(database, admin, simulator) -> None:
    def broken(session, record) -> None:
        raise RuntimeError("handler bug")

    module = add_module(database, simulator.url, LOW_BALANCE, LOW_BALANCE_PASSWORD)
    journal.register_completion("broken", lambda session, record: None, broken)
    try:
        with pytest.raises(RuntimeError):
            journal.purchase_certificate(database, admin, module, make_order(), purpose="broken")
    finally:
        journal.unregister_completion("broken")
    [entry] = entries(database)
    assert entry.state == "failed"
    assert journal.reconcile_all(database) == []
    assert simulator.requests(ORDER) == 1


def test_start_up_leaves_a_live_senders_entry_alone_and_settles_a_dead_ones(
    database, admin, simulator, simulator_module
) -> None:
    now = datetime.now(UTC)
    order = make_order()
    live_owner = f"{journal.HOST_NAME}:{os.getppid()}:someoneelse"
    dead_owner = f"{journal.HOST_NAME}:{2**22 + 12345}:crashed"
    with database.uow() as s:
        for reference, owner in (("live", live_owner), ("dead", dead_owner)):
            s.add(
                JournalEntry(
                    reference=reference,
                    processing_module_id=simulator_module,
                    operation="order",
                    request=order.to_json(),
                    common_name=order.common_name,
                    pricelist_id=order.pricelist_id,
                    state="sent",
                    created_at=now,
                    sent_at=now,
                    owner=owner,
                )
            )
    [result] = journal.reconcile_all(database, settings=replace(fast_journal_settings(), settle_seconds=0))
    assert (result.reference, result.before, result.after) == ("dead", "sent", "done")
    states = {e.reference: e.state for e in entries(database)}
    assert states == {"live": "sent", "dead": "done"}
    assert len(simulator.certificates()) == 1


def test_retry_reconciles_first_and_is_for_staff_who_handle_orders(
    database, admin, sales, simulator, simulator_module
) -> None:
    simulator.set_fault("drop_after_commit", funcs=[ORDER])
    simulator.set_fault("html", funcs=[LIST], times=None)
    with pytest.raises(PurchaseOutcomeUnknown) as caught:
        journal.purchase_certificate(database, sales, simulator_module, make_order())
    simulator.clear_faults()
    result = journal.retry_entry(database, sales, caught.value.reference)
    assert result.after == "done"
    assert simulator.requests(ORDER) == 1
    assert len(simulator.certificates()) == 1


def test_the_journal_list_is_for_admins(database, admin, sales, simulator, simulator_module) -> None:
    journal.purchase_certificate(database, admin, simulator_module, make_order())
    rows = journal.list_journal(database, admin)
    assert [(r.operation, r.state) for r in rows] == [("order", "done")]
    assert rows[0].request["common_name"] == "shop.example.com"
    with pytest.raises(PermissionDenied):
        journal.list_journal(database, sales)
