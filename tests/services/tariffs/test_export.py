"""CSV export of every plan and the data of the PDF tariff sheet, from stored data only."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from sslbill_desktop.services import tariffs
from sslbill_desktop.services.billing.terms import LateFeePolicy
from sslbill_desktop.services.tariff_export import export_csv, tariff_sheets
from sslbill_desktop.services.tariff_input import PeriodPrice
from tests.services.tariffs.support import import_plan, save


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_plan_is_exported_as_csv_in_list_order(database, admin, module_offline, provider) -> None:
    rapid = import_plan(database, admin, module_offline, provider, "1011")
    alpha = import_plan(database, admin, module_offline, provider, "55346")
    save(
        database,
        admin,
        rapid,
        prices=(PeriodPrice(1, Decimal("1.50")), PeriodPrice(12, Decimal("15.00"))),
        labels=("DV", "Top"),
    )
    rows = _rows(export_csv(database, admin))
    assert [r["id"] for r in rows] == [str(alpha), str(rapid)]
    rapid_row = rows[1]
    assert rapid_row["name"] == "RapidSSL" and rapid_row["state"] == "disabled"
    assert (rapid_row["price_1m"], rapid_row["price_12m"]) == ("1.50", "15.00")
    assert rows[0]["price_1m"] == ""
    assert rapid_row["labels"] == "DV; Top"
    assert (rapid_row["upstream_cost_12m"], rapid_row["upstream_cost_24m"]) == ("11.00", "21.00")
    assert rapid_row["upstream_costs_at"].startswith("2027-07-01T09:30:00")
    assert rapid_row["lowest_margin"] == "0.58"  # 1.50 a month against 11.00 / 12


def test_text_a_spreadsheet_would_run_as_a_formula_is_defused(database, admin, plan) -> None:
    save(database, admin, plan, name={"en": '=HYPERLINK("http://evil")'}, labels=("@SUM(A1)",))
    (row,) = _rows(export_csv(database, admin))
    assert row["name"].startswith("'=") and row["labels"].startswith("'@")


def test_the_sheet_has_prices_policies_in_words_and_the_description(database, admin, plan) -> None:
    save(
        database,
        admin,
        plan,
        prices=(PeriodPrice(12, Decimal("15.00"), Decimal("13.00")), PeriodPrice(24, Decimal("28.00"))),
        special_renewal=True,
        late_fee_policy=LateFeePolicy.FIXED,
        late_fee_amount=Decimal("2.00"),
        description={"en": "# RapidSSL\n\nIssued in minutes."},
    )
    (sheet,) = tariff_sheets(database, admin, [plan])
    assert sheet.title == "RapidSSL" and sheet.provider == "Acme SSL"
    assert [(p.period, p.price, p.renewal) for p in sheet.prices] == [
        ("1 year", "$15.00", "$13.00"),
        ("2 years", "$28.00", ""),
    ]
    policies = dict(sheet.policies)
    assert policies["Late renewal fee"] == "$2.00 added to a late renewal"
    assert policies["Billing"] == "Paid per period, from the order date"
    assert policies["Suspend service on weekends"] == "Suspend services (the product type's setting)"
    assert policies["Auto-deletion period"] == "Expired services are not deleted (the product type's setting)"
    assert sheet.description.startswith("# RapidSSL")


def test_sales_staff_can_export(database, admin, sales, plan) -> None:
    assert _rows(export_csv(database, sales))[0]["id"] == str(plan)
    assert tariff_sheets(database, sales, [plan])[0].title == "RapidSSL"
    assert tariffs.get_tariff(database, sales, plan).enabled is False
