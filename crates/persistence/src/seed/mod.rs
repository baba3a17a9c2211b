//! `insights seed-demo`: a demo account with users of every role, teams, flows with nodes and
//! library steps, sessions over the last 120 days, and each capability's own data. Idempotent:
//! fixed ids, and each part writes only when its rows are not there yet.

mod base;
mod conversations;
mod feedback;
mod nps;

use diesel::Connection;
use insights_domain::Result;
use uuid::Uuid;

use crate::{PgStore, error::db};

pub use base::{DEMO_ACCOUNT_ID, DEMO_USERS, DemoUser};

/// What the demo holds, for printing tokens.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub account_id: Uuid,
    pub users: Vec<DemoUser>,
    pub sessions: i64,
}

impl PgStore {
    /// Creates (or completes) the demo account in one transaction.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached; `Internal` on a failed statement.
    pub fn seed_demo(&self) -> Result<DemoAccount> {
        let mut conn = self.conn()?;
        conn.transaction(|c| {
            base::seed(c)?;
            feedback::seed(c)?;
            conversations::seed(c)?;
            nps::seed(c)?;
            Ok::<_, diesel::result::Error>(())
        })
        .map_err(db)?;
        let sessions = base::count_sessions(&mut conn).map_err(db)?;
        Ok(DemoAccount { account_id: DEMO_ACCOUNT_ID, users: DEMO_USERS.to_vec(), sessions })
    }
}
