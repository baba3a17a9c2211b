//! The one app factory, used by the server and by the tests.

use std::time::Instant;

use actix_cors::Cors;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Service, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::{App, HttpResponse, ResponseError, web};
use actix_web_prom::PrometheusMetrics;
use tracing::Instrument;

use crate::error::ApiError;
use crate::state::AppState;

/// The application with every route and middleware: HTTP hygiene (see [`crate::hygiene`]), CORS,
/// request metrics, one log line per request with its id (accepted from `X-Request-Id` or
/// generated, and echoed), and a JSON body on every error, including those actix produces itself.
pub fn build_app(
    state: web::Data<AppState>,
    prom: PrometheusMetrics,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let max_body = state.settings.max_body_bytes;
    let cors = cors(&state.settings.cors_allowed_origins);
    App::new()
        .app_data(state)
        .app_data(web::PayloadConfig::new(max_body))
        .configure(crate::routes::configure)
        // The web console under /console and `/` → `/console/` (its own crate; not an API route).
        .configure(insights_console::configure)
        .default_service(web::to(no_route))
        .wrap_fn(|req, srv| {
            let request_id = request_id(&req);
            let method = req.method().to_string();
            let span = tracing::info_span!("request", request_id = %request_id);
            let started = Instant::now();
            let fut = srv.call(req).instrument(span.clone());
            async move {
                let res = fut.await?;
                let mut res = ensure_json_error(res);
                if let Ok(v) = header::HeaderValue::from_str(&request_id) {
                    res.headers_mut().insert(header::HeaderName::from_static("x-request-id"), v);
                }
                let route = res.request().match_pattern().unwrap_or_else(|| "UNKNOWN".into());
                span.in_scope(|| {
                    tracing::info!(
                        method,
                        route,
                        status = res.status().as_u16(),
                        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
                        "request"
                    );
                });
                Ok(res)
            }
        })
        .wrap(prom)
        .wrap(cors)
        .wrap_fn(|req, srv| crate::hygiene::apply(req, srv))
}

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::HeaderName::from_static("x-request-id")])
        .expose_headers([header::HeaderName::from_static("x-request-id")])
        .max_age(3600);
    for o in origins {
        cors = cors.allowed_origin(o);
    }
    cors
}

/// The client's `X-Request-Id` when it is short and plain, else a new UUID.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .map_or_else(|| uuid::Uuid::new_v4().to_string(), str::to_owned)
}

async fn no_route() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NoRoute)
}

/// Rewrites an error response that is not JSON (actix's own: payload limits, method mismatches,
/// CORS refusals) into the envelope, so that every error is JSON.
pub(crate) fn ensure_json_error<B: MessageBody + 'static>(res: ServiceResponse<B>) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res.map_into_boxed_body();
    }
    let err = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => ApiError::NoRoute,
        StatusCode::UNAUTHORIZED => ApiError::Unauthorized("rejected"),
        StatusCode::FORBIDDEN => ApiError::Domain(insights_domain::Error::Forbidden("forbidden".into())),
        StatusCode::SERVICE_UNAVAILABLE => ApiError::Domain(insights_domain::Error::Unavailable),
        s if s.is_client_error() => ApiError::bad_request("invalid request"),
        _ => ApiError::Domain(insights_domain::Error::Internal(format!("unexpected {status}"))),
    };
    let (req, _) = res.into_parts();
    ServiceResponse::new(req, err.error_response())
}
