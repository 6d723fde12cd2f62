"""Logging to a rotating file in `config.log_dir()`, and unexpected exceptions to the crash dialog."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from sslbill_desktop.config import log_dir

LOG_FILE_NAME = "sslbill-desktop.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("sslbill_desktop")


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Log to `log_dir()/sslbill-desktop.log` (1 MB, 5 files kept) and warnings to stderr."""
    path = log_file()
    root = logging.getLogger()
    root.setLevel(level)
    if not any(getattr(h, "_sslbill", False) for h in root.handlers):
        file_handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        file_handler.setFormatter(logging.Formatter(_FORMAT))
        file_handler._sslbill = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(logging.WARNING)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        console._sslbill = True  # type: ignore[attr-defined]
        root.addHandler(console)
    return path


def _excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        sys.__excepthook__(exc_type, exc, tb)
        return
    from sslbill_desktop.views.errors import report_bug

    report_bug(exc_type, exc, tb, QApplication.activeWindow())


def install_excepthook() -> None:
    """Send exceptions that escape Qt slots to the log and the crash dialog."""
    sys.excepthook = _excepthook
