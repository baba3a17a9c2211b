//! Users for authentication and the CLI; storage readiness.

use diesel::prelude::*;
use diesel::sql_types::Uuid as SqlUuid;
use insights_domain::actor::{Role, User};
use insights_domain::ports::{AccountDirectory, Health, Readiness, UserDirectory};
use insights_domain::{Error, Result};
use uuid::Uuid;

use crate::schema::users;
use crate::sql::{TextValue, sql};
use crate::{PgStore, error::db, migrations};

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
pub(crate) struct UserRow {
    id: Uuid,
    account_id: Uuid,
    email: String,
    name: String,
    role: String,
    can_view_admin: bool,
    is_active: bool,
}

impl TryFrom<UserRow> for User {
    type Error = Error;
    fn try_from(r: UserRow) -> Result<User> {
        let role = Role::parse(&r.role).ok_or_else(|| Error::Internal(format!("unknown role {}", r.role)))?;
        Ok(User {
            id: r.id,
            account_id: r.account_id,
            email: r.email,
            name: r.name,
            role,
            can_view_admin: r.can_view_admin,
            is_active: r.is_active,
        })
    }
}

impl UserDirectory for PgStore {
    #[tracing::instrument(skip(self))]
    fn find_user_for_auth(&self, id: Uuid) -> Result<Option<User>> {
        let mut conn = self.conn()?;
        users::table
            .find(id)
            .select(UserRow::as_select())
            .first(&mut conn)
            .optional()
            .map_err(db)?
            .map(User::try_from)
            .transpose()
    }

    #[tracing::instrument(skip_all)]
    fn find_user_by_email_unscoped(&self, email: &str) -> Result<Option<User>> {
        let mut conn = self.conn()?;
        let rows: Vec<UserRow> = users::table
            .filter(users::email.eq(email.trim().to_lowercase()))
            .filter(users::is_active.eq(true))
            .select(UserRow::as_select())
            .limit(2)
            .load(&mut conn)
            .map_err(db)?;
        if rows.len() > 1 {
            return Err(Error::bad_request("more than one account has a user with this email"));
        }
        rows.into_iter().next().map(User::try_from).transpose()
    }
}

impl Health for PgStore {
    fn ready(&self) -> Result<Readiness> {
        let mut conn = self.conn()?;
        diesel::sql_query("SELECT 1").execute(&mut conn).map_err(db)?;
        match migrations::all_applied(&mut conn) {
            Ok(true) => Ok(Readiness::Ready),
            Ok(false) => Ok(Readiness::MigrationsPending),
            Err(e) => {
                tracing::warn!(error = %e, "the migration state cannot be read");
                Err(Error::Unavailable)
            }
        }
    }

    fn pool_state(&self) -> insights_domain::ports::PoolState {
        PgStore::pool_state(self)
    }
}

impl AccountDirectory for PgStore {
    #[tracing::instrument(skip(self))]
    fn account_timezone(&self, account_id: Uuid) -> Result<Option<String>> {
        let mut conn = self.conn()?;
        sql("SELECT timezone AS value FROM accounts WHERE id = $1")
            .bind::<SqlUuid, _>(account_id)
            .get_result::<TextValue>(&mut conn)
            .optional()
            .map(|row| row.map(|r| r.value))
            .map_err(db)
    }
}
