"""The reissue planner: orders whose term outlives their certificate, and the department's reminders."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select, update

from sslbill_desktop.models.orders import Order
from sslbill_desktop.models.outbox import OutboxMessage
from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import order_sync, reissue_planner
from sslbill_desktop.services.auth import SYSTEM
from sslbill_desktop.services.daily_run import run_daily
from sslbill_desktop.services.order_settings import MaximumValidity, OrderSettings, save_order_settings
from sslbill_desktop.services.reissue_planner import certificate_end
from tests.services.orders.support import TODAY, World, client, order, plan


def test_the_certificate_end_is_capped_by_the_maximum_in_force_when_it_was_issued() -> None:
    from datetime import UTC, datetime

    settings = OrderSettings()
    assert settings.maximum_days(date(2026, 1, 1)) == 398
    assert settings.maximum_days(date(2026, 3, 15)) == 199
    assert settings.maximum_days(date(2027, 3, 15)) == 99
    assert settings.maximum_days(date(2029, 3, 15)) == 46
    issued = datetime(2026, 11, 26, tzinfo=UTC)
    assert certificate_end(
        settings, not_before=issued, not_after=issued + timedelta(days=365), ordered_on=None
    ) == (date(2027, 6, 13), False)
    assert certificate_end(settings, not_before=None, not_after=None, ordered_on=date(2026, 11, 26)) == (
        date(2027, 6, 13),
        True,
    )


def test_a_two_year_order_is_planned_and_its_department_reminded_once(world: World, simulator) -> None:
    with world.db.uow() as s:
        s.execute(update(ProcessingModule).values(department_id=world.setup.department_id))
    plan_id = plan(world, prices={12: "20.00", 24: "36.00"})
    client_id = client(world, deposit="100.00")
    (long,) = order(world, client_id, plan_id, cn="long.example.com", period=24).orders
    (short,) = order(world, client_id, plan_id, cn="short.example.com", period=12).orders
    simulator.issue_all()
    order_sync.sync_orders(world.db, world.admin)

    rows = reissue_planner.plan_reissues(world.db, world.admin, TODAY)

    assert {r.order_id for r in rows} == {long.order_id, short.order_id}
    row = next(r for r in rows if r.order_id == long.order_id)
    assert row.certificate_ends_on == TODAY + timedelta(days=199) and not row.estimated
    assert row.term_ends_on == date(2028, 11, 26)
    assert row.reissue_due_on == row.certificate_ends_on - timedelta(days=30)
    assert row.reissues_needed == 6
    save_order_settings(world.db, world.admin, ca_maximum=[MaximumValidity(date(2026, 3, 15), 400)])
    assert [r.order_id for r in reissue_planner.plan_reissues(world.db, world.admin, TODAY)] == [
        long.order_id
    ]
    save_order_settings(world.db, world.admin, ca_maximum=[MaximumValidity(date(2026, 3, 15), 199)])

    due_day = row.reissue_due_on
    first = run_daily(world.db, SYSTEM, due_day)
    again = run_daily(world.db, SYSTEM, due_day + timedelta(days=1))
    assert first.reissue_reminders == 2 and again.reissue_reminders == 0
    with world.db.uow() as s:
        subjects = list(s.scalars(select(OutboxMessage.subject).where(OutboxMessage.kind == "reissue_due")))
        assert s.get(Order, long.order_id) is not None
    assert sorted(subjects)[0].startswith("Certificate for long.example.com must be reissued by")


def test_due_reminders_leave_out_the_certificates_already_reminded_before_reading_their_details(
    world: World, simulator
) -> None:
    with world.db.uow() as s:
        s.execute(update(ProcessingModule).values(department_id=world.setup.department_id))
    plan_id = plan(world, prices={12: "20.00", 24: "36.00"})
    client_id = client(world, deposit="100.00")
    (first,) = order(world, client_id, plan_id, cn="one.example.com", period=24).orders
    (second,) = order(world, client_id, plan_id, cn="two.example.com", period=24).orders
    simulator.issue_all()
    order_sync.sync_orders(world.db, world.admin)
    (planned, _other) = reissue_planner.plan_reissues(world.db, world.admin, TODAY)
    due_day = planned.reissue_due_on
    asked: list[dict[int, date]] = []

    def reminded(due: dict[int, date]) -> set[int]:
        asked.append(dict(due))
        return {first.order_id}

    rows = reissue_planner.due_reminders(world.db, due_day, reminded=reminded)

    assert asked == [
        {first.order_id: planned.certificate_ends_on, second.order_id: planned.certificate_ends_on}
    ]
    assert [(r.order_id, r.common_name) for r in rows] == [(second.order_id, "two.example.com")]
    assert reissue_planner.due_reminders(world.db, due_day - timedelta(days=1)) == []
    assert {r.order_id for r in reissue_planner.due_reminders(world.db, due_day)} == {
        first.order_id,
        second.order_id,
    }
