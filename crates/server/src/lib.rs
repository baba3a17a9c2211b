//! The `insights` binary's wiring: config, pool, migrations and the HTTP server.

pub mod config;
pub mod folder;

use std::sync::Arc;

use actix_web::{HttpServer, web};
use insights_api::{AppState, Authenticator, Ports};
use insights_persistence::{PgStore, PoolSettings, ReplicaReads};

use config::Settings;

/// The adapter over the two pools built from the settings, each of `database_pool_size`
/// connections (the database need not be up yet), whose connections set the configured
/// `statement_timeout` and `lock_timeout`: the store of `serve`.
pub fn store(settings: &Settings) -> PgStore {
    PgStore::connect(&PoolSettings {
        url: settings.database_url.expose().to_owned(),
        max_size: settings.database_pool_size,
        checkout_timeout: settings.checkout_timeout(),
        statement_timeout: settings.statement_timeout(),
        lock_timeout: settings.lock_timeout(),
    })
}

/// The store of the maintenance commands (`seed-demo`, `check`, `rollup rebuild`, the benchmark's
/// seeding): no statement or lock timeout, since a recount or a rebuild of a large account runs
/// longer than any request may.
pub fn maintenance_store(settings: &Settings) -> PgStore {
    PgStore::connect(&PoolSettings {
        url: settings.database_url.expose().to_owned(),
        max_size: settings.database_pool_size,
        checkout_timeout: settings.checkout_timeout(),
        statement_timeout: std::time::Duration::ZERO,
        lock_timeout: std::time::Duration::ZERO,
    })
}

/// The store of the rollup folder: one connection, the configured lock timeout (a fold waits for
/// no lock longer than a request does, and is retried), no statement timeout (a backlog of
/// deltas, after a bulk load or an outage of the folder, is folded in one go).
pub fn folder_store(settings: &Settings) -> PgStore {
    PgStore::connect(&PoolSettings {
        url: settings.database_url.expose().to_owned(),
        max_size: 1,
        checkout_timeout: settings.checkout_timeout(),
        statement_timeout: std::time::Duration::ZERO,
        lock_timeout: settings.lock_timeout(),
    })
}

/// The store over the read replica of `database_read_url`, when set: the same pools, whose
/// checkouts give up after at most 500 ms (reads then go to the primary at once).
pub fn read_store(settings: &Settings) -> Option<PgStore> {
    let url = settings.database_read_url.as_ref()?;
    Some(PgStore::connect(&PoolSettings {
        url: url.expose().to_owned(),
        max_size: settings.database_pool_size,
        checkout_timeout: settings.checkout_timeout().min(std::time::Duration::from_millis(500)),
        statement_timeout: settings.statement_timeout(),
        lock_timeout: settings.lock_timeout(),
    }))
}

/// The ports of the service: every one on the primary's store; when a read replica is configured,
/// the capabilities' ports, the account time zones and readiness go through [`ReplicaReads`],
/// which sends the dashboards', the lists' and the admin reads to the standby, method by method,
/// and everything else to the primary (README, "Reads on a replica"). Authentication stays on the
/// primary.
pub fn ports(settings: &Settings) -> Ports {
    let primary = store(settings);
    let mut ports = Ports::all(Arc::new(primary.clone()));
    if let Some(replica) = read_store(settings) {
        let reads = Arc::new(ReplicaReads::new(primary, Some(replica)));
        ports.accounts = reads.clone();
        ports.analytics = reads.clone();
        ports.catalog = reads.clone();
        ports.feedback = reads.clone();
        ports.conversations = reads.clone();
        ports.nps = reads.clone();
        ports.health = reads;
    }
    ports
}

/// The authenticator of the settings.
///
/// # Errors
/// A message naming the key when the JWT key is unusable.
pub fn authenticator(settings: &Settings) -> anyhow::Result<Authenticator> {
    Authenticator::new(settings.jwt_key()?, settings.jwt_issuer.clone(), settings.jwt_audience.clone())
        .map_err(anyhow::Error::msg)
}

/// Runs pending migrations (under the advisory lock), then serves until SIGTERM/SIGINT, finishing
/// in-flight requests for up to 30 s, folding the rollups' pending deltas meanwhile.
///
/// # Errors
/// When migrations fail or the address cannot be bound.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let url = settings.database_url.expose().to_owned();
    let applied = web::block(move || insights_persistence::migrations::run_pending(&url)).await??;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "migrations applied");
    }
    let ports = ports(&settings);
    // Stopped when `serve` returns, after the server has finished its requests.
    let _folder = folder::spawn(folder_store(&settings), folder::FOLD_INTERVAL)?;
    let (prom, metrics) = insights_api::metrics::build(ports.health.clone()).map_err(anyhow::Error::msg)?;
    let state = web::Data::new(AppState::new(ports, settings.api_settings(), authenticator(&settings)?, metrics));
    let bind = settings.bind.clone();
    tracing::info!(%bind, "listening");
    HttpServer::new(move || insights_api::build_app(state.clone(), prom.clone()))
        .shutdown_timeout(30)
        .bind(&bind)?
        .run()
        .await?;
    tracing::info!("stopped");
    Ok(())
}
