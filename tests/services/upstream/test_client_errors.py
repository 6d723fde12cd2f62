"""Every upstream error becomes its own type with a clear, translated message — never a traceback."""

from __future__ import annotations

import socket
from dataclasses import replace
from decimal import Decimal

import pytest

from sslbill_desktop.services.errors import UpstreamError
from sslbill_desktop.services.ispmanager.client import IspmanagerClient
from sslbill_desktop.services.ispmanager.errors import (
    AccessDenied,
    BadCredentials,
    NotEnoughMoney,
    ProtocolError,
    TwoFactorEnabled,
    UpstreamNotFound,
    UpstreamUnavailable,
    UpstreamValueError,
)
from tests.support.upstream_fixtures import (
    LOW_BALANCE,
    LOW_BALANCE_PASSWORD,
    RESELLER,
    RESELLER_PASSWORD,
    TWO_FACTOR,
    TWO_FACTOR_PASSWORD,
    fast_client_settings,
    make_order,
)


def connect(simulator, username: str = RESELLER, password: str = RESELLER_PASSWORD, **settings):
    return IspmanagerClient(
        simulator.url, username, password, settings=replace(fast_client_settings(), **settings)
    )


def test_a_wrong_password_is_bad_credentials(simulator) -> None:
    with pytest.raises(BadCredentials) as caught:
        connect(simulator, password="not-the-password").verify()
    assert caught.value.kind == "bad_credentials"
    assert "username or password" in str(caught.value)


def test_an_account_with_2fa_gets_the_source_wording(simulator) -> None:
    with pytest.raises(TwoFactorEnabled) as caught:
        connect(simulator, TWO_FACTOR, TWO_FACTOR_PASSWORD).verify()
    assert str(caught.value) == (
        "2FA is enabled on this account: disable it or use another account for the integration"
    )
    assert caught.value.kind == "two_factor"


def test_an_expired_session_is_renewed_once_transparently(simulator) -> None:
    client = connect(simulator)
    client.whoami()
    simulator.set_fault("session_expiry", funcs=["whoami"])
    assert client.whoami().balance == Decimal("1000.00")
    assert simulator.calls("auth") == 2


def test_a_session_refused_again_after_signing_in_again_fails_clearly(simulator) -> None:
    client = connect(simulator)
    simulator.set_fault("session_expiry", funcs=["whoami"], times=2)
    with pytest.raises(AccessDenied) as caught:
        client.whoami()
    assert caught.value.kind == "access"
    assert "even after signing in again" in str(caught.value)
    assert simulator.calls("auth") == 2


def test_a_period_the_plan_does_not_sell_is_a_value_error_naming_the_field(simulator) -> None:
    with pytest.raises(UpstreamValueError) as caught:
        connect(simulator).order_certificate(make_order(plan="55346", months=24))
    assert caught.value.field == "period"
    assert "period" in str(caught.value)
    assert simulator.certificates() == []


def test_a_bad_common_name_is_a_value_error_naming_the_field(simulator) -> None:
    order = replace(make_order(), common_name="not a domain")
    with pytest.raises(UpstreamValueError) as caught:
        connect(simulator).order_certificate(order)
    assert caught.value.field == "CN"


def test_not_enough_money_names_the_amount_the_balance_and_the_currency(simulator) -> None:
    with pytest.raises(NotEnoughMoney) as caught:
        connect(simulator, LOW_BALANCE, LOW_BALANCE_PASSWORD).order_certificate(make_order(plan="1011"))
    error = caught.value
    assert (error.amount, error.have, error.currency) == (Decimal("11.00"), Decimal("5.00"), "USD")
    assert "$11.00" in str(error) and "$5.00" in str(error)
    assert "Nothing was bought" in str(error)
    assert simulator.balance(LOW_BALANCE) == Decimal("5.00")


def test_an_unknown_certificate_is_not_found(simulator) -> None:
    with pytest.raises(UpstreamNotFound):
        connect(simulator).certificate("424242")


def test_a_host_that_does_not_resolve_is_unavailable_and_nothing_was_sent(monkeypatch) -> None:
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    client = IspmanagerClient(
        "https://billing.invalid", RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()
    )
    with pytest.raises(UpstreamUnavailable) as caught:
        client.whoami()
    assert "host name was not found" in str(caught.value)
    assert "billing.invalid" in str(caught.value)
    assert not caught.value.request_sent


def test_a_reply_slower_than_the_read_timeout_is_unavailable(simulator) -> None:
    client = connect(simulator, read_timeout=0.2, read_retries=0)
    client.whoami()
    simulator.set_fault("latency", funcs=["whoami"], seconds=1.0)
    with pytest.raises(UpstreamUnavailable) as caught:
        client.whoami()
    assert "did not answer in time" in str(caught.value)
    assert caught.value.request_sent


def test_a_lasting_5xx_is_unavailable_after_the_retries(simulator) -> None:
    client = connect(simulator)
    client.whoami()
    simulator.set_fault("http_500", funcs=["whoami"], times=None)
    with pytest.raises(UpstreamUnavailable) as caught:
        client.whoami()
    assert caught.value.status == 500
    assert "HTTP error 500" in str(caught.value)
    assert simulator.requests("whoami") == 1 + 1 + fast_client_settings().read_retries


@pytest.mark.parametrize(
    ("fault", "detail"),
    [("html", "HTML page"), ("garbled", "not valid JSON"), ("missing_keys", "'user' is missing")],
)
def test_a_reply_that_is_not_the_api_is_a_protocol_error(simulator, fault: str, detail: str) -> None:
    client = connect(simulator)
    client.whoami()
    simulator.set_fault(fault, funcs=["whoami"])
    with pytest.raises(ProtocolError) as caught:
        client.whoami()
    assert detail in str(caught.value)
    assert caught.value.kind == "protocol"


def test_a_list_cut_short_is_a_protocol_error(simulator) -> None:
    client = connect(simulator)
    client.order_certificate(make_order())
    simulator.set_fault("missing_keys", funcs=["certificate"])
    with pytest.raises(ProtocolError, match="list ended after 0 of 1"):
        client.certificates()


def test_a_url_that_is_not_a_billing_is_a_protocol_error(simulator) -> None:
    client = IspmanagerClient(
        simulator.url + "/somewhere-else", RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()
    )
    with pytest.raises(ProtocolError, match="HTTP error 404"):
        client.verify()


def test_every_error_is_an_upstream_error_with_a_message_and_no_chained_traceback(simulator) -> None:
    errors: list[UpstreamError] = []
    for action in (
        lambda: connect(simulator, password="wrong-password").verify(),
        lambda: connect(simulator, TWO_FACTOR, TWO_FACTOR_PASSWORD).verify(),
        lambda: connect(simulator, LOW_BALANCE, LOW_BALANCE_PASSWORD).order_certificate(make_order()),
    ):
        with pytest.raises(UpstreamError) as caught:
            action()
        errors.append(caught.value)
    simulator.set_fault("garbled", funcs=["whoami"])
    with pytest.raises(UpstreamError) as caught:
        connect(simulator).whoami()
    errors.append(caught.value)
    for error in errors:
        assert error.message and "Traceback" not in error.message
        assert error.__cause__ is None
