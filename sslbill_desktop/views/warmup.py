"""Load what signing in will need while the user is still typing the password.

Profiling the sign-in (`benchmarks/signin.py`) showed that most of its time was not the password
check but first-time work on the GUI thread: importing the main window, its menu actions and its
first page (whose services import `requests` and the billing engine, about 250 ms here) and
Babel's first load of the language's number data (about 70 ms, for the "3 records" count).
`warm_up()` does that work on a worker thread as soon as the database is open, so the click on
"Sign in" finds it done. It creates no widget and touches no database; a failure is only logged
(the real import on the GUI thread reports it).
"""

from __future__ import annotations

import importlib
import logging
from datetime import date
from decimal import Decimal

log = logging.getLogger(__name__)

#: Imported by the main window when it is built (directly or through its menu actions).
MAIN_WINDOW_MODULES = (
    "sslbill_desktop.views.main_window",
    "sslbill_desktop.views.daily_run_action",
    "sslbill_desktop.views.lists.list_page",
)


def warm_up() -> None:
    """Import the main window and the first page of the first section; load the locale's data."""
    from sslbill_desktop.views import navigation

    first = navigation.MENU[0].pages[0].factory if navigation.MENU and navigation.MENU[0].pages else None
    modules = [*MAIN_WINDOW_MODULES, *([first.partition(":")[0]] if first else [])]
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # warming up is optional; the real import reports problems
            log.debug("warming up: importing %s failed", name, exc_info=True)
    try:
        from sslbill_desktop.services.i18n import format_date, format_money
        from sslbill_desktop.views.lists.list_page import format_count

        format_count(1000)
        format_date(date(2000, 1, 1))
        format_money(Decimal("1.00"), "USD")
    except Exception:
        log.debug("warming up: loading the locale's data failed", exc_info=True)
