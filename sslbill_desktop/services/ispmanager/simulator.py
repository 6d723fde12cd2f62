"""A loopback ispmanager billing: a real HTTP server that speaks the API at `/billmgr`.

`start_simulator()` serves it from a background thread on 127.0.0.1 (a free port by default) and
returns a `SimulatorHandle`: the URL to give a processing module, and a thread-safe control API
for tests and demo mode — inject faults, issue the requested certificates, look at certificates
and balances, expire sessions, stop. `sslbill-desktop simulator` runs the same server in the
foreground. The client cannot tell it from the real service; see `simulator_state.py` for what it
knows and `simulator_faults.py` for what can be made to go wrong.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import struct
import threading
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sslbill_desktop.services.ispmanager.simulator_faults import (
    DROP_AFTER_COMMIT,
    GARBLED,
    HANG_AFTER_COMMIT,
    HTML,
    HTTP_500,
    HTTP_502,
    LATENCY,
    MISSING_KEYS,
    RESET,
    SESSION_EXPIRY,
    Fault,
    FaultPlan,
)
from sslbill_desktop.services.ispmanager.simulator_state import (
    SEEDED_ACCOUNTS,
    AccountSeed,
    CertificateView,
    SimulatorState,
)

log = logging.getLogger(__name__)

API_PATH = "/billmgr"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
#: How long a hung reply waits when the fault gives no time (the simulator's stop ends it sooner).
DEFAULT_HANG_SECONDS = 300.0
_MAX_BODY = 4 * 1024 * 1024

_MAINTENANCE_PAGE = (
    "<!DOCTYPE html><html><head><title>Maintenance</title></head>"
    "<body><h1>Service temporarily unavailable</h1><p>Please try again later.</p></body></html>"
)
_ERROR_PAGE = "<html><head><title>{status}</title></head><body><h1>{status} {reason}</h1></body></html>"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], simulator: Simulator) -> None:
        self.simulator = simulator
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._open_lock:
            open_sockets = list(self._open)
        for sock in open_sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = "ispmanager-simulator"
    sys_version = ""
    #: Idle keep-alive connections close after this many seconds.
    timeout = 30

    def log_message(self, format: str, *args: Any) -> None:
        # The default logs the request line, query included; ours logs only the function.
        pass

    def do_GET(self) -> None:
        query = urlsplit(self.path).query
        self._serve(dict(parse_qsl(query, keep_blank_values=True)))

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            self._send(413, "text/html", _ERROR_PAGE.format(status=413, reason="Too large"))
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length else ""
        fields = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
        fields.update(parse_qsl(body, keep_blank_values=True))
        self._serve(fields)

    def _send(self, status: int, content_type: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _reset(self) -> None:
        """Reset the connection (TCP RST) without any reply."""
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    def _drop(self) -> None:
        """Close the connection without any reply (the client sees the remote end hang up)."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _serve(self, fields: dict[str, str]) -> None:
        simulator = self.server.simulator
        if urlsplit(self.path).path.rstrip("/") != API_PATH:
            self._send(404, "text/html", _ERROR_PAGE.format(status=404, reason="Not Found"))
            return
        func = fields.get("func", "")
        simulator.state.note_request(func, self.headers.get("User-Agent", ""))
        faults = {f.kind: f for f in simulator.faults.draw(func)}
        log.debug("simulator: %s %s%s", self.command, func, f" faults={sorted(faults)}" if faults else "")
        delay = simulator.latency + (faults[LATENCY].seconds if LATENCY in faults else 0.0)
        if delay > 0 and simulator.wait(delay):
            self._drop()
            return
        if RESET in faults:
            self._reset()
            return
        for kind, status, reason in (
            (HTTP_500, 500, "Internal Server Error"),
            (HTTP_502, 502, "Bad Gateway"),
        ):
            if kind in faults:
                self._send(status, "text/html", _ERROR_PAGE.format(status=status, reason=reason))
                return
        if HTML in faults:
            self._send(200, "text/html", _MAINTENANCE_PAGE)
            return
        if SESSION_EXPIRY in faults:
            simulator.state.expire_session(fields.get("auth", ""))
        doc = simulator.state.handle(func, fields)
        self._reply(doc, faults)

    def _reply(self, doc: dict[str, Any], faults: dict[str, Fault]) -> None:
        simulator = self.server.simulator
        if DROP_AFTER_COMMIT in faults:
            self._drop()
            return
        if HANG_AFTER_COMMIT in faults:
            simulator.wait(faults[HANG_AFTER_COMMIT].seconds or DEFAULT_HANG_SECONDS)
            self._drop()
            return
        if MISSING_KEYS in faults:
            doc = {k: v for k, v in doc.items() if k == "p_elems"}
        body = json.dumps({"doc": doc})
        if GARBLED in faults:
            body = body[: max(1, len(body) // 2)] + '",,{"$'
        self._send(200, "application/json", body)


class Simulator:
    """The server, its state and its faults. Use `start_simulator()` to run one."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        catalog_size: int = 0,
        seed: int = 0,
        issue_delay: float | None = None,
        latency: float = 0.0,
        session_idle: float = 3600.0,
        state_file: Path | None = None,
    ) -> None:
        if host not in LOOPBACK_HOSTS:
            raise ValueError("the simulator listens on the loopback interface only (127.0.0.1)")
        self.state = SimulatorState(
            catalog_size=catalog_size,
            seed=seed,
            issue_delay=issue_delay,
            session_idle=session_idle,
            state_file=state_file,
        )
        self.faults = FaultPlan()
        self.latency = latency
        self._stopping = threading.Event()
        self._server = _Server((host, port), self)

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True when the simulator is stopping."""
        return self._stopping.wait(seconds)

    def serve_forever(self) -> None:
        self._server.serve_forever(poll_interval=0.1)

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        self.state.save()


class SimulatorHandle:
    """A running simulator: its URL and a thread-safe control API."""

    def __init__(self, simulator: Simulator, thread: threading.Thread) -> None:
        self._simulator = simulator
        self._thread = thread
        host, port = simulator.address
        self.host = host
        self.port = port
        self.url = f"http://{host}:{port}"
        self._stopped = False

    def __repr__(self) -> str:
        return f"SimulatorHandle(url={self.url!r})"

    def __enter__(self) -> SimulatorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._simulator.stop()
        self._thread.join(timeout=10)

    @property
    def accounts(self) -> tuple[AccountSeed, ...]:
        return SEEDED_ACCOUNTS

    @property
    def ca_pem(self) -> str:
        return self._simulator.state.ca.pem

    # --- faults --------------------------------------------------------------------------------

    def set_fault(
        self,
        kind: str,
        *,
        times: int | None = 1,
        funcs: Iterable[str] | None = None,
        probability: float = 1.0,
        seed: int | None = None,
        seconds: float = 0.0,
    ) -> None:
        """Add a fault rule (see `simulator_faults`): one-shot by default, `times=None` for every
        call, `probability` with `seed` for a reproducible random share of the calls."""
        self._simulator.faults.add(
            kind,
            funcs=frozenset(funcs or ()),
            times=times,
            probability=probability,
            seed=seed,
            seconds=seconds,
        )

    def clear_faults(self) -> None:
        self._simulator.faults.clear()

    def pending_faults(self) -> int:
        return self._simulator.faults.pending()

    def set_latency(self, seconds: float) -> None:
        self._simulator.latency = seconds

    # --- state ---------------------------------------------------------------------------------

    def issue_all(self) -> int:
        """Issue every requested certificate now; how many were issued."""
        return self._simulator.state.issue()

    def issue(self, certificate_id: str | int) -> bool:
        return self._simulator.state.issue(certificate_id) == 1

    def certificates(self, username: str | None = None) -> list[CertificateView]:
        state = self._simulator.state
        with state.lock:
            return [
                state.view(c)
                for c in sorted(state.certificates.values(), key=lambda c: c.id)
                if username is None or c.owner == username
            ]

    def balance(self, username: str = "reseller") -> Decimal:
        state = self._simulator.state
        with state.lock:
            return state.accounts[username].balance

    def set_balance(self, username: str, amount: Decimal) -> None:
        state = self._simulator.state
        with state.lock:
            state.accounts[username].balance = amount
            state.save()

    def backdate(self, certificate_id: str | int, created: datetime) -> None:
        """Pretend a certificate was created at `created` (an older purchase, for tests)."""
        state = self._simulator.state
        with state.lock:
            state.certificates[int(certificate_id)].created = created
            state.save()

    def expire_sessions(self, username: str | None = None) -> int:
        return self._simulator.state.expire_sessions(username)

    def calls(self, func: str | None = None) -> int:
        """How many calls (of `func`, or in all) the simulator received and carried out or refused."""
        state = self._simulator.state
        with state.lock:
            return sum(state.call_counts.values()) if func is None else state.call_counts[func]

    def requests(self, func: str | None = None) -> int:
        """How many HTTP requests (of `func`, or in all) arrived, faulted ones included."""
        state = self._simulator.state
        with state.lock:
            return sum(state.request_counts.values()) if func is None else state.request_counts[func]

    def user_agents(self) -> set[str]:
        state = self._simulator.state
        with state.lock:
            return set(state.user_agents)

    def add_account(
        self, username: str, password: str, balance: Decimal, *, two_factor: bool = False
    ) -> None:
        """Add an account (e.g. with a unique password for a leak test)."""
        self._simulator.state.add_account(username, password, balance, two_factor=two_factor)

    def call_log(self) -> list[tuple[str, str]]:
        """Every (function, user name) received, oldest first."""
        state = self._simulator.state
        with state.lock:
            return list(state.calls)


def start_simulator(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    catalog_size: int = 0,
    seed: int = 0,
    issue_delay: float | None = None,
    latency: float = 0.0,
    session_idle: float = 3600.0,
    state_file: Path | None = None,
) -> SimulatorHandle:
    """Serve a simulator from a daemon thread; port 0 picks a free port (see `handle.url`)."""
    simulator = Simulator(
        host=host,
        port=port,
        catalog_size=catalog_size,
        seed=seed,
        issue_delay=issue_delay,
        latency=latency,
        session_idle=session_idle,
        state_file=state_file,
    )
    thread = threading.Thread(target=simulator.serve_forever, name="ispmanager-simulator", daemon=True)
    thread.start()
    handle = SimulatorHandle(simulator, thread)
    log.info("ispmanager simulator serving %s", handle.url)
    return handle


__all__ = [
    "SEEDED_ACCOUNTS",
    "Simulator",
    "SimulatorHandle",
    "start_simulator",
]
