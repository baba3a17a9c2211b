//! The `insights` binary's wiring: config, pool, migrations and the HTTP server.

pub mod config;

use std::sync::Arc;

use actix_web::{HttpServer, web};
use insights_api::{AppState, Authenticator, Ports};
use insights_persistence::{PgStore, PoolSettings};

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

/// The authenticator of the settings.
///
/// # Errors
/// A message naming the key when the JWT key is unusable.
pub fn authenticator(settings: &Settings) -> anyhow::Result<Authenticator> {
    Authenticator::new(settings.jwt_key()?, settings.jwt_issuer.clone(), settings.jwt_audience.clone())
        .map_err(anyhow::Error::msg)
}

/// Runs pending migrations (under the advisory lock), then serves until SIGTERM/SIGINT, finishing
/// in-flight requests for up to 30 s.
///
/// # Errors
/// When migrations fail or the address cannot be bound.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let url = settings.database_url.expose().to_owned();
    let applied = web::block(move || insights_persistence::migrations::run_pending(&url)).await??;
    if !applied.is_empty() {
        tracing::info!(count = applied.len(), "migrations applied");
    }
    let store = Arc::new(store(&settings));
    let ports = Ports::all(store);
    let (prom, metrics) = insights_api::metrics::build(ports.health.clone()).map_err(anyhow::Error::msg)?;
    let state =
        web::Data::new(AppState { ports, settings: settings.api_settings(), auth: authenticator(&settings)?, metrics });
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
