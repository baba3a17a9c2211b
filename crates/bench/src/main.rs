//! `insights-bench`: seeds a benchmark database (`seed --sessions N`), measures the analytics
//! endpoints of a running server (`measure --base URL`) and the rollup triggers' cost, writes the
//! EXPLAIN plans (`explain`), and prints tables.

use std::time::{Duration, Instant};

use chrono::{Days, Utc};
use clap::{Parser, Subcommand};
use insights_persistence::bench::{LARGE_ACCOUNT, LARGE_ADMIN, LARGE_ENGINEER, LARGE_FLOW};
use insights_server::config::Settings;
use insights_server::{authenticator, maintenance_store};

#[derive(Parser)]
#[command(name = "insights-bench", about = "Analytics benchmark (see make bench)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill the database of DATABASE_URL with N sessions (reused when already at that size).
    Seed {
        #[arg(long)]
        sessions: i64,
    },
    /// Measure p50/p95/p99 and PostgreSQL CPU per request of the three analytics endpoints for
    /// 7d/30d/90d and a 366-day custom range, and the triggers' cost.
    Measure {
        #[arg(long, default_value = "http://127.0.0.1:18080")]
        base: String,
        /// Timed requests per endpoint and period (after 10 warm-up requests).
        #[arg(long, default_value_t = 200)]
        requests: usize,
        /// Session writes per trigger-cost round (0: no write measurement).
        #[arg(long, default_value_t = 500)]
        writes: usize,
    },
    /// Print EXPLAIN (ANALYZE, BUFFERS) of every analytics query over the last DAYS days.
    Explain {
        #[arg(long, default_value_t = 90)]
        days: u64,
    },
    /// Measure only what the rollup triggers add to a session's insert + complete (today's and
    /// backdated ones) and to a CSAT rating.
    Triggers {
        #[arg(long, default_value_t = 500)]
        writes: usize,
    },
    /// Drive a mixed read/write workload against a running server for a fixed time, then check
    /// that no write was lost or doubled.
    Load {
        #[arg(long, default_value = "http://127.0.0.1:18081")]
        base: String,
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// Concurrent client connections (one thread each).
        #[arg(long, default_value_t = 8)]
        connections: usize,
        #[arg(long, default_value_t = 50)]
        users: i64,
        /// Send only this request (to measure one kind alone) instead of the mix.
        #[arg(long, value_enum)]
        only: Option<Op>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load()?;
    match cli.command {
        Command::Seed { sessions } => {
            let store = maintenance_store(&settings);
            let seeded = store.seed_bench(sessions, &|step| eprintln!("  seeding: {step}"))?;
            println!(
                "seeded {} sessions in {:.0} s{}",
                seeded.sessions,
                seeded.took.as_secs_f64(),
                if seeded.reused { " (reused)" } else { "" }
            );
        }
        Command::Measure { base, requests, writes } => measure(&settings, &base, requests, writes)?,
        Command::Load { base, seconds, connections, users, only } => {
            load(&settings, &base, seconds, connections, users, only)?
        }
        Command::Triggers { writes } => print_trigger_cost(&maintenance_store(&settings), writes)?,
        Command::Explain { days } => {
            let store = maintenance_store(&settings);
            let to = Utc::now().date_naive();
            let from = to.checked_sub_days(Days::new(days.max(1) - 1)).unwrap_or(to);
            for (name, plan) in store.explain_analytics(LARGE_ACCOUNT, LARGE_ENGINEER, LARGE_FLOW, from, to)? {
                println!("### {name}\n\n```\n{plan}\n```\n");
            }
        }
    }
    Ok(())
}

/// Milliseconds of a fixed single-thread computation: shows how fast the (shared) host runs now.
fn calibrate() -> f64 {
    let t0 = Instant::now();
    let mut x = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..200_000_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    std::hint::black_box(x);
    t0.elapsed().as_secs_f64() * 1000.0
}

/// (busy, total) jiffies of all cores from /proc/stat, where there is one.
fn cpu_jiffies() -> Option<(u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let fields: Vec<u64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|f| f.parse().ok()).collect();
    let total: u64 = fields.iter().take(8).sum();
    let idle = fields.get(3)? + fields.get(4)?;
    Some((total - idle, total))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn measure(settings: &Settings, base: &str, requests: usize, writes: usize) -> anyhow::Result<()> {
    let auth = authenticator(settings)?;
    let admin = auth.mint(LARGE_ADMIN, 3600).map_err(anyhow::Error::msg)?;
    let engineer = auth.mint(LARGE_ENGINEER, 3600).map_err(anyhow::Error::msg)?;
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let store = maintenance_store(settings);
    let total: i64 = store.seed_bench_size().unwrap_or_default();
    println!("PostgreSQL: {}", store.server_version().unwrap_or_default());
    println!("sessions in the database: {total}; large account: 90 %\n");
    println!("| endpoint | period | p50 ms | p95 ms | p99 ms | max ms | PG CPU ms/req | requests |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    let today = Utc::now().date_naive();
    let year_ago = today.checked_sub_days(Days::new(365)).unwrap_or(today);
    let periods = [
        ("7d", "period=7d".to_owned()),
        ("30d", "period=30d".to_owned()),
        ("90d", "period=90d".to_owned()),
        ("366d", format!("from={year_ago}&to={today}")),
    ];
    let endpoints = [
        ("/analytics/team", "/api/v1/analytics/team".to_owned(), &admin),
        ("/analytics/flows/{id}", format!("/api/v1/analytics/flows/{LARGE_FLOW}"), &engineer),
        ("/analytics/me", "/api/v1/analytics/me".to_owned(), &engineer),
    ];
    for (label, path, token) in endpoints {
        for (period, query) in &periods {
            let url = format!("{base}{path}?{query}");
            let call = || -> anyhow::Result<Duration> {
                let started = Instant::now();
                let mut res = agent.get(&url).header("Authorization", &format!("Bearer {token}")).call()?;
                let body = res.body_mut().read_to_string()?;
                let took = started.elapsed();
                anyhow::ensure!(res.status() == 200, "{url}: {} {body}", res.status());
                Ok(took)
            };
            for _ in 0..10 {
                call()?;
            }
            let before = backends_cpu(&store);
            let mut times = (0..requests).map(|_| call()).collect::<anyhow::Result<Vec<_>>>()?;
            let pg_cpu = backends_cpu(&store).zip(before).map(|(after, before)| cpu_delta_ms(&before, &after));
            times.sort();
            println!(
                "| {label} | {period} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {requests} |",
                ms(percentile(&times, 50.0)),
                ms(percentile(&times, 95.0)),
                ms(percentile(&times, 99.0)),
                ms(percentile(&times, 100.0)),
                pg_cpu.map_or("n/a".to_owned(), |t| format!("{:.2}", t / requests.max(1) as f64)),
            );
        }
    }
    if writes > 0 {
        print_trigger_cost(&store, writes)?;
    }
    Ok(())
}

/// CPU time of each other backend of the benchmark database (/proc/PID/schedstat): the
/// PostgreSQL work of the server's connections.
fn backends_cpu(store: &insights_persistence::PgStore) -> Option<std::collections::HashMap<i32, Duration>> {
    let pids = store.other_backend_pids().ok()?;
    Some(pids.into_iter().map(|pid| (pid, insights_persistence::bench::backend_cpu(pid))).collect())
}

/// Milliseconds of backend CPU between two readings (a backend that appeared counts from 0).
fn cpu_delta_ms(
    before: &std::collections::HashMap<i32, Duration>,
    after: &std::collections::HashMap<i32, Duration>,
) -> f64 {
    after.iter().map(|(pid, t)| ms(t.saturating_sub(before.get(pid).copied().unwrap_or_default()))).sum()
}

fn print_trigger_cost(store: &insights_persistence::PgStore, writes: usize) -> anyhow::Result<()> {
    use insights_persistence::bench::{BLOCK, WriteCost, blocks};
    let row = |when: String, (with, without): (WriteCost, WriteCost)| {
        let pct = |a: Duration, b: Duration| (a.as_secs_f64() / b.as_secs_f64().max(1e-9) - 1.0) * 100.0;
        println!(
            "| {when} | {:.0} | {:.0} | {:.1} % | {:.0} | {:.0} | {:.1} % |",
            without.wall.as_secs_f64() * 1e6,
            with.wall.as_secs_f64() * 1e6,
            pct(with.wall, without.wall),
            without.cpu.as_secs_f64() * 1e6,
            with.cpu.as_secs_f64() * 1e6,
            pct(with.cpu, without.cpu),
        );
    };
    let when = |back: i32| if back == 0 { "today".to_owned() } else { format!("{back} days ago") };
    let blocks = blocks(writes);
    println!(
        "\nsession insert + complete (two autocommit statements), median of {blocks} alternating blocks of {BLOCK} writes:"
    );
    println!("| session started | off µs | on µs | added | PG CPU off µs | PG CPU on µs | CPU added |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut folds = vec![];
    for back in [0, 1, 7, 30, 90] {
        let c = store.backdated_trigger_cost(writes, back)?;
        row(when(back), (c.with, c.without));
        folds.push((when(back), c.fold));
    }
    println!(
        "\nfolding the deltas of those writes into the rollups (rollup_fold, one batch of {}), per write:",
        blocks * BLOCK
    );
    println!("| session started | fold µs | fold PG CPU µs |");
    println!("|---|---:|---:|");
    for (when, f) in folds {
        println!("| {when} | {:.0} | {:.0} |", f.wall.as_secs_f64() * 1e6, f.cpu.as_secs_f64() * 1e6);
    }
    println!("\nCSAT rating (one autocommit INSERT; counted on its own day), mean of {writes}:");
    println!("| session completed | off µs | on µs | added | PG CPU off µs | PG CPU on µs | CPU added |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for back in [0, 30] {
        row(when(back), store.rating_trigger_cost(writes, back)?);
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, clap::ValueEnum)]
enum Op {
    Thumb,
    Csat,
    Nps,
    MessageFeedback,
    ReadTeam,
    ReadMe,
    ReadFlow,
    /// `GET /healthz`: no token, no database; only with `--only`, to measure the HTTP floor.
    Health,
}

impl Op {
    fn is_write(self) -> bool {
        matches!(self, Op::Thumb | Op::Csat | Op::Nps | Op::MessageFeedback)
    }

    fn label(self) -> &'static str {
        match self {
            Op::Thumb => "POST /steps/{id}/feedback",
            Op::Csat => "POST /sessions/{id}/rate",
            Op::Nps => "POST /nps",
            Op::MessageFeedback => "PUT /chat/messages/{id}/feedback",
            Op::ReadTeam => "GET /analytics/team",
            Op::ReadMe => "GET /analytics/me",
            Op::ReadFlow => "GET /analytics/flows/{id}",
            Op::Health => "GET /healthz",
        }
    }
}

/// What one connection saw.
#[derive(Default)]
struct Tally {
    samples: Vec<(Op, u16, Duration)>,
    csat_ok: i64,
    nps_ok: i64,
    thumbs: std::collections::HashSet<(uuid::Uuid, uuid::Uuid)>,
    feedback: std::collections::HashSet<(uuid::Uuid, uuid::Uuid)>,
}

fn load(
    settings: &Settings,
    base: &str,
    seconds: u64,
    connections: usize,
    users: i64,
    only: Option<Op>,
) -> anyhow::Result<()> {
    use insights_persistence::bench::LoadUser;
    let store = maintenance_store(settings);
    let auth = authenticator(settings)?;
    eprintln!("preparing the load account ({users} users)…");
    let fixture = store.seed_load(users, 2000)?;
    let admin_token = auth.mint(fixture.admin, 3600).map_err(anyhow::Error::msg)?;
    let tokens: Vec<String> =
        fixture.users.iter().map(|u| auth.mint(u.id, 3600)).collect::<Result<_, _>>().map_err(anyhow::Error::msg)?;
    let calibration = calibrate();
    let cpu_before = cpu_jiffies();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let handles: Vec<_> = (0..connections)
        .map(|c| {
            // Connection c owns the users i with i % connections == c, so CSAT never repeats a session.
            let mine: Vec<(LoadUser, String)> = fixture
                .users
                .iter()
                .zip(&tokens)
                .enumerate()
                .filter(|(i, _)| i % connections == c)
                .map(|(_, (u, t))| (u.clone(), t.clone()))
                .collect();
            let (base, admin_token, flow) = (base.to_owned(), admin_token.clone(), fixture.flow);
            std::thread::spawn(move || -> anyhow::Result<Tally> {
                let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
                let mut tally = Tally::default();
                let mut cursors = vec![0usize; mine.len()];
                let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ (c as u64 + 1);
                let mut rnd = move || {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    seed
                };
                if mine.is_empty() {
                    return Ok(tally);
                }
                while Instant::now() < deadline {
                    let k = (rnd() % mine.len() as u64) as usize;
                    let (user, token) = &mine[k];
                    let pick = rnd() % 100;
                    let op = only.unwrap_or(match pick {
                        0..35 => Op::Thumb,
                        35..50 => Op::Csat,
                        50..65 => Op::Nps,
                        65..80 => Op::MessageFeedback,
                        80..87 => Op::ReadTeam,
                        87..94 => Op::ReadMe,
                        _ => Op::ReadFlow,
                    });
                    // Each CSAT takes a fresh session of the user; once they are used up, a thumb.
                    let op = if op == Op::Csat && cursors[k] >= user.sessions.len() { Op::Thumb } else { op };
                    let auth_header = format!("Bearer {}", if op == Op::ReadTeam { &admin_token } else { token });
                    let t0 = Instant::now();
                    let mut key = None;
                    let res = match op {
                        Op::Thumb => {
                            let (session, step) = user.sessions[(rnd() % user.sessions.len() as u64) as usize];
                            key = Some((session, step));
                            agent
                                .post(&format!("{base}/api/v1/steps/{step}/feedback"))
                                .header("Authorization", &auth_header)
                                .header("Content-Type", "application/json")
                                .send(format!(r#"{{"session_id":"{session}","was_helpful":{}}}"#, rnd() % 2 == 0))
                        }
                        Op::Csat => {
                            let i = cursors[k];
                            cursors[k] += 1;
                            let (session, _) = user.sessions[user.sessions.len() - 1 - i];
                            agent
                                .post(&format!("{base}/api/v1/sessions/{session}/rate"))
                                .header("Authorization", &auth_header)
                                .header("Content-Type", "application/json")
                                .send(format!(r#"{{"rating":{},"comment":"load test"}}"#, rnd() % 5 + 1))
                        }
                        Op::Nps => agent
                            .post(&format!("{base}/api/v1/nps"))
                            .header("Authorization", &auth_header)
                            .header("Content-Type", "application/json")
                            .send(format!(r#"{{"score":{}}}"#, rnd() % 11)),
                        Op::MessageFeedback => {
                            let m = user.messages[(rnd() % user.messages.len() as u64) as usize];
                            key = Some((m, user.id));
                            let rating = if rnd() % 2 == 0 { "positive" } else { "negative" };
                            agent
                                .put(&format!("{base}/api/v1/chat/messages/{m}/feedback"))
                                .header("Authorization", &auth_header)
                                .header("Content-Type", "application/json")
                                .send(format!(r#"{{"rating":"{rating}"}}"#))
                        }
                        Op::ReadTeam => agent
                            .get(&format!("{base}/api/v1/analytics/team?period=30d"))
                            .header("Authorization", &auth_header)
                            .call(),
                        Op::ReadMe => agent
                            .get(&format!("{base}/api/v1/analytics/me?period=30d"))
                            .header("Authorization", &auth_header)
                            .call(),
                        Op::ReadFlow => agent
                            .get(&format!("{base}/api/v1/analytics/flows/{flow}?period=30d"))
                            .header("Authorization", &auth_header)
                            .call(),
                        Op::Health => agent.get(&format!("{base}/healthz")).call(),
                    };
                    let (status, _body) = match res {
                        Ok(mut r) => (r.status().as_u16(), r.body_mut().read_to_string().unwrap_or_default()),
                        Err(e) => {
                            eprintln!("request failed: {e}");
                            (0, String::new())
                        }
                    };
                    let took = t0.elapsed();
                    if op == Op::Csat && status == 201 {
                        tally.csat_ok += 1;
                    }
                    if op == Op::Nps && status == 201 {
                        tally.nps_ok += 1;
                    }
                    if let (Some(key), true) = (key, (200..300).contains(&status)) {
                        match op {
                            Op::Thumb => tally.thumbs.insert(key),
                            _ => tally.feedback.insert(key),
                        };
                    }
                    tally.samples.push((op, status, took));
                }
                Ok(tally)
            })
        })
        .collect();
    let mut all = Tally::default();
    for h in handles {
        let t = h.join().map_err(|_| anyhow::anyhow!("a load thread panicked"))??;
        all.samples.extend(t.samples);
        all.csat_ok += t.csat_ok;
        all.nps_ok += t.nps_ok;
        all.thumbs.extend(t.thumbs);
        all.feedback.extend(t.feedback);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = cpu_before.zip(cpu_jiffies()).map(|((busy0, total0), (busy1, total1))| {
        (busy1.saturating_sub(busy0) as f64, total1.saturating_sub(total0).max(1) as f64)
    });
    let ops = [Op::Thumb, Op::Csat, Op::Nps, Op::MessageFeedback, Op::ReadTeam, Op::ReadMe, Op::ReadFlow, Op::Health];
    println!("mixed load: {connections} connections for {seconds} s against {base}\n");
    println!("| request | count | per s | errors | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let row = |label: &str, picked: Vec<&(Op, u16, Duration)>| {
        let mut times: Vec<Duration> = picked.iter().map(|s| s.2).collect();
        times.sort();
        let errors = picked.iter().filter(|s| !(200..300).contains(&s.1)).count();
        println!(
            "| {label} | {} | {:.0} | {errors} | {:.1} | {:.1} | {:.1} | {:.1} |",
            times.len(),
            times.len() as f64 / elapsed,
            ms(percentile(&times, 50.0)),
            ms(percentile(&times, 95.0)),
            ms(percentile(&times, 99.0)),
            ms(percentile(&times, 100.0))
        );
        errors
    };
    let mut errors = 0;
    for op in ops {
        let picked: Vec<_> = all.samples.iter().filter(|s| s.0 == op).collect();
        if !picked.is_empty() {
            errors += row(op.label(), picked);
        }
    }
    row("all writes", all.samples.iter().filter(|s| s.0.is_write()).collect());
    row("all reads", all.samples.iter().filter(|s| !s.0.is_write()).collect());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    println!(
        "\nhost speed: a fixed single-thread computation took {calibration:.0} ms before the run (lower is faster)"
    );
    if let Some((busy, total)) = cpu {
        // /proc/stat counts in USER_HZ (100 per second on Linux) over all cores.
        let cpu_ms = busy * 10.0;
        println!(
            "machine CPU during the run: {:.0} % busy of {cores} cores, {:.2} ms of CPU per request (server, PostgreSQL and this client)",
            100.0 * busy / total,
            cpu_ms / all.samples.len().max(1) as f64
        );
    }
    let counts = store.load_counts()?;
    let counters = store.check_counters()?;
    let rollups = store.check_rollups()?;
    println!("\nafter the run:");
    println!("| check | seen by the client | in the database | ok |");
    println!("|---|---:|---:|---|");
    let checks = [
        ("CSAT ratings (201s = rows)", all.csat_ok, counts.csat),
        ("NPS answers (201s = rows)", all.nps_ok, counts.nps),
        ("message feedback (distinct message x user = rows)", all.feedback.len() as i64, counts.message_feedback),
        ("thumbs (distinct session x step = rows)", all.thumbs.len() as i64, counts.thumbs),
        ("thumbs counters differing from a recount", 0, counters.len() as i64),
        ("rollup rows differing from a recount", 0, rollups.len() as i64),
    ];
    let mut ok = errors == 0;
    for (name, seen, stored) in checks {
        println!("| {name} | {seen} | {stored} | {} |", if seen == stored { "yes" } else { "NO" });
        ok &= seen == stored;
    }
    anyhow::ensure!(ok, "the load run lost, doubled or failed writes (see the tables)");
    Ok(())
}
