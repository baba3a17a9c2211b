//! Embedded migrations, run under an advisory lock so that replicas starting together do not race.

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl, sql_query};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations");

/// Changes whenever a migration file is added or edited (computed by build.rs).
pub const MIGRATIONS_HASH: &str = env!("INSIGHTS_MIGRATIONS_HASH");

const LOCK_KEY: i64 = 0x1_7516_4715;

#[derive(Debug, thiserror::Error)]
pub enum MigrationError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    #[error("migration lock: {0}")]
    Lock(#[from] diesel::result::Error),
    #[error("migration failed: {0}")]
    Run(String),
}

fn locked<T>(
    conn: &mut PgConnection,
    f: impl FnOnce(&mut PgConnection) -> Result<T, MigrationError>,
) -> Result<T, MigrationError> {
    sql_query(format!("SELECT pg_advisory_lock({LOCK_KEY})")).execute(conn)?;
    let out = f(conn);
    sql_query(format!("SELECT pg_advisory_unlock({LOCK_KEY})")).execute(conn)?;
    out
}

/// Applies every pending migration; returns the versions applied.
///
/// # Errors
/// `Connect` when the database cannot be reached, `Run` when a migration fails (it is rolled back).
pub fn run_pending(url: &str) -> Result<Vec<String>, MigrationError> {
    let mut conn = PgConnection::establish(url)?;
    run_pending_on(&mut conn)
}

/// As [`run_pending`], on an open connection.
///
/// # Errors
/// As [`run_pending`].
pub fn run_pending_on(conn: &mut PgConnection) -> Result<Vec<String>, MigrationError> {
    locked(conn, |c| {
        c.run_pending_migrations(MIGRATIONS)
            .map(|v| v.iter().map(ToString::to_string).collect())
            .map_err(|e| MigrationError::Run(e.to_string()))
    })
}

/// Reverts the last applied migration (`all` reverts every one); returns the versions reverted.
///
/// # Errors
/// As [`run_pending`].
pub fn revert(url: &str, all: bool) -> Result<Vec<String>, MigrationError> {
    let mut conn = PgConnection::establish(url)?;
    locked(&mut conn, |c| {
        if all {
            c.revert_all_migrations(MIGRATIONS)
                .map(|v| v.iter().map(ToString::to_string).collect())
                .map_err(|e| MigrationError::Run(e.to_string()))
        } else {
            c.revert_last_migration(MIGRATIONS)
                .map(|v| vec![v.to_string()])
                .map_err(|e| MigrationError::Run(e.to_string()))
        }
    })
}

/// (applied, pending) migration versions.
///
/// # Errors
/// As [`run_pending`].
pub fn status(url: &str) -> Result<(Vec<String>, Vec<String>), MigrationError> {
    let mut conn = PgConnection::establish(url)?;
    let applied = conn
        .applied_migrations()
        .map_err(|e| MigrationError::Run(e.to_string()))?
        .iter()
        .map(ToString::to_string)
        .collect();
    let pending = conn
        .pending_migrations(MIGRATIONS)
        .map_err(|e| MigrationError::Run(e.to_string()))?
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    Ok((applied, pending))
}

/// True when no migration is pending (used by `/readyz`).
pub(crate) fn all_applied(conn: &mut PgConnection) -> Result<bool, MigrationError> {
    conn.has_pending_migration(MIGRATIONS).map(|pending| !pending).map_err(|e| MigrationError::Run(e.to_string()))
}
