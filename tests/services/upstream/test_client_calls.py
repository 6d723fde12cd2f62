"""The client against the real loopback simulator: every API method, paging, retries."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
import requests
from cryptography import x509
from cryptography.x509.oid import NameOID

from sslbill_desktop import __version__
from sslbill_desktop.services.ispmanager.client import IspmanagerClient
from sslbill_desktop.services.ispmanager.errors import UpstreamUnavailable, outcome_unknown
from sslbill_desktop.services.ispmanager.records import CertificateStatus, Contact, PricePeriod
from sslbill_desktop.services.ispmanager.simulator import Simulator, SimulatorHandle, start_simulator
from sslbill_desktop.services.ispmanager.simulator_catalog import GENERATED_FIRST_ID, SimPlan
from tests.support.upstream_fixtures import (
    RESELLER,
    RESELLER_PASSWORD,
    fast_client_settings,
    make_csr,
    make_order,
)

ORDER = "certificate.order.param"


def raw_doc(url: str, func: str, **fields: str) -> Any:
    """The `doc` of one call exactly as the simulator wrote it (to see the envelope's shape)."""
    reply = requests.post(
        f"{url}/billmgr",
        data={"func": func, "out": "json", "authinfo": f"{RESELLER}:{RESELLER_PASSWORD}", **fields},
        timeout=5,
    )
    reply.raise_for_status()
    return reply.json()["doc"]


@contextmanager
def simulator_selling_only(*plans: SimPlan) -> Iterator[SimulatorHandle]:
    """A simulator whose price list holds just `plans`."""
    server = Simulator()
    server.state.plans = {plan.id: plan for plan in plans}
    thread = threading.Thread(target=server.serve_forever, name="one-plan-simulator", daemon=True)
    thread.start()
    with SimulatorHandle(server, thread) as handle:
        yield handle


@pytest.fixture
def client(simulator):
    with IspmanagerClient(simulator.url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()) as c:
        yield c


def test_whoami_reads_the_balance_as_decimal_with_its_currency(client) -> None:
    account = client.whoami()
    assert account.name == RESELLER
    assert account.balance == Decimal("1000.00")
    assert isinstance(account.balance, Decimal)
    assert account.currency == "USD"


def test_requests_carry_a_clear_user_agent(client, simulator) -> None:
    client.whoami()
    assert simulator.user_agents() == {f"sslbill-desktop/{__version__}"}


def test_price_list_has_the_real_ids_with_costs_and_unsold_periods(client) -> None:
    plans = {p.id: p for p in client.price_list()}
    assert {"1011", "1012", "3033", "27650", "2025", "2021", "55346", "55348", "55352"} <= set(plans)
    rapid = plans["1011"]
    assert rapid.name == "RapidSSL"
    assert rapid.cost(12) == Decimal("11.00")
    assert rapid.cost(36) == Decimal("30.00")
    assert rapid.siteinfo["brand"] == "DigiCert"
    alpha = plans["55346"]
    assert [(p.months, p.cost) for p in alpha.periods] == [(12, Decimal("32.00")), (24, None), (36, None)]
    assert alpha.sold_periods == (12,)


def test_price_list_of_1000_generated_plans_arrives_complete_across_pages() -> None:
    settings = fast_client_settings()
    with (
        start_simulator(catalog_size=1000) as sim,
        IspmanagerClient(sim.url, RESELLER, RESELLER_PASSWORD, settings=settings) as client,
    ):
        plans = client.price_list()
        pages = sim.calls("pricelist.export")
    ids = [p.id for p in plans]
    assert len(ids) == len(set(ids)) == 1009
    assert {str(GENERATED_FIRST_ID + n) for n in range(1000)} <= set(ids)
    assert pages == -(-1009 // settings.page_size)
    assert all(p.cost(12) is not None for p in plans)


def test_an_order_can_be_followed_issued_downloaded_renewed_and_deleted(client, simulator) -> None:
    order = make_order("shop.example.com", sans=("www.shop.example.com",))
    result = client.order_certificate(order)

    listed = {c.id: c for c in client.certificates()}
    cert = listed[result.id]
    assert cert.cn == "shop.example.com"
    assert cert.sans == ("www.shop.example.com",)
    assert cert.pricelist_id == "1011"
    assert cert.status == CertificateStatus.REQUEST_SENT
    assert client.whoami().balance == Decimal("989.00")

    simulator.issue_all()
    details = client.certificate(result.id)
    assert details.certificate.issued
    assert details.csr.strip() == order.csr.strip()
    assert details.admin == order.admin

    issued = client.download_certificate(result.id)
    pem = x509.load_pem_x509_certificate(issued.certificate_pem.encode())
    assert pem.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "shop.example.com"
    sans = pem.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(sans.get_values_for_type(x509.DNSName)) == {"shop.example.com", "www.shop.example.com"}
    ca = x509.load_pem_x509_certificate(issued.chain_pem.encode())
    assert pem.issuer == ca.subject
    pem.verify_directly_issued_by(ca)

    before = details.certificate.expires
    renewed = client.renew_certificate(result.id, 24)
    assert before is not None and renewed.expires is not None
    assert (renewed.expires.year - before.year) == 2
    assert client.whoami().balance == Decimal("968.00")

    client.delete_certificate(result.id)
    assert client.certificates() == []


def test_edited_contacts_are_stored_upstream(client, simulator) -> None:
    result = client.order_certificate(make_order())
    admin = Contact("Grace", "Hopper", "Admiral", "grace@example.com", "+1 555 0100")
    tech = Contact("Linus", "T", "Kernel", "linus@example.com", "+1 555 0101")
    client.edit_contacts(result.id, admin, tech)
    details = client.certificate(result.id)
    assert (details.admin, details.tech) == (admin, tech)


def test_reissue_with_a_new_csr_issues_a_certificate_for_the_new_key(client, simulator) -> None:
    result = client.order_certificate(make_order("mail.example.org"))
    simulator.issue_all()
    first = client.download_certificate(result.id).certificate_pem
    new_csr = make_csr("mail.example.org")
    client.reissue_certificate(result.id, new_csr)
    assert client.certificate(result.id).certificate.status == CertificateStatus.REQUEST_SENT
    simulator.issue_all()
    second = client.download_certificate(result.id).certificate_pem
    new_key = x509.load_pem_x509_csr(new_csr.encode()).public_key()
    assert x509.load_pem_x509_certificate(second.encode()).public_key() == new_key
    assert second != first


def test_certificates_are_issued_after_the_configured_delay() -> None:
    with (
        start_simulator(issue_delay=0.0) as sim,
        IspmanagerClient(sim.url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()) as client,
    ):
        result = client.order_certificate(make_order())
        assert client.certificate(result.id).certificate.issued


def test_a_read_is_retried_transparently_after_a_5xx(client, simulator) -> None:
    simulator.set_fault("http_502", funcs=["whoami"])
    assert client.whoami().balance == Decimal("1000.00")
    assert simulator.requests("whoami") == 2


def test_a_purchase_is_never_retried_by_the_transport(client, simulator) -> None:
    simulator.set_fault("http_500", funcs=[ORDER])
    with pytest.raises(UpstreamUnavailable) as caught:
        client.order_certificate(make_order())
    assert caught.value.request_sent
    assert outcome_unknown(caught.value)
    assert simulator.requests(ORDER) == 1
    assert simulator.certificates() == []


def test_a_purchase_reset_before_the_reply_is_not_resent_by_the_transport(client, simulator) -> None:
    client.whoami()
    simulator.set_fault("reset", funcs=[ORDER])
    with pytest.raises(UpstreamUnavailable) as caught:
        client.order_certificate(make_order())
    assert outcome_unknown(caught.value)
    assert simulator.requests(ORDER) == 1


def test_a_refused_connection_is_a_known_outcome_nothing_was_sent() -> None:
    with start_simulator() as sim:
        url = sim.url
    client = IspmanagerClient(url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings())
    with pytest.raises(UpstreamUnavailable) as caught:
        client.order_certificate(make_order())
    assert not caught.value.request_sent
    assert not outcome_unknown(caught.value)
    assert "refused" in str(caught.value)


def test_a_lone_certificate_sent_as_a_single_object_is_read_as_a_list_of_one(client, simulator) -> None:
    ordered = client.order_certificate(make_order("solo.example.com", sans=("www.solo.example.com",)))
    doc = raw_doc(simulator.url, "certificate")
    assert isinstance(doc["elem"], dict)  # the envelope's form for exactly one row
    [cert] = client.certificates()
    assert (cert.id, cert.cn, cert.sans, cert.pricelist_id, cert.status) == (
        ordered.id,
        "solo.example.com",
        ("www.solo.example.com",),
        "1011",
        CertificateStatus.REQUEST_SENT,
    )
    assert cert.created is not None and cert.expires is not None


def test_a_price_list_of_one_plan_with_one_period_is_read_as_one_entry() -> None:
    solo = SimPlan(
        "424242", "Solo DV", "brand=Sectigo,validation=DV,wildcard=no,sans=0", {12: Decimal("9.90")}
    )
    with (
        simulator_selling_only(solo) as sim,
        IspmanagerClient(sim.url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()) as client,
    ):
        doc = raw_doc(sim.url, "pricelist.export", itemtype="certificate")
        assert isinstance(doc["pricelist"], dict)
        assert isinstance(doc["pricelist"]["price"]["period"], dict)
        [entry] = client.price_list()
    assert (entry.id, entry.name, entry.currency) == ("424242", "Solo DV", "USD")
    assert entry.periods == (PricePeriod(12, Decimal("9.90")),)
    assert entry.siteinfo["validation"] == "DV"


def test_pages_of_a_single_row_each_add_up_to_the_whole_price_list(simulator) -> None:
    everything = raw_doc(simulator.url, "pricelist.export", itemtype="certificate")
    expected = [row["$id"] for row in everything["pricelist"]]
    assert isinstance(raw_doc(simulator.url, "pricelist.export", p_num="2", p_cnt="1")["pricelist"], dict)
    settings = dataclasses.replace(fast_client_settings(), page_size=1)
    with IspmanagerClient(simulator.url, RESELLER, RESELLER_PASSWORD, settings=settings) as client:
        before = simulator.calls("pricelist.export")
        plans = client.price_list()
        pages = simulator.calls("pricelist.export") - before
    assert [p.id for p in plans] == expected
    assert pages == len(expected) > 1
