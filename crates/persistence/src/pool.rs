//! The r2d2 pools. Every connection turns JIT off (it never helped these queries and cost up to
//! 25 %), reports times in UTC and bounds its waits: `statement_timeout` and `lock_timeout` from
//! the settings, so that a lock held by another program fails a request with 503 instead of
//! holding its connection until the pool is exhausted (see `error::db`).
//!
//! A store has two pools of the same size. The main one serves point lookups and writes, whose
//! prepared statements soon run PostgreSQL's generic plan (planning them on every run cost a
//! thumb nearly twice the CPU, measured in docs/benchmarks.md). The planning pool serves range
//! aggregates and filtered lists: its connections set `plan_cache_mode = force_custom_plan`, so a
//! statement is parsed once per connection and still planned for its values on every run (a
//! generic plan made without the window and ids ran the dashboards 2 to 6 times slower at 1M
//! sessions).

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection};

pub type PgPool = Pool<ConnectionManager<PgConnection>>;
pub type PgConn = PooledConnection<ConnectionManager<PgConnection>>;

#[derive(Debug, Clone)]
pub struct PoolSettings {
    pub url: String,
    pub max_size: u32,
    pub checkout_timeout: Duration,
    /// `statement_timeout` of every connection; zero leaves PostgreSQL's (none).
    pub statement_timeout: Duration,
    /// `lock_timeout` of every connection; zero leaves PostgreSQL's (none).
    pub lock_timeout: Duration,
}

#[derive(Debug)]
struct SessionSettings {
    custom_plans: bool,
    statement_timeout: Duration,
    lock_timeout: Duration,
}

impl SessionSettings {
    /// The `SET` statements run on every new connection.
    fn statements(&self) -> String {
        let mut s = String::from("SET jit = off; SET TIME ZONE 'UTC'");
        if self.custom_plans {
            s.push_str("; SET plan_cache_mode = force_custom_plan");
        }
        s.push_str(&timeouts(self.statement_timeout, self.lock_timeout));
        s
    }
}

/// `; SET statement_timeout = …; SET lock_timeout = …` for the non-zero ones (milliseconds).
fn timeouts(statement: Duration, lock: Duration) -> String {
    let mut s = String::new();
    if !statement.is_zero() {
        s.push_str(&format!("; SET statement_timeout = {}", statement.as_millis()));
    }
    if !lock.is_zero() {
        s.push_str(&format!("; SET lock_timeout = {}", lock.as_millis()));
    }
    s
}

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for SessionSettings {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(&self.statements()).map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Builds the main pool without waiting for the database: a service whose database is down still
/// starts, answers 503 and recovers when the database is back.
pub fn build_pool(s: &PoolSettings) -> PgPool {
    build(s, false)
}

/// Builds the planning pool (see the module docs), like [`build_pool`].
pub fn build_planning_pool(s: &PoolSettings) -> PgPool {
    build(s, true)
}

fn build(s: &PoolSettings, custom_plans: bool) -> PgPool {
    Pool::builder()
        .max_size(s.max_size)
        .min_idle(Some(0))
        .connection_timeout(s.checkout_timeout)
        // No ping per checkout: `PgStore::conn` pings only after a loss was seen (see error.rs).
        .test_on_check_out(false)
        .connection_customizer(Box::new(SessionSettings {
            custom_plans,
            statement_timeout: s.statement_timeout,
            lock_timeout: s.lock_timeout,
        }))
        .build_unchecked(ConnectionManager::new(&s.url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_connection_bounds_its_statements_and_lock_waits_when_configured() {
        let s = SessionSettings {
            custom_plans: false,
            statement_timeout: Duration::from_millis(5000),
            lock_timeout: Duration::from_millis(2000),
        };
        assert_eq!(
            s.statements(),
            "SET jit = off; SET TIME ZONE 'UTC'; SET statement_timeout = 5000; SET lock_timeout = 2000"
        );
        let off =
            SessionSettings { custom_plans: true, statement_timeout: Duration::ZERO, lock_timeout: Duration::ZERO };
        assert_eq!(off.statements(), "SET jit = off; SET TIME ZONE 'UTC'; SET plan_cache_mode = force_custom_plan");
    }
}
