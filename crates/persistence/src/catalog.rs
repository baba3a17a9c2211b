//! PostgreSQL adapter of the catalog port: the caller's profile, the account's flows with their
//! nodes, the directory of users and teams, and the caller's own sessions.

use chrono::{DateTime, Utc};
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use insights_domain::actor::User;
use insights_domain::catalog::{
    Account, DirectoryQuery, DirectoryTeam, DirectoryUser, SessionListItem, SessionQuery, SessionStatus, TreeDetail,
    TreeNode, TreeQuery, TreeSummary, TreeType,
};
use insights_domain::feedback::{Session, SessionRating};
use insights_domain::page::Page;
use insights_domain::ports::CatalogRepo;
use insights_domain::{Actor, Error, Result};
use uuid::Uuid;

use crate::PgStore;
use crate::error::db;
use crate::feedback::SessionRow;
use crate::schema::{accounts, session_ratings, sessions, teams, tree_nodes, trees, users};
use crate::users::UserRow;

diesel::define_sql_function! {
    /// PostgreSQL's `lower(text)`.
    fn lower(x: Text) -> Text;
}

diesel::define_sql_function! {
    /// PostgreSQL's `strpos(haystack, needle)`: 1-based position, 0 when absent.
    fn strpos(haystack: Text, needle: Text) -> Integer;
}

type RatingCols = (Uuid, Uuid, Uuid, Uuid, i32, Option<String>, DateTime<Utc>);

fn rating((id, session_id, tree_id, user_id, rating, comment, created_at): RatingCols) -> SessionRating {
    SessionRating { id, session_id, tree_id, user_id, rating, comment, created_at }
}

fn tree_type(stored: &str) -> Result<TreeType> {
    TreeType::from_stored(stored).ok_or_else(|| Error::Internal(format!("unknown tree_type {stored}")))
}

impl CatalogRepo for PgStore {
    #[tracing::instrument(skip_all)]
    fn profile(&self, actor: &Actor) -> Result<Option<(User, Account)>> {
        let mut conn = self.conn()?;
        let row: Option<(UserRow, (Uuid, String, String))> = users::table
            .inner_join(accounts::table)
            .filter(users::id.eq(actor.user_id))
            .filter(users::account_id.eq(actor.account_id))
            .select((UserRow::as_select(), (accounts::id, accounts::name, accounts::timezone)))
            .first(&mut conn)
            .optional()
            .map_err(db)?;
        row.map(|(u, (id, name, timezone))| Ok((User::try_from(u)?, Account { id, name, timezone }))).transpose()
    }

    #[tracing::instrument(skip_all)]
    fn list_trees(&self, actor: &Actor, query: &TreeQuery) -> Result<Page<TreeSummary>> {
        let mut conn = self.conn()?;
        let base = || {
            let mut q = trees::table.filter(trees::account_id.eq(actor.account_id)).into_boxed();
            if let Some(text) = query.q() {
                q = q.filter(strpos(lower(trees::name), lower(text.to_owned())).gt(0));
            }
            if let Some(t) = query.tree_type() {
                q = q.filter(trees::tree_type.eq(t.as_str()));
            }
            q
        };
        let total: i64 = base().select(count_star()).get_result(&mut conn).map_err(db)?;
        let page = query.page();
        let rows: Vec<(Uuid, String, String, i64, DateTime<Utc>)> = base()
            .order((lower(trees::name).asc(), trees::id.asc()))
            .limit(i64::from(page.limit))
            .offset(page.offset())
            .select((
                trees::id,
                trees::name,
                trees::tree_type,
                sql::<BigInt>("(SELECT count(*) FROM tree_nodes n WHERE n.tree_id = trees.id)"),
                trees::updated_at,
            ))
            .load(&mut conn)
            .map_err(db)?;
        let items = rows
            .into_iter()
            .map(|(id, name, t, node_count, updated_at)| {
                Ok(TreeSummary { id, name, tree_type: tree_type(&t)?, node_count, updated_at })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::new(items, page, total))
    }

    #[tracing::instrument(skip_all)]
    fn find_tree(&self, actor: &Actor, tree_id: Uuid) -> Result<Option<TreeDetail>> {
        let mut conn = self.conn()?;
        let Some((id, name, t)) = trees::table
            .filter(trees::id.eq(tree_id))
            .filter(trees::account_id.eq(actor.account_id))
            .select((trees::id, trees::name, trees::tree_type))
            .first::<(Uuid, String, String)>(&mut conn)
            .optional()
            .map_err(db)?
        else {
            return Ok(None);
        };
        let nodes = tree_nodes::table
            .filter(tree_nodes::tree_id.eq(id))
            .order((tree_nodes::position.asc(), tree_nodes::node_id.asc()))
            .select((tree_nodes::node_id, tree_nodes::title, tree_nodes::step_id, tree_nodes::position))
            .load::<(String, String, Option<Uuid>, i32)>(&mut conn)
            .map_err(db)?
            .into_iter()
            .map(|(node_id, title, step_id, position)| TreeNode { node_id, title, step_id, position })
            .collect();
        Ok(Some(TreeDetail { id, name, tree_type: tree_type(&t)?, nodes }))
    }

    #[tracing::instrument(skip_all)]
    fn list_own_sessions(&self, actor: &Actor, query: &SessionQuery) -> Result<Page<SessionListItem>> {
        let mut conn = self.conn()?;
        let base = || {
            let mut q = sessions::table
                .inner_join(trees::table)
                .left_join(session_ratings::table.on(session_ratings::session_id.eq(sessions::id)))
                .filter(sessions::account_id.eq(actor.account_id))
                .filter(sessions::user_id.eq(actor.user_id))
                .into_boxed();
            match query.status() {
                SessionStatus::InProgress => q = q.filter(sessions::completed_at.is_null()),
                SessionStatus::Completed => q = q.filter(sessions::completed_at.is_not_null()),
                SessionStatus::All => {}
            }
            if let Some(tree_id) = query.tree_id() {
                q = q.filter(sessions::tree_id.eq(tree_id));
            }
            q
        };
        let total: i64 = base().select(count_star()).get_result(&mut conn).map_err(db)?;
        let page = query.page();
        let rows: Vec<(SessionRow, String, Option<RatingCols>)> = base()
            .order((sessions::started_at.desc(), sessions::id.desc()))
            .limit(i64::from(page.limit))
            .offset(page.offset())
            .select((
                SessionRow::as_select(),
                trees::name,
                (
                    session_ratings::id,
                    session_ratings::session_id,
                    session_ratings::tree_id,
                    session_ratings::user_id,
                    session_ratings::rating,
                    session_ratings::comment,
                    session_ratings::created_at,
                )
                    .nullable(),
            ))
            .load(&mut conn)
            .map_err(db)?;
        let items = rows
            .into_iter()
            .map(|(s, tree_name, r)| {
                Ok(SessionListItem { session: Session::try_from(s)?, tree_name, rating: r.map(rating) })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Page::new(items, page, total))
    }

    #[tracing::instrument(skip_all)]
    fn list_users(&self, actor: &Actor, query: &DirectoryQuery) -> Result<Page<DirectoryUser>> {
        let mut conn = self.conn()?;
        let base = || {
            let mut q = users::table
                .filter(users::account_id.eq(actor.account_id))
                .filter(users::is_active.eq(true))
                .into_boxed();
            if let Some(text) = query.q() {
                q = q.filter(
                    strpos(lower(users::name), lower(text.to_owned())).gt(0).or(strpos(
                        lower(users::email),
                        lower(text.to_owned()),
                    )
                    .gt(0)),
                );
            }
            q
        };
        let total: i64 = base().select(count_star()).get_result(&mut conn).map_err(db)?;
        let page = query.page();
        let items = base()
            .order((lower(users::name).asc(), users::id.asc()))
            .limit(i64::from(page.limit))
            .offset(page.offset())
            .select((users::id, users::name, users::email))
            .load::<(Uuid, String, String)>(&mut conn)
            .map_err(db)?
            .into_iter()
            .map(|(id, name, email)| DirectoryUser { id, name, email })
            .collect();
        Ok(Page::new(items, page, total))
    }

    #[tracing::instrument(skip_all)]
    fn list_teams(&self, actor: &Actor, query: &DirectoryQuery) -> Result<Page<DirectoryTeam>> {
        let mut conn = self.conn()?;
        let base = || {
            let mut q = teams::table.filter(teams::account_id.eq(actor.account_id)).into_boxed();
            if let Some(text) = query.q() {
                q = q.filter(strpos(lower(teams::name), lower(text.to_owned())).gt(0));
            }
            q
        };
        let total: i64 = base().select(count_star()).get_result(&mut conn).map_err(db)?;
        let page = query.page();
        let items = base()
            .order((lower(teams::name).asc(), teams::id.asc()))
            .limit(i64::from(page.limit))
            .offset(page.offset())
            .select((
                teams::id,
                teams::name,
                sql::<BigInt>("(SELECT count(*) FROM team_members m WHERE m.team_id = teams.id)"),
            ))
            .load::<(Uuid, String, i64)>(&mut conn)
            .map_err(db)?
            .into_iter()
            .map(|(id, name, member_count)| DirectoryTeam { id, name, member_count })
            .collect();
        Ok(Page::new(items, page, total))
    }
}
