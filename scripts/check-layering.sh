#!/usr/bin/env bash
# The layering is a check that can fail: domain depends on no diesel and no actix; analytics on no
# diesel; api on no diesel (it never builds SQL); the server on no tooling. Normal (non-dev)
# dependencies only.
set -euo pipefail
fail=0
forbid() { # crate dependency
  if cargo tree -p "$1" -e normal --prefix none | grep -q "^$2 v"; then
    echo "layering: $1 depends on $2:" >&2
    cargo tree -p "$1" -e normal -i "$2" >&2 || true
    fail=1
  fi
}
forbid insights-domain diesel
forbid insights-domain actix-web
forbid insights-domain actix-http
forbid insights-analytics diesel
forbid insights-analytics actix-web
forbid insights-api diesel
# Tooling stays out of the production binary: no HTTP client, no seeding/truncating code.
forbid insights-server ureq
if cargo tree -p insights-server -e normal -e features --prefix none | grep -q '^insights-persistence feature "bench"'; then
  echo "layering: insights-server enables insights-persistence/bench (tooling in the production binary)" >&2
  fail=1
fi
[ $fail = 0 ] && echo "layering: ok"
exit $fail
