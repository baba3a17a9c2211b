//! End-to-end tests of the service: the real app factory, the real middleware, a real PostgreSQL
//! database per test (cloned from a migrated template). Named as sentences; Arrange/Act/Assert.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod analytics;
mod auth;
mod catalog;
mod console;
mod conversations;
mod errors;
mod flow_feedback;
mod folder;
mod fuzz_findings;
mod hardening;
mod hardening_process;
mod logs;
mod migrations;
mod nps;
mod ops;
mod process;
mod reliability;
mod replica;
mod rollup_prefix;
mod security;
