"""Command line: `sslbill-desktop [--database URL] [COMMAND ...]`; without a command, the GUI.

Each command lives in `sslbill_desktop/commands/<name>.py` with `add_arguments(parser)` and
`run(args) -> int`. Those modules import their heavy dependencies inside `run`, so that parsing
the command line stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sslbill_desktop import __version__

#: name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "gui": ("sslbill_desktop.commands.gui", "start the desktop application (the default)"),
    "db": ("sslbill_desktop.commands.db", "show or upgrade the database schema"),
    "demo": ("sslbill_desktop.commands.demo", "open a demo workspace, or fill a database with demo data"),
    "simulate": ("sslbill_desktop.commands.simulate", "replay a tariff scenario through the billing engine"),
    "process": ("sslbill_desktop.commands.process", "run the daily processing for a date"),
    "simulator": ("sslbill_desktop.commands.simulator", "serve the ispmanager API simulator on 127.0.0.1"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sslbill-desktop",
        description="Resell SSL certificates bought from an ispmanager billing account.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    database_help = "database URL (default: $SSLBILL_DATABASE_URL, else SQLite in the user data directory)"
    parser.add_argument("--database", metavar="URL", help=database_help)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        command_parser = sub.add_parser(
            name, help=help_text, description=help_text[:1].upper() + help_text[1:]
        )
        command_parser.add_argument(
            "--database", metavar="URL", help=database_help, default=argparse.SUPPRESS
        )
        module.add_arguments(command_parser)
        command_parser.set_defaults(_module=module_name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:  # no command: the GUI, with the global options given
        args = parser.parse_args([*args_list, "gui"])
    module = importlib.import_module(args._module)
    result: int = module.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
