#!/usr/bin/env bash
# A throwaway PostgreSQL cluster owned by the repo, started from the machine's binaries.
#   scripts/pg.sh up   DIR PORT [--fast]   initialise (once) and start; --fast turns durability off
#   scripts/pg.sh down DIR [--immediate]   stop (the data stays; rm -rf DIR to forget it)
#   scripts/pg.sh url  DIR PORT            print the admin URL
#   scripts/pg.sh standby DIR PORT PRIMARY_PORT [--fast]
#                                          a streaming hot standby of the cluster on PRIMARY_PORT
#                                          (pg_basebackup -R once, then started like `up`)
# The server listens on 127.0.0.1 and on a unix socket in DIR/run only. The repo's ports (15432 run,
# 15433 test, 15437 fuzz, 2546x browser tests) lie below Linux's ephemeral range (32768-60999), so
# an outgoing connection can never be holding them; a busy port or folder is named when up fails. initdb refuses to run as
# root, so as root every server command runs as the OS user `postgres` (created when missing).
set -euo pipefail

cmd=${1:?usage: pg.sh up|down|url DIR [PORT] [--fast]}
dir=${2:?usage: pg.sh up|down|url DIR [PORT] [--fast]}
port=${3:-15432}
fast=${4:-}

pgbin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] || { echo "pg.sh: $name not found (install postgresql)" >&2; exit 1; }
  echo "$found"
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# As root, the postgres user must be able to reach DIR (every parent needs o+x). When it cannot
# (a checkout under /root, say), the cluster lives in a folder of the temp dir named after DIR.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  if ! runuser -u postgres -- test -x "$dir"; then
    alt="${TMPDIR:-/tmp}/insights-pg-$(printf '%s' "$dir" | md5sum | cut -c1-12)"
    [ "$cmd" = up ] && echo "pg.sh: postgres cannot reach $dir; using $alt" >&2
    mkdir -p "$alt"
    dir=$alt
  fi
fi
data=$dir/data
run=$dir/run

if [ "$cmd" = standby ]; then
  primary=${4:?usage: pg.sh standby DIR PORT PRIMARY_PORT [--fast]}
  fast=${5:-}
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    mkdir -p "$dir/run"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
    as_pg "$(pgbin pg_basebackup)" -h 127.0.0.1 -p "$primary" -U postgres -D "$dir/data" -R -X stream --checkpoint=fast \
      >"$dir/run/basebackup.log" 2>&1 || { cat "$dir/run/basebackup.log" >&2; exit 1; }
  fi
  cmd=up
fi

case "$cmd" in
  url)
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  up)
    mkdir -p "$data" "$run"
    chmod 700 "$data"
    [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
    if [ ! -f "$data/PG_VERSION" ]; then
      as_pg "$(pgbin initdb)" -D "$data" -U postgres --auth=trust --no-sync \
        --encoding=UTF8 --locale=C.UTF-8 >"$run/initdb.log" 2>&1 \
        || { cat "$run/initdb.log" >&2; exit 1; }
    fi
    if as_pg "$(pgbin pg_ctl)" -D "$data" status >/dev/null 2>&1; then
      # Already running: fine if on the port asked for, else say which port holds the folder.
      running=$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$running" ] && [ "$running" != "$port" ]; then
        echo "pg.sh: the cluster in $dir is already running on port $running, not $port;" \
          "stop it (scripts/pg.sh down $dir) or use port $running" >&2
        exit 1
      fi
      exit 0
    fi
    # A port someone else listens on (another cluster, or any program): say so before starting.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "pg.sh: port $port on 127.0.0.1 is busy (another program listens there), so the cluster" \
        "in $dir cannot start; free it or choose another port (make run RUN_PG_PORT=..., make test TEST_PG_PORT=...)" >&2
      exit 1
    fi
    opts="-k $run -p $port -c listen_addresses=127.0.0.1 -c max_connections=200 -c jit=off"
    if [ "$fast" = "--fast" ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    else
      # The durable cluster of make run / bench / load holds the 10M-session benchmark database:
      # give it a buffer cache that fits its rollups (PostgreSQL's default is 128 MB).
      opts="$opts -c shared_buffers=${PG_SHARED_BUFFERS:-1GB}"
    fi
    as_pg "$(pgbin pg_ctl)" -D "$data" -l "$run/postgres.log" -w -t 60 start -o "$opts" >/dev/null \
      || { tail -n 30 "$run/postgres.log" >&2; exit 1; }
    ;;
  down)
    # `pg.sh down DIR --immediate` kills every backend at once (a crash, for outage tests).
    mode=fast
    [ "${3:-}" = "--immediate" ] && mode=immediate
    if [ -f "$data/PG_VERSION" ]; then
      as_pg "$(pgbin pg_ctl)" -D "$data" -m "$mode" -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "pg.sh: unknown command $cmd" >&2; exit 2
    ;;
esac
