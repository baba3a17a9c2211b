use uuid::Uuid;

use crate::Result;
use crate::actor::User;

/// Users and accounts, as authentication and the CLI need them.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait UserDirectory: Send + Sync {
    /// Loads a user by id, whatever its account: for authentication only (the token names the
    /// user; the account comes from this row).
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn find_user_for_auth(&self, id: Uuid) -> Result<Option<User>>;

    /// Loads the active user with this email (trimmed, case-insensitive), in any account, for
    /// minting development tokens. More than one match is `Invalid`.
    ///
    /// # Errors
    /// `Unavailable`; `Invalid` when the email is ambiguous.
    fn find_user_by_email_unscoped(&self, email: &str) -> Result<Option<User>>;
}

/// Accounts, as every capability reads them.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait AccountDirectory: Send + Sync {
    /// The IANA time zone name stored for the account; `None` when there is no such account
    /// (each service decides what that means: the dashboards answer 404, the NPS trend and the
    /// inbox filters count in UTC).
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached; `Internal`.
    fn account_timezone(&self, account_id: Uuid) -> Result<Option<String>>;
}

/// Readiness of the storage.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Health: Send + Sync {
    /// Whether the storage can serve: the database answers, and every migration is applied.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached or its migration state cannot be read.
    fn ready(&self) -> Result<Readiness>;

    /// The connection pool's state, for `/metrics`.
    fn pool_state(&self) -> PoolState;

    /// The read replica's state, for `/metrics` and `/readyz`; `None` when none is configured.
    fn replica(&self) -> Option<ReplicaStatus> {
        None
    }
}

/// A configured read replica (hot standby), as `/metrics` and `/readyz` show it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ReplicaStatus {
    /// It answered a query just now.
    pub reachable: bool,
    /// How far its replay is behind what it received, in seconds (0 when caught up); `None` when
    /// unreachable.
    pub lag_seconds: Option<f64>,
    /// Reads it answered since the start.
    pub reads: u64,
    /// Reads the primary answered because it could not.
    pub fallbacks: u64,
}

/// What [`Health::ready`] found on a reachable database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    Ready,
    /// Migrations of this build are not applied yet: not ready to serve.
    MigrationsPending,
}

/// Connection pool figures exported as metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolState {
    /// Connections open (idle or in use).
    pub size: u32,
    pub idle: u32,
    /// Checkouts that had to wait for a connection.
    pub waits: u64,
    /// Checkouts that gave up after the timeout (answered 503).
    pub timeouts: u64,
}
