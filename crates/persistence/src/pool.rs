//! The r2d2 pool. Every connection turns JIT off (it never helped these queries and cost up to
//! 25 %) and reports times in UTC.

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
struct SessionSettings;

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for SessionSettings {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute("SET jit = off; SET TIME ZONE 'UTC'").map_err(diesel::r2d2::Error::QueryError)
    }
}

/// Builds the pool without waiting for the database: a service whose database is down still
/// starts, answers 503 and recovers when the database is back.
pub fn build_pool(s: &PoolSettings) -> PgPool {
    Pool::builder()
        .max_size(s.max_size)
        .min_idle(Some(0))
        .connection_timeout(s.checkout_timeout)
        // No ping per checkout: `PgStore::conn` pings only after a loss was seen (see error.rs).
        .test_on_check_out(false)
        .connection_customizer(Box::new(SessionSettings))
        .build_unchecked(ConnectionManager::new(&s.url))
}
