"""Render the windows to PNG files: `python scripts/screenshots.py OUT_DIR [--language en ru] [--only NAME]`.

Each shot is a function registered with `@shot("name")` that builds a window in the state to
show and returns it; the studio shows it at its size, lets it paint and saves
`OUT_DIR/<name>-<language>.png`. Add a shot for every new wizard page or dialog. The `pseudo`
language stretches every text, to find clipped layouts before a translator does.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSize  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

if "SSLBILL_HOME" not in os.environ:  # never touch the user's own settings
    os.environ["SSLBILL_HOME"] = tempfile.mkdtemp(prefix="sslbill-screenshots-")

from sslbill_desktop.services import staff  # noqa: E402
from sslbill_desktop.services.auth import Actor, authenticate  # noqa: E402
from sslbill_desktop.services.db import Database, open_database  # noqa: E402
from sslbill_desktop.views import messages  # noqa: E402
from sslbill_desktop.views.context import Workspace  # noqa: E402
from sslbill_desktop.views.language import apply_language  # noqa: E402


@dataclass
class Studio:
    """What shots build on: a database with staff, an empty one, and the signed-in admin."""

    db: Database
    empty_db: Database
    admin: Actor

    def workspace(self) -> Workspace:
        return Workspace(self.db, self.admin)


@dataclass(frozen=True)
class Shot:
    name: str
    build: Callable[[Studio], QWidget]
    size: QSize | None


SHOTS: dict[str, Shot] = {}


def shot(
    name: str, size: tuple[int, int] | None = None
) -> Callable[[Callable[[Studio], QWidget]], Callable[[Studio], QWidget]]:
    def register(build: Callable[[Studio], QWidget]) -> Callable[[Studio], QWidget]:
        SHOTS[name] = Shot(name, build, QSize(*size) if size else None)
        return build

    return register


# --- the shots ------------------------------------------------------------------------------


@shot("login")
def login(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.login import LoginDialog

    dialog = LoginDialog(studio.db.description)
    dialog.set_database(studio.db)
    dialog.prefill("ada")
    return dialog


@shot("first-run")
def first_run(studio: Studio) -> QWidget:
    from sslbill_desktop.views.wizards.first_run import FirstRunWizard

    return FirstRunWizard(studio.empty_db)


@shot("first-run-admin")
def first_run_admin(studio: Studio) -> QWidget:
    from sslbill_desktop.views.wizards.first_run import FirstRunWizard

    wizard = FirstRunWizard(studio.empty_db)
    wizard.show()
    wizard.next()
    for field, text in (("login", "ada"), ("full_name", "Ada Lovelace"), ("email", "ada@example.com")):
        wizard.admin_page.edit(field).setText(text)
    return wizard


@shot("first-run-demo")
def first_run_demo(studio: Studio) -> QWidget:
    from sslbill_desktop.services.first_run import MODE_DEMO
    from sslbill_desktop.views.wizards.first_run import FirstRunWizard

    wizard = FirstRunWizard(studio.empty_db)
    wizard.show()
    wizard.choice_page.choose(MODE_DEMO)
    wizard.next()
    return wizard


@shot("main-window", size=(1100, 680))
def main_window(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    return MainWindow(studio.workspace())


@shot("staff", size=(1100, 680))
def staff_list(studio: Studio) -> QWidget:
    from sslbill_desktop.views.main_window import MainWindow

    window = MainWindow(studio.workspace())
    window.navigation.select("staff")
    return window


@shot("staff-dialog")
def staff_dialog(studio: Studio) -> QWidget:
    from sslbill_desktop.views.dialogs.staff import StaffDialog

    record = next(r for r in staff.list_staff(studio.db, studio.admin) if r.login == "boris")
    return StaffDialog(studio.workspace(), record)


# --- the studio -----------------------------------------------------------------------------


class _PrintedMessages:
    """Message boxes would block the run: print them instead and answer yes."""

    def _print(self, kind: str, text: str) -> None:
        print(f"{kind}: {text}", file=sys.stderr)

    def inform(self, parent: object, text: str, title: str) -> None:
        self._print("inform", text)

    def warn(self, parent: object, text: str, title: str) -> None:
        self._print("warning", text)

    def error(self, parent: object, text: str, title: str) -> None:
        self._print("error", text)

    def confirm(self, parent: object, text: str, title: str, yes: str, no: str) -> bool:
        self._print("confirm", text)
        return True

    def ask(self, parent: object, text: str, title: str, choices: Sequence[str]) -> int | None:
        self._print("ask", text)
        return 0

    def crash(self, parent: object, summary: str, details: str) -> None:
        self._print("crash", details)
        raise SystemExit(1)


def make_studio(directory: Path) -> Studio:
    db = open_database(f"sqlite:///{directory / 'shots.sqlite3'}")
    staff.create_first_admin(db, "ada", "Ada Lovelace", "screenshot-password", "ada@example.com")
    admin = authenticate(db, "ada", "screenshot-password")
    for login, name, role, email in (
        ("boris", "Boris Petrov", "sales", "boris@example.com"),
        ("chen", "Chen Wei", "sales", "chen@example.com"),
        ("dana", "Dana Schmidt", "admin", "dana@example.com"),
    ):
        staff.create_staff(
            db, admin, login=login, full_name=name, role=role, password="staff-password", email=email
        )
    chen = next(r for r in staff.list_staff(db, admin) if r.login == "chen")
    staff.set_disabled(db, admin, chen.id, version=chen.version, disabled=True)
    empty = open_database(f"sqlite:///{directory / 'empty.sqlite3'}")
    return Studio(db, empty, admin)


def take(app: QApplication, entry: Shot, studio: Studio, path: Path) -> None:
    widget = entry.build(studio)
    if entry.size is not None:
        widget.resize(entry.size)
    else:
        widget.adjustSize()
    widget.show()
    for _ in range(5):
        app.processEvents()
    if not widget.grab().save(str(path)):
        raise SystemExit(f"cannot write {path}")
    widget.hide()  # not close(): a dialog with typed data would ask before discarding it
    widget.deleteLater()
    app.processEvents()
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--language", nargs="+", default=["en", "ru"], help="en, ru and/or pseudo")
    parser.add_argument("--only", nargs="+", choices=sorted(SHOTS), help="just these shots")
    args = parser.parse_args(argv)
    os.environ.setdefault("SSLBILL_LOCALES_DIR", str(ROOT / "locales"))
    messages.install(_PrintedMessages())
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sslbill-shots-") as directory:
        studio = make_studio(Path(directory))
        for language in args.language:
            apply_language(language)
            for name in args.only or SHOTS:
                take(app, SHOTS[name], studio, args.out_dir / f"{name}-{language}.png")
        studio.db.dispose()
        studio.empty_db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
