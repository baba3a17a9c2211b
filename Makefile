# Insights: `make run` (local PostgreSQL, migrations, demo data, serve) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# `make run` keeps its cluster under .pgdata/ (git-ignored); `make test` uses a disposable one
# under target/ (on /dev/shm when the repo path is not reachable by the postgres user). Their ports
# lie below Linux's ephemeral range (32768-60999), where outgoing connections could hold them.
RUN_PG_DIR  ?= $(CURDIR)/.pgdata
RUN_PG_PORT ?= 15432
TEST_PG_DIR ?= $(CURDIR)/target/pg-test
TEST_PG_PORT ?= 15433
RUN_DB_URL  := postgres://postgres@127.0.0.1:$(RUN_PG_PORT)/insights
TEST_DB_URL := postgres://postgres@127.0.0.1:$(TEST_PG_PORT)/postgres
SCALE ?= 100k
# The browser tests' own PostgreSQL and server, next to the test cluster's port.
E2E_PG_PORT ?= $(shell echo $$(($(TEST_PG_PORT) + 1)))
E2E_PORT    ?= $(shell echo $$(($(TEST_PG_PORT) + 2)))
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.ts \
               web/tsconfig.json web/package.json web/package-lock.json

.PHONY: help run db-up db-down db-reset test test-db-up test-db-down test-rust test-web test-e2e \
        lint lint-web fmt bench console-bench load fuzz web web-deps

help:
	@echo "make run    start a local PostgreSQL, migrate, load demo data, serve on 127.0.0.1:8080"
	@echo "make test   start a throwaway PostgreSQL and run every test"
	@echo "make lint   rustfmt check, clippy -D warnings, layering check; tsc, ESLint, API types fresh"
	@echo "make web    build the console (web/dist, embedded by the next cargo build)"
	@echo "make bench  seed SCALE=100k|1m|10m sessions and measure the analytics endpoints"
	@echo "make console-bench  first-load size and time-to-data of the console in headless Chromium"
	@echo "make load   mixed read/write load for a fixed time, then check no write was lost or doubled"
	@echo "make fuzz   schemathesis over every operation of /openapi.json (FUZZ_EXAMPLES=30)"

db-up:
	@if [ -z "$$DATABASE_URL" ]; then \
	  scripts/pg.sh up $(RUN_PG_DIR) $(RUN_PG_PORT) && \
	  (psql -q "postgres://postgres@127.0.0.1:$(RUN_PG_PORT)/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = 'insights'" | grep -q 1 || \
	   psql -q "postgres://postgres@127.0.0.1:$(RUN_PG_PORT)/postgres" -c "CREATE DATABASE insights"); \
	fi

db-down:
	scripts/pg.sh down $(RUN_PG_DIR)

db-reset: db-down
	rm -rf $(RUN_PG_DIR)

# The console: `npm ci` when node_modules is missing or older than the lock file, then a build
# when a source changed. The release build embeds web/dist (crates/console).
web/node_modules/.package-lock.json: web/package-lock.json web/package.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web-deps: web/node_modules/.package-lock.json

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SOURCES)
	cd web && npm run build

web: web/dist/index.html

run: db-up web
	cargo build --release -p insights-server
	@export DATABASE_URL=$${DATABASE_URL:-$(RUN_DB_URL)} NPS_ENABLED=$${NPS_ENABLED:-true}; \
	  target/release/insights migrate && \
	  seeded=$$(target/release/insights seed-demo) && echo "$$seeded" && \
	  token=$$(echo "$$seeded" | awk '$$1 == "team_admin" { print $$3 }') && \
	  echo && echo "Try: curl -H \"Authorization: Bearer $$token\" http://127.0.0.1:8080/api/v1/analytics/team" && \
	  echo && echo "Open the console as a demo role (the token leaves the address bar at once):" && \
	  echo "$$seeded" | awk '$$1 ~ /^(super_admin|team_admin|engineer|viewer|admin_viewer)$$/ { printf "  %-13s http://127.0.0.1:8080/console/#token=%s\n", $$1, $$3 }' && \
	  echo && exec target/release/insights serve

test-db-up:
	@if [ -z "$$DATABASE_URL" ]; then scripts/pg.sh up $(TEST_PG_DIR) $(TEST_PG_PORT) --fast; fi

test-db-down:
	@if [ -z "$$DATABASE_URL" ]; then scripts/pg.sh down $(TEST_PG_DIR); fi

# Every test: the Rust tests, the console's component tests (vitest) and its browser tests
# (Playwright in Debian's Chromium against `insights serve` on a throwaway PostgreSQL with the
# demo data); all three run, and the target fails when any fails.
test: web
	@rust=0; web=0; e2e=0; \
	  $(MAKE) --no-print-directory test-rust || rust=$$?; \
	  $(MAKE) --no-print-directory test-web || web=$$?; \
	  $(MAKE) --no-print-directory test-e2e || e2e=$$?; \
	  echo "make test: rust $$([ $$rust = 0 ] && echo ok || echo FAILED), component tests $$([ $$web = 0 ] && echo ok || echo FAILED), browser tests $$([ $$e2e = 0 ] && echo ok || echo FAILED)"; \
	  [ $$rust = 0 ] && [ $$web = 0 ] && [ $$e2e = 0 ]

test-rust: test-db-up
	@own=$${DATABASE_URL:+no}; \
	  export DATABASE_URL=$${DATABASE_URL:-$(TEST_DB_URL)} APP_ENV=test; \
	  if command -v cargo-nextest >/dev/null; then cargo nextest run --workspace --no-fail-fast; \
	  else cargo test --workspace --no-fail-fast; fi; status=$$?; \
	  if [ "$$own" != no ]; then scripts/pg.sh down $(TEST_PG_DIR); fi; exit $$status

test-web: web-deps
	cd web && npx vitest run

# Playwright's global setup starts its own cluster (target/pg-e2e) and server on E2E_*_PORT.
test-e2e: web
	cargo build --workspace --bins -q
	cd web && E2E_PG_PORT=$(E2E_PG_PORT) E2E_PORT=$(E2E_PORT) npx playwright test

lint: lint-web
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	scripts/check-layering.sh
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps -q

# The console: types, ESLint (with the import zones of docs/style), generated API types fresh.
lint-web: web-deps
	cd web && npx tsc --noEmit
	cd web && npx eslint .
	cd web && npx openapi-typescript openapi.json -o src/lib/api/schema.d.ts --check

fmt:
	cargo fmt --all

# A bounded mixed workload, then no-lost-or-doubled-write checks (CONNECTIONS, SECONDS_).
load:
	scripts/load.sh

# SCALE=100k|1m|10m; EXPLAIN=docs/explain-10m.md also writes the plans.
bench:
	SCALE=$(SCALE) scripts/bench.sh

# The console's budgets (docs/benchmarks.md): first-load transfer and time-to-data of Team
# Analytics in headless Chromium, through the release binary; SCALE=demo (default), 100k or 1m
# (the database of `make bench`, served on BENCH_PORT).
console-bench: web
	cargo build --release -p insights-server -p insights-bench
	E2E_PG_PORT=$(E2E_PG_PORT) E2E_PORT=$(E2E_PORT) SCALE=$(if $(filter command line environment,$(origin SCALE)),$(SCALE),demo) \
	  scripts/console-bench.sh

# Schema-driven fuzzing (schemathesis) of every operation; FUZZ_EXAMPLES=30 per operation.
fuzz:
	scripts/fuzz.sh
