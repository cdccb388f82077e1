#!/usr/bin/env bash
# Runs a command with a private PostgreSQL server for the tests: Debian's `postgresql` (installed if missing),
# a new cluster in a temporary folder, listening on 127.0.0.1 only, on a free port, its unix socket in that folder,
# trust authentication (local test use only). The command gets
#   ATELIERS_TEST_POSTGRES=postgres://postgres@127.0.0.1:PORT/postgres
# and the server is stopped and its folder removed when the command ends, whether it passed or not. Its exit status
# is the command's.
#
#   Tests/postgres/with-postgres.sh swift test
set -euo pipefail

[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGUMENT…]" >&2; exit 64; }
sudo=$([ "$(id -u)" = 0 ] || echo sudo)

bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(bin)" ] || [ ! -x "$(bin)/initdb" ]; then
  echo "postgres: installing Debian's postgresql with apt-get"
  $sudo apt-get update -qq
  # The package's own cluster (`main`, port 5432) is not used: the tests start their own.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
fi
BIN=$(bin)

# PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user the package made.
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  owner=$(id -un)
  as_owner() { "$@"; }
fi

folder=$(mktemp -d "${TMPDIR:-/tmp}/ateliers-postgres.XXXXXX")
chown "$owner" "$folder"
chmod 700 "$folder"
stop() {
  if [ -f "$folder/server.log" ]; then
    echo "postgres: the tests made $(grep -c ': CREATE DATABASE' "$folder/server.log") databases" \
      "and $(grep -c ': CREATE TABLE ateliers_agenda' "$folder/server.log") agenda tables; stopping it"
  fi
  if [ -f "$folder/data/postmaster.pid" ]; then
    as_owner "$BIN/pg_ctl" -D "$folder/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$folder"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_owner "$BIN/initdb" -D "$folder/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
  >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# The port is free when asked, and may be taken before the server binds it: then try another.
started=""
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  if as_owner "$BIN/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $folder -c fsync=off -c synchronous_commit=off \
          -c full_page_writes=off -c max_connections=200 -c log_statement=ddl" start >/dev/null; then
    started=yes
    break
  fi
done
if [ -z "$started" ]; then
  echo "postgres: the test server did not start:" >&2
  cat "$folder/server.log" >&2
  exit 1
fi

export ATELIERS_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
echo "postgres: $("$BIN/postgres" --version) at $ATELIERS_TEST_POSTGRES (cluster in $folder)"
status=0
"$@" || status=$?
exit $status
