"""The error presenter: the one place that decides how an exception reaches the user.

A `UserError` (raised by services, already translated) is shown as it is. Anything else is a bug:
logged with its traceback and shown in the crash dialog. `sys.excepthook` ends up here too.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

from PySide6.QtWidgets import QWidget

from sslbill_desktop.services.errors import Conflict, PermissionDenied, UserError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.views import messages

log = logging.getLogger(__name__)


def present(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user about `exc`: its message for a `UserError`, the crash dialog for a bug."""
    if isinstance(exc, Conflict):
        messages.warn(parent, str(exc), title=_("Changed elsewhere"))
    elif isinstance(exc, PermissionDenied):
        messages.warn(parent, str(exc), title=_("Not allowed"))
    elif isinstance(exc, UserError):
        messages.error(parent, str(exc))
    else:
        report_bug(type(exc), exc, exc.__traceback__, parent)


def report_bug(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    parent: QWidget | None = None,
) -> None:
    """Log an unexpected exception with its traceback and show the crash dialog."""
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    log.error("unexpected error:\n%s", details)
    summary = _(
        "Something went wrong inside the program. This is a bug, not something you did. "
        "The details below are also in the log file."
    )
    messages.crash(parent, summary, details)
