"""What staff do with an order: change plan, add-ons, suspend and resume, reissue, keys, quick
orders, refused purchases, contacts and the certificate file."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from sslbill_desktop.models.keys import PrivateKey
from sslbill_desktop.services import order_actions, order_sync, orders
from sslbill_desktop.services.contacts import Person
from sslbill_desktop.services.errors import UserError
from sslbill_desktop.services.order_actions import OrderRefused
from sslbill_desktop.services.order_placing import OrderRequest, complete_parameters, place_order
from tests.services.orders.support import TODAY, World, balance, client, contacts, ledger, order, plan


def issued(world: World, simulator, plan_id: int, client_id: int, **kwargs) -> orders.OrderRecord:
    (placed,) = order(world, client_id, plan_id, **kwargs).orders
    simulator.issue_all()
    return order_sync.sync_order(world.db, world.admin, placed.order_id)


def test_change_plan_offers_plans_of_the_same_certificate_type_and_charges_the_difference(
    world: World, simulator
) -> None:
    basic = plan(world, "Basic", prices={12: "36.50"})
    premium = plan(world, "Premium", prices={12: "73.00"})
    plan(world, "Other CA", certificate_type="3033")
    client_id = client(world, deposit="200.00")
    record = issued(world, simulator, basic, client_id)

    options = order_actions.plan_change_options(world.db, world.admin, record.id, TODAY)
    assert [o.title for o in options] == ["Basic", "Premium"]
    quote = order_actions.quote_change_plan(
        world.db, world.admin, record.id, plan_id=premium, period=12, on=date(2027, 5, 28)
    )
    assert [(line.kind.value, line.amount) for line in quote.lines] == [("tariff_change", Decimal("18.20"))]
    record = order_actions.change_plan(
        world.db,
        world.admin,
        record.id,
        version=record.version,
        plan_id=premium,
        period=12,
        on=date(2027, 5, 28),
    )
    assert record.plan_title == "Premium"
    assert balance(world, client_id) == Decimal("200.00") - Decimal("36.50") - Decimal("18.20")


def test_add_ons_are_charged_for_the_rest_of_the_term_and_refunded_when_cancelled(
    world: World, simulator
) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")
    record = issued(world, simulator, plan_id, client_id)

    record = order_actions.add_addon(
        world.db,
        world.admin,
        record.id,
        version=record.version,
        key="addon1",
        quantity=2,
        on=date(2027, 5, 28),
    )
    assert [(a.key, a.quantity) for a in record.addons] == [("addon1", 2)]
    record = order_actions.remove_addon(
        world.db, world.admin, record.id, version=record.version, key="addon1", on=date(2027, 5, 28)
    )
    assert record.addons == ()
    assert [(kind, amount) for kind, amount, _note in ledger(world, client_id)] == [
        ("order", Decimal("20.00")),
        ("addon", Decimal("4.99")),
        ("refund", Decimal("-4.99")),
    ]


def test_suspend_and_resume_where_the_group_allows_it_and_not_elsewhere(world: World, simulator) -> None:
    plan_id = plan(world)
    member = client(world, "Retail Ltd", group=world.retail, deposit="100.00")
    loner = client(world, "Loner Ltd", deposit="100.00")
    record = issued(world, simulator, plan_id, member)
    alone = issued(world, simulator, plan_id, loner, cn="loner.example.com")

    record = order_actions.suspend_order(
        world.db, world.admin, record.id, version=record.version, on=date(2027, 5, 28)
    )
    assert record.is_suspended and record.suspension == "client"
    record = order_actions.resume_order(
        world.db, world.admin, record.id, version=record.version, on=date(2027, 6, 7)
    )
    assert record.is_active and record.expires_on == date(2027, 12, 6)
    with pytest.raises(OrderRefused) as refused:
        order_actions.suspend_order(
            world.db, world.admin, alone.id, version=alone.version, on=date(2027, 5, 28)
        )
    assert str(refused.value) == "clients may not suspend or resume services of the tariff plan RapidSSL"


def test_deletion_before_the_minimum_order_period_is_refused_naming_the_rule(world: World, simulator) -> None:
    plan_id = plan(world, minimum_order_period=True, minimum_order_length=3, minimum_order_unit="months")
    client_id = client(world, deposit="100.00")
    record = issued(world, simulator, plan_id, client_id)

    with pytest.raises(OrderRefused) as refused:
        order_actions.delete_order(
            world.db, world.admin, record.id, version=record.version, on=date(2027, 1, 10)
        )
    assert (
        str(refused.value)
        == "Minimum order period: the service cannot be deleted before 2027-02-26 (minimum order period)"
    )
    assert len(simulator.certificates()) == 1
    record = order_actions.delete_order(
        world.db, world.admin, record.id, version=record.version, on=date(2027, 2, 26)
    )
    assert record.is_deleted and simulator.certificates() == []


def test_reissue_sends_a_new_csr_and_the_sync_brings_the_new_certificate(world: World, simulator) -> None:
    plan_id = plan(world)
    record = issued(world, simulator, plan_id, client(world, deposit="100.00"))
    first_key = record.key
    assert first_key is not None and record.certificate is not None
    old_fingerprint = record.certificate.sha256_fingerprint

    record = order_actions.reissue_order(
        world.db,
        world.admin,
        record.id,
        version=record.version,
        csr_mode="generate",
        key_algorithm_value="ec-p256",
    )
    assert record.upstream_status == "requested" and record.key is not None and record.key.id != first_key.id
    simulator.issue_all()
    record = order_sync.sync_order(world.db, world.admin, record.id)
    assert record.certificate is not None and record.certificate.sha256_fingerprint != old_fingerprint
    assert record.certificate.public_key_sha256 == record.key.public_key_sha256


def test_delete_key_removes_the_key_material_from_the_database_file(world: World, simulator) -> None:
    plan_id = plan(world)
    record = issued(world, simulator, plan_id, client(world, deposit="100.00"))
    with world.db.uow() as s:
        ciphertext = s.scalar(select(PrivateKey.key_ciphertext).where(PrivateKey.id == record.key.id))
    assert ciphertext

    key = order_actions.delete_order_key(world.db, world.admin, record.id)

    assert not key.has_material
    with world.db.uow() as s:
        assert s.scalar(select(PrivateKey.key_ciphertext).where(PrivateKey.id == key.id)) is None
    if world.db.sqlite_path is not None:
        world.db.dispose()
        assert ciphertext[12:40] not in world.db.sqlite_path.read_bytes()
    assert orders.get_order(world.db, world.admin, record.id).key.deleted_by == "admin"


def test_a_quick_order_waits_for_its_parameters_then_is_charged_and_bought(world: World, simulator) -> None:
    plan_id = plan(world, "Quick", quick_order=True, simultaneous_order=True, max_simultaneous=3)
    client_id = client(world, deposit="100.00")
    result = place_order(world.db, world.admin, OrderRequest(client_id, plan_id, 12, TODAY, quantity=2))
    assert [p.outcome for p in result.orders] == ["pending", "pending"]
    assert simulator.certificates() == [] and ledger(world, client_id) == []

    record = orders.get_order(world.db, world.admin, result.orders[0].order_id)
    placed = complete_parameters(
        world.db,
        world.admin,
        record.id,
        version=record.version,
        on=date(2026, 12, 1),
        common_name="quick.example.com",
        csr_mode="generate",
        key_algorithm_value="ec-p256",
        contacts=contacts(),
        approver_email="admin@example.com",
    )
    assert placed.outcome == "requested"
    assert [c.cn for c in simulator.certificates()] == ["quick.example.com"]
    assert ledger(world, client_id) == [("order", Decimal("20.00"), "12 months")]
    assert orders.get_order(world.db, world.admin, record.id).expires_on == date(2027, 12, 1)


def test_an_order_the_upstream_refused_is_not_charged_and_can_be_sent_again(world: World, simulator) -> None:
    plan_id = plan(world)
    client_id = client(world, deposit="100.00")
    simulator.set_balance("reseller", Decimal("1.00"))

    result = order(world, client_id, plan_id)

    (placed,) = result.orders
    assert placed.outcome == "refused" and "money" in result.problem.lower()
    record = orders.get_order(world.db, world.admin, placed.order_id)
    assert (record.status, record.upstream_status) == ("new", "refused") and record.last_error
    assert ledger(world, client_id) == [] and balance(world, client_id) == Decimal("100.00")
    simulator.set_balance("reseller", Decimal("1000.00"))
    record = order_actions.retry_order(world.db, world.admin, record.id, version=record.version, on=TODAY)
    assert (record.status, record.upstream_status) == ("active", "requested")
    assert balance(world, client_id) == Decimal("80.00")


def test_contacts_are_checked_pushed_upstream_and_saved(world: World, simulator) -> None:
    from dataclasses import replace

    from sslbill_desktop.services.errors import ValidationError

    plan_id = plan(world)
    record = issued(world, simulator, plan_id, client(world, deposit="100.00"))
    changed = replace(contacts(), tech=Person("Tina", "Tech", "SRE", "tina@example.com", "+49 30 5555555"))

    record = orders.update_contacts(
        world.db, world.admin, record.id, version=record.version, contacts=changed
    )

    assert record.contacts.tech.first_name == "Tina"
    assert simulator.certificates()[0].contacts["tech_fname"] == "Tina"
    with pytest.raises(ValidationError) as error:
        orders.update_contacts(
            world.db,
            world.admin,
            record.id,
            version=record.version,
            contacts=replace(changed, admin=Person()),
        )
    assert error.value.field == "contacts.admin.first_name"


def test_the_issued_certificate_is_decoded_and_saved_with_its_chain(
    world: World, simulator, tmp_path
) -> None:
    plan_id = plan(world)
    record = issued(
        world, simulator, plan_id, client(world, deposit="100.00"), sans=("www.shop.example.com",)
    )
    info = record.certificate
    assert info is not None
    assert info.subject == "CN=shop.example.com"
    assert info.sans == ("shop.example.com", "www.shop.example.com")
    assert len(info.sha256_fingerprint.split(":")) == 32
    path = orders.save_certificate(world.db, world.admin, record.id, tmp_path / "cert.pem")
    assert path.read_text().count("BEGIN CERTIFICATE") == 2
    with pytest.raises(UserError):
        order_sync.sync_order(
            world.db,
            world.admin,
            order(world, client(world, "Two", deposit="50"), plan_id, cn="two.example.com").orders[0].order_id
            + 1000,
        )
