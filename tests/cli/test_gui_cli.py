import os
import subprocess
import sys

from sslbill_desktop.app import FIRST_PAINT_MARKER
from sslbill_desktop.cli import build_parser
from sslbill_desktop.commands.demo import DEMO_FILE_NAME, demo_database_url


def test_first_window_paints_before_the_database_layer_is_imported(isolated_home) -> None:
    probe = (
        "import sys\n"
        "from sslbill_desktop.cli import main\n"
        "code = main(['gui', '--exit-after-first-paint'])\n"
        "print('sqlalchemy' in sys.modules, 'alembic' in sys.modules, code)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SSLBILL_HOME": str(isolated_home)}
    done = subprocess.run(
        [sys.executable, "-c", probe], check=False, capture_output=True, text=True, env=env, timeout=60
    )
    assert done.stdout.split() == [FIRST_PAINT_MARKER, "False", "False", "0"], done.stderr


def test_gui_command_takes_a_language_and_a_screenshot_folder() -> None:
    args = build_parser().parse_args(["gui", "--language", "ru", "--screenshot-dir", "/tmp/shots"])
    assert args.language == "ru"
    assert str(args.screenshot_dir) == "/tmp/shots"


def test_demo_uses_its_own_database_in_the_data_folder(isolated_home) -> None:
    url = demo_database_url(None)
    assert url.startswith("sqlite:///")
    assert url.endswith(DEMO_FILE_NAME)
    assert str(isolated_home) in url
    assert demo_database_url("postgresql+psycopg://db/x") == "postgresql+psycopg://db/x"
