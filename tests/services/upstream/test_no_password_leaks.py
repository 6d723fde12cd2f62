"""The password of a processing module appears nowhere: not in the database file, the logs
(DEBUG included, urllib3's too), exception messages, the journal or a client's repr."""

from __future__ import annotations

import json
import logging
import re
from decimal import Decimal

import pytest
from sqlalchemy import select

import sslbill_desktop.models  # noqa: F401
from sslbill_desktop.models.base import Base
from sslbill_desktop.services import journal, upstream
from sslbill_desktop.services.errors import UserError
from tests.support.upstream_fixtures import add_module, make_order

PASSWORD = "Zq7-unique-Pw!9931"
WRONG = "Wr0ng-unique-Pw!4410"
USER = "leaktest"


def database_text(database) -> str:
    path = database.sqlite_path
    if path is not None:
        database.dispose()
        return "".join(
            p.read_bytes().decode("latin-1") for p in path.parent.iterdir() if p.name.startswith(path.name)
        )
    parts: list[str] = []
    with database.uow() as s:
        for table in Base.metadata.sorted_tables:
            for row in s.execute(select(table)):
                parts.append(json.dumps([str(v) for v in row]))
    return "\n".join(parts)


def test_the_password_never_leaks(database, admin, simulator, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    simulator.add_account(USER, PASSWORD, Decimal("500.00"))
    module = add_module(database, simulator.url, USER, PASSWORD)
    errors: list[BaseException] = []

    upstream.verify_credentials(simulator.url, USER, PASSWORD)
    for action in (
        lambda: upstream.verify_credentials(simulator.url, USER, WRONG),
        lambda: upstream.verify_credentials(simulator.url + "/nowhere", USER, PASSWORD),
    ):
        with pytest.raises(UserError) as caught:
            action()
        errors.append(caught.value)

    simulator.set_fault("session_expiry", funcs=["certificate.order.param"])
    journal.purchase_certificate(database, admin, module, make_order("one.example.com"))
    simulator.set_fault("drop_after_commit", funcs=["certificate.order.param"])
    journal.purchase_certificate(database, admin, module, make_order("two.example.com"))
    simulator.set_fault("http_500", funcs=["certificate.order.param"], times=None)
    with pytest.raises(UserError) as caught:
        journal.purchase_certificate(database, admin, module, make_order("three.example.com"))
    errors.append(caught.value)
    simulator.clear_faults()
    simulator.set_fault("garbled", funcs=["whoami"], times=None)
    with pytest.raises(UserError) as caught:
        upstream.refresh_balance(database, admin, module)
    errors.append(caught.value)
    simulator.clear_faults()
    upstream.refresh_balance(database, admin, module)
    client = upstream.client_for(database, module)

    assert "GET /billmgr?" in caplog.text, "urllib3's debug lines were captured"
    secrets = (PASSWORD, WRONG)
    for secret in secrets:
        assert secret not in caplog.text
        for error in errors:
            assert secret not in str(error) and secret not in repr(error) and secret not in str(error.args)
        assert secret not in repr(client)
        for record in journal.list_journal(database, admin):
            assert secret not in json.dumps(record.request) and secret not in record.error
        assert secret not in database_text(database)
    assert not re.search(r"auth=(?!\*\*\*)", caplog.text), "session ids are masked in the logs"
