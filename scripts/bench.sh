#!/usr/bin/env bash
# make bench SCALE=100k|1m|10m: seed (or reuse) a database of that many sessions on the local
# cluster of `make run`, serve it from the release binary, and print latency and trigger tables.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve-release.sh
scale=${SCALE:-100k}
case "$scale" in
  100k) n=100000 ;; 1m) n=1000000 ;; 10m) n=10000000 ;;
  *) echo "SCALE must be 100k, 1m or 10m" >&2; exit 2 ;;
esac
port=${BENCH_PORT:-18080}
use_database "insights_bench_$scale"
export APP_ENV=development RUST_LOG=${RUST_LOG:-warn}
cargo build --release -q -p insights-server -p insights-bench
target/release/insights migrate >/dev/null
target/release/insights-bench seed --sessions "$n"
serve_release "$port"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; scale $scale"
target/release/insights-bench measure --base "http://127.0.0.1:$port" --requests "${REQUESTS:-200}"
if [ -n "${EXPLAIN:-}" ]; then
  target/release/insights-bench explain > "$EXPLAIN"
  echo "plans written to $EXPLAIN"
fi
