import logging
import sys

from sslbill_desktop.logging_setup import _excepthook, log_file, setup_logging
from sslbill_desktop.services.errors import Conflict, PermissionDenied, ValidationError
from sslbill_desktop.views.errors import present


def test_user_errors_are_shown_as_they_are(qtbot, messages_recorder) -> None:
    present(None, ValidationError("email", "not an e-mail address: x"))
    present(None, Conflict("Someone else changed it."))
    present(None, PermissionDenied("Your role does not allow it."))
    assert [(m.kind, m.text) for m in messages_recorder.shown] == [
        ("error", "email: not an e-mail address: x"),
        ("warn", "Someone else changed it."),
        ("warn", "Your role does not allow it."),
    ]


def test_an_escaped_exception_is_logged_and_shown_in_the_crash_dialog(qtbot, messages_recorder) -> None:
    messages_recorder.crashes_expected = True
    root = logging.getLogger()
    before = list(root.handlers)
    setup_logging()
    try:
        try:
            raise KeyError("no such tariff")
        except KeyError:
            _excepthook(*sys.exc_info())
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            handler.close()
            root.removeHandler(handler)
    crash = messages_recorder.last("crash")
    assert "KeyError: 'no such tariff'" in crash.details
    assert "bug" in crash.text
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged
    assert "no such tariff" in logged
