#!/usr/bin/env bash
# Install the Debian packages a target needs when they are missing: quietly nothing when they are
# there; apt-get when run as root; otherwise a clear message naming the packages to install.
# Usage: scripts/ensure-system-packages.sh qt|postgresql|xvfb [...]
set -euo pipefail

packages_for() {
  case "$1" in
    qt) echo "libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0 libdbus-1-3
              fonts-dejavu-core libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
              libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1" ;;
    postgresql) echo "postgresql" ;;
    xvfb) echo "xvfb xauth" ;;
    *) echo "unknown package group: $1" >&2; exit 2 ;;
  esac
}

command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian: the user installs what Qt needs

missing=()
for group in "$@"; do
  for pkg in $(packages_for "$group"); do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ "$status" == *"ok installed"* ]] || missing+=("$pkg")
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
