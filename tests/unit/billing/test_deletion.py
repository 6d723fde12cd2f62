"""Deleting a service by hand: minimum order period, client permission."""

from __future__ import annotations

import pytest

from sslbill_desktop.services.billing import (
    ClientGroup,
    MinimumOrderPeriod,
    PeriodUnit,
    Rule,
    ServiceStatus,
    delete_service,
)
from tests.unit.billing.support import d, ok, ordered, plan, refused


@pytest.mark.parametrize(
    ("minimum", "too_early", "allowed"),
    [
        (MinimumOrderPeriod(10, PeriodUnit.DAYS), "2027-01-30", "2027-01-31"),
        (MinimumOrderPeriod(3, PeriodUnit.MONTHS), "2027-04-20", "2027-04-21"),
    ],
)
def test_deletion_before_the_minimum_order_period_is_refused(minimum, too_early, allowed):
    terms = plan(minimum_order_period=minimum)
    state = ordered(terms, "2027-01-21")
    result = delete_service(state, terms, d(too_early))
    assert refused(result, Rule.MINIMUM_ORDER_PERIOD).message == (
        f"the service cannot be deleted before {allowed} (minimum order period)"
    )
    outcome = ok(delete_service(state, terms, d(allowed)))
    assert (outcome.state.status, outcome.state.deleted_on, outcome.entries) == (
        ServiceStatus.DELETED,
        d(allowed),
        (),
    )


def test_a_client_may_delete_only_when_the_group_allows_it():
    terms = plan()
    state = ordered(terms, "2027-01-21")
    refused(delete_service(state, terms, d("2027-02-01"), by_client=True), Rule.DELETE_NOT_ALLOWED)
    group = ClientGroup("owners", allow_delete=True)
    ok(delete_service(state, terms, d("2027-02-01"), by_client=True, group=group))


def test_a_deleted_service_cannot_be_deleted_again():
    terms = plan()
    state = ok(delete_service(ordered(terms, "2027-01-21"), terms, d("2027-01-22"))).state
    refused(delete_service(state, terms, d("2027-01-23")), Rule.DELETED)
