//! PostgreSQL adapter of the analytics port: reads of the rollups (the account's days, prefix sums
//! per flow, user and user × flow: see prefix.rs and migrations/…_prefix_rollups; thumbs per node
//! and day), each with the deltas the triggers left for the folder (migrations/…_deferred_rollups)
//! added, and, for comments, of raw rows through their indexes. Also the fold, the rebuild and the
//! recount check.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_domain::ports::{
    AnalyticsRepo, DayTotals, Engineers, GroupTotals, NodeVotes, RatingComment, Scope, Totals,
};
use insights_domain::{Error, Result};
use uuid::Uuid;

use crate::sql::{Sql, TextValue, planned, sql};
use crate::{PgStore, error::db};

mod prefix;

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
struct EngineerRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Bool)]
    in_window: bool,
    #[diesel(embed)]
    t: TotalsRow,
    #[diesel(sql_type = BigInt)]
    previous_sessions: i64,
}

#[derive(QueryableByName)]
struct Folded {
    #[diesel(sql_type = BigInt)]
    n: i64,
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

/// The analytics reads, each prepared once per connection (see `crate::sql`): the window reads
/// run on generic plans (main pool), whose shapes their texts pin down (prefix.rs, node votes);
/// the comments are planned for their values on every run (planning pool).
type Boxed = Sql<'static>;

/// The analytics queries, each built with an optional prefix (`EXPLAIN …`) so that the plans
/// recorded by the benchmark are those of the very statements the service runs.
mod q {
    use super::*;

    // The window's totals: the account's daily rollup and the prefix sums (see prefix.rs).
    pub(super) use super::prefix::{daily, engineers, per_flow};

    /// A flow's thumbs per step node over the window: per node, the sum of its rows of the
    /// window (an index range each). Prepared once and run on a generic plan, whose shape the
    /// per-node `LATERAL` fixes: with a plain join of the nodes and the rows, the generic plan
    /// compared every node with every row of the flow's window (a nested loop with a join
    /// filter), and planning it for its values cost 0.2 ms a request (docs/benchmarks.md).
    pub(super) fn node_votes(prefix: &str, account_id: Uuid, tree_id: Uuid, from: NaiveDate, to: NaiveDate) -> Boxed {
        sql(format!(
            "{prefix} SELECT n.node_id, n.title, n.step_id, coalesce(v.yes, 0)::bigint AS yes, coalesce(v.no, 0)::bigint AS no
               FROM tree_nodes n
               LEFT JOIN LATERAL (SELECT sum(v.helpful_yes) AS yes, sum(v.helpful_no) AS no
                                    FROM rollup_node_daily v
                                   WHERE v.account_id = $1 AND v.tree_id = n.tree_id AND v.node_id = n.node_id
                                     AND v.day BETWEEN $3 AND $4) v ON true
              WHERE n.tree_id = $2 AND n.step_id IS NOT NULL
              ORDER BY n.position, n.node_id"
        ))
        .bind::<SqlUuid, _>(account_id)
        .bind::<SqlUuid, _>(tree_id)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
    }

    /// The flow's latest comments of the window, newest first. Planned for its values: on a
    /// generic plan (which expects a handful of ratings) PostgreSQL read every rating of the
    /// window at 1M sessions and sorted them, 13-15 ms instead of a backward scan of ten.
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
        // The window's reads are index probes whatever the values: they run on generic plans
        // (main pool), planning them on every run cost more than running them (prefix.rs).
        let mut conn = self.conn()?;
        let rows: Vec<DayRow> = q::daily("", account_id, scope, from, to).load(&mut conn).map_err(db)?;
        // The rollup rows and the pending deltas of the same day add up (one row a day out).
        let mut days: BTreeMap<NaiveDate, Totals> = BTreeMap::new();
        for r in &rows {
            days.entry(r.day).or_default().add(&Totals::from(&r.t));
        }
        Ok(days.into_iter().map(|(date, totals)| DayTotals { date, totals }).collect())
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
    fn engineers(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
        previous_from: NaiveDate,
    ) -> Result<Engineers> {
        let mut conn = self.conn()?;
        let rows: Vec<EngineerRow> =
            q::engineers("", account_id, user, (from, to), previous_from).load(&mut conn).map_err(db)?;
        // A user's rollup row and pending deltas add up: in the window if any of them is.
        let mut users: HashMap<Uuid, (String, bool, Totals, i64)> = HashMap::new();
        for r in rows {
            let u = users.entry(r.id).or_insert_with(|| (r.name, false, Totals::default(), 0));
            u.1 |= r.in_window;
            u.2.add(&Totals::from(&r.t));
            u.3 += r.previous_sessions;
        }
        let mut out = Engineers::default();
        for (id, (name, in_window, totals, previous_sessions)) in users {
            out.previously_active += i64::from(previous_sessions > 0);
            if in_window {
                out.active += i64::from(totals.sessions > 0);
                out.per_user.push(GroupTotals { id, name, totals });
            }
        }
        Ok(out)
    }

    #[tracing::instrument(skip(self))]
    fn node_votes(&self, account_id: Uuid, tree_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<NodeVotes>> {
        let mut conn = self.conn()?;
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
    /// Runs a per-flow or per-user query (index probes: generic plans, on the main pool): its
    /// rollup rows and pending deltas, summed per entity.
    fn groups(&self, query: Boxed) -> Result<Vec<GroupTotals>> {
        let mut conn = self.conn()?;
        let rows: Vec<GroupRow> = query.load(&mut conn).map_err(db)?;
        // An entity's rollup row and its pending deltas add up (one entry an entity out).
        let mut groups: HashMap<Uuid, GroupTotals> = HashMap::new();
        for r in rows {
            groups
                .entry(r.id)
                .or_insert_with(|| GroupTotals { id: r.id, name: r.name, totals: Totals::default() })
                .totals
                .add(&Totals::from(&r.t));
        }
        Ok(groups.into_values().collect())
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
        let len = chrono::Days::new((to - from).num_days().max(0) as u64 + 1);
        let prev = (from.checked_sub_days(len).unwrap_or(from), from.pred_opt().unwrap_or(from));
        let queries: Vec<(&str, Boxed)> = vec![
            ("daily (account)", q::daily(p, account_id, Scope::Account, from, to)),
            ("daily (user)", q::daily(p, account_id, Scope::User(user), from, to)),
            ("daily (flow)", q::daily(p, account_id, Scope::Flow(tree), from, to)),
            ("per flow (account)", q::per_flow(p, account_id, None, from, to)),
            ("per flow (one user)", q::per_flow(p, account_id, Some(user), from, to)),
            ("engineers (account, window and previous)", q::engineers(p, account_id, None, (from, to), prev.0)),
            ("daily (account, with the previous window)", q::daily(p, account_id, Scope::Account, prev.0, to)),
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

    /// Folds the deltas that writers left in `rollup_pending` into the rollups, in one
    /// transaction; the number of deltas applied (one per account, local day, flow and user), or
    /// 0 when another folder is at work (migrations/…_deferred_rollups).
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    pub fn fold_rollups(&self) -> Result<i64> {
        let mut conn = self.conn()?;
        diesel::sql_query("SELECT rollup_fold() AS n").get_result::<Folded>(&mut conn).map(|r| r.n).map_err(db)
    }

    /// Vacuums `rollup_pending` (skipped when another vacuum holds it). Each fold deletes the rows
    /// it applied, and every dashboard statement scans the table (migrations/…_deferred_rollups):
    /// left to autovacuum (a minute apart at best), a burst of writes leaves hundreds of empty
    /// pages behind, +0.25 ms a statement at 345 pages (docs/benchmarks.md). The folder calls
    /// this about once a second while it folds, which keeps the table at a few pages.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    pub fn vacuum_pending(&self) -> Result<()> {
        let mut conn = self.conn()?;
        diesel::sql_query("VACUUM (SKIP_LOCKED) rollup_pending").execute(&mut conn).map(|_| ()).map_err(db)
    }

    /// Every rollup row that differs from a recount of the raw rows (empty when exact).
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    pub fn check_rollups(&self) -> Result<Vec<crate::check::Drift>> {
        let mut conn = self.conn()?;
        conn.transaction(|c| {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(c)?;
            diesel::sql_query(prefix::check_sql()).load(c)
        })
        .map_err(db)
    }
}
