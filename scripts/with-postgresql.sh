#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server: a temporary data directory, listening on
# 127.0.0.1 only at a free port, stopped and removed when the command ends (whatever happens).
# The command sees SSLBILL_TEST_DATABASE_URL. PostgreSQL refuses to run as root, so as root the
# server runs as the `postgres` system user.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL server binaries not found (install the Debian package postgresql)" >&2
  exit 1
fi

workdir=$(mktemp -d /tmp/sslbill-pg.XXXXXX)
as_db_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$workdir"
  as_db_user=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${as_db_user[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

"${as_db_user[@]}" "$bindir/initdb" -D "$workdir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_db_user[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $port -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"${as_db_user[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres sslbill_test

export SSLBILL_TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$port/sslbill_test"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
