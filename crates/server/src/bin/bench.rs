//! `insights-bench`: seeds a benchmark database (`seed --sessions N`), measures the analytics
//! endpoints of a running server (`measure --base URL`) and the rollup triggers' cost, writes the
//! EXPLAIN plans (`explain`), and prints tables.

use std::time::{Duration, Instant};

use chrono::{Days, Utc};
use clap::{Parser, Subcommand};
use insights_persistence::bench::{LARGE_ACCOUNT, LARGE_ADMIN, LARGE_ENGINEER, LARGE_FLOW};
use insights_server::config::Settings;
use insights_server::{authenticator, store};

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
    /// Measure p50/p95/p99 of the three analytics endpoints for 7d/30d/90d, and the triggers' cost.
    Measure {
        #[arg(long, default_value = "http://127.0.0.1:18080")]
        base: String,
        /// Timed requests per endpoint and period (after 10 warm-up requests).
        #[arg(long, default_value_t = 200)]
        requests: usize,
        /// Session writes per trigger-cost round.
        #[arg(long, default_value_t = 500)]
        writes: usize,
    },
    /// Print EXPLAIN (ANALYZE, BUFFERS) of every analytics query over the last 90 days.
    Explain,
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = Settings::load()?;
    match cli.command {
        Command::Seed { sessions } => {
            let store = store(&settings);
            let seeded = store.seed_bench(sessions, &|step| eprintln!("  seeding: {step}"))?;
            println!(
                "seeded {} sessions in {:.0} s{}",
                seeded.sessions,
                seeded.took.as_secs_f64(),
                if seeded.reused { " (reused)" } else { "" }
            );
        }
        Command::Measure { base, requests, writes } => measure(&settings, &base, requests, writes)?,
        Command::Explain => {
            let store = store(&settings);
            let to = Utc::now().date_naive();
            let from = to.checked_sub_days(Days::new(89)).unwrap_or(to);
            for (name, plan) in store.explain_analytics(LARGE_ACCOUNT, LARGE_ENGINEER, LARGE_FLOW, from, to)? {
                println!("### {name}\n\n```\n{plan}\n```\n");
            }
        }
    }
    Ok(())
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
    let store = store(settings);
    let total: i64 = store.seed_bench_size().unwrap_or_default();
    println!("PostgreSQL: {}", store.server_version().unwrap_or_default());
    println!("sessions in the database: {total}; large account: 90 %\n");
    println!("| endpoint | period | p50 ms | p95 ms | p99 ms | max ms | requests |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let endpoints = [
        ("/analytics/team", "/api/v1/analytics/team".to_owned(), &admin),
        ("/analytics/flows/{id}", format!("/api/v1/analytics/flows/{LARGE_FLOW}"), &engineer),
        ("/analytics/me", "/api/v1/analytics/me".to_owned(), &engineer),
    ];
    for (label, path, token) in endpoints {
        for period in ["7d", "30d", "90d"] {
            let url = format!("{base}{path}?period={period}");
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
            let mut times = (0..requests).map(|_| call()).collect::<anyhow::Result<Vec<_>>>()?;
            times.sort();
            println!(
                "| {label} | {period} | {:.1} | {:.1} | {:.1} | {:.1} | {requests} |",
                ms(percentile(&times, 50.0)),
                ms(percentile(&times, 95.0)),
                ms(percentile(&times, 99.0)),
                ms(percentile(&times, 100.0)),
            );
        }
    }
    let (with, without) = store.trigger_cost(writes)?;
    let added = (with.as_secs_f64() / without.as_secs_f64().max(1e-9) - 1.0) * 100.0;
    println!("\nsession insert + complete (two autocommit statements), mean of {writes} x 2 rounds:");
    println!("| rollup triggers | µs per session |");
    println!("|---|---:|");
    println!("| off | {:.0} |", without.as_secs_f64() * 1e6);
    println!("| on | {:.0} |", with.as_secs_f64() * 1e6);
    println!("\ntriggers add {added:.1} % to a session's insert + complete");
    Ok(())
}
