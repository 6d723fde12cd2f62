"""With the upstream unreachable, every tariff page's data comes from what was stored at import."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sslbill_desktop.services import tariffs
from sslbill_desktop.services.errors import UpstreamError
from sslbill_desktop.services.tariff_export import export_csv, tariff_sheets
from sslbill_desktop.services.tariff_form import tariff_form
from sslbill_desktop.services.tariff_import import import_tariff, load_price_list


def test_with_the_simulator_stopped_everything_reads_the_stored_costs(
    database, admin, simulator, simulator_module, provider
) -> None:
    price_list = load_price_list(database, admin, simulator_module)
    plan_id = import_tariff(
        database,
        admin,
        module_id=simulator_module,
        provider_id=provider,
        product_id="2021",
        price_list=price_list,
    ).plan_id
    simulator.stop()

    (row,) = tariffs.list_tariffs(database, admin)
    assert row.costs_at == price_list.fetched_at and row.lowest_margin == Decimal("0.00")
    form = tariff_form(database, admin, plan_id)
    assert form.record.upstream.costs == {12: Decimal("299.00"), 24: Decimal("570.00"), 36: Decimal("830.00")}
    assert form.record.upstream.at == price_list.fetched_at
    assert form.margins(form.record.settings).rows[0].upstream_cost == Decimal("299.00")
    assert "DigiCert Secure Site" in export_csv(database, admin)
    assert tariff_sheets(database, admin, [plan_id])[0].prices[0].price == "$299.00"
    with pytest.raises(UpstreamError):
        load_price_list(database, admin, simulator_module)
