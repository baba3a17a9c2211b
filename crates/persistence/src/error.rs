//! Maps diesel errors onto the domain's error contract. No diesel error crosses a port.

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use insights_domain::Error;

/// Any diesel error not handled at the call site: a lost connection is `Unavailable`, the rest is
/// `Internal` (logged by the api with the request id, never shown to the client).
pub(crate) fn db(e: DieselError) -> Error {
    match &e {
        DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => Error::Unavailable,
        DieselError::DatabaseError(_, info) if is_connection_loss(info.message()) => Error::Unavailable,
        DieselError::BrokenTransactionManager => Error::Unavailable,
        _ => Error::Internal(e.to_string()),
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
#[allow(dead_code)] // used by the capabilities that map constraint names
pub(crate) fn violated_constraint(e: &DieselError, kind: DatabaseErrorKind) -> Option<String> {
    match e {
        DieselError::DatabaseError(k, info) if std::mem::discriminant(k) == std::mem::discriminant(&kind) => {
            Some(info.constraint_name().unwrap_or_default().to_owned())
        }
        _ => None,
    }
}
