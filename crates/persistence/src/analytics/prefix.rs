//! The analytics reads over the account's daily rollup and the prefix-sum rollups of
//! migrations/…_prefix_rollups: a window's totals per flow or user are the latest row on or
//! before its last day (for a window ending today, the entities' flagged latest rows: one range
//! scan, migrations/…_latest_prefix_rows) minus the latest row before its first day (one probe
//! each), so a dashboard reads about the same number of rows for 7 days as for a year. Each
//! reader also returns the deltas the folder has not applied yet (migrations/…_deferred_rollups),
//! which the adapter adds. Also the recount of these structures for `insights check`.

use chrono::NaiveDate;
use diesel::sql_types::{Date, Nullable, Uuid as SqlUuid};
use insights_domain::ports::Scope;
use uuid::Uuid;

use super::Boxed;
use crate::sql::sql;

/// The summed columns, in the order of `TotalsRow`.
const COLS: [&str; 12] = [
    "sessions",
    "completed",
    "duration_us",
    "resolved",
    "escalated",
    "workaround",
    "unresolved",
    "csat_1",
    "csat_2",
    "csat_3",
    "csat_4",
    "csat_5",
];

/// `hi.c - coalesce(lo.c, lp.c, 0) AS c` for every column: a window's totals from its upper prefix
/// row and the row before it (the entity's row of the eve, `lo`, or a probe where it has none,
/// `lp`: see [`eve`] and [`probe_missing`]).
fn window_diff() -> String {
    COLS.iter().map(|c| format!("(hi.{c} - coalesce(lo.{c}, lp.{c}, 0))::bigint AS {c}")).collect::<Vec<_>>().join(", ")
}

/// `c - lag(c, 1, 0) OVER w AS c`: a day's own totals from consecutive prefix rows.
fn day_diff() -> String {
    COLS.iter()
        .map(|c| format!("(x.{c} - lag(x.{c}, 1, 0::bigint) OVER w)::bigint AS {c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `alias.c` for every column.
fn qualified(alias: &str) -> String {
    COLS.iter().map(|c| format!("{alias}.{c}")).collect::<Vec<_>>().join(", ")
}

/// `q.c` for every column of the pending deltas `q`, each wrapped by `wrap` (`{}` stands for the
/// column).
fn pending_cols(wrap: &str) -> String {
    COLS.iter().map(|c| wrap.replace("{}", &format!("q.{c}"))).collect::<Vec<_>>().join(", ")
}

/// `FROM` the account's deltas not folded into the rollups yet (migrations/…_deferred_rollups)
/// that match `cond` (on `q`), with their local day as `day`, for the days `from..=to`, aliased
/// `q`. The table holds the deltas of the last fold interval only: a scan of it is a few rows.
/// Each reader returns them beside its rollup rows, in the same statement (one snapshot), and
/// the adapter adds them up (analytics.rs).
fn pending(cond: &str, from: &str, to: &str) -> String {
    format!(
        "(SELECT p.* FROM (
             SELECT q.*, (q.at AT TIME ZONE (SELECT a.timezone FROM accounts a WHERE a.id = $1))::date AS day
               FROM rollup_pending q WHERE q.account_id = $1 AND {cond}) p
           WHERE p.day BETWEEN {from} AND {to}) q"
    )
}

/// The latest prefix row of `table` for the entity `cond` on or before `bound` (`<=` or `<`).
fn probe(table: &str, cond: &str, op: &str, bound: &str) -> String {
    format!(
        "(SELECT r.* FROM {table} r WHERE r.account_id = $1 AND {cond} AND r.day {op} {bound}
           ORDER BY r.day DESC LIMIT 1)"
    )
}

/// The entity's row of `table` on the day before `bound` (`mine`: the user's condition on `r`, or
/// nothing): when it exists, it is the entity's latest row before `bound`. The rows of that day
/// of every entity are one range scan (migrations/…_rows_by_day) instead of one probe each.
fn eve(table: &str, mine: &str, bound: &str) -> String {
    format!("(SELECT r.* FROM {table} r WHERE r.account_id = $1 AND {mine}r.day = {bound}::date - 1)")
}

/// A `LEFT JOIN LATERAL`, aliased `ap`, to the latest row of `table` before `bound` of the entity
/// of `hi` (`key`: its column; `mine` as for [`eve`]) when its row of the eve, `a`, is missing: a
/// one-time filter skips the probe where `a` matched, where `skip` holds, and for rows without
/// `hi`. None is probed when the account has no day before `bound` at all (a window reaching back
/// past the account's first day: an `InitPlan`, one index read for the statement), since every
/// write adds to the account's day as to its entities' rows.
fn probe_missing(table: &str, key: &str, mine: &str, bound: &str, (a, ap): (&str, &str), skip: &str) -> String {
    let cond = format!(
        "{a}.{key} IS NULL AND hi.{key} IS NOT NULL AND NOT ({skip})
           AND EXISTS (SELECT FROM rollup_account_daily d WHERE d.account_id = $1 AND d.day < {bound})
           AND {mine}r.{key} = hi.{key}"
    );
    format!("LEFT JOIN LATERAL {} {ap} ON true", probe(table, &cond, "<", bound))
}

pub(super) fn daily(prefix: &str, account_id: Uuid, scope: Scope, from: NaiveDate, to: NaiveDate) -> Boxed {
    let cols = qualified("r");
    let (table, cond, id) = match scope {
        // One row a day with the day's totals.
        Scope::Account => {
            return sql(format!(
                "{prefix} SELECT r.day, {cols} FROM rollup_account_daily r
                  WHERE r.account_id = $1 AND r.day BETWEEN $2 AND $3
                 UNION ALL
                 SELECT q.day, {pcols} FROM {pending}",
                pcols = qualified("q"),
                pending = pending("true", "$2", "$3"),
            ))
            .bind::<SqlUuid, _>(account_id)
            .bind::<Date, _>(from)
            .bind::<Date, _>(to);
        }
        Scope::User(u) => ("rollup_user_cum", "r.user_id = $4", u),
        Scope::Flow(t) => ("rollup_flow_cum", "r.tree_id = $4", t),
    };
    // The prefix rows of the window plus the one before it; each day is its row minus the previous.
    let before = probe(table, cond, "<", "$2");
    sql(format!(
        "{prefix} SELECT y.* FROM (
             SELECT x.day, {diff} FROM (
                 {before}
                 UNION ALL
                 (SELECT r.* FROM {table} r WHERE r.account_id = $1 AND {cond} AND r.day BETWEEN $2 AND $3)) x
             WINDOW w AS (ORDER BY x.day)) y
          WHERE y.day >= $2
         UNION ALL
         SELECT q.day, {pcols} FROM {pending}",
        diff = day_diff(),
        pcols = qualified("q"),
        pending = pending(&cond.replace("r.", "q."), "$2", "$3"),
    ))
    .bind::<SqlUuid, _>(account_id)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<SqlUuid, _>(id)
}

/// The upper prefix row of a window `[since, $3]` for each entity (`key`: its column) of the
/// account (and of the user `$4` when `of_user`): the latest row on or before `$3`, when it lies
/// on or after `since` (an entity without a row then has nothing in the window). Where the
/// entity's flagged latest row lies in the window (always, for a window ending today) it is read
/// from the partial index in one range scan; only entities whose latest row lies after `$3` (a
/// window ending in the past) are probed.
fn upper(table: &str, key: &str, of_user: bool, since: &str) -> String {
    let (mine, theirs) = if of_user { ("r.user_id = $4 AND ", "l.user_id = $4 AND ") } else { ("", "") };
    format!(
        "(SELECT r.* FROM {table} r
           WHERE r.account_id = $1 AND {mine}r.is_latest AND r.day BETWEEN {since} AND $3
          UNION ALL
          SELECT p.* FROM {table} l CROSS JOIN LATERAL {p} p
           WHERE l.account_id = $1 AND {theirs}l.is_latest AND l.day > $3 AND p.day >= {since})",
        p = probe(table, &format!("{mine}r.{key} = l.{key}"), "<=", "$3"),
    )
}

/// Totals over `$2..=$3` of each entity of `entities` (aliased `e`, with `id` and `name`)
/// matching `filter` that has a prefix row in the window (its upper row minus its row before),
/// then one row for each of their pending deltas in the window.
///
/// The upper rows meet the rows of the eve in a `FULL JOIN`, which PostgreSQL runs by hash or
/// merge, never as a nested loop: with a `LEFT JOIN` the generic plan, expecting a row or two,
/// compared every upper row with every row of the eve (36,000 comparisons for 200 flows, 4 ms).
/// Nothing outside the `OFFSET 0` fence may filter on `hi` (that would turn the join back into
/// a left join): the rows of the eve without an upper row are dropped outside it.
fn per_entity(prefix: &str, entities: &str, filter: &str, table: &str, key: &str, of_user: bool) -> String {
    let (mine, theirs) = if of_user { ("r.user_id = $4 AND ", "q.user_id = $4") } else { ("", "true") };
    format!(
        "{prefix} SELECT j.id, j.name, {names} FROM (
             SELECT e.id, e.name, hi.day AS hi_day, {diff}
               FROM {hi} hi
               FULL JOIN {eve} lo ON lo.{key} = hi.{key}
               JOIN {entities} ON e.id = coalesce(hi.{key}, lo.{key})
               {lp}
              WHERE {filter}
             OFFSET 0) j
          WHERE j.hi_day IS NOT NULL
         UNION ALL
         SELECT e.id, e.name, {pcols} FROM {pending} JOIN {entities} ON e.id = q.{key} WHERE {filter}",
        names = qualified("j"),
        diff = window_diff(),
        hi = upper(table, key, of_user, "$2"),
        eve = eve(table, mine, "$2"),
        lp = probe_missing(table, key, mine, "$2", ("lo", "lp"), "false"),
        pcols = qualified("q"),
        pending = pending(theirs, "$2", "$3"),
    )
}

pub(super) fn per_flow(prefix: &str, account_id: Uuid, user: Option<Uuid>, from: NaiveDate, to: NaiveDate) -> Boxed {
    let text = match user {
        None => {
            per_entity(prefix, "trees e", "e.account_id = $1 AND $4::uuid IS NULL", "rollup_flow_cum", "tree_id", false)
        }
        Some(_) => per_entity(prefix, "trees e", "e.account_id = $1", "rollup_user_flow_cum", "tree_id", true),
    };
    sql(text)
        .bind::<SqlUuid, _>(account_id)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .bind::<Nullable<SqlUuid>, _>(user)
}

/// Each user of the account (or only `user`) with a prefix row or a pending delta in
/// `[previous_from, to]`: whether it has one in the window `[from, to]` and its totals there (its
/// upper row minus its row before `from`, plus its pending deltas), and whether it started a
/// session in the previous window `[previous_from, from)` (its row before `from` grew from its
/// row before `previous_from`, with the pending deltas of those days). Three index reads a user
/// instead of five for the totals and the two active counts apart.
pub(super) fn engineers(
    prefix: &str,
    account_id: Uuid,
    user: Option<Uuid>,
    (from, to): (NaiveDate, NaiveDate),
    previous_from: NaiveDate,
) -> Boxed {
    let t = "rollup_user_cum";
    // As in `per_entity`: full joins with the eves' rows, fenced, then the rows without `hi` out.
    sql(format!(
        "{prefix} SELECT j.id, j.name, j.in_window, {names}, j.previous_sessions FROM (
             SELECT e.id, e.name, hi.day AS hi_day, hi.day >= $2 AS in_window, {diff},
                    CASE WHEN coalesce(lo.day, lp.day) >= $5
                         THEN coalesce(lo.sessions, lp.sessions) - coalesce(l2.sessions, l2p.sessions, 0) ELSE 0 END
                      AS previous_sessions
               FROM {hi} hi
               FULL JOIN {lo} lo ON lo.user_id = hi.user_id
               FULL JOIN {l2} l2 ON l2.user_id = coalesce(hi.user_id, lo.user_id)
               JOIN users e ON e.id = coalesce(hi.user_id, lo.user_id, l2.user_id)
               {lp}
               {l2p}
              WHERE e.account_id = $1 AND {of_user}
             OFFSET 0) j
          WHERE j.hi_day IS NOT NULL
         UNION ALL
         SELECT e.id, e.name, q.day >= $2, {pcols}, CASE WHEN q.day < $2 THEN q.sessions ELSE 0 END
           FROM {pending} JOIN users e ON e.id = q.user_id
          WHERE e.account_id = $1 AND {of_user}",
        names = qualified("j"),
        diff = window_diff(),
        hi = upper(t, "user_id", false, "$5"),
        lo = eve(t, "", "$2"),
        l2 = eve(t, "", "$5"),
        lp = probe_missing(t, "user_id", "", "$2", ("lo", "lp"), "false"),
        // Not probed when nothing of the user lies in the previous window.
        l2p = probe_missing(t, "user_id", "", "$5", ("l2", "l2p"), "coalesce(lo.day, lp.day, $5 - 1) < $5"),
        pcols = pending_cols("CASE WHEN q.day >= $2 THEN {} ELSE 0 END"),
        pending = pending("true", "$5", "$3"),
        // Two texts, as for the flows: with `$4 IS NULL OR e.id = $4` the generic plan expects
        // one user, and rescans the upper rows once per user.
        of_user = if user.is_some() { "e.id = $4" } else { "$4::uuid IS NULL" },
    ))
    .bind::<SqlUuid, _>(account_id)
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .bind::<Nullable<SqlUuid>, _>(user)
    .bind::<Date, _>(previous_from)
}

/// Every rollup row that differs from a recount of the raw rows (less the deltas not folded
/// yet), as (what, key, stored, recounted). A prefix row is compared by the day's own totals (its row minus the entity's
/// previous row) with the day's recount: equal on every day (a missing row or recount being
/// zeros) means every stored prefix sum is exact.
pub(super) fn check_sql() -> String {
    let stored_cum = [
        ("stored_flow", "rollup_flow_cum", "tree_id::text", "tree_id"),
        ("stored_user", "rollup_user_cum", "user_id::text", "user_id"),
        ("stored_user_flow", "rollup_user_flow_cum", "user_id::text || '/' || tree_id::text", "user_id, tree_id"),
    ]
    .map(|(name, table, key, entity)| stored_cum(name, table, key, entity))
    .concat();
    format!(
        "
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
      FROM session_ratings r JOIN accounts a ON a.id = r.account_id
    UNION ALL
    -- What the rollups hold is the raw rows minus the deltas not folded yet.
    SELECT q.account_id, (q.at AT TIME ZONE a.timezone)::date, q.tree_id, q.user_id, -q.sessions, -q.completed,
           -q.duration_us, -q.resolved, -q.escalated, -q.workaround, -q.unresolved,
           -q.csat_1, -q.csat_2, -q.csat_3, -q.csat_4, -q.csat_5
      FROM rollup_pending q JOIN accounts a ON a.id = q.account_id),
fresh AS (
    SELECT account_id, day, tree_id, user_id, concat_ws(',', sum(sessions), sum(completed), sum(duration_us),
           sum(resolved), sum(escalated), sum(workaround), sum(unresolved), sum(c1), sum(c2), sum(c3), sum(c4),
           sum(c5)) AS v, grouping(tree_id, user_id) AS g
      FROM src GROUP BY GROUPING SETS ((account_id, day), (account_id, day, tree_id), (account_id, day, user_id),
                                       (account_id, day, user_id, tree_id))),
fresh_account AS (SELECT account_id, day, '' AS k, v FROM fresh WHERE g = 3),
fresh_flow AS (SELECT account_id, day, tree_id::text AS k, v FROM fresh WHERE g = 1),
fresh_user AS (SELECT account_id, day, user_id::text AS k, v FROM fresh WHERE g = 2),
fresh_user_flow AS (SELECT account_id, day, user_id::text || '/' || tree_id::text AS k, v FROM fresh WHERE g = 0),
stored_account AS (
    SELECT account_id, day, '' AS k, concat_ws(',', sessions, completed, duration_us, resolved, escalated,
           workaround, unresolved, csat_1, csat_2, csat_3, csat_4, csat_5) AS v
      FROM rollup_account_daily r WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = r.account_id)),
{stored_cum}fresh_node AS (
    SELECT tr.account_id, (t.created_at AT TIME ZONE a.timezone)::date AS day, t.tree_id::text || '/' || t.node_id AS k,
           concat_ws(',', count(*) FILTER (WHERE t.was_helpful), count(*) FILTER (WHERE NOT t.was_helpful)) AS v
      FROM step_ratings t JOIN trees tr ON tr.id = t.tree_id JOIN accounts a ON a.id = tr.account_id
     WHERE t.node_id IS NOT NULL GROUP BY 1, 2, 3),
stored_node AS (
    SELECT account_id, day, tree_id::text || '/' || node_id AS k, concat_ws(',', helpful_yes, helpful_no) AS v
      FROM rollup_node_daily r WHERE EXISTS (SELECT 1 FROM trees t WHERE t.id = r.tree_id)),
pairs AS (
    SELECT 'rollup_account_daily' AS what, f.account_id AS fa, f.day AS fd, f.k AS fk, f.v AS fv,
           s.account_id AS sa, s.day AS sd, s.k AS sk, s.v AS sv
      FROM fresh_account f FULL JOIN stored_account s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k)
    UNION ALL
    SELECT 'rollup_flow_cum', f.account_id, f.day, f.k, f.v, s.account_id, s.day, s.k, s.v
      FROM fresh_flow f FULL JOIN stored_flow s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k)
    UNION ALL
    SELECT 'rollup_user_cum', f.account_id, f.day, f.k, f.v, s.account_id, s.day, s.k, s.v
      FROM fresh_user f FULL JOIN stored_user s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k)
    UNION ALL
    SELECT 'rollup_user_flow_cum', f.account_id, f.day, f.k, f.v, s.account_id, s.day, s.k, s.v
      FROM fresh_user_flow f FULL JOIN stored_user_flow s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k)
    UNION ALL
    SELECT 'rollup_node_daily', f.account_id, f.day, f.k, f.v, s.account_id, s.day, s.k, s.v
      FROM fresh_node f FULL JOIN stored_node s ON (s.account_id, s.day, s.k) = (f.account_id, f.day, f.k)
    UNION ALL
    -- Exactly the last row of each entity carries the flag.
    SELECT 'rollup_flow_cum.is_latest', account_id, day, k, last, account_id, day, k, flag FROM stored_flow WHERE flag <> last
    UNION ALL
    SELECT 'rollup_user_cum.is_latest', account_id, day, k, last, account_id, day, k, flag FROM stored_user WHERE flag <> last
    UNION ALL
    SELECT 'rollup_user_flow_cum.is_latest', account_id, day, k, last, account_id, day, k, flag
      FROM stored_user_flow WHERE flag <> last),
zero AS (SELECT '0,0,0,0,0,0,0,0,0,0,0,0' AS twelve, '0,0' AS two)
SELECT p.what, concat_ws('/', coalesce(p.fa, p.sa), coalesce(p.fd, p.sd), nullif(coalesce(p.fk, p.sk), '')) AS key,
       coalesce(p.sv, z.zeros) AS stored, coalesce(p.fv, z.zeros) AS recounted
  FROM pairs p, LATERAL (SELECT CASE WHEN p.what = 'rollup_node_daily' THEN zero.two ELSE zero.twelve END AS zeros
                           FROM zero) z
 WHERE coalesce(p.sv, z.zeros) <> coalesce(p.fv, z.zeros)
 ORDER BY 1, 2"
    )
}

/// The CTE `name` of `insights check`: each prefix row of `table` as its day's own totals (the row
/// minus the entity's previous one), keyed by `key`, with its latest flag and whether it is the
/// entity's last row.
fn stored_cum(name: &str, table: &str, key: &str, entity: &str) -> String {
    let diffs = COLS.iter().map(|c| format!("{c} - lag({c}, 1, 0::bigint) OVER w")).collect::<Vec<_>>().join(", ");
    format!(
        "{name} AS (
    SELECT account_id, day, {key} AS k, concat_ws(',', {diffs}) AS v,
           is_latest::text AS flag, (lead(day) OVER w IS NULL)::text AS last
      FROM {table} r WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = r.account_id)
    WINDOW w AS (PARTITION BY account_id, {entity} ORDER BY day)),
"
    )
}
