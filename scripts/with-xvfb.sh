#!/usr/bin/env bash
# Run a command on a virtual X display (Xvfb), started here and stopped at the end.
set -euo pipefail
if [ -n "${DISPLAY:-}" ] && [ "${SSLBILL_FORCE_XVFB:-0}" != 1 ]; then exec "$@"; fi
for n in $(seq 90 140); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
trap 'kill $xvfb_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY="$display" QT_QPA_PLATFORM=xcb
"$@"
