//! Insights persistence: the diesel schema, the repositories implementing the domain ports, the
//! r2d2 pool and the embedded migrations. The only crate that builds SQL.

mod analytics;
#[cfg(feature = "bench")]
pub mod bench;
mod catalog;
pub mod check;
mod conversations;
mod error;
mod feedback;
pub mod migrations;
mod nps;
pub mod pool;
mod replica;
pub mod schema;
pub mod seed;
mod sql;
mod users;

#[cfg(feature = "test-support")]
pub mod testing;

use std::sync::atomic::{AtomicU64, Ordering};

use insights_domain::ports::PoolState;

pub use pool::{PgPool, PoolSettings};
use pool::{build_planning_pool, build_pool};
pub use replica::ReplicaReads;

/// The PostgreSQL adapter: one struct implementing every port over the main pool and the planning
/// pool (see [`pool`]).
#[derive(Clone)]
pub struct PgStore {
    pool: PgPool,
    planning: PgPool,
    stats: std::sync::Arc<PoolStats>,
}

#[derive(Default)]
struct PoolStats {
    waits: AtomicU64,
    timeouts: AtomicU64,
}

impl PgStore {
    /// The store over its two pools (see [`pool`]), each of `settings.max_size` connections,
    /// built without waiting for the database.
    pub fn connect(settings: &PoolSettings) -> PgStore {
        PgStore { pool: build_pool(settings), planning: build_planning_pool(settings), stats: Default::default() }
    }

    /// Both pools together.
    pub(crate) fn pool_state(&self) -> PoolState {
        let (s, p) = (self.pool.state(), self.planning.state());
        PoolState {
            size: s.connections + p.connections,
            idle: s.idle_connections + p.idle_connections,
            waits: self.stats.waits.load(Ordering::Relaxed),
            timeouts: self.stats.timeouts.load(Ordering::Relaxed),
        }
    }

    /// The main pool (tests only).
    #[cfg(feature = "test-support")]
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The planning pool (see [`pool`]; tests only).
    #[cfg(feature = "test-support")]
    pub fn planning_pool(&self) -> &PgPool {
        &self.planning
    }

    /// A connection from the pool; a checkout timeout or a database that is down is `Unavailable`.
    /// Shortly after the database was lost, each connection is pinged first and a dead one is
    /// dropped (the failed ping marks it broken) in favour of the next.
    pub(crate) fn conn(&self) -> insights_domain::Result<pool::PgConn> {
        self.conn_from(&self.pool)
    }

    /// A connection of the planning pool, for the statements built with `sql::planned`: they
    /// are planned for their values on every run only there.
    pub(crate) fn planning_conn(&self) -> insights_domain::Result<pool::PgConn> {
        self.conn_from(&self.planning)
    }

    fn conn_from(&self, pool: &PgPool) -> insights_domain::Result<pool::PgConn> {
        use diesel::r2d2::R2D2Connection;
        for _ in 0..=pool.max_size() {
            let mut conn = self.checkout(pool)?;
            if !error::connections_suspect() || conn.ping().is_ok() {
                return Ok(conn);
            }
        }
        error::note_connection_loss();
        Err(insights_domain::Error::Unavailable)
    }

    fn checkout(&self, pool: &PgPool) -> insights_domain::Result<pool::PgConn> {
        if pool.state().idle_connections == 0 {
            self.stats.waits.fetch_add(1, Ordering::Relaxed);
        }
        pool.get().map_err(|e| {
            self.stats.timeouts.fetch_add(1, Ordering::Relaxed);
            // r2d2 appends the last connection error, if any, to its timeout message: then the
            // database is unreachable, not merely busy.
            if e.to_string().contains(": ") {
                error::note_connection_loss();
            }
            tracing::warn!(error = %e, "database connection unavailable");
            insights_domain::Error::Unavailable
        })
    }
}
