//! Maps diesel errors onto the domain's error contract. No diesel error crosses a port.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use insights_domain::Error;

/// When the process last saw the database go away (milliseconds since the epoch; 0: never).
/// Pooled connections are not pinged on checkout in steady state (a round trip per checkout, about
/// a fifth of the write throughput); for a while after a loss they are, so that connections made
/// stale by a restart are found and dropped before a request uses them.
static LAST_LOSS_MS: AtomicU64 = AtomicU64::new(0);

/// How long checkouts keep pinging after the last sign of a lost database.
const SUSPECT_FOR: Duration = Duration::from_secs(60);

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Records that the database was unreachable (a failed query on a lost connection, or no
/// connection could be made).
pub(crate) fn note_connection_loss() {
    LAST_LOSS_MS.store(now_ms(), Ordering::Relaxed);
}

/// True within [`SUSPECT_FOR`] of the last recorded loss.
pub(crate) fn connections_suspect() -> bool {
    let last = LAST_LOSS_MS.load(Ordering::Relaxed);
    last != 0 && now_ms().saturating_sub(last) < SUSPECT_FOR.as_millis() as u64
}

/// Any diesel error not handled at the call site: a lost connection is `Unavailable`, and so is a
/// statement cancelled by the connection's `statement_timeout` or `lock_timeout` (the database is
/// busy, not wrong: 503 with `Retry-After`); the rest is `Internal` (logged by the api with the
/// request id, never shown to the client).
pub(crate) fn db(e: DieselError) -> Error {
    if is_unavailable(&e) {
        note_connection_loss();
        Error::Unavailable
    } else if is_timeout(&e) {
        tracing::warn!(error = %e, "statement cancelled by a timeout");
        Error::Unavailable
    } else if is_recovery_conflict(&e) {
        // Only on a hot standby: its replay needed rows the query was reading. The replica reads
        // then answer from the primary.
        tracing::warn!(error = %e, "statement cancelled by a conflict with recovery");
        Error::Unavailable
    } else {
        Error::Internal(e.to_string())
    }
}

/// Whether `e` is a statement cancelled by `statement_timeout` (SQLSTATE 57014) or `lock_timeout`
/// (55P03). diesel exposes no SQLSTATE, so the server's message is matched (English: the pools'
/// connections keep the cluster's `lc_messages`, C on every cluster this project starts).
fn is_timeout(e: &DieselError) -> bool {
    match e {
        DieselError::DatabaseError(_, info) => {
            let m = info.message();
            m.contains("canceling statement due to statement timeout")
                || m.contains("canceling statement due to lock timeout")
                || m.contains("could not obtain lock")
        }
        DieselError::RollbackErrorOnCommit { commit_error, .. } => is_timeout(commit_error),
        _ => false,
    }
}

/// Whether `e` is a statement a hot standby cancelled because its replay conflicted with it
/// (SQLSTATE 40001 there; matched by message, like [`is_timeout`]).
fn is_recovery_conflict(e: &DieselError) -> bool {
    matches!(e, DieselError::DatabaseError(_, info) if info.message().contains("due to conflict with recovery"))
}

/// Whether `e` says the database went away (a crash, a restart, a cut network) rather than that
/// the query was wrong. diesel then marks the connection's transaction manager broken (libpq
/// reports an unknown transaction status), so r2d2 drops it instead of returning it to the pool.
fn is_unavailable(e: &DieselError) -> bool {
    match e {
        DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, _) => {
            true
        }
        DieselError::DatabaseError(_, info) => is_connection_loss(info.message()),
        DieselError::BrokenTransactionManager => true,
        // A commit that failed because the connection died, then a rollback that failed too.
        DieselError::RollbackErrorOnCommit { commit_error, .. } => is_unavailable(commit_error),
        _ => false,
    }
}

fn is_connection_loss(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("terminating connection")
        || m.contains("server closed the connection")
        || m.contains("connection refused")
        || m.contains("no connection to the server")
        || m.contains("the database system is shutting down")
}

/// The name of the constraint a violation hit, if it is one of `kind`.
pub(crate) fn violated_constraint(e: &DieselError, kind: DatabaseErrorKind) -> Option<String> {
    match e {
        DieselError::DatabaseError(k, info) if std::mem::discriminant(k) == std::mem::discriminant(&kind) => {
            Some(info.constraint_name().unwrap_or_default().to_owned())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(kind: DatabaseErrorKind, message: &str) -> DieselError {
        DieselError::DatabaseError(kind, Box::new(message.to_owned()))
    }

    #[test]
    fn a_lost_connection_is_unavailable_and_anything_else_internal() {
        let lost = [
            database(DatabaseErrorKind::ClosedConnection, "closed"),
            database(DatabaseErrorKind::UnableToSendCommand, "could not send data to server: Broken pipe"),
            database(
                DatabaseErrorKind::Unknown,
                "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally",
            ),
            database(DatabaseErrorKind::Unknown, "terminating connection due to administrator command"),
            database(DatabaseErrorKind::Unknown, "FATAL: the database system is shutting down"),
            database(DatabaseErrorKind::Unknown, "no connection to the server"),
            DieselError::BrokenTransactionManager,
            DieselError::RollbackErrorOnCommit {
                rollback_error: Box::new(DieselError::BrokenTransactionManager),
                commit_error: Box::new(database(
                    DatabaseErrorKind::Unknown,
                    "server closed the connection unexpectedly",
                )),
            },
        ];
        for e in lost {
            let shown = format!("{e:?}");
            assert!(matches!(db(e), Error::Unavailable), "{shown}");
        }
        for timeout in [
            database(DatabaseErrorKind::Unknown, "canceling statement due to statement timeout"),
            database(DatabaseErrorKind::Unknown, "canceling statement due to lock timeout"),
            database(DatabaseErrorKind::SerializationFailure, "canceling statement due to conflict with recovery"),
        ] {
            assert_eq!(db(timeout), Error::Unavailable);
        }
        let wrong = [
            DieselError::NotFound,
            database(DatabaseErrorKind::UniqueViolation, "duplicate key value violates unique constraint"),
            database(DatabaseErrorKind::Unknown, "syntax error at or near \"SELEC\""),
        ];
        for e in wrong {
            let shown = format!("{e:?}");
            assert!(matches!(db(e), Error::Internal(_)), "{shown}");
        }
    }
}

#[cfg(test)]
mod suspect_tests {
    use super::*;

    #[test]
    fn checkouts_are_suspect_only_after_a_loss_was_seen() {
        assert!(!connections_suspect(), "no loss seen yet in this process");
        let e = db(DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection,
            Box::new("server closed the connection unexpectedly".to_owned()),
        ));
        assert_eq!(e, Error::Unavailable);
        assert!(connections_suspect());
    }
}
