//! Demo data of the feedback capability: step thumbs (with the node they were given at) on about
//! half of the completed demo sessions, and a CSAT on about 40 % of them, a good share with a
//! comment. Deterministic (pseudo-random values come from an md5 of the session id) and idempotent
//! (written only when the demo has none yet, and `ON CONFLICT DO NOTHING`). The step counters
//! follow through the `step_ratings` trigger.

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::result::Error;
use diesel::sql_types::{Array, Text, Uuid as SqlUuid};

use super::base::DEMO_ACCOUNT_ID;
use crate::sql::Count;

/// Comments by score (index 0 = 1 star).
const COMMENTS: [&[&str]; 5] = [
    &[
        "Steps didn't match what I was seeing on the machine.",
        "Went in circles, had to escalate anyway.",
        "The flow is out of date for the new VPN client.",
        "Useless for this case, wasted 20 minutes.",
    ],
    &[
        "Missing a step for users on macOS.",
        "Too many steps before the actual fix.",
        "The screenshots are from an old version.",
        "Helped a bit but the last node was unclear.",
    ],
    &[
        "Okay, but I needed to improvise at step 3.",
        "Got there eventually; the order of checks could be better.",
        "Fine for the basics, not for this customer's setup.",
        "Decent, though the escalation criteria are vague.",
    ],
    &[
        "Clear steps, resolved it quickly.",
        "Good flow, just one confusing node.",
        "Worked well, would add a note about admin rights.",
        "Saved me a call to tier 2.",
    ],
    &[
        "Perfect, fixed in five minutes.",
        "Exactly what I needed, thanks!",
        "Great flow, the customer was impressed.",
        "Spot on, every step made sense.",
        "Fastest fix this week.",
    ],
];

/// A value in [0, 1) from 8 hex digits of an md5 (SQL expression over `h`, from `offset`).
const fn unit(offset: u8) -> &'static str {
    match offset {
        1 => "(('x' || substr(h, 1, 8))::bit(32)::bigint / 4294967296.0)",
        9 => "(('x' || substr(h, 9, 8))::bit(32)::bigint / 4294967296.0)",
        _ => "(('x' || substr(h, 17, 8))::bit(32)::bigint / 4294967296.0)",
    }
}

pub(super) fn seed(c: &mut PgConnection) -> Result<(), Error> {
    seed_thumbs(c)?;
    seed_csat(c)
}

fn seed_thumbs(c: &mut PgConnection) -> Result<(), Error> {
    let existing: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM step_ratings r JOIN sessions s ON s.id = r.session_id WHERE s.account_id = $1",
    )
    .bind::<SqlUuid, _>(DEMO_ACCOUNT_ID)
    .get_result(c)?;
    if existing.n > 0 {
        return Ok(());
    }
    // Half of the completed sessions rate the first 1-5 steps they went through; how helpful the
    // steps were follows the outcome. The thumb's time is spread over the session.
    let sql = format!(
        "WITH s AS (
             SELECT id, tree_id, user_id, started_at, completed_at, outcome, md5(id::text || ':thumbs') AS h
               FROM sessions WHERE account_id = $1 AND completed_at IS NOT NULL),
         picked AS (
             SELECT s.*, {r1} AS r1, floor({r2} * 5)::int + 1 AS depth FROM s)
         INSERT INTO step_ratings (step_id, user_id, session_id, tree_id, node_id, was_helpful, created_at, updated_at)
         SELECT n.step_id, p.user_id, p.id, p.tree_id, n.node_id,
                (('x' || substr(md5(p.id::text || n.node_id), 1, 8))::bit(32)::bigint / 4294967296.0)
                  < CASE p.outcome WHEN 'resolved' THEN 0.86 WHEN 'workaround' THEN 0.66
                                   WHEN 'escalated' THEN 0.42 ELSE 0.28 END,
                p.started_at + (p.completed_at - p.started_at) * ((n.position + 1)::float8 / 7),
                p.started_at + (p.completed_at - p.started_at) * ((n.position + 1)::float8 / 7)
           FROM picked p
           JOIN tree_nodes n ON n.tree_id = p.tree_id AND n.step_id IS NOT NULL AND n.position < p.depth
          WHERE p.r1 < 0.5
         ON CONFLICT (step_id, user_id, session_id) DO NOTHING",
        r1 = unit(1),
        r2 = unit(9),
    );
    diesel::sql_query(sql).bind::<SqlUuid, _>(DEMO_ACCOUNT_ID).execute(c)?;
    Ok(())
}

fn seed_csat(c: &mut PgConnection) -> Result<(), Error> {
    let existing: Count = diesel::sql_query("SELECT count(*) AS n FROM session_ratings WHERE account_id = $1")
        .bind::<SqlUuid, _>(DEMO_ACCOUNT_ID)
        .get_result(c)?;
    if existing.n > 0 {
        return Ok(());
    }
    // 40 % of the completed sessions are rated; the score follows the outcome; 45 % of the
    // ratings carry a comment that matches the score.
    let sql = format!(
        "WITH s AS (
             SELECT id, tree_id, user_id, account_id, completed_at, outcome, md5(id::text || ':csat') AS h
               FROM sessions WHERE account_id = $1 AND completed_at IS NOT NULL),
         picked AS (
             SELECT s.*, {r1} AS r1, {r2} AS r2, {r3} AS r3 FROM s),
         scored AS (
             SELECT p.*, CASE p.outcome
                 WHEN 'resolved'   THEN CASE WHEN r2 < 0.55 THEN 5 WHEN r2 < 0.88 THEN 4 WHEN r2 < 0.97 THEN 3 ELSE 2 END
                 WHEN 'workaround' THEN CASE WHEN r2 < 0.20 THEN 5 WHEN r2 < 0.60 THEN 4 WHEN r2 < 0.90 THEN 3 ELSE 2 END
                 WHEN 'escalated'  THEN CASE WHEN r2 < 0.10 THEN 5 WHEN r2 < 0.35 THEN 4 WHEN r2 < 0.70 THEN 3
                                             WHEN r2 < 0.90 THEN 2 ELSE 1 END
                 ELSE CASE WHEN r2 < 0.05 THEN 4 WHEN r2 < 0.30 THEN 3 WHEN r2 < 0.70 THEN 2 ELSE 1 END
               END AS rating
               FROM picked p WHERE r1 < 0.4),
         commented AS (
             SELECT sc.*, CASE sc.rating WHEN 1 THEN $2 WHEN 2 THEN $3 WHEN 3 THEN $4 WHEN 4 THEN $5 ELSE $6 END AS pool
               FROM scored sc)
         INSERT INTO session_ratings (session_id, user_id, tree_id, account_id, rating, comment, created_at)
         SELECT id, user_id, tree_id, account_id, rating,
                CASE WHEN r3 < 0.45 THEN pool[1 + floor(r3 / 0.45 * array_length(pool, 1))::int] END,
                LEAST(completed_at + make_interval(secs => (15 + floor(r3 * 900))::float8), now()) AS at
           FROM commented
          ORDER BY at -- oldest first, as the sessions (see base.rs)
         ON CONFLICT (session_id) DO NOTHING",
        r1 = unit(1),
        r2 = unit(9),
        r3 = unit(17),
    );
    let mut q = diesel::sql_query(sql).bind::<SqlUuid, _>(DEMO_ACCOUNT_ID).into_boxed();
    for pool in COMMENTS {
        q = q.bind::<Array<Text>, _>(pool.to_vec());
    }
    // The ratings fall on past days, each of which would move every prefix row of its flow and
    // user after it (migrations/…_prefix_rollups): a bulk load of a few thousand is cheaper
    // written without the rollup trigger and followed by a rebuild of the account's rollups, in
    // this same transaction.
    c.batch_execute("ALTER TABLE session_ratings DISABLE TRIGGER rollup_session_ratings")?;
    q.execute(c)?;
    c.batch_execute("ALTER TABLE session_ratings ENABLE TRIGGER rollup_session_ratings")?;
    diesel::sql_query("SELECT rollup_rebuild($1)").bind::<SqlUuid, _>(DEMO_ACCOUNT_ID).execute(c)?;
    Ok(())
}
