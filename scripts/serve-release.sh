# Sourced by bench.sh and load.sh: `serve_release PORT [NAME=VALUE ...]` starts the release server
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
