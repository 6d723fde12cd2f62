"""`python -m sslbill_desktop` runs the same entry point as the `sslbill-desktop` script."""

import sys

from sslbill_desktop.cli import main

sys.exit(main())
