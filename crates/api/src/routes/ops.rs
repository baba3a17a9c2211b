//! Operational endpoints: liveness, readiness, the frontend's config, the OpenAPI document and
//! the API explorer. (`/metrics` is served by the metrics middleware.)

use actix_web::{HttpRequest, HttpResponse, web};
use insights_domain::ports::Readiness;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

use super::{blocking, state};
use crate::error::ApiError;

#[derive(OpenApi)]
#[openapi(paths(healthz, readyz, get_config), components(schemas(Status, FrontendConfig)))]
pub struct Doc;

#[derive(Debug, Serialize, ToSchema)]
pub struct Status {
    /// `ok`
    pub status: String,
    /// Only when a read replica is configured: `ok`, or `unreachable` (reads then fall back to the
    /// primary, so the service stays ready).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub replica: Option<String>,
}

/// The feature flags the frontend needs.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrontendConfig {
    pub feedback_enabled: bool,
    pub nps_enabled: bool,
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/openapi.json", web::get().to(openapi_json))
        .route("/docs", web::get().to(docs_redirect))
        .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", crate::openapi::document()));
}

pub fn configure_api(cfg: &mut web::ServiceConfig) {
    cfg.route("/config", web::get().to(get_config));
}

/// The process is alive.
#[utoipa::path(get, path = "/healthz", tag = "ops", responses((status = 200, body = Status)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Status { status: "ok".into(), replica: None })
}

/// The database answers and every migration is applied.
#[utoipa::path(get, path = "/readyz", tag = "ops", responses(
    (status = 200, body = Status),
    (status = 503, body = crate::error::ErrorEnvelope, description = "database unreachable or migrations pending"),
))]
pub async fn readyz(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let health = st.ports.health.clone();
    let (readiness, replica) = blocking(move || Ok((health.ready()?, health.replica()))).await?;
    match readiness {
        Readiness::Ready => Ok(HttpResponse::Ok().json(Status {
            status: "ok".into(),
            replica: replica.map(|r| if r.reachable { "ok" } else { "unreachable" }.to_owned()),
        })),
        Readiness::MigrationsPending => Err(ApiError::Domain(insights_domain::Error::Unavailable)),
    }
}

/// Feature flags for the frontend (no authentication).
#[utoipa::path(get, path = "/api/v1/config", tag = "ops", responses((status = 200, body = FrontendConfig)))]
pub async fn get_config(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    Ok(HttpResponse::Ok()
        .json(FrontendConfig { feedback_enabled: st.settings.feedback_enabled, nps_enabled: st.settings.nps_enabled }))
}

async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(crate::openapi::document())
}

async fn docs_redirect() -> HttpResponse {
    HttpResponse::Found().insert_header(("Location", "/docs/")).finish()
}
