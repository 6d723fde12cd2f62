"""Write the next Alembic revision from the difference between the models and the newest migration.

Usage: .venv/bin/python scripts/new_migration.py NNNN "what it adds"
It builds a scratch SQLite database at the current head, lets Alembic compare it with the models,
writes sslbill_desktop/migrations/versions/NNNN_*.py, and updates HEAD_REVISION. Read the file
before committing: autogenerate misses renames and server defaults.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command

import sslbill_desktop.models  # noqa: F401
from sslbill_desktop.services.db import Database


def main() -> int:
    if len(sys.argv) != 3 or not re.fullmatch(r"\d{4}", sys.argv[1]):
        print(__doc__)
        return 2
    rev_id, message = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/scratch.sqlite3")
        config = db.alembic_config()
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        db.dispose()
    init = Path(__file__).resolve().parents[1] / "sslbill_desktop" / "migrations" / "__init__.py"
    text = re.sub(r'HEAD_REVISION = "\d{4}"', f'HEAD_REVISION = "{rev_id}"', init.read_text())
    init.write_text(text)
    print(f"HEAD_REVISION is now {rev_id}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
