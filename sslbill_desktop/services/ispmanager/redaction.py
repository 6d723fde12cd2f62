"""Keep passwords and session ids out of log lines.

Our own code never logs a secret; this filter is the second line of defence for the libraries
underneath (urllib3 logs request lines at DEBUG). It masks `password=`, `auth=` and `authinfo=`
values and every secret registered with `register_secret`, and it is attached to the loggers that
see upstream traffic by `install()` (idempotent; the client calls it).
"""

from __future__ import annotations

import logging
import re
import threading

MASK = "***"
_PARAMETER = re.compile(r"(?i)\b(password|passwd|auth|authinfo|sid)=([^&\s'\"]+)")
#: Loggers that see upstream traffic. A logger's filter only sees that logger's own records, so
#: each one is named.
WATCHED_LOGGERS = (
    "urllib3",
    "urllib3.connectionpool",
    "urllib3.connection",
    "urllib3.response",
    "urllib3.util.retry",
    "requests",
    "sslbill_desktop.services.ispmanager.client",
    "sslbill_desktop.services.ispmanager.simulator",
    "sslbill_desktop.services.upstream",
    "sslbill_desktop.services.journal",
    "sslbill_desktop.services.credentials",
)

_lock = threading.Lock()
_secrets: set[str] = set()
_installed = False


def register_secret(value: str) -> None:
    """Mask `value` wherever it would appear in a watched log line (values under 4 characters are
    too common to mask reliably and are left to the parameter rule)."""
    if len(value) >= 4:
        with _lock:
            _secrets.add(value)


def redact(message: str) -> str:
    """`message` with secret parameters and registered secrets masked."""
    message = _PARAMETER.sub(lambda m: f"{m.group(1)}={MASK}", message)
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in message:
            message = message.replace(secret, MASK)
    return message


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with `redact` (the record is kept, never dropped)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message or record.args:
            record.msg = cleaned
            record.args = None
        return True


_FILTER = RedactingFilter()


def install() -> None:
    """Attach the filter to every watched logger (once per process)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    for name in WATCHED_LOGGERS:
        logging.getLogger(name).addFilter(_FILTER)
