#!/usr/bin/env bash
# The layering is a check that can fail: domain depends on no diesel and no actix; analytics on no
# diesel; api on no diesel (normal, non-dev dependencies only), and the api's source neither names
# diesel nor builds SQL (no `sql_query`, no SQL statement in a string literal); the server on no
# tooling.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
forbid() { # crate dependency
  if cargo tree -p "$1" -e normal --prefix none | grep -q "^$2 v"; then
    echo "layering: $1 depends on $2:" >&2
    cargo tree -p "$1" -e normal -i "$2" >&2 || true
    fail=1
  fi
}
# source_forbid DIR PATTERN WHAT: fails when a Rust file under DIR matches the extended regex.
source_forbid() {
  local hits
  if hits=$(grep -rnE --include='*.rs' "$2" "$1"); then
    echo "layering: $1 $3:" >&2
    echo "$hits" >&2
    fail=1
  fi
}
forbid insights-domain diesel
forbid insights-domain actix-web
forbid insights-domain actix-http
forbid insights-analytics diesel
forbid insights-analytics actix-web
forbid insights-api diesel
source_forbid crates/api/src '\bdiesel\b' "names diesel"
source_forbid crates/api/src '\bsql_query\b' "builds SQL (sql_query)"
source_forbid crates/api/src '"[^"]*\b(SELECT|INSERT[[:space:]]+INTO|UPDATE[[:space:]]+[A-Za-z_]+[[:space:]]+SET|DELETE[[:space:]]+FROM|CREATE[[:space:]]+TABLE|ALTER[[:space:]]+TABLE)\b' \
  "contains SQL in a string literal"
# Tooling stays out of the production binary: no HTTP client, no seeding/truncating code.
forbid insights-server ureq
if cargo tree -p insights-server -e normal -e features --prefix none | grep -q '^insights-persistence feature "bench"'; then
  echo "layering: insights-server enables insights-persistence/bench (tooling in the production binary)" >&2
  fail=1
fi
[ $fail = 0 ] && echo "layering: ok"
exit $fail
