//! Demo data of the conversations capability.

use diesel::pg::PgConnection;
use diesel::result::Error;

pub(super) fn seed(_c: &mut PgConnection) -> Result<(), Error> {
    Ok(())
}
