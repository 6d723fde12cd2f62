"""`sslbill-desktop simulator --port N [--state FILE] [--catalog-size K] [--fault KIND ...]`

Serves the ispmanager API simulator on 127.0.0.1 until Ctrl-C (or SIGTERM), printing its URL and
the accounts to sign in with. Point a processing module at the URL to try the program without a
real ispmanager account.
"""

from __future__ import annotations

import argparse
import sys

FAULT_HELP = (
    "inject a fault: KIND[:N|:always|:P%%][@func,...], e.g. http_500 (once), reset:3, "
    "html:always, garbled:25%% (random, see --seed), drop_after_commit@certificate.order.param, "
    "latency=2.5:always. Kinds: latency, http_500, http_502, reset, html, garbled, missing_keys, "
    "session_expiry, drop_after_commit, hang_after_commit. Repeatable."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8765, help="TCP port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--state", metavar="FILE", help="keep balances and certificates in this JSON file")
    parser.add_argument(
        "--catalog-size", type=int, default=0, metavar="K", help="add K generated plans to the price list"
    )
    parser.add_argument("--fault", action="append", default=[], metavar="SPEC", help=FAULT_HELP)
    parser.add_argument(
        "--latency", type=float, default=0.0, metavar="S", help="delay every reply by S seconds"
    )
    parser.add_argument(
        "--issue-delay",
        type=float,
        default=None,
        metavar="S",
        help="issue ordered certificates S seconds after the order (default: never by itself)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated plans and random faults")


def run(args: argparse.Namespace) -> int:
    import signal
    import threading
    from pathlib import Path

    from sslbill_desktop.services.ispmanager.simulator import start_simulator
    from sslbill_desktop.services.ispmanager.simulator_faults import parse_fault_spec
    from sslbill_desktop.services.ispmanager.simulator_state import SEEDED_ACCOUNTS

    try:
        faults = [parse_fault_spec(spec) for spec in args.fault]
    except ValueError as exc:
        print(f"error: --fault: {exc}", file=sys.stderr)
        return 2
    if args.catalog_size < 0 or args.latency < 0:
        print("error: --catalog-size and --latency cannot be negative", file=sys.stderr)
        return 2
    try:
        handle = start_simulator(
            port=args.port,
            catalog_size=args.catalog_size,
            seed=args.seed,
            issue_delay=args.issue_delay,
            latency=args.latency,
            state_file=Path(args.state) if args.state else None,
        )
    except OSError as exc:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for n, fault in enumerate(faults):
        handle.set_fault(
            fault.kind,
            funcs=fault.funcs,
            times=fault.times,
            probability=fault.probability,
            seed=args.seed + n,
            seconds=fault.seconds,
        )

    print(f"ispmanager simulator: {handle.url}", flush=True)
    print(f"processing module URL: {handle.url}  (the API answers at {handle.url}/billmgr)")
    print("accounts (username / password):")
    for account in SEEDED_ACCOUNTS:
        print(
            f"  {account.username:<12} {account.password:<18} balance {account.balance} USD - {account.what}"
        )
    if args.state:
        print(f"state file: {args.state}")
    if faults:
        print(f"faults: {', '.join(args.fault)}")
    print("Ctrl-C stops it.", flush=True)

    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        handle.stop()
    print("simulator stopped", flush=True)
    return 0
