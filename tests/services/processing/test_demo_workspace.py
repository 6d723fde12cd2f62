"""Opening the demo workspace: the set-up and a processing module on the simulator, idempotently."""

from __future__ import annotations

import keyring
from keyring.backends import fail

from sslbill_desktop.models.processing import ProcessingModule
from sslbill_desktop.services import credentials, demo, processing, staff
from sslbill_desktop.services.auth import authenticate
from sslbill_desktop.services.ispmanager.simulator import start_simulator
from tests.services.setup.helpers import count, table_counts


def test_the_demo_workspace_gets_a_module_connected_to_the_simulator(database, simulator) -> None:
    opened = demo.open_demo_workspace(database, simulator.url)
    assert opened.notice == ""
    admin = authenticate(database, staff.DEMO_ADMIN_LOGIN, staff.DEMO_PASSWORD)
    (module,) = processing.list_processing_modules(database, admin)
    assert module.id == opened.module_id
    assert (module.url, module.username, module.upstream_currency) == (simulator.url, "reseller", "USD")
    assert (module.data_center_id, module.department_id) == (
        opened.setup.data_center_id,
        opened.setup.department_id,
    )
    assert module.last_balance is not None and module.last_balance_at is not None
    assert credentials.read_module_password(module.id) == "reseller-pass"


def test_opening_it_again_changes_nothing_but_follows_the_simulator(database, simulator) -> None:
    first = demo.open_demo_workspace(database, simulator.url)
    counts = table_counts(database)
    again = demo.open_demo_workspace(database, simulator.url)
    assert again == first
    assert table_counts(database) == counts
    with start_simulator() as moved:  # the next run's simulator listens on another port
        third = demo.open_demo_workspace(database, moved.url)
        assert third.module_id == first.module_id and third.notice == ""
        admin = authenticate(database, staff.DEMO_ADMIN_LOGIN, staff.DEMO_PASSWORD)
        assert processing.get_processing_module(database, admin, first.module_id).url == moved.url
    assert count(database, ProcessingModule) == 1


def test_an_unusable_keyring_is_said_and_the_rest_is_seeded(database, simulator) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        opened = demo.open_demo_workspace(database, simulator.url)
    finally:
        keyring.set_keyring(previous)
    assert opened.module_id is None
    assert opened.notice.startswith("The demo's processing module was not connected")
    assert "No usable keyring" in opened.notice
    assert count(database, ProcessingModule) == 0
    assert opened.setup.department_id and opened.setup.provider_id
    # With a keyring again, the next start connects the module.
    assert demo.open_demo_workspace(database, simulator.url).module_id is not None


def test_the_process_simulator_starts_once(tmp_path) -> None:
    try:
        first = demo.demo_simulator(tmp_path / "state.json")
        assert demo.demo_simulator() is first
        assert first.url.startswith("http://127.0.0.1:")
    finally:
        demo.stop_demo_simulator()
