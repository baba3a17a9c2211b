//! The prefix-sum rollups (migrations/…_prefix_rollups): every reader of the analytics port
//! equals a recount of the raw rows for random windows (across a DST change and a change of the
//! account's zone), and concurrent writers, today's and backdated ones, with rebuilds running
//! between them, leave every prefix sum exact.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Barrier};

use chrono::{Days, NaiveDate};
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use diesel::sql_types::{BigInt, Date, Uuid as SqlUuid};
use insights_domain::ports::{AnalyticsRepo, Scope, Totals};
use insights_persistence::PgStore;
use uuid::Uuid;

use crate::common::*;

#[derive(diesel::QueryableByName)]
struct RecountRow {
    #[diesel(sql_type = SqlUuid)]
    tree_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Date)]
    day: NaiveDate,
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
    c1: i64,
    #[diesel(sql_type = BigInt)]
    c2: i64,
    #[diesel(sql_type = BigInt)]
    c3: i64,
    #[diesel(sql_type = BigInt)]
    c4: i64,
    #[diesel(sql_type = BigInt)]
    c5: i64,
}

/// The raw rows of one account summed per (flow, user, local day): sessions by their start day,
/// CSAT by the rating's day, in the account's current zone.
struct Recount(Vec<(Uuid, Uuid, NaiveDate, Totals)>);

fn recount(c: &mut PgConnection, acc: Uuid) -> Recount {
    let rows: Vec<RecountRow> = diesel::sql_query(
        "SELECT tree_id, user_id, day, sum(sessions)::bigint AS sessions, sum(completed)::bigint AS completed,
                sum(duration_us)::bigint AS duration_us, sum(resolved)::bigint AS resolved,
                sum(escalated)::bigint AS escalated, sum(workaround)::bigint AS workaround,
                sum(unresolved)::bigint AS unresolved, sum(c1)::bigint AS c1, sum(c2)::bigint AS c2,
                sum(c3)::bigint AS c3, sum(c4)::bigint AS c4, sum(c5)::bigint AS c5
           FROM (SELECT s.tree_id, s.user_id, (s.started_at AT TIME ZONE a.timezone)::date AS day,
                        1 AS sessions, (s.completed_at IS NOT NULL)::int AS completed,
                        coalesce((extract(epoch FROM (s.completed_at - s.started_at)) * 1000000)::bigint, 0) AS duration_us,
                        (s.outcome IS NOT DISTINCT FROM 'resolved')::int AS resolved,
                        (s.outcome IS NOT DISTINCT FROM 'escalated')::int AS escalated,
                        (s.outcome IS NOT DISTINCT FROM 'workaround')::int AS workaround,
                        (s.outcome IS NOT DISTINCT FROM 'unresolved')::int AS unresolved,
                        0 AS c1, 0 AS c2, 0 AS c3, 0 AS c4, 0 AS c5
                   FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.account_id = $1
                 UNION ALL
                 SELECT r.tree_id, r.user_id, (r.created_at AT TIME ZONE a.timezone)::date, 0, 0, 0, 0, 0, 0, 0,
                        (r.rating = 1)::int, (r.rating = 2)::int, (r.rating = 3)::int, (r.rating = 4)::int,
                        (r.rating = 5)::int
                   FROM session_ratings r JOIN accounts a ON a.id = r.account_id WHERE r.account_id = $1) x
          GROUP BY tree_id, user_id, day",
    )
    .bind::<SqlUuid, _>(acc)
    .load(c)
    .unwrap();
    Recount(
        rows.into_iter()
            .map(|r| {
                let t = Totals {
                    sessions: r.sessions,
                    completed: r.completed,
                    duration_us: r.duration_us,
                    resolved: r.resolved,
                    escalated: r.escalated,
                    workaround: r.workaround,
                    unresolved: r.unresolved,
                    csat: [r.c1, r.c2, r.c3, r.c4, r.c5],
                };
                (r.tree_id, r.user_id, r.day, t)
            })
            .collect(),
    )
}

impl Recount {
    /// Sums of the rows in `from..=to` (of `user` only, when given), grouped by `key`.
    fn group<K: Ord>(
        &self,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
        key: impl Fn(Uuid, Uuid, NaiveDate) -> K,
    ) -> BTreeMap<K, Totals> {
        let mut out = BTreeMap::<K, Totals>::new();
        for (t, u, d, x) in &self.0 {
            if (from..=to).contains(d) && user.is_none_or(|w| w == *u) {
                out.entry(key(*t, *u, *d)).or_default().add(x);
            }
        }
        out.retain(|_, t| *t != Totals::default());
        out
    }

    fn active(&self, user: Option<Uuid>, from: NaiveDate, to: NaiveDate) -> i64 {
        let users: BTreeSet<Uuid> = self
            .0
            .iter()
            .filter(|(_, u, d, x)| (from..=to).contains(d) && x.sessions > 0 && user.is_none_or(|w| w == *u))
            .map(|(_, u, _, _)| *u)
            .collect();
        users.len() as i64
    }
}

/// The rows with any figure, by key; a key given twice (an entity counted twice) fails.
fn nonzero<K: Ord + std::fmt::Debug>(rows: impl IntoIterator<Item = (K, Totals)>) -> BTreeMap<K, Totals> {
    let mut out = BTreeMap::new();
    for (k, t) in rows {
        assert!(!out.contains_key(&k), "{k:?} given twice");
        if t != Totals::default() {
            out.insert(k, t);
        }
    }
    out
}

/// Every reader of the port for `from..=to` (and the previous window of equal length) equals the
/// recount.
fn assert_readers_exact(
    store: &PgStore,
    c: &mut PgConnection,
    acc: Uuid,
    users: &[Uuid],
    trees: &[Uuid],
    from: NaiveDate,
    to: NaiveDate,
) {
    let raw = recount(c, acc);
    let ctx = format!("account {acc}, {from}..={to}");
    let len = (to - from).num_days() as u64 + 1;
    let prev = (from - Days::new(len), from - Days::new(1));
    let scopes: Vec<Option<Uuid>> = std::iter::once(None).chain(users.iter().copied().map(Some)).collect();
    for user in scopes {
        let flows = nonzero(store.per_flow(acc, user, from, to).unwrap().into_iter().map(|g| (g.id, g.totals)));
        assert_eq!(flows, raw.group(user, from, to, |t, _, _| t), "per_flow {user:?}, {ctx}");
        let people = store.engineers(acc, user, from, to, prev.0).unwrap();
        let per_user = nonzero(people.per_user.into_iter().map(|g| (g.id, g.totals)));
        assert_eq!(per_user, raw.group(user, from, to, |_, u, _| u), "per_user {user:?}, {ctx}");
        assert_eq!(
            (people.active, people.previously_active),
            (raw.active(user, from, to), raw.active(user, prev.0, prev.1)),
            "active engineers {user:?}, {ctx}, previous {prev:?}"
        );
        let scope = user.map_or(Scope::Account, Scope::User);
        let days = nonzero(store.daily(acc, scope, from, to).unwrap().into_iter().map(|d| (d.date, d.totals)));
        assert_eq!(days, raw.group(user, from, to, |_, _, d| d), "daily {scope:?}, {ctx}");
    }
    for t in trees {
        let days =
            nonzero(store.daily(acc, Scope::Flow(*t), from, to).unwrap().into_iter().map(|d| (d.date, d.totals)));
        let want: BTreeMap<NaiveDate, Totals> = raw
            .group(None, from, to, |tr, _, d| (tr, d))
            .into_iter()
            .filter(|((tr, _), _)| tr == t)
            .map(|((_, d), x)| (d, x))
            .collect();
        assert_eq!(days, want, "daily flow {t}, {ctx}");
    }
}

#[derive(diesel::QueryableByName)]
struct DayRow {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
}

/// Windows ending on the last day of a flow's or a user's rows, and on the day before it: the
/// edges between reading an entity's flagged latest row and probing for an earlier one.
fn at_last_days(c: &mut PgConnection, acc: Uuid) -> Vec<(NaiveDate, NaiveDate)> {
    let days: Vec<DayRow> = diesel::sql_query(
        "SELECT DISTINCT max(day) AS day FROM rollup_flow_cum WHERE account_id = $1 GROUP BY tree_id
          UNION SELECT max(day) FROM rollup_user_cum WHERE account_id = $1 GROUP BY user_id",
    )
    .bind::<SqlUuid, _>(acc)
    .load(c)
    .unwrap();
    assert!(!days.is_empty());
    days.iter().flat_map(|r| [(r.day - Days::new(6), r.day), (r.day - Days::new(6), r.day - Days::new(1))]).collect()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn every_reader_equals_a_recount_for_random_windows_across_dst_and_a_zone_change() {
    let db = insights_persistence::testing::TestDb::new();
    let mut c = db.conn();
    let store = db.store();
    let acc = account_tz(&mut c, "A", "America/New_York");
    let other = account_tz(&mut c, "B", "UTC");
    let users: Vec<Uuid> = (0..4).map(|i| user(&mut c, acc, "engineer", &format!("u{i}"))).collect();
    let trees: Vec<Uuid> = (0..3).map(|i| tree(&mut c, acc, &format!("t{i}"))).collect();
    let (ou, ot) = (user(&mut c, other, "engineer", "o"), tree(&mut c, other, "o"));
    let outcomes = ["resolved", "escalated", "workaround", "unresolved"];
    let mut rng = Rng(0x5eed_0017_f100_0001);
    // 40 days around New York's DST change of 2026-03-08, written in a random order (most
    // writes are backdated), with completions, moves, deletions and ratings of old sessions.
    let base = ts("2026-02-20T00:00:00Z");
    for i in 0..1200u64 {
        let started = base + chrono::Duration::minutes(rng.below(60 * 24 * 40) as i64);
        let (tr, u) = (trees[rng.below(3) as usize], users[rng.below(4) as usize]);
        match rng.below(10) {
            0..=4 => {
                let done = (rng.below(3) > 0).then(|| {
                    (started + chrono::Duration::seconds(rng.below(90_000) as i64 + 1), outcomes[rng.below(4) as usize])
                });
                session(&mut c, acc, tr, u, started, done);
                if i % 7 == 0 {
                    session(&mut c, other, ot, ou, started, None);
                }
            }
            5 => exec(&mut c, &format!(
                "UPDATE sessions SET completed_at = started_at + interval '{} minutes', outcome = '{}'
                  WHERE id = (SELECT id FROM sessions WHERE completed_at IS NULL ORDER BY md5(id::text || '{i}') LIMIT 1)",
                rng.below(5000) + 1, outcomes[rng.below(4) as usize])),
            6 => exec(&mut c, &format!(
                "UPDATE sessions SET started_at = started_at - interval '{} hours', tree_id = '{tr}', user_id = '{u}'
                  WHERE id = (SELECT id FROM sessions WHERE account_id = '{acc}' ORDER BY md5(id::text || '{i}') LIMIT 1)",
                rng.below(200))),
            7 => exec(&mut c, &format!(
                "DELETE FROM sessions WHERE id = (SELECT id FROM sessions ORDER BY md5(id::text || '{i}') LIMIT 1)")),
            8 => exec(&mut c, &format!(
                "INSERT INTO session_ratings (session_id, user_id, tree_id, account_id, rating, created_at)
                 SELECT id, user_id, tree_id, account_id, {}, started_at + interval '{} hours' FROM sessions
                  WHERE completed_at IS NOT NULL AND id NOT IN (SELECT session_id FROM session_ratings)
                  ORDER BY md5(id::text || '{i}') LIMIT 1",
                rng.below(5) + 1, rng.below(24 * 20))),
            _ => exec(&mut c, &format!(
                "UPDATE session_ratings SET rating = {} WHERE id = (SELECT id FROM session_ratings ORDER BY md5(id::text || '{i}') LIMIT 1)",
                rng.below(5) + 1)),
        }
        // The folder now and then, so that the readers below add pending deltas to prefix rows
        // built by folds of earlier ones.
        if rng.below(150) == 0 {
            store.fold_rollups().unwrap();
        }
    }
    assert!(count(&mut c, "SELECT count(*) AS n FROM rollup_pending") > 0, "some writes are pending");
    let windows = |rng: &mut Rng| -> Vec<(NaiveDate, NaiveDate)> {
        let mut w = vec![
            (d("2026-03-08"), d("2026-03-08")),
            (d("2026-03-01"), d("2026-03-14")),
            (d("2025-12-01"), d("2026-12-01")),
            // Ending after every row (each entity's upper row is its flagged latest one) and
            // ending amid them (some entities' latest rows lie after the window: probed).
            (d("2026-03-25"), d("2026-12-01")),
            (d("2026-03-20"), d("2026-03-28")),
        ];
        for _ in 0..6 {
            let from = d("2026-02-15") + Days::new(rng.below(45));
            w.push((from, from + Days::new(rng.below(20))));
        }
        w
    };
    let mut checked = windows(&mut rng);
    checked.extend(at_last_days(&mut c, acc));
    for (from, to) in &checked {
        assert_readers_exact(&store, &mut c, acc, &users, &trees, *from, *to);
    }
    // Folded, the same windows give the same figures.
    assert!(store.fold_rollups().unwrap() > 0);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM rollup_pending"), 0);
    for (from, to) in checked.iter().step_by(3) {
        assert_readers_exact(&store, &mut c, acc, &users, &trees, *from, *to);
    }
    // Some pending deltas again (a backdated session, a rating), then a change of zone: the
    // rebuild in the same transaction recounts them and drops them.
    session(
        &mut c,
        acc,
        trees[0],
        users[0],
        base + chrono::Duration::hours(30),
        Some((base + chrono::Duration::hours(31), "resolved")),
    );
    exec(
        &mut c,
        "UPDATE session_ratings SET rating = 6 - rating WHERE id = (SELECT id FROM session_ratings ORDER BY id LIMIT 1)",
    );
    assert!(count(&mut c, "SELECT count(*) AS n FROM rollup_pending") > 0);
    // A change of zone moves every local day; the rebuild in the same transaction follows it.
    exec(&mut c, &format!("UPDATE accounts SET timezone = 'Asia/Kolkata' WHERE id = '{acc}'"));
    assert_eq!(count(&mut c, &format!("SELECT count(*) AS n FROM rollup_pending WHERE account_id = '{acc}'")), 0);
    for (from, to) in windows(&mut rng).into_iter().chain(at_last_days(&mut c, acc)) {
        assert_readers_exact(&store, &mut c, acc, &users, &trees, from, to);
    }
    let drift = store.check_rollups().unwrap();
    assert!(drift.is_empty(), "{drift:#?}");
}

#[test]
fn concurrent_writers_of_today_and_of_past_days_keep_every_prefix_sum_exact() {
    let db = insights_persistence::testing::TestDb::new();
    let mut c = db.conn();
    let acc = account_tz(&mut c, "A", "Europe/Paris");
    // Few entities, so that writers collide on the same flow and user all the time.
    let users: Vec<Uuid> = (0..3).map(|i| user(&mut c, acc, "engineer", &format!("u{i}"))).collect();
    let trees: Vec<Uuid> = (0..2).map(|i| tree(&mut c, acc, &format!("t{i}"))).collect();
    let now = chrono::Utc::now();
    // Some history to write behind.
    for i in 0..60 {
        session(&mut c, acc, trees[i % 2], users[i % 3], now - chrono::Duration::hours(i as i64 * 11), None);
    }
    let writers = 8;
    let barrier = Arc::new(Barrier::new(writers + 3));
    let url = db.url().to_owned();
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let (barrier, url, users, trees) = (barrier.clone(), url.clone(), users.clone(), trees.clone());
            std::thread::spawn(move || {
                use diesel::Connection;
                let mut c = PgConnection::establish(&url).unwrap();
                let mut rng = Rng(0x0c0c_0000 + w as u64);
                barrier.wait();
                for i in 0..60u64 {
                    let (tr, u) = (trees[rng.below(2) as usize], users[rng.below(3) as usize]);
                    // Today, or up to 30 days back: a backdated write updates every later prefix row.
                    let back = if rng.below(2) == 0 { 0 } else { rng.below(30 * 24) as i64 };
                    let started = now - chrono::Duration::hours(back) - chrono::Duration::minutes(rng.below(60) as i64);
                    match rng.below(6) {
                        0..=2 => {
                            session(&mut c, acc, tr, u, started, None);
                        }
                        3 => exec(&mut c, &format!(
                            "UPDATE sessions SET completed_at = now(), outcome = 'resolved'
                              WHERE id = (SELECT id FROM sessions WHERE completed_at IS NULL ORDER BY md5(id::text || '{w}{i}') LIMIT 1)")),
                        4 => exec(&mut c, &format!(
                            "INSERT INTO session_ratings (session_id, user_id, tree_id, account_id, rating, created_at)
                             SELECT id, user_id, tree_id, account_id, {}, now() - interval '{back} hours' FROM sessions
                              WHERE completed_at IS NOT NULL AND id NOT IN (SELECT session_id FROM session_ratings)
                              ORDER BY md5(id::text || '{w}{i}') LIMIT 1
                             ON CONFLICT DO NOTHING",
                            rng.below(5) + 1)),
                        _ => {
                            // Several writes in one transaction, of one flow and user (the lock
                            // order of every writer is account, flow, user).
                            c.transaction::<_, diesel::result::Error, _>(|c| {
                                session(c, acc, tr, u, started, Some((now, "escalated")));
                                session(c, acc, tr, u, now, None);
                                Ok(())
                            })
                            .unwrap();
                        }
                    }
                }
            })
        })
        .collect();
    // A rebuild of the account while they write: the writers wait for it, it waits for them.
    let rebuilder = {
        let (barrier, url) = (barrier.clone(), url.clone());
        std::thread::spawn(move || {
            use diesel::Connection;
            let mut c = PgConnection::establish(&url).unwrap();
            barrier.wait();
            for _ in 0..3 {
                std::thread::sleep(std::time::Duration::from_millis(40));
                exec(&mut c, &format!("SELECT rollup_rebuild('{acc}')"));
            }
        })
    };
    // Two folders at once, as from two instances of the server: one of them folds at a time.
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let folders: Vec<_> = (0..2)
        .map(|_| {
            let (barrier, store, done) = (barrier.clone(), db.store(), done.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let mut folded = 0;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    folded += store.fold_rollups().unwrap();
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                folded
            })
        })
        .collect();
    let _ = barrier;
    for h in handles {
        h.join().unwrap();
    }
    rebuilder.join().unwrap();
    let store = db.store();
    // Mid-flight: whatever the folders have not taken yet is pending, and the check counts both.
    let drift = store.check_rollups().unwrap();
    assert!(drift.is_empty(), "{drift:#?}");
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let folded: i64 = folders.into_iter().map(|h| h.join().unwrap()).sum();
    assert!(folded > 0, "the folders folded while the writers wrote");
    store.fold_rollups().unwrap();
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM rollup_pending"), 0);
    let drift = store.check_rollups().unwrap();
    assert!(drift.is_empty(), "{drift:#?}");
    let today = now.date_naive();
    for (from, to) in [(today, today), (today - Days::new(6), today), (today - Days::new(40), today)] {
        assert_readers_exact(&store, &mut c, acc, &users, &trees, from, to);
    }
    // Every write reached the prefix sums once: the account's running total is the raw count.
    let total = count(&mut c, &format!("SELECT count(*) AS n FROM sessions WHERE account_id = '{acc}'"));
    let summed = store.per_flow(acc, None, d("2000-01-01"), today + Days::new(2)).unwrap();
    assert_eq!(summed.iter().map(|g| g.totals.sessions).sum::<i64>(), total);
}
