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

.PHONY: help run db-up db-down db-reset test test-db-up test-db-down lint fmt bench load fuzz

help:
	@echo "make run    start a local PostgreSQL, migrate, load demo data, serve on 127.0.0.1:8080"
	@echo "make test   start a throwaway PostgreSQL and run every test"
	@echo "make lint   rustfmt check, clippy -D warnings, layering check"
	@echo "make bench  seed SCALE=100k|1m|10m sessions and measure the analytics endpoints"
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

run: db-up
	cargo build --release -p insights-server
	@export DATABASE_URL=$${DATABASE_URL:-$(RUN_DB_URL)} NPS_ENABLED=$${NPS_ENABLED:-true}; \
	  target/release/insights migrate && \
	  target/release/insights seed-demo && \
	  token=$$(target/release/insights token --email admin@demo.example) && \
	  echo && echo "Try: curl -H \"Authorization: Bearer $$token\" http://127.0.0.1:8080/api/v1/analytics/team" && echo && \
	  exec target/release/insights serve

test-db-up:
	@if [ -z "$$DATABASE_URL" ]; then scripts/pg.sh up $(TEST_PG_DIR) $(TEST_PG_PORT) --fast; fi

test-db-down:
	@if [ -z "$$DATABASE_URL" ]; then scripts/pg.sh down $(TEST_PG_DIR); fi

test: test-db-up
	@own=$${DATABASE_URL:+no}; \
	  export DATABASE_URL=$${DATABASE_URL:-$(TEST_DB_URL)} APP_ENV=test; \
	  if command -v cargo-nextest >/dev/null; then cargo nextest run --workspace --no-fail-fast; \
	  else cargo test --workspace --no-fail-fast; fi; status=$$?; \
	  if [ "$$own" != no ]; then scripts/pg.sh down $(TEST_PG_DIR); fi; exit $$status

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	scripts/check-layering.sh
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps -q

fmt:
	cargo fmt --all

# A bounded mixed workload, then no-lost-or-doubled-write checks (CONNECTIONS, SECONDS_).
load:
	scripts/load.sh

# SCALE=100k|1m|10m; EXPLAIN=docs/explain-10m.md also writes the plans.
bench:
	SCALE=$(SCALE) scripts/bench.sh

# Schema-driven fuzzing (schemathesis) of every operation; FUZZ_EXAMPLES=30 per operation.
fuzz:
	scripts/fuzz.sh
