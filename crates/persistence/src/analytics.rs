//! PostgreSQL adapter of the analytics port: reads of the daily rollups (flow, user and node
//! tables maintained by triggers, see migrations/…_rollups) and, for one user's flows and for
//! comments, of raw rows through their indexes. Also the rebuild and the recount check.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_domain::ports::{AnalyticsRepo, DayTotals, GroupTotals, NodeVotes, RatingComment, Scope, Totals};
use insights_domain::{Error, Result};
use uuid::Uuid;

use crate::sql::{Sql, TextValue, planned, sql};
use crate::{PgStore, error::db};

/// The summed columns of a rollup, as `SELECT` items (`r` is the rollup alias).
const SUMS: &str =
    "coalesce(sum(r.sessions), 0)::bigint AS sessions, coalesce(sum(r.completed), 0)::bigint AS completed,
    coalesce(sum(r.duration_us), 0)::bigint AS duration_us, coalesce(sum(r.resolved), 0)::bigint AS resolved,
    coalesce(sum(r.escalated), 0)::bigint AS escalated, coalesce(sum(r.workaround), 0)::bigint AS workaround,
    coalesce(sum(r.unresolved), 0)::bigint AS unresolved, coalesce(sum(r.csat_1), 0)::bigint AS csat_1,
    coalesce(sum(r.csat_2), 0)::bigint AS csat_2, coalesce(sum(r.csat_3), 0)::bigint AS csat_3,
    coalesce(sum(r.csat_4), 0)::bigint AS csat_4, coalesce(sum(r.csat_5), 0)::bigint AS csat_5";

#[derive(QueryableByName)]
struct TotalsRow {
    #[diesel(sql_type = BigInt)]
    sessions: i64,
    #[diesel(sql_type = BigInt)]
    completed: i64,
    #[diesel(sql_type = BigInt)]
    duration_us: i64,
    #[diesel(sql_type = BigInt)]
    resolved: i64,
    #[diesel(sql_type = BigInt)]
    escalated: i64,
    #[diesel(sql_type = BigInt)]
    workaround: i64,
    #[diesel(sql_type = BigInt)]
    unresolved: i64,
    #[diesel(sql_type = BigInt)]
    csat_1: i64,
    #[diesel(sql_type = BigInt)]
    csat_2: i64,
    #[diesel(sql_type = BigInt)]
    csat_3: i64,
    #[diesel(sql_type = BigInt)]
    csat_4: i64,
    #[diesel(sql_type = BigInt)]
    csat_5: i64,
}

impl From<&TotalsRow> for Totals {
    fn from(r: &TotalsRow) -> Totals {
        Totals {
            sessions: r.sessions,
            completed: r.completed,
            duration_us: r.duration_us,
            resolved: r.resolved,
            escalated: r.escalated,
            workaround: r.workaround,
            unresolved: r.unresolved,
            csat: [r.csat_1, r.csat_2, r.csat_3, r.csat_4, r.csat_5],
        }
    }
}

#[derive(QueryableByName)]
struct DayRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
    #[diesel(embed)]
    t: TotalsRow,
}

#[derive(QueryableByName)]
struct GroupRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(embed)]
    t: TotalsRow,
}

#[derive(QueryableByName)]
struct PairRow {
    #[diesel(sql_type = BigInt)]
    current: i64,
    #[diesel(sql_type = BigInt)]
    previous: i64,
}

#[derive(QueryableByName)]
struct NodeRow {
    #[diesel(sql_type = Text)]
    node_id: String,
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = SqlUuid)]
    step_id: Uuid,
    #[diesel(sql_type = BigInt)]
    yes: i64,
    #[diesel(sql_type = BigInt)]
    no: i64,
}

#[derive(QueryableByName)]
struct CommentRow {
    #[diesel(sql_type = Integer)]
    rating: i32,
    #[diesel(sql_type = Text)]
    comment: String,
    #[diesel(sql_type = Text)]
    user_name: String,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
}

/// The analytics reads are planned for their window and ids on every run (see `crate::sql`).
type Boxed = Sql<'static>;

/// The analytics queries, each built with an optional prefix (`EXPLAIN …`) so that the plans
/// recorded by the benchmark are those of the very statements the service runs.
mod q {
    use super::*;

    pub(super) fn daily(prefix: &str, account_id: Uuid, scope: Scope, from: NaiveDate, to: NaiveDate) -> Boxed {
        let (table, filter, id) = match scope {
            // The user rollup has about half the rows per day of the flow rollup (100 engineers
            // against 200 flows) and the same sums.
            Scope::Account => ("rollup_user_daily", "$4::uuid IS NOT NULL", Uuid::nil()),
            Scope::User(u) => ("rollup_user_daily", "r.user_id = $4", u),
            Scope::Flow(t) => ("rollup_flow_daily", "r.tree_id = $4", t),
        };
        planned(format!(
            "{prefix} SELECT r.day, {SUMS} FROM {table} r
              WHERE r.account_id = $1 AND r.day BETWEEN $2 AND $3 AND {filter}
              GROUP BY r.day ORDER BY r.day"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .bind::<SqlUuid, _>(id)
    }

    pub(super) fn active_users(
        prefix: &str,
        account_id: Uuid,
        user: Option<Uuid>,
        current: (NaiveDate, NaiveDate),
        previous: (NaiveDate, NaiveDate),
    ) -> Boxed {
        planned(format!(
            "{prefix} SELECT count(DISTINCT user_id) FILTER (WHERE day BETWEEN $2 AND $3) AS current,
                    count(DISTINCT user_id) FILTER (WHERE day BETWEEN $4 AND $5) AS previous
               FROM rollup_user_daily
              WHERE account_id = $1 AND day BETWEEN least($2, $4) AND greatest($3, $5) AND sessions > 0
                AND ($6::uuid IS NULL OR user_id = $6)"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<Date, _>(current.0)
        .bind::<Date, _>(current.1)
        .bind::<Date, _>(previous.0)
        .bind::<Date, _>(previous.1)
        .bind::<Nullable<SqlUuid>, _>(user)
    }

    pub(super) fn per_flow(
        prefix: &str,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Boxed {
        // Sum per flow first, then name the ~200 groups (sorting the rows by name is the cost).
        let (table, filter) = match user {
            None => ("rollup_flow_daily", "$4::uuid IS NULL"),
            Some(_) => ("rollup_user_flow_daily", "r.user_id = $4"),
        };
        planned(format!(
            "{prefix} SELECT g.tree_id AS id, t.name, g.* FROM (
                 SELECT r.tree_id, {SUMS} FROM {table} r
                  WHERE r.account_id = $1 AND r.day BETWEEN $2 AND $3 AND {filter}
                  GROUP BY r.tree_id) g
               JOIN trees t ON t.id = g.tree_id"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .bind::<Nullable<SqlUuid>, _>(user)
    }

    pub(super) fn per_user(
        prefix: &str,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Boxed {
        // Sum per user first, then name the groups (joining first sorted every row by name). One
        // text per scope, so that each prepared statement's generic plan fits its filter.
        let filter = match user {
            None => "$4::uuid IS NULL",
            Some(_) => "r.user_id = $4",
        };
        planned(format!(
            "{prefix} SELECT g.user_id AS id, u.name, g.* FROM (
                 SELECT r.user_id, {SUMS} FROM rollup_user_daily r
                  WHERE r.account_id = $1 AND r.day BETWEEN $2 AND $3 AND {filter}
                  GROUP BY r.user_id) g
               JOIN users u ON u.id = g.user_id"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .bind::<Nullable<SqlUuid>, _>(user)
    }

    pub(super) fn node_votes(prefix: &str, account_id: Uuid, tree_id: Uuid, from: NaiveDate, to: NaiveDate) -> Boxed {
        planned(format!(
            "{prefix} SELECT n.node_id, n.title, n.step_id,
                    coalesce(sum(v.helpful_yes), 0)::bigint AS yes, coalesce(sum(v.helpful_no), 0)::bigint AS no
               FROM tree_nodes n
               LEFT JOIN rollup_node_daily v
                      ON v.account_id = $1 AND v.tree_id = n.tree_id AND v.node_id = n.node_id
                     AND v.day BETWEEN $3 AND $4
              WHERE n.tree_id = $2 AND n.step_id IS NOT NULL
              GROUP BY n.node_id, n.title, n.step_id, n.position
              ORDER BY n.position, n.node_id"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<SqlUuid, _>(tree_id)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
    }

    pub(super) fn recent_comments(
        prefix: &str,
        account_id: Uuid,
        tree_id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> Boxed {
        planned(format!(
            "{prefix} SELECT r.rating, r.comment, u.name AS user_name, r.created_at
               FROM (SELECT r.rating, r.comment, r.user_id, r.created_at, r.id FROM session_ratings r
                      WHERE r.tree_id = $2 AND r.account_id = $1 AND r.comment IS NOT NULL
                        AND r.created_at >= $3 AND r.created_at < $4
                      ORDER BY r.created_at DESC, r.id DESC
                      LIMIT $5) r
               JOIN users u ON u.id = r.user_id
              ORDER BY r.created_at DESC, r.id DESC"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<SqlUuid, _>(tree_id)
        .bind::<Timestamptz, _>(from)
        .bind::<Timestamptz, _>(to)
        .bind::<BigInt, _>(limit)
    }
}

impl AnalyticsRepo for PgStore {
    #[tracing::instrument(skip(self))]
    fn set_account_timezone(&self, account_id: Uuid, timezone: &str) -> Result<()> {
        let mut conn = self.conn()?;
        // The trigger on accounts.timezone rebuilds the account's rollups in this transaction.
        let n = sql("UPDATE accounts SET timezone = $2 WHERE id = $1")
            .bind::<SqlUuid, _>(account_id)
            .bind::<Text, _>(timezone)
            .execute(&mut conn)
            .map_err(db)?;
        if n == 0 { Err(Error::not_found("account")) } else { Ok(()) }
    }

    fn flow_name(&self, account_id: Uuid, tree_id: Uuid) -> Result<Option<String>> {
        self.name_in_account("trees", account_id, tree_id)
    }

    fn user_name(&self, account_id: Uuid, user_id: Uuid) -> Result<Option<String>> {
        self.name_in_account("users", account_id, user_id)
    }

    #[tracing::instrument(skip(self))]
    fn daily(&self, account_id: Uuid, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayTotals>> {
        let mut conn = self.planning_conn()?;
        let rows: Vec<DayRow> = q::daily("", account_id, scope, from, to).load(&mut conn).map_err(db)?;
        Ok(rows.iter().map(|r| DayTotals { date: r.day, totals: Totals::from(&r.t) }).collect())
    }

    #[tracing::instrument(skip(self))]
    fn active_users(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        current: (NaiveDate, NaiveDate),
        previous: (NaiveDate, NaiveDate),
    ) -> Result<(i64, i64)> {
        let mut conn = self.planning_conn()?;
        q::active_users("", account_id, user, current, previous)
            .get_result::<PairRow>(&mut conn)
            .map(|r| (r.current, r.previous))
            .map_err(db)
    }

    #[tracing::instrument(skip(self))]
    fn per_flow(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<GroupTotals>> {
        self.groups(q::per_flow("", account_id, user, from, to))
    }

    #[tracing::instrument(skip(self))]
    fn per_user(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<GroupTotals>> {
        self.groups(q::per_user("", account_id, user, from, to))
    }

    #[tracing::instrument(skip(self))]
    fn node_votes(&self, account_id: Uuid, tree_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<NodeVotes>> {
        let mut conn = self.planning_conn()?;
        let rows: Vec<NodeRow> = q::node_votes("", account_id, tree_id, from, to).load(&mut conn).map_err(db)?;
        Ok(rows
            .into_iter()
            .map(|r| NodeVotes {
                node_id: r.node_id,
                node_title: r.title,
                step_id: r.step_id,
                helpful_yes: r.yes,
                helpful_no: r.no,
            })
            .collect())
    }

    #[tracing::instrument(skip(self))]
    fn recent_comments(
        &self,
        account_id: Uuid,
        tree_id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<RatingComment>> {
        let mut conn = self.planning_conn()?;
        let rows: Vec<CommentRow> =
            q::recent_comments("", account_id, tree_id, from, to, limit).load(&mut conn).map_err(db)?;
        Ok(rows
            .into_iter()
            .map(|r| RatingComment {
                rating: r.rating,
                comment: r.comment,
                user_name: r.user_name,
                created_at: r.created_at,
            })
            .collect())
    }
}

impl PgStore {
    /// Runs a per-flow or per-user query.
    fn groups(&self, query: Boxed) -> Result<Vec<GroupTotals>> {
        let mut conn = self.planning_conn()?;
        let rows: Vec<GroupRow> = query.load(&mut conn).map_err(db)?;
        Ok(rows.into_iter().map(|r| GroupTotals { id: r.id, name: r.name, totals: Totals::from(&r.t) }).collect())
    }

    /// The `name` of row `id` of `table` (a constant: `trees` or `users`) in the account.
    fn name_in_account(&self, table: &'static str, account_id: Uuid, id: Uuid) -> Result<Option<String>> {
        let mut conn = self.conn()?;
        sql(format!("SELECT name AS value FROM {table} WHERE id = $2 AND account_id = $1"))
            .bind::<SqlUuid, _>(account_id)
            .bind::<SqlUuid, _>(id)
            .get_result::<TextValue>(&mut conn)
            .optional()
            .map(|r| r.map(|r| r.value))
            .map_err(db)
    }
}

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text)]
    #[diesel(column_name = "QUERY PLAN")]
    line: String,
}

impl PgStore {
    /// `EXPLAIN (ANALYZE, BUFFERS)` of every analytics query for one account, user and flow over
    /// `from..=to`: (name, plan).
    ///
    /// # Errors
    /// `Unavailable`; `Internal` on a failed statement.
    pub fn explain_analytics(
        &self,
        account_id: Uuid,
        user: Uuid,
        tree: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(String, String)>> {
        let p = "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)";
        let (start, end) =
            (from.and_time(chrono::NaiveTime::MIN).and_utc(), to.and_time(chrono::NaiveTime::MIN).and_utc());
        let queries: Vec<(&str, Boxed)> = vec![
            ("daily (account)", q::daily(p, account_id, Scope::Account, from, to)),
            ("daily (user)", q::daily(p, account_id, Scope::User(user), from, to)),
            ("daily (flow)", q::daily(p, account_id, Scope::Flow(tree), from, to)),
            ("active users (account, two windows)", q::active_users(p, account_id, None, (from, to), (from, to))),
            ("per flow (account)", q::per_flow(p, account_id, None, from, to)),
            ("per flow (one user)", q::per_flow(p, account_id, Some(user), from, to)),
            ("per user (account)", q::per_user(p, account_id, None, from, to)),
            ("node votes (flow)", q::node_votes(p, account_id, tree, from, to)),
            ("recent comments (flow)", q::recent_comments(p, account_id, tree, start, end, 10)),
        ];
        let mut conn = self.planning_conn()?;
        let mut out = vec![];
        for (name, query) in queries {
            let lines: Vec<PlanLine> = query.load(&mut conn).map_err(db)?;
            out.push((name.to_owned(), lines.into_iter().map(|l| l.line).collect::<Vec<_>>().join("\n")));
        }
        Ok(out)
    }
}

const CHECK_SQL: &str = "
WITH src AS (
    SELECT s.account_id, (s.started_at AT TIME ZONE a.timezone)::date AS day, s.tree_id, s.user_id,
           1 AS sessions, (s.completed_at IS NOT NULL)::int AS completed,
           coalesce((extract(epoch FROM (s.completed_at - s.started_at)) * 1000000)::bigint, 0) AS duration_us,
           (s.outcome IS NOT DISTINCT FROM 'resolved')::int AS resolved,
           (s.outcome IS NOT DISTINCT FROM 'escalated')::int AS escalated,
           (s.outcome IS NOT DISTINCT FROM 'workaround')::int AS workaround,
           (s.outcome IS NOT DISTINCT FROM 'unresolved')::int AS unresolved,
           0 AS c1, 0 AS c2, 0 AS c3, 0 AS c4, 0 AS c5
      FROM sessions s JOIN accounts a ON a.id = s.account_id
    UNION ALL
    SELECT r.account_id, (r.created_at AT TIME ZONE a.timezone)::date, r.tree_id, r.user_id, 0, 0, 0, 0, 0, 0, 0,
           (r.rating = 1)::int, (r.rating = 2)::int, (r.rating = 3)::int, (r.rating = 4)::int, (r.rating = 5)::int
      FROM session_ratings r JOIN accounts a ON a.id = r.account_id),
fresh_flow AS (
    SELECT account_id, day, tree_id AS k, concat_ws(',', sum(sessions), sum(completed), sum(duration_us), sum(resolved),
           sum(escalated), sum(workaround), sum(unresolved), sum(c1), sum(c2), sum(c3), sum(c4), sum(c5)) AS v
      FROM src GROUP BY account_id, day, tree_id),
fresh_user AS (
    SELECT account_id, day, user_id AS k, concat_ws(',', sum(sessions), sum(completed), sum(duration_us), sum(resolved),
           sum(escalated), sum(workaround), sum(unresolved), sum(c1), sum(c2), sum(c3), sum(c4), sum(c5)) AS v
      FROM src GROUP BY account_id, day, user_id),
stored_flow AS (
    SELECT account_id, day, tree_id AS k, concat_ws(',', sessions, completed, duration_us, resolved, escalated,
           workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5) AS v
      FROM rollup_flow_daily r WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = r.account_id)),
stored_user AS (
    SELECT account_id, day, user_id AS k, concat_ws(',', sessions, completed, duration_us, resolved, escalated,
           workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5) AS v
      FROM rollup_user_daily r WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = r.account_id)),
fresh_user_flow AS (
    SELECT account_id, day, user_id::text || '/' || tree_id::text AS k, concat_ws(',', sum(sessions), sum(completed),
           sum(duration_us), sum(resolved), sum(escalated), sum(workaround), sum(unresolved), sum(c1), sum(c2), sum(c3),
           sum(c4), sum(c5)) AS v
      FROM src GROUP BY account_id, day, user_id, tree_id),
stored_user_flow AS (
    SELECT account_id, day, user_id::text || '/' || tree_id::text AS k, concat_ws(',', sessions, completed, duration_us,
           resolved, escalated, workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5) AS v
      FROM rollup_user_flow_daily r WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = r.account_id)),
fresh_node AS (
    SELECT tr.account_id, (t.created_at AT TIME ZONE a.timezone)::date AS day, t.tree_id::text || '/' || t.node_id AS k,
           concat_ws(',', count(*) FILTER (WHERE t.was_helpful), count(*) FILTER (WHERE NOT t.was_helpful)) AS v
      FROM step_ratings t JOIN trees tr ON tr.id = t.tree_id JOIN accounts a ON a.id = tr.account_id
     WHERE t.node_id IS NOT NULL GROUP BY 1, 2, 3),
stored_node AS (
    SELECT account_id, day, tree_id::text || '/' || node_id AS k, concat_ws(',', helpful_yes, helpful_no) AS v
      FROM rollup_node_daily r WHERE EXISTS (SELECT 1 FROM trees t WHERE t.id = r.tree_id)),
zero AS (SELECT '0,0,0,0,0,0,0,0,0,0,0,0' AS twelve, '0,0' AS two)
SELECT 'rollup_flow_daily' AS what, concat_ws('/', coalesce(f.account_id, s.account_id), coalesce(f.day, s.day), coalesce(f.k, s.k)) AS key,
       coalesce(s.v, z.twelve) AS stored, coalesce(f.v, z.twelve) AS recounted
  FROM fresh_flow f FULL JOIN stored_flow s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k), zero z
 WHERE coalesce(s.v, z.twelve) <> coalesce(f.v, z.twelve)
UNION ALL
SELECT 'rollup_user_daily', concat_ws('/', coalesce(f.account_id, s.account_id), coalesce(f.day, s.day), coalesce(f.k, s.k)),
       coalesce(s.v, z.twelve), coalesce(f.v, z.twelve)
  FROM fresh_user f FULL JOIN stored_user s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k), zero z
 WHERE coalesce(s.v, z.twelve) <> coalesce(f.v, z.twelve)
UNION ALL
SELECT 'rollup_user_flow_daily', concat_ws('/', coalesce(f.account_id, s.account_id), coalesce(f.day, s.day), coalesce(f.k, s.k)),
       coalesce(s.v, z.twelve), coalesce(f.v, z.twelve)
  FROM fresh_user_flow f FULL JOIN stored_user_flow s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k), zero z
 WHERE coalesce(s.v, z.twelve) <> coalesce(f.v, z.twelve)
UNION ALL
SELECT 'rollup_node_daily', concat_ws('/', coalesce(f.account_id, s.account_id), coalesce(f.day, s.day), coalesce(f.k, s.k)),
       coalesce(s.v, z.two), coalesce(f.v, z.two)
  FROM fresh_node f FULL JOIN stored_node s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k), zero z
 WHERE coalesce(s.v, z.two) <> coalesce(f.v, z.two)
ORDER BY 1, 2";

impl PgStore {
    /// Rebuilds the rollups of one account (or of all) from the raw rows, in one transaction.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    pub fn rebuild_rollups(&self, account: Option<Uuid>) -> Result<()> {
        let mut conn = self.conn()?;
        conn.transaction(|c| {
            diesel::sql_query("SELECT rollup_rebuild($1)").bind::<Nullable<SqlUuid>, _>(account).execute(c)
        })
        .map(|_| ())
        .map_err(db)
    }

    /// Every rollup row that differs from a recount of the raw rows (empty when exact).
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    pub fn check_rollups(&self) -> Result<Vec<crate::check::Drift>> {
        let mut conn = self.conn()?;
        conn.transaction(|c| {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(c)?;
            diesel::sql_query(CHECK_SQL).load(c)
        })
        .map_err(db)
    }
}
