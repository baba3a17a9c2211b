//! The r2d2 pools. Every connection turns JIT off (it never helped these queries and cost up to
//! 25 %) and reports times in UTC.
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
}

#[derive(Debug)]
struct SessionSettings {
    custom_plans: bool,
}

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for SessionSettings {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        let settings = if self.custom_plans {
            "SET jit = off; SET TIME ZONE 'UTC'; SET plan_cache_mode = force_custom_plan"
        } else {
            "SET jit = off; SET TIME ZONE 'UTC'"
        };
        conn.batch_execute(settings).map_err(diesel::r2d2::Error::QueryError)
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
        .connection_customizer(Box::new(SessionSettings { custom_plans }))
        .build_unchecked(ConnectionManager::new(&s.url))
}
