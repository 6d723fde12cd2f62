"""`sslbill-desktop simulate SCENARIO.json`: replay a tariff scenario through the billing engine.

Prints BILLING.md's JSON on standard output and exits 0; `--format table` prints a readable
ledger instead. Bad input (unreadable file, malformed JSON, a bad field) exits 2 with exactly one
line on standard error naming the field. No database, no network.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sslbill_desktop.services.billing import ReplayResult

EXIT_BAD_INPUT = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "scenario", metavar="SCENARIO.json", help="the scenario file, or - for standard input"
    )
    parser.add_argument(
        "--format",
        choices=("json", "table"),
        default="json",
        help="json (the default, as in BILLING.md) or table (a ledger with a running balance)",
    )


def _read(source: str) -> str:
    from sslbill_desktop.services.errors import ValidationError
    from sslbill_desktop.services.i18n import _

    try:
        if source == "-":
            return sys.stdin.buffer.read().decode("utf-8")
        with open(source, "rb") as handle:
            return handle.read().decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(source, _("not UTF-8 text")) from None
    except OSError as error:
        raise ValidationError(
            source, _("cannot read the file: {reason}").format(reason=error.strerror)
        ) from None


def _write(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    import json

    from sslbill_desktop.services.billing import load_scenario, replay
    from sslbill_desktop.services.errors import ValidationError

    source: str = args.scenario
    try:
        scenario = load_scenario(_read(source), "<stdin>" if source == "-" else source)
    except ValidationError as error:
        message = " ".join(str(error).split())  # always one line
        sys.stderr.write(message + "\n")
        return EXIT_BAD_INPUT
    result = replay(scenario)
    if args.format == "table":
        _write(format_table(result))
    else:
        _write(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n")
    return 0


def format_table(result: ReplayResult) -> str:
    """The ledger as aligned text columns, the refused events, and the final state."""
    from sslbill_desktop.services.billing import format_amount
    from sslbill_desktop.services.i18n import _, ngettext

    currency = result.currency
    header = (_("date"), _("kind"), _("amount"), _("balance"), _("note"))
    rows = [
        (
            row.date.isoformat(),
            row.kind.value,
            format_amount(row.amount, currency),
            format_amount(row.balance, currency),
            row.note,
        )
        for row in result.rows()
    ]
    opening = ("", _("opening"), "", format_amount(result.opening_balance, currency), "")
    table = [header, opening, *rows]
    widths = [max(len(line[column]) for line in table) for column in range(4)]
    lines = []
    for line in table:
        cells = [
            line[0].ljust(widths[0]),
            line[1].ljust(widths[1]),
            line[2].rjust(widths[2]),
            line[3].rjust(widths[3]),
            line[4],
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths) + "  " + "-" * len(header[4]))
    refused = [event for event in result.events if not event.ok]
    if refused:
        lines.append("")
        lines.append(_("Refused events:"))
        lines.extend(f"  {event.date.isoformat()}  {event.action.value}: {event.error}" for event in refused)
    lines.append("")
    service = result.service
    if service is None:
        lines.append(_("Service: none ordered"))
    else:
        lines.append(
            _("Service: {status}, tariff {tariff}, {period}, expires on {expires_on}").format(
                status=service.status.value,
                tariff=service.tariff,
                period=ngettext("{n} month", "{n} months", service.period).format(n=service.period),
                expires_on=service.expires_on.isoformat(),
            )
        )
    lines.append(
        _("Balance: {amount} {currency}").format(
            amount=format_amount(result.balance, currency), currency=currency
        )
    )
    return "\n".join(lines) + "\n"
