#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL server (Debian's postgresql) for manual runs and
# benchmarks. The test suite starts its own (tests/store/conftest.py); set
# TRIAGE_TEST_PG_URL to the URL printed here to make it use this one instead.
#
#   tests/pg.sh start [DIR]   -> prints postgresql://triage@127.0.0.1:PORT/postgres
#   tests/pg.sh stop  [DIR]
set -euo pipefail
cmd=${1:-start}
dir=${2:-/tmp/triage-pg-manual}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [[ -z "$bin" ]]; then
  echo "PostgreSQL is not installed (make system-deps)" >&2
  exit 2
fi
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_pg "$bin/initdb" -D "$dir/data" -A trust -U triage -E UTF8 --no-locale >/dev/null
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null
    echo "postgresql://triage@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop [DIR]" >&2
    exit 2
    ;;
esac
