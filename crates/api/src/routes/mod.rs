//! Routes. Every handler follows the spec's order of checks: feature flag → authentication →
//! role → request validation → existence and access → business rules. To keep that order,
//! handlers take the raw request (and body bytes) and parse path, query and JSON themselves
//! after authenticating, with the helpers below; actix extractors would run them concurrently.

pub mod analytics;
pub mod catalog;
pub mod conversations;
pub mod flow_feedback;
pub mod nps;
pub mod ops;

use actix_web::{HttpRequest, http::header, web};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::{ApiError, Feature};
use crate::state::AppState;

pub use crate::auth::authenticate;

/// Registers every route: the operational ones at the root, the API under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    ops::configure(cfg);
    cfg.service(
        web::scope("/api/v1")
            .configure(ops::configure_api)
            .configure(catalog::configure)
            .configure(flow_feedback::configure)
            .configure(analytics::configure)
            .configure(conversations::configure)
            .configure(nps::configure),
    );
}

/// The shared state.
///
/// # Errors
/// `INTERNAL` when the app was built without state (a programming error).
pub fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Domain(insights_domain::Error::Internal("app state missing".into())))
}

/// 404 with the flag's code when `feature` is off (checked before authentication).
///
/// # Errors
/// `FEEDBACK_DISABLED` / `NPS_DISABLED`.
pub fn require_feature(state: &AppState, feature: Feature) -> Result<(), ApiError> {
    let on = match feature {
        Feature::Feedback => state.settings.feedback_enabled,
        Feature::Nps => state.settings.nps_enabled,
    };
    if on { Ok(()) } else { Err(ApiError::Disabled(feature)) }
}

/// Runs one unit of work on the blocking pool (the pool checkout and the transaction happen
/// inside `f`; no connection is held across an `.await`).
///
/// # Errors
/// The domain error of `f`, or `INTERNAL` when the blocking pool is gone.
pub async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> insights_domain::Result<T> + Send + 'static,
{
    web::block(f)
        .await
        .map_err(|e| ApiError::Domain(insights_domain::Error::Internal(e.to_string())))?
        .map_err(ApiError::from)
}

/// A path segment that must be a UUID.
///
/// # Errors
/// `INVALID_REQUEST` naming `name` when it is missing or not a UUID.
pub fn path_uuid(req: &HttpRequest, name: &str) -> Result<Uuid, ApiError> {
    let raw = req.match_info().get(name).unwrap_or_default();
    Uuid::parse_str(raw).map_err(|_| ApiError::invalid_field(name, "must be a UUID"))
}

/// A raw path segment.
pub fn path_str(req: &HttpRequest, name: &str) -> String {
    req.match_info().get(name).unwrap_or_default().to_owned()
}

/// The query string as `T`.
///
/// # Errors
/// `INVALID_REQUEST` when it does not parse (unknown enum values, wrong types).
pub fn query<T: DeserializeOwned>(req: &HttpRequest) -> Result<T, ApiError> {
    web::Query::<T>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|e| ApiError::invalid(format!("invalid query: {e}")))
}

/// The body as JSON `T`: the content type must be `application/json`; unknown fields are refused
/// by `#[serde(deny_unknown_fields)]` on `T`.
///
/// # Errors
/// `INVALID_REQUEST` for another content type or a body that does not parse.
pub fn json_body<T: DeserializeOwned>(req: &HttpRequest, body: &[u8]) -> Result<T, ApiError> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        });
    if !is_json {
        return Err(ApiError::invalid("the body must be application/json"));
    }
    serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("invalid JSON body: {e}")))
}
