#!/usr/bin/env bash
# make console-bench [SCALE=demo|100k|1m]: the console's first load (docs/benchmarks.md, "The
# console's first load") in headless Chromium through the release binary.
#   demo (default): the browser tests' harness (a throwaway PostgreSQL, `insights seed-demo`,
#         `insights serve`), as the team admin of the demo account;
#   100k, 1m: the database `make bench` seeds (`insights-bench seed`, on the cluster of
#         `make run`, reused when already at that size), served on BENCH_PORT, as a team admin
#         of its large account (90 % of the sessions), with a token from `insights token`.
# RUNS=7 cold loads; the figures are printed and written to target/console-bench-<scale>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${SCALE:-demo}
export BENCH_SCALE=$scale
if [ "$scale" = demo ]; then
  cd web && INSIGHTS_BIN="$PWD/../target/release/insights" exec npx playwright test --config bench/playwright.config.ts
fi
case "$scale" in
  100k) n=100000 ;; 1m) n=1000000 ;;
  *) echo "SCALE must be demo, 100k or 1m" >&2; exit 2 ;;
esac
. scripts/serve-release.sh
port=${BENCH_PORT:-18080}
use_database "insights_bench_$scale"
export APP_ENV=development RUST_LOG=${RUST_LOG:-warn}
target/release/insights migrate >/dev/null
target/release/insights-bench seed --sessions "$n"
# The large account's first team admin (crates/persistence/src/bench.rs).
token=$(target/release/insights token --email user0@bench1.example --ttl-hours 2)
serve_release "$port"
cd web
BENCH_BASE_URL="http://127.0.0.1:$port" BENCH_TOKEN="$token" npx playwright test --config bench/playwright.config.ts
