"""The simulator itself: loopback only, state that survives a restart, faults as specified, and
the `sslbill-desktop simulator` command standalone."""

from __future__ import annotations

import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from sslbill_desktop.services.ispmanager.client import IspmanagerClient
from sslbill_desktop.services.ispmanager.errors import UpstreamUnavailable
from sslbill_desktop.services.ispmanager.simulator import Simulator, start_simulator
from sslbill_desktop.services.ispmanager.simulator_faults import FaultPlan, FaultSpec, parse_fault_spec
from tests.support.upstream_fixtures import RESELLER, RESELLER_PASSWORD, fast_client_settings, make_order

ROOT = Path(__file__).resolve().parents[3]


def test_the_simulator_listens_on_loopback_only() -> None:
    with pytest.raises(ValueError, match="loopback"):
        Simulator(host="0.0.0.0")


def test_balances_and_certificates_survive_a_restart_with_a_state_file(tmp_path: Path) -> None:
    state = tmp_path / "sim.json"
    with start_simulator(state_file=state) as sim:
        with IspmanagerClient(sim.url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()) as c:
            ordered = c.order_certificate(make_order("kept.example.com"))
        sim.issue_all()
        ca = sim.ca_pem
    with start_simulator(state_file=state) as sim:
        with IspmanagerClient(sim.url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()) as c:
            [cert] = c.certificates()
            assert c.whoami().balance == Decimal("989.00")
            issued = c.download_certificate(ordered.id)
        assert (cert.id, cert.cn, cert.issued) == (ordered.id, "kept.example.com", True)
        assert sim.ca_pem == ca == issued.chain_pem


def test_a_one_shot_fault_hits_one_matching_call_only() -> None:
    plan = FaultPlan()
    plan.add("http_500", funcs=["whoami"])
    assert plan.draw("certificate") == []
    assert [f.kind for f in plan.draw("whoami")] == ["http_500"]
    assert plan.draw("whoami") == []


def test_a_random_fault_with_a_seed_hits_the_same_calls_every_time() -> None:
    def pattern() -> list[bool]:
        plan = FaultPlan()
        plan.add("reset", times=None, probability=0.3, seed=42)
        return [bool(plan.draw("whoami")) for _ in range(200)]

    first = pattern()
    assert first == pattern()
    assert 20 < sum(first) < 100


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("http_500", FaultSpec("http_500")),
        ("reset:3", FaultSpec("reset", times=3)),
        ("html:always", FaultSpec("html", times=None)),
        ("garbled:25%", FaultSpec("garbled", times=None, probability=0.25)),
        (
            "drop_after_commit@certificate.order.param",
            FaultSpec("drop_after_commit", funcs=frozenset({"certificate.order.param"})),
        ),
        ("latency=2.5:always", FaultSpec("latency", times=None, seconds=2.5)),
    ],
)
def test_command_line_fault_specs(spec: str, expected: FaultSpec) -> None:
    assert parse_fault_spec(spec) == expected


@pytest.mark.parametrize("spec", ["meteor", "reset:0", "reset:often", "garbled:0%", "latency=soon"])
def test_a_bad_fault_spec_is_refused_with_the_reason(spec: str) -> None:
    with pytest.raises(ValueError):
        parse_fault_spec(spec)


def test_the_command_serves_until_stopped_and_prints_how_to_connect(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sslbill_desktop",
            "simulator",
            "--port",
            "0",
            "--catalog-size",
            "5",
            "--state",
            str(tmp_path / "state.json"),
            "--fault",
            "http_502@whoami",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first.startswith("ispmanager simulator: http://127.0.0.1:")
        url = first.rsplit(" ", 1)[1]
        lines = [process.stdout.readline() for _ in range(6)]
        assert any("reseller" in line and "reseller-pass" in line for line in lines)
        assert any("twofactor" in line for line in lines)
        with IspmanagerClient(url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()) as client:
            assert client.whoami().balance == Decimal("1000.00")
            assert len(client.price_list()) == 9 + 5
    finally:
        process.send_signal(signal.SIGTERM)
        out, _err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "simulator stopped" in out
    assert (tmp_path / "state.json").exists()
    with pytest.raises(UpstreamUnavailable):
        IspmanagerClient(url, RESELLER, RESELLER_PASSWORD, settings=fast_client_settings()).whoami()


def test_the_command_refuses_a_bad_fault() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sslbill_desktop", "simulator", "--port", "0", "--fault", "meteor"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown fault kind 'meteor'" in result.stderr
