#!/usr/bin/env bash
# make load: a bounded mixed workload (analytics reads, thumbs, CSAT, NPS answers, message
# feedback) from the load tool on loopback against the release server, then a check that no write
# was lost or doubled (client-side successes = rows, counters and rollups = recounts).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/serve-release.sh
port=${LOAD_PORT:-18081}
use_database insights_load
export APP_ENV=development RUST_LOG=${RUST_LOG:-warn} NPS_ENABLED=true
cargo build --release -q -p insights-server -p insights-bench
target/release/insights migrate >/dev/null
serve_release "$port" DATABASE_POOL_SIZE="${POOL:-16}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
target/release/insights-bench load --base "http://127.0.0.1:$port" --seconds "${SECONDS_:-20}" --connections "${CONNECTIONS:-8}" ${ONLY:+--only "$ONLY"}
target/release/insights check | tail -1
