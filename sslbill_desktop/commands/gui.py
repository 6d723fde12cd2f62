"""`sslbill-desktop gui`: the desktop application (also what runs without a command)."""

from __future__ import annotations

import argparse
from pathlib import Path

LANGUAGES = ("en", "ru", "pseudo")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        help="interface language for this run (default: the one chosen at sign-in, else the system's); "
        "'pseudo' stretches every text to find clipped layouts",
    )
    parser.add_argument(
        "--screenshot-dir",
        type=Path,
        metavar="DIR",
        help="save a PNG of the first ready window (login, first-run wizard or main window) in DIR and quit",
    )
    parser.add_argument("--exit-after-first-paint", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from sslbill_desktop.app import run as run_app

    return run_app(
        args.database,
        language=args.language,
        screenshot_dir=args.screenshot_dir,
        exit_after_first_paint=args.exit_after_first_paint,
    )
