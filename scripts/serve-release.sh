# Sourced by bench.sh, load.sh and console-bench.sh.
#
# `serve_release PORT [NAME=VALUE ...]` starts the release server
# on 127.0.0.1:PORT with the extra environment, stops it when the calling script exits, and
# returns once /readyz answers (or after 20 s).
serve_release() {
  local port=$1
  shift
  env BIND_ADDR="127.0.0.1:$port" "$@" target/release/insights serve &
  server=$!
  trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
}

# `use_database NAME`: unless DATABASE_URL is set, start the durable cluster of `make run`
# (RUN_PG_DIR, RUN_PG_PORT) and create the database NAME there when missing; export its URL.
use_database() {
  local name=$1 pg_port=${RUN_PG_PORT:-15432}
  local admin="postgres://postgres@127.0.0.1:$pg_port/postgres"
  if [ -z "${DATABASE_URL:-}" ]; then
    scripts/pg.sh up "${RUN_PG_DIR:-$PWD/.pgdata}" "$pg_port"
    psql -q "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 ||
      psql -q "$admin" -c "CREATE DATABASE $name"
    export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/$name"
  fi
}
