//! Benchmark data: fast bulk generation in SQL of one large account among smaller ones, and a
//! measurement of what the rollup triggers add to a session's insert + complete.

use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
use insights_domain::Result;
use uuid::Uuid;

use crate::{PgStore, error::db};

/// The large account of the benchmark (New York time, so DST days are in every 90-day window).
pub const LARGE_ACCOUNT: Uuid = Uuid::from_u128(0x0190_b000_0000_7000_8000_0000_0000_0001);
/// Its first team admin, its first engineer and its most used flow.
pub const LARGE_ADMIN: Uuid = Uuid::from_u128(0x0190_b000_0000_7000_8000_0001_0000_0000);
pub const LARGE_ENGINEER: Uuid = Uuid::from_u128(0x0190_b000_0000_7000_8000_0001_0000_0002);
pub const LARGE_FLOW: Uuid = Uuid::from_u128(0x0190_b000_0000_7000_8000_0002_0000_0000);

const SMALL_ACCOUNTS: i64 = 4;

#[derive(QueryableByName)]
struct Marker {
    #[diesel(sql_type = BigInt)]
    sessions: i64,
}

#[derive(QueryableByName)]
struct TextValue {
    #[diesel(sql_type = Text)]
    value: String,
}

/// Session writes per block of [`PgStore::backdated_trigger_cost`].
pub const BLOCK: usize = 25;

/// How many measured blocks of [`BLOCK`] writes a side gets when about `writes` are asked for.
#[must_use]
pub fn blocks(writes: usize) -> usize {
    (writes / BLOCK).max(4)
}

/// The mean cost of one write: wall-clock latency and the CPU time of its PostgreSQL backend
/// (from /proc/PID/schedstat, nanoseconds; zero where there is none).
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteCost {
    pub wall: Duration,
    pub cpu: Duration,
}

/// A write's cost with the rollup trigger and without it, and what folding its delta costs (each
/// per write).
#[derive(Debug, Clone, Copy, Default)]
pub struct TriggerCost {
    pub with: WriteCost,
    pub without: WriteCost,
    pub fold: WriteCost,
}

impl WriteCost {
    fn since(started: Instant, cpu_before: Duration, pid: i32, n: usize) -> WriteCost {
        let n = n.max(1) as u32;
        WriteCost { wall: started.elapsed() / n, cpu: backend_cpu(pid).saturating_sub(cpu_before) / n }
    }

    /// The median wall clock and the median CPU time of `blocks` (each its own median; the upper
    /// one of an even count).
    fn median(blocks: &[WriteCost]) -> WriteCost {
        let mid = |mut v: Vec<Duration>| {
            v.sort();
            v.get(v.len() / 2).copied().unwrap_or_default()
        };
        WriteCost {
            wall: mid(blocks.iter().map(|b| b.wall).collect()),
            cpu: mid(blocks.iter().map(|b| b.cpu).collect()),
        }
    }
}

fn backend_pid(c: &mut PgConnection) -> QueryResult<i32> {
    #[derive(QueryableByName)]
    struct Pid {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pid: i32,
    }
    diesel::sql_query("SELECT pg_backend_pid() AS pid").get_result::<Pid>(c).map(|p| p.pid)
}

/// CPU time a process has run, from the first field of /proc/PID/schedstat (nanoseconds).
pub fn backend_cpu(pid: i32) -> Duration {
    std::fs::read_to_string(format!("/proc/{pid}/schedstat"))
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse::<u64>().ok()))
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// What a seeding did.
#[derive(Debug, Clone)]
pub struct Seeded {
    pub sessions: i64,
    pub reused: bool,
    pub took: Duration,
}

impl PgStore {
    /// Fills an empty, migrated database with `sessions` sessions over the last 120 days: 90 % in
    /// the large account (102 users, 200 flows of 6 nodes, 50 library steps), the rest in four
    /// small ones; ~95 % completed with a realistic outcome mix and 3-45 minute durations, CSAT on
    /// ~30 % of completed sessions (a fifth with a comment) and a thumb on ~10 % of sessions.
    /// Triggers are off during the load (`session_replication_role = replica`) and the rollups
    /// are rebuilt once at the end. A database already seeded at this size is reused.
    ///
    /// # Errors
    /// `Unavailable`; `Internal` when a statement fails (the role must be a superuser).
    pub fn seed_bench(&self, sessions: i64, progress: &dyn Fn(&str)) -> Result<Seeded> {
        let started = Instant::now();
        let mut conn = self.conn()?;
        conn.batch_execute("CREATE TABLE IF NOT EXISTS bench_marker (sessions bigint NOT NULL)").map_err(db)?;
        let existing: Option<Marker> =
            diesel::sql_query("SELECT sessions FROM bench_marker").get_result(&mut conn).optional().map_err(db)?;
        if existing.as_ref().is_some_and(|m| m.sessions == sessions) {
            return Ok(Seeded { sessions, reused: true, took: started.elapsed() });
        }
        conn.batch_execute(
            "TRUNCATE accounts, users, teams, team_members, trees, tree_nodes, step_library, sessions, step_ratings,
                      session_ratings, rollup_account_daily, rollup_flow_cum, rollup_user_cum, rollup_user_flow_cum,
                      rollup_node_daily,
                      bench_marker CASCADE",
        )
        .map_err(db)?;
        progress("people, flows and steps");
        people_and_flows(&mut conn).map_err(db)?;
        // Bulk load: triggers off, secondary indexes dropped and rebuilt once at the end (their
        // definitions are read back from the catalog, so they stay those of the migrations).
        conn.batch_execute(
            "SET session_replication_role = replica; SET synchronous_commit = off;
             SET maintenance_work_mem = '1GB';
             CREATE TEMP TABLE bench_indexes AS
             SELECT indexname, indexdef FROM pg_indexes
              WHERE schemaname = 'public' AND tablename IN ('sessions', 'session_ratings', 'step_ratings')
                AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key';
             DO $$ DECLARE r record; BEGIN
                 FOR r IN SELECT indexname FROM bench_indexes LOOP EXECUTE 'DROP INDEX ' || r.indexname; END LOOP;
             END $$;",
        )
        .map_err(db)?;
        let chunk = 1_000_000_i64;
        let mut done = 0;
        while done < sessions {
            let n = chunk.min(sessions - done);
            sessions_chunk(&mut conn, n, done).map_err(db)?;
            done += n;
            progress(&format!("sessions {done}/{sessions}"));
        }
        progress("ratings and thumbs");
        conn.batch_execute(RATINGS_AND_THUMBS).map_err(db)?;
        progress("indexes");
        conn.batch_execute(
            "DO $$ DECLARE r record; BEGIN
                 FOR r IN SELECT indexdef FROM bench_indexes LOOP EXECUTE r.indexdef; END LOOP;
             END $$;
             DROP TABLE bench_indexes;",
        )
        .map_err(db)?;
        conn.batch_execute("SET session_replication_role = DEFAULT").map_err(db)?;
        progress("rollups");
        conn.batch_execute("SELECT rollup_rebuild(NULL)").map_err(db)?;
        progress("analyze");
        conn.batch_execute("VACUUM ANALYZE").map_err(db)?;
        diesel::sql_query("INSERT INTO bench_marker VALUES ($1)")
            .bind::<BigInt, _>(sessions)
            .execute(&mut conn)
            .map_err(db)?;
        Ok(Seeded { sessions, reused: false, took: started.elapsed() })
    }

    /// Latency of a session write (insert, then complete: two autocommit statements) in the large
    /// account, with the rollup triggers and without them, over about `n` writes each: (with,
    /// without). See [`PgStore::backdated_trigger_cost`].
    ///
    /// # Errors
    /// `Unavailable`; `Internal` when a statement fails.
    pub fn trigger_cost(&self, n: usize) -> Result<(Duration, Duration)> {
        self.backdated_trigger_cost(n, 0).map(|c| (c.with.wall, c.without.wall))
    }

    /// As [`PgStore::trigger_cost`], for sessions started `back_days` days ago (and completed
    /// now): a backdated write, which moves every prefix row of its flow and user after its day
    /// when it is folded. Also what folding the writes costs, per write: the measurement holds the
    /// folders' lock meanwhile, so that a running server folds none of them.
    ///
    /// The writes run in alternating blocks of [`BLOCK`] without and with the trigger (after one
    /// unmeasured pair), and each side is the median of its blocks' means: a pause of the host
    /// during one block moves one block of each side, not the figure. Each block starts with a
    /// re-plan of the two statements (toggling the trigger invalidates them), on both sides alike.
    /// The fold runs once, over every measured write with the trigger.
    ///
    /// # Errors
    /// `Unavailable`; `Internal` when a statement fails.
    pub fn backdated_trigger_cost(&self, n: usize, back_days: i32) -> Result<TriggerCost> {
        let mut conn = self.conn()?;
        let pid = backend_pid(&mut conn).map_err(db)?;
        conn.batch_execute("SELECT pg_advisory_lock(7003, 0)").map_err(db)?;
        let fold = |conn: &mut PgConnection, writes: usize| -> std::result::Result<WriteCost, diesel::result::Error> {
            let started = Instant::now();
            let cpu = backend_cpu(pid);
            conn.batch_execute("SELECT rollup_fold()")?;
            Ok(WriteCost::since(started, cpu, pid, writes))
        };
        let run = |conn: &mut PgConnection,
                   label: &str,
                   ids: &mut Vec<Uuid>|
         -> std::result::Result<WriteCost, diesel::result::Error> {
            let started = Instant::now();
            let cpu = backend_cpu(pid);
            for i in 0..BLOCK {
                let id = Uuid::now_v7();
                ids.push(id);
                diesel::sql_query(
                    "INSERT INTO sessions (id, account_id, tree_id, user_id, started_at)
                     VALUES ($1, $2, $3, $4, now() - make_interval(days => $5) - interval '20 minutes')",
                )
                .bind::<SqlUuid, _>(id)
                .bind::<SqlUuid, _>(LARGE_ACCOUNT)
                .bind::<SqlUuid, _>(LARGE_FLOW)
                .bind::<SqlUuid, _>(LARGE_ENGINEER)
                .bind::<diesel::sql_types::Integer, _>(back_days)
                .execute(conn)?;
                diesel::sql_query("UPDATE sessions SET completed_at = now(), outcome = $2 WHERE id = $1")
                    .bind::<SqlUuid, _>(id)
                    .bind::<Text, _>(if i % 3 == 0 { "escalated" } else { "resolved" })
                    .execute(conn)?;
            }
            let took = WriteCost::since(started, cpu, pid, BLOCK);
            tracing::debug!(label, ?took, "session writes");
            Ok(took)
        };
        // Warm both paths once (and fold the warm-up's deltas), then alternate blocks.
        let (mut written_off, mut written_on) = (Vec::new(), Vec::new());
        let blocks = blocks(n);
        let (mut with, mut without) = (Vec::new(), Vec::new());
        for block in 0..=blocks {
            conn.batch_execute("ALTER TABLE sessions DISABLE TRIGGER rollup_sessions").map_err(db)?;
            let off = run(&mut conn, "without", &mut written_off).map_err(db)?;
            conn.batch_execute("ALTER TABLE sessions ENABLE TRIGGER rollup_sessions").map_err(db)?;
            let on = run(&mut conn, "with", &mut written_on).map_err(db)?;
            if block == 0 {
                fold(&mut conn, BLOCK).map_err(db)?;
            } else {
                with.push(on);
                without.push(off);
            }
        }
        let cost = TriggerCost {
            with: WriteCost::median(&with),
            without: WriteCost::median(&without),
            fold: fold(&mut conn, blocks * BLOCK).map_err(db)?,
        };
        // Drop the measurement's sessions so that the rollups stay exact without a rebuild (which
        // rewrote every rollup row of the account and left the next run reading dead rows): those
        // written with the trigger off are not in the rollups, so they go with the trigger off;
        // the others go with it on, which takes them out again.
        conn.transaction(|c| {
            c.batch_execute("ALTER TABLE sessions DISABLE TRIGGER rollup_sessions")?;
            diesel::sql_query("DELETE FROM sessions WHERE id = ANY($1)")
                .bind::<diesel::sql_types::Array<SqlUuid>, _>(&written_off)
                .execute(c)?;
            c.batch_execute("ALTER TABLE sessions ENABLE TRIGGER rollup_sessions")?;
            diesel::sql_query("DELETE FROM sessions WHERE id = ANY($1)")
                .bind::<diesel::sql_types::Array<SqlUuid>, _>(&written_on)
                .execute(c)
        })
        .map_err(db)?;
        fold(&mut conn, 1).map_err(db)?;
        conn.batch_execute("SELECT pg_advisory_unlock(7003, 0)").map_err(db)?;
        Ok(cost)
    }

    /// Mean latency of `n` CSAT ratings (one autocommit `INSERT` each, of a session completed
    /// `back_days` days ago; a rating counts on its own day, today) with the rollup trigger of
    /// `session_ratings` and without it: (with, without).
    ///
    /// # Errors
    /// `Unavailable`; `Internal` when a statement fails.
    pub fn rating_trigger_cost(&self, n: usize, back_days: i32) -> Result<(WriteCost, WriteCost)> {
        let mut conn = self.conn()?;
        let pid = backend_pid(&mut conn).map_err(db)?;
        // The sessions to rate, written with the triggers on (removed at the end with them on).
        let sessions: Vec<Uuid> = (0..n * 4).map(|_| Uuid::now_v7()).collect();
        diesel::sql_query(
            "INSERT INTO sessions (id, account_id, tree_id, user_id, started_at, completed_at, outcome)
             SELECT s, $2, $3, $4, now() - make_interval(days => $5) - interval '20 minutes',
                    now() - make_interval(days => $5), 'resolved'
               FROM unnest($1::uuid[]) s",
        )
        .bind::<diesel::sql_types::Array<SqlUuid>, _>(&sessions)
        .bind::<SqlUuid, _>(LARGE_ACCOUNT)
        .bind::<SqlUuid, _>(LARGE_FLOW)
        .bind::<SqlUuid, _>(LARGE_ENGINEER)
        .bind::<diesel::sql_types::Integer, _>(back_days)
        .execute(&mut conn)
        .map_err(db)?;
        let rate = |conn: &mut PgConnection, batch: &[Uuid]| -> std::result::Result<WriteCost, diesel::result::Error> {
            let started = Instant::now();
            let cpu = backend_cpu(pid);
            for (i, s) in batch.iter().enumerate() {
                diesel::sql_query(
                    "INSERT INTO session_ratings (session_id, user_id, tree_id, account_id, rating)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind::<SqlUuid, _>(s)
                .bind::<SqlUuid, _>(LARGE_ENGINEER)
                .bind::<SqlUuid, _>(LARGE_FLOW)
                .bind::<SqlUuid, _>(LARGE_ACCOUNT)
                .bind::<diesel::sql_types::Integer, _>(i as i32 % 5 + 1)
                .execute(conn)?;
            }
            Ok(WriteCost::since(started, cpu, pid, batch.len()))
        };
        let (mut with, mut without) = (WriteCost::default(), WriteCost::default());
        let (mut rated_off, mut rated_on) = (Vec::new(), Vec::new());
        for (round, chunk) in sessions.chunks(n.max(1) * 2).enumerate() {
            let (off, on) = chunk.split_at(chunk.len() / 2);
            conn.batch_execute("ALTER TABLE session_ratings DISABLE TRIGGER rollup_session_ratings").map_err(db)?;
            let t_off = rate(&mut conn, off).map_err(db)?;
            conn.batch_execute("ALTER TABLE session_ratings ENABLE TRIGGER rollup_session_ratings").map_err(db)?;
            let t_on = rate(&mut conn, on).map_err(db)?;
            rated_off.extend_from_slice(off);
            rated_on.extend_from_slice(on);
            if round > 0 {
                with = t_on;
                without = t_off;
            }
        }
        conn.transaction(|c| {
            c.batch_execute("ALTER TABLE session_ratings DISABLE TRIGGER rollup_session_ratings")?;
            diesel::sql_query("DELETE FROM session_ratings WHERE session_id = ANY($1)")
                .bind::<diesel::sql_types::Array<SqlUuid>, _>(&rated_off)
                .execute(c)?;
            c.batch_execute("ALTER TABLE session_ratings ENABLE TRIGGER rollup_session_ratings")?;
            diesel::sql_query("DELETE FROM sessions WHERE id = ANY($1)")
                .bind::<diesel::sql_types::Array<SqlUuid>, _>(&sessions)
                .execute(c)
        })
        .map_err(db)?;
        // The deltas of those writes and deletes cancel out: fold them now rather than leave them
        // to the next reads (without a server, nobody else folds).
        conn.batch_execute("SELECT rollup_fold()").map_err(db)?;
        Ok((with, without))
    }

    /// The process ids of the other client backends connected to this database (the server's
    /// pools), whose CPU time the benchmark reads from /proc.
    ///
    /// # Errors
    /// `Unavailable`.
    pub fn other_backend_pids(&self) -> Result<Vec<i32>> {
        #[derive(QueryableByName)]
        struct Pid {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            pid: i32,
        }
        let mut conn = self.conn()?;
        let pids: Vec<Pid> = diesel::sql_query(
            "SELECT pid FROM pg_stat_activity
              WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
        )
        .load(&mut conn)
        .map_err(db)?;
        Ok(pids.into_iter().map(|p| p.pid).collect())
    }

    /// The size recorded by the last [`PgStore::seed_bench`], if any.
    ///
    /// # Errors
    /// `Unavailable`; `Internal` when the database was never seeded for the benchmark.
    pub fn seed_bench_size(&self) -> Result<i64> {
        let mut conn = self.conn()?;
        diesel::sql_query("SELECT sessions FROM bench_marker")
            .get_result::<Marker>(&mut conn)
            .map(|m| m.sessions)
            .map_err(db)
    }

    /// The server's version line.
    ///
    /// # Errors
    /// `Unavailable`.
    pub fn server_version(&self) -> Result<String> {
        let mut conn = self.conn()?;
        diesel::sql_query("SELECT version() AS value").get_result::<TextValue>(&mut conn).map(|v| v.value).map_err(db)
    }
}

fn people_and_flows(c: &mut PgConnection) -> QueryResult<()> {
    // Account ids: the large one, then 0x…02.. for the small ones. Users, flows and steps derive
    // their ids from (account number, kind, index) so the benchmark can name them.
    c.batch_execute(&format!(
        "INSERT INTO accounts (id, name, timezone)
         SELECT ('0190b000-0000-7000-8000-0000000000' || lpad(to_hex(a), 2, '0'))::uuid,
                CASE WHEN a = 1 THEN 'Bench Large MSP' ELSE 'Bench Small MSP ' || a END,
                CASE WHEN a = 1 THEN 'America/New_York' ELSE 'UTC' END
           FROM generate_series(1, {accounts}) a;

         -- users: large account 102 (2 admins first), small ones 10 each
         INSERT INTO users (id, account_id, email, name, role)
         SELECT ('0190b000-0000-7000-8000-' || lpad(to_hex(a), 4, '0') || lpad(to_hex(u), 8, '0'))::uuid,
                ('0190b000-0000-7000-8000-0000000000' || lpad(to_hex(a), 2, '0'))::uuid,
                'user' || u || '@bench' || a || '.example', 'Engineer ' || a || '-' || u,
                CASE WHEN u < 2 THEN 'team_admin' ELSE 'engineer' END
           FROM generate_series(1, {accounts}) a, generate_series(0, 101) u
          WHERE a = 1 OR u < 10;

         INSERT INTO step_library (id, account_id, title)
         SELECT ('0190b000-0000-7000-8003-' || lpad(to_hex(a), 4, '0') || lpad(to_hex(s), 8, '0'))::uuid,
                ('0190b000-0000-7000-8000-0000000000' || lpad(to_hex(a), 2, '0'))::uuid, 'Step ' || s
           FROM generate_series(1, {accounts}) a, generate_series(0, 49) s;

         INSERT INTO trees (id, account_id, name)
         SELECT ('0190b000-0000-7000-8000-' || lpad(to_hex(a + 1), 4, '0') || lpad(to_hex(t), 8, '0'))::uuid,
                ('0190b000-0000-7000-8000-0000000000' || lpad(to_hex(a), 2, '0'))::uuid, 'Flow ' || a || '-' || t
           FROM generate_series(1, {accounts}) a, generate_series(0, 199) t
          WHERE a = 1 OR t < 20;

         INSERT INTO tree_nodes (tree_id, node_id, title, step_id, position)
         SELECT t.id, 'n' || n, 'Node ' || n,
                CASE WHEN n < 5 THEN ('0190b000-0000-7000-8003-00' || substr(t.account_id::text, 35, 2)
                                     || lpad(to_hex((abs(hashtext(t.id::text)) + n * 7) % 50), 8, '0'))::uuid END, n
           FROM trees t, generate_series(0, 5) n;",
        accounts = SMALL_ACCOUNTS + 1
    ))
}

/// `n` sessions, `offset` of them already written; 90 % go to the large account.
fn sessions_chunk(c: &mut PgConnection, n: i64, offset: i64) -> QueryResult<()> {
    c.batch_execute(&format!(
        "WITH accts AS (
             SELECT a.id, a.n, array_agg(DISTINCT u.id) AS users, array_agg(DISTINCT t.id) AS flows
               FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM accounts) a
               JOIN users u ON u.account_id = a.id JOIN trees t ON t.account_id = a.id
              GROUP BY a.id, a.n),
         raw AS (
             SELECT g, random() AS r_acc, random() AS r_user, random() AS r_flow, random() AS r_out,
                    random() AS r_dur, random() AS r_day, random() AS r_min
               FROM generate_series({from}, {to}) g),
         shaped AS (
             SELECT raw.*, CASE WHEN r_acc < 0.9 THEN 1 ELSE 2 + floor(r_acc * 1000)::int % {small} END AS acc_n,
                    date_trunc('day', now()) - make_interval(days => floor(r_day * 120)::int)
                        + make_interval(mins => (6 * 60 + floor(r_min * 13 * 60))::int) AS started,
                    make_interval(mins => 3 + floor(r_dur * 42)::int, secs => floor(r_min * 60)::int) AS dur
               FROM raw)
         INSERT INTO sessions (id, account_id, tree_id, user_id, started_at, completed_at, outcome)
         SELECT ('0190b000-0000-7000-8009-' || lpad(to_hex(g), 12, '0'))::uuid, a.id,
                a.flows[1 + floor(power(r_flow, 2.2) * array_length(a.flows, 1))::int],
                a.users[1 + floor(r_user * array_length(a.users, 1))::int],
                least(started, now() - interval '1 minute'),
                CASE WHEN r_out < 0.95 AND started + dur < now() THEN started + dur END,
                CASE WHEN r_out < 0.95 AND started + dur < now() THEN
                     CASE WHEN r_out < 0.60 THEN 'resolved' WHEN r_out < 0.77 THEN 'escalated'
                          WHEN r_out < 0.89 THEN 'workaround' ELSE 'unresolved' END END
           FROM shaped JOIN accts a ON a.n = shaped.acc_n",
        from = offset + 1,
        to = offset + n,
        small = SMALL_ACCOUNTS
    ))
}

const RATINGS_AND_THUMBS: &str = "
INSERT INTO session_ratings (session_id, user_id, tree_id, account_id, rating, comment, created_at)
SELECT id, user_id, tree_id, account_id,
       CASE WHEN r < 0.04 THEN 1 WHEN r < 0.10 THEN 2 WHEN r < 0.25 THEN 3 WHEN r < 0.60 THEN 4 ELSE 5 END,
       CASE WHEN random() < 0.2 THEN 'Comment ' || floor(r * 1000)::int END,
       completed_at + interval '1 minute'
  FROM (SELECT s.*, random() AS r FROM sessions s WHERE completed_at IS NOT NULL) s
 WHERE r < 0.30;

INSERT INTO step_ratings (step_id, user_id, session_id, tree_id, node_id, was_helpful, created_at, updated_at)
SELECT n.step_id, s.user_id, s.id, s.tree_id, n.node_id, random() < 0.8, s.started_at + interval '2 minutes',
       s.started_at + interval '2 minutes'
  FROM (SELECT s.*, floor(random() * 5)::int AS k FROM sessions s WHERE random() < 0.10) s
  JOIN tree_nodes n ON n.tree_id = s.tree_id AND n.position = s.k AND n.step_id IS NOT NULL;

UPDATE step_library l SET helpful_yes = c.yes, helpful_no = c.no
  FROM (SELECT step_id, count(*) FILTER (WHERE was_helpful) AS yes, count(*) FILTER (WHERE NOT was_helpful) AS no
          FROM step_ratings GROUP BY step_id) c
 WHERE c.step_id = l.id;";

/// The account `make load` writes into (recreated by each run).
pub const LOAD_ACCOUNT: Uuid = Uuid::from_u128(0x0190_c000_0000_7000_8000_0000_0000_0001);

/// One load user: its id, its completed unrated sessions with a step of their flow, and the
/// messages of its own conversation.
#[derive(Debug, Clone)]
pub struct LoadUser {
    pub id: Uuid,
    pub sessions: Vec<(Uuid, Uuid)>,
    pub messages: Vec<Uuid>,
}

#[derive(Debug, Clone)]
pub struct LoadFixture {
    pub admin: Uuid,
    pub flow: Uuid,
    pub users: Vec<LoadUser>,
}

/// Rows of the load account, to compare with the writes the load tool saw succeed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, QueryableByName)]
pub struct LoadCounts {
    #[diesel(sql_type = BigInt)]
    pub csat: i64,
    #[diesel(sql_type = BigInt)]
    pub nps: i64,
    #[diesel(sql_type = BigInt)]
    pub message_feedback: i64,
    #[diesel(sql_type = BigInt)]
    pub thumbs: i64,
}

#[derive(QueryableByName)]
struct LoadRow {
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    session_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    step_id: Uuid,
}

#[derive(QueryableByName)]
struct MessageRow {
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    message_id: Uuid,
}

impl PgStore {
    /// Recreates the load account: an admin and `users` engineers, 20 flows of 5 nodes that each
    /// reference a step, `sessions_per_user` completed unrated sessions per engineer over the last
    /// 30 days, one conversation of 20 messages per engineer. Bulk rows are written with the user
    /// triggers off; the rollups of the account are then rebuilt.
    ///
    /// # Errors
    /// `Unavailable`; `Internal` when a statement fails.
    pub fn seed_load(&self, users: i64, sessions_per_user: i64) -> Result<LoadFixture> {
        let mut conn = self.conn()?;
        let acc = LOAD_ACCOUNT;
        conn.batch_execute(&format!(
            "ALTER TABLE sessions DISABLE TRIGGER USER;
             ALTER TABLE session_ratings DISABLE TRIGGER USER;
             ALTER TABLE step_ratings DISABLE TRIGGER USER;
             DELETE FROM accounts WHERE id = '{acc}';
             INSERT INTO accounts (id, name, timezone) VALUES ('{acc}', 'Load MSP', 'UTC');
             INSERT INTO users (id, account_id, email, name, role)
             SELECT ('0190c000-0000-7000-8001-' || lpad(to_hex(u), 12, '0'))::uuid, '{acc}',
                    'load' || u || '@load.example', 'Load ' || u, CASE WHEN u = 0 THEN 'team_admin' ELSE 'engineer' END
               FROM generate_series(0, {users}) u;
             INSERT INTO step_library (id, account_id, title)
             SELECT ('0190c000-0000-7000-8002-' || lpad(to_hex(s), 12, '0'))::uuid, '{acc}', 'Load step ' || s
               FROM generate_series(0, 99) s;
             INSERT INTO trees (id, account_id, name)
             SELECT ('0190c000-0000-7000-8003-' || lpad(to_hex(t), 12, '0'))::uuid, '{acc}', 'Load flow ' || t
               FROM generate_series(0, 19) t;
             INSERT INTO tree_nodes (tree_id, node_id, title, step_id, position)
             SELECT ('0190c000-0000-7000-8003-' || lpad(to_hex(t), 12, '0'))::uuid, 'n' || n, 'Node ' || n,
                    ('0190c000-0000-7000-8002-' || lpad(to_hex(t * 5 + n), 12, '0'))::uuid, n
               FROM generate_series(0, 19) t, generate_series(0, 4) n;
             INSERT INTO sessions (account_id, tree_id, user_id, started_at, completed_at, outcome)
             SELECT '{acc}', ('0190c000-0000-7000-8003-' || lpad(to_hex(k % 20), 12, '0'))::uuid,
                    ('0190c000-0000-7000-8001-' || lpad(to_hex(u), 12, '0'))::uuid,
                    now() - make_interval(mins => 60 + k * 7), now() - make_interval(mins => 40 + k * 7), 'resolved'
               FROM generate_series(1, {users}) u, generate_series(1, {sessions_per_user}) k;
             INSERT INTO conversations (id, account_id, owner_id, title)
             SELECT ('0190c000-0000-7000-8004-' || lpad(to_hex(u), 12, '0'))::uuid, '{acc}',
                    ('0190c000-0000-7000-8001-' || lpad(to_hex(u), 12, '0'))::uuid, 'Load chat ' || u
               FROM generate_series(1, {users}) u;
             INSERT INTO messages (conversation_id, role, content)
             SELECT ('0190c000-0000-7000-8004-' || lpad(to_hex(u), 12, '0'))::uuid,
                    CASE WHEN m % 2 = 0 THEN 'user' ELSE 'assistant' END, 'Message ' || m
               FROM generate_series(1, {users}) u, generate_series(1, 20) m;
             ALTER TABLE sessions ENABLE TRIGGER USER;
             ALTER TABLE session_ratings ENABLE TRIGGER USER;
             ALTER TABLE step_ratings ENABLE TRIGGER USER;
             SELECT rollup_rebuild('{acc}');"
        ))
        .map_err(db)?;
        // Start the clock in a steady state: the dead rows of the previous run's account vacuumed
        // (not by autovacuum during the run) and the fixture's pages checkpointed.
        conn.batch_execute("VACUUM ANALYZE").map_err(db)?;
        conn.batch_execute("CHECKPOINT").map_err(db)?;
        let rows: Vec<LoadRow> = diesel::sql_query(
            "SELECT s.user_id, s.id AS session_id, n.step_id
               FROM sessions s JOIN tree_nodes n ON n.tree_id = s.tree_id AND n.position = 0
              WHERE s.account_id = $1 ORDER BY s.user_id, s.started_at",
        )
        .bind::<SqlUuid, _>(acc)
        .load(&mut conn)
        .map_err(db)?;
        let messages: Vec<MessageRow> = diesel::sql_query(
            "SELECT c.owner_id AS user_id, m.id AS message_id FROM messages m JOIN conversations c ON c.id = m.conversation_id
              WHERE c.account_id = $1 ORDER BY c.owner_id, m.created_at",
        )
        .bind::<SqlUuid, _>(acc)
        .load(&mut conn)
        .map_err(db)?;
        let mut out: Vec<LoadUser> = Vec::new();
        for r in rows {
            match out.last_mut() {
                Some(u) if u.id == r.user_id => u.sessions.push((r.session_id, r.step_id)),
                _ => out.push(LoadUser { id: r.user_id, sessions: vec![(r.session_id, r.step_id)], messages: vec![] }),
            }
        }
        for m in messages {
            if let Some(u) = out.iter_mut().find(|u| u.id == m.user_id) {
                u.messages.push(m.message_id);
            }
        }
        Ok(LoadFixture {
            admin: Uuid::from_u128(0x0190_c000_0000_7000_8001_0000_0000_0000),
            flow: Uuid::from_u128(0x0190_c000_0000_7000_8003_0000_0000_0000),
            users: out,
        })
    }

    /// Rows written into the load account.
    ///
    /// # Errors
    /// `Unavailable`.
    pub fn load_counts(&self) -> Result<LoadCounts> {
        let mut conn = self.conn()?;
        diesel::sql_query(
            "SELECT (SELECT count(*) FROM session_ratings WHERE account_id = $1) AS csat,
                    (SELECT count(*) FROM nps_responses WHERE account_id = $1) AS nps,
                    (SELECT count(*) FROM message_feedback f JOIN messages m ON m.id = f.message_id
                       JOIN conversations c ON c.id = m.conversation_id WHERE c.account_id = $1) AS message_feedback,
                    (SELECT count(*) FROM step_ratings r JOIN sessions s ON s.id = r.session_id WHERE s.account_id = $1) AS thumbs",
        )
        .bind::<SqlUuid, _>(LOAD_ACCOUNT)
        .get_result(&mut conn)
        .map_err(db)
    }
}
