"""Import of 1,000 tariff plans from the simulator's generated price list.

A simulator serves a price list of 1,000 generated products (plus its few real ones) over
loopback HTTP; a fresh SQLite workspace has the demo set-up and a processing module on it. The
figure is what the import wizard does for the whole list: read the price list (all pages) and
import each generated product as a plan (`services.tariff_import.import_many`: one transaction
per plan, audited, with its yearly price, upstream costs and markup). Baseline in the same run:
reading the price list alone (the part no implementation can skip). Goal: under 3 s.
Prints one JSON line.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import bench_home, emit, memory_keyring, ms, note, sqlite_url

PLANS = 1000
GOAL_SECONDS = 3.0
REPEATS = int(os.environ.get("TARIFF_IMPORT_REPEATS", "3"))


def _workspace(directory: Path, url: str, number: int):  # type: ignore[no-untyped-def]
    from sslbill_desktop.services import processing
    from sslbill_desktop.services.auth import SYSTEM
    from sslbill_desktop.services.db import Database
    from sslbill_desktop.services.demo_setup import seed_demo_setup

    db = Database(sqlite_url(directory / f"import-{number}.sqlite3"))
    db.migrate()
    setup = seed_demo_setup(db)
    module = processing.create_processing_module(
        db,
        SYSTEM,
        processing.ModuleInput(
            name={"en": "Simulator"},
            url=url,
            username="reseller",
            data_center_id=setup.data_center_id,
            department_id=setup.department_id,
        ),
        password="reseller-pass",
    )
    return db, setup.provider_id, module.id


def main() -> int:
    from sslbill_desktop.services import tariff_import
    from sslbill_desktop.services.auth import SYSTEM
    from sslbill_desktop.services.ispmanager.simulator import start_simulator
    from sslbill_desktop.services.ispmanager.simulator_catalog import GENERATED_FIRST_ID
    from sslbill_desktop.services.upstream import close_all_clients

    memory_keyring()
    totals: list[float] = []
    fetches: list[float] = []
    imports: list[float] = []
    created = 0
    with bench_home() as home:
        simulator = start_simulator(catalog_size=PLANS)
        try:
            for number in range(REPEATS):
                db, provider_id, module_id = _workspace(home, simulator.url, number)
                close_all_clients()  # each run signs in afresh, as the wizard does
                started = time.perf_counter()
                price_list = tariff_import.load_price_list(db, SYSTEM, module_id)
                fetched = time.perf_counter()
                generated = [e.id for e in price_list.entries if int(e.id) >= GENERATED_FIRST_ID]
                results = tariff_import.import_many(
                    db,
                    SYSTEM,
                    module_id=module_id,
                    provider_id=provider_id,
                    product_ids=generated,
                    price_list=price_list,
                    markup=tariff_import.Markup(tariff_import.MarkupKind.PERCENT, Decimal(20)),
                )
                finished = time.perf_counter()
                created = sum(1 for r in results if r.created)
                if created != PLANS:
                    raise SystemExit(f"imported {created} plans, expected {PLANS}")
                totals.append(finished - started)
                fetches.append(fetched - started)
                imports.append(finished - fetched)
                note(f"run {number + 1}: {finished - started:.2f} s")
                db.dispose()
        finally:
            simulator.stop()
            close_all_clients()
    total = statistics.median(totals)
    emit(
        "tariff_import_1000",
        value=round(total, 3),
        unit="s",
        goal=f"< {GOAL_SECONDS:.0f} s",
        met=total < GOAL_SECONDS,
        baseline={
            "what": "reading the 1,000-plan price list alone (all pages, loopback HTTP)",
            "value": round(statistics.median(fetches), 3),
            "unit": "s",
        },
        import_only_seconds=round(statistics.median(imports), 3),
        per_plan_ms=ms(statistics.median(imports) / PLANS),
        plans=created,
        repeats=REPEATS,
        statistic="median",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
