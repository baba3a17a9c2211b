//! `insights`: serve | migrate | token | seed-demo | check | rollup rebuild.

use clap::{Parser, Subcommand};
use insights_domain::ports::UserDirectory;
use insights_server::config::Settings;
use insights_server::{authenticator, maintenance_store, serve, store};

#[derive(Parser)]
#[command(name = "insights", version, about = "Feedback and analytics service of ResolutionFlow")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run pending migrations, then serve HTTP (the default).
    Serve,
    /// Apply, revert or list migrations.
    Migrate {
        #[command(subcommand)]
        action: Option<MigrateAction>,
    },
    /// Mint a development token for a user (HS256 secret only).
    Token {
        /// The user's email.
        #[arg(long)]
        email: String,
        /// Validity in hours.
        #[arg(long, default_value_t = 24)]
        ttl_hours: u64,
    },
    /// Create the demo account (idempotent) and print a token per role.
    SeedDemo,
    /// Recount what triggers maintain (thumbs counters, analytics rollups); exit 1 on drift.
    Check,
    /// Analytics rollups.
    Rollup {
        #[command(subcommand)]
        action: RollupAction,
    },
}

#[derive(Subcommand, Clone, Copy)]
enum RollupAction {
    /// Rebuild the daily rollups from the raw rows (one account, or all).
    Rebuild {
        #[arg(long)]
        account: Option<uuid::Uuid>,
    },
}

#[derive(Subcommand, Clone, Copy)]
enum MigrateAction {
    /// Apply every pending migration (the default).
    Up,
    /// Revert the last migration (`--all`: every one).
    Down {
        #[arg(long)]
        all: bool,
    },
    /// List applied and pending migrations.
    Status,
}

fn init_tracing(settings: &Settings) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,actix_web_prom=error"));
    if settings.is_production() {
        tracing_subscriber::fmt().with_env_filter(filter).json().with_current_span(true).init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(2);
        }
    };
    init_tracing(&settings);
    match run(cli.command.unwrap_or(Command::Serve), settings) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run(command: Command, settings: Settings) -> anyhow::Result<std::process::ExitCode> {
    use insights_persistence::migrations;
    let url = settings.database_url.expose().to_owned();
    match command {
        Command::Serve => actix_web::rt::System::new().block_on(serve(settings))?,
        Command::Migrate { action } => match action.unwrap_or(MigrateAction::Up) {
            MigrateAction::Up => {
                let applied = migrations::run_pending(&url)?;
                println!("applied {} migration(s)", applied.len());
                for v in applied {
                    println!("  {v}");
                }
            }
            MigrateAction::Down { all } => {
                for v in migrations::revert(&url, all)? {
                    println!("reverted {v}");
                }
            }
            MigrateAction::Status => {
                let (applied, pending) = migrations::status(&url)?;
                for v in applied {
                    println!("applied  {v}");
                }
                for v in pending {
                    println!("pending  {v}");
                }
            }
        },
        Command::Token { email, ttl_hours } => {
            let store = store(&settings);
            let user = store
                .find_user_by_email_unscoped(&email)?
                .ok_or_else(|| anyhow::anyhow!("no active user with that email"))?;
            let token = authenticator(&settings)?.mint(user.id, ttl_hours * 3600).map_err(anyhow::Error::msg)?;
            println!("{token}");
        }
        Command::SeedDemo => {
            migrations::run_pending(&url)?;
            let store = maintenance_store(&settings);
            let demo = store.seed_demo()?;
            let auth = authenticator(&settings)?;
            println!("demo account {} ({} sessions)", demo.account_id, demo.sessions);
            println!("tokens (valid 30 days):");
            for u in &demo.users {
                let token = auth.mint(u.id, 30 * 24 * 3600).map_err(anyhow::Error::msg)?;
                println!("  {:<13} {:<24} {token}", u.label, u.email);
            }
        }
        Command::Check => {
            let store = maintenance_store(&settings);
            let counters = store.check_counters()?;
            let rollups = store.check_rollups()?;
            for d in counters.iter().chain(&rollups) {
                println!("drift: {} {} stored {} recounted {}", d.what, d.key, d.stored, d.recounted);
            }
            if !counters.is_empty() || !rollups.is_empty() {
                return Ok(std::process::ExitCode::FAILURE);
            }
            println!("check: thumbs counters and analytics rollups equal their recounts");
        }
        Command::Rollup { action: RollupAction::Rebuild { account } } => {
            let store = maintenance_store(&settings);
            let started = std::time::Instant::now();
            store.rebuild_rollups(account)?;
            println!("rollups rebuilt in {:.1} s", started.elapsed().as_secs_f64());
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}
