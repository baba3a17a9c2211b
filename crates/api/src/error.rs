//! The error table: every failure becomes `{ "error": { code, message, details? } }` with the
//! status the spec README gives. One place maps each case; one `ResponseError` writes the body.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use insights_domain::{ConflictCode, Error as DomainError, FieldError};
use serde::Serialize;
use utoipa::ToSchema;

/// A failed request, as the API reports it.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// No valid token (401). The reason is for the log only.
    #[error("authentication required")]
    Unauthorized(&'static str),
    /// A feature flag is off (404 with the flag's code).
    #[error("{0} is disabled")]
    Disabled(Feature),
    /// Body over the configured limit (413).
    #[error("request body is too large")]
    PayloadTooLarge,
    /// No route matches (404).
    #[error("no such route")]
    NoRoute,
    /// The request body did not arrive within `request_body_timeout_ms` (408).
    #[error("the request body did not arrive in time")]
    BodyTimeout,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    Feedback,
    Nps,
}

impl std::fmt::Display for Feature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Feature::Feedback => "the feedback inbox",
            Feature::Nps => "NPS",
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// One of the codes of the spec README's table.
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<ErrorDetail>>,
}

/// The envelope of every error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

impl ApiError {
    /// 400 `INVALID_REQUEST` about the request as a whole (no field named, no `details`).
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::Domain(DomainError::bad_request(message))
    }

    /// 400 `INVALID_REQUEST` naming `field` in `details`.
    pub fn invalid_field(field: &str, problem: &str) -> ApiError {
        ApiError::Domain(DomainError::invalid(field, problem))
    }

    /// (status, code) for this error: the table of the spec README.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ApiError::Domain(e) => match e {
                DomainError::Invalid { .. } => (StatusCode::BAD_REQUEST, "INVALID_REQUEST"),
                DomainError::NotFound(_) => (StatusCode::NOT_FOUND, "NOT_FOUND"),
                DomainError::Forbidden(_) => (StatusCode::FORBIDDEN, "FORBIDDEN"),
                DomainError::Conflict { code, .. } => (StatusCode::CONFLICT, conflict_code(*code)),
                DomainError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "DATABASE_UNAVAILABLE"),
                DomainError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL"),
            },
            ApiError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "UNAUTHORIZED"),
            ApiError::Disabled(Feature::Feedback) => (StatusCode::NOT_FOUND, "FEEDBACK_DISABLED"),
            ApiError::Disabled(Feature::Nps) => (StatusCode::NOT_FOUND, "NPS_DISABLED"),
            ApiError::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE"),
            ApiError::NoRoute => (StatusCode::NOT_FOUND, "NOT_FOUND"),
            ApiError::BodyTimeout => (StatusCode::REQUEST_TIMEOUT, "INVALID_REQUEST"),
        }
    }

    fn message(&self) -> String {
        match self {
            ApiError::Domain(DomainError::Internal(_)) => "internal error".into(),
            ApiError::Domain(DomainError::Unavailable) => "the database is unavailable; retry shortly".into(),
            ApiError::Domain(e) => e.to_string(),
            other => other.to_string(),
        }
    }

    fn details(&self) -> Option<Vec<ErrorDetail>> {
        match self {
            ApiError::Domain(DomainError::Invalid { details, .. }) if !details.is_empty() => Some(
                details
                    .iter()
                    .map(|FieldError { field, message }| ErrorDetail { field: field.clone(), message: message.clone() })
                    .collect(),
            ),
            _ => None,
        }
    }

    pub fn envelope(&self) -> ErrorEnvelope {
        let (_, code) = self.status_and_code();
        ErrorEnvelope { error: ErrorBody { code: code.into(), message: self.message(), details: self.details() } }
    }
}

fn conflict_code(code: ConflictCode) -> &'static str {
    code.as_str()
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status_and_code().0
    }

    fn error_response(&self) -> HttpResponse {
        let (status, _) = self.status_and_code();
        let mut res = HttpResponse::build(status);
        match self {
            ApiError::Unauthorized(reason) => {
                tracing::info!(reason, "unauthorized");
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::Domain(DomainError::Unavailable) => {
                res.insert_header((header::RETRY_AFTER, "1"));
            }
            ApiError::BodyTimeout => {
                // The rest of the body may still be on its way: this connection is done.
                res.force_close();
            }
            ApiError::Domain(DomainError::Internal(cause)) => {
                // Logged once, inside the request's span (which carries the request id).
                tracing::error!(%cause, "internal error");
            }
            _ => {}
        }
        res.json(self.envelope())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::body::to_bytes;

    async fn render(e: ApiError) -> (StatusCode, serde_json::Value, actix_web::http::header::HeaderMap) {
        let res = e.error_response();
        let status = res.status();
        let headers = res.headers().clone();
        let body = to_bytes(res.into_body()).await.unwrap_or_default();
        (status, serde_json::from_slice(&body).unwrap_or_default(), headers)
    }

    #[actix_web::test]
    async fn every_case_maps_to_the_table_of_the_spec() {
        let cases: Vec<(ApiError, u16, &str)> = vec![
            (ApiError::invalid_field("rating", "must be an integer from 1 to 5"), 400, "INVALID_REQUEST"),
            (ApiError::Unauthorized("missing"), 401, "UNAUTHORIZED"),
            (DomainError::Forbidden("no".into()).into(), 403, "FORBIDDEN"),
            (DomainError::not_found("session").into(), 404, "NOT_FOUND"),
            (ApiError::NoRoute, 404, "NOT_FOUND"),
            (ApiError::Disabled(Feature::Feedback), 404, "FEEDBACK_DISABLED"),
            (ApiError::Disabled(Feature::Nps), 404, "NPS_DISABLED"),
            (ApiError::PayloadTooLarge, 413, "PAYLOAD_TOO_LARGE"),
            (ApiError::BodyTimeout, 408, "INVALID_REQUEST"),
            (DomainError::Unavailable.into(), 503, "DATABASE_UNAVAILABLE"),
            (DomainError::Internal("secret cause".into()).into(), 500, "INTERNAL"),
        ];
        let mut kinds = vec![];
        for (err, status, code) in cases {
            kinds.push(kind(&err));
            let (s, body, _) = render(err).await;
            assert_eq!(s.as_u16(), status, "{code}");
            assert_eq!(body["error"]["code"], code);
            assert!(body["error"]["message"].is_string());
        }
        for c in ConflictCode::ALL {
            let err: ApiError = DomainError::conflict(c, "refused").into();
            kinds.push(kind(&err));
            let (s, body, _) = render(err).await;
            assert_eq!(s, StatusCode::CONFLICT);
            assert_eq!(body["error"]["code"], c.as_str());
        }
        // Every case of the table is walked: `kind` has no wildcard, so a new variant does not
        // compile until it gets a number, and then fails here until it has a case above.
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds, (0..KINDS).collect::<Vec<_>>());
    }

    const KINDS: usize = 12;

    /// The case of the table `e` falls in.
    fn kind(e: &ApiError) -> usize {
        match e {
            ApiError::Domain(d) => match d {
                DomainError::Invalid { .. } => 0,
                DomainError::NotFound(_) => 1,
                DomainError::Forbidden(_) => 2,
                DomainError::Conflict { .. } => 3,
                DomainError::Unavailable => 4,
                DomainError::Internal(_) => 5,
            },
            ApiError::Unauthorized(_) => 6,
            ApiError::Disabled(Feature::Feedback) => 7,
            ApiError::Disabled(Feature::Nps) => 8,
            ApiError::PayloadTooLarge => 9,
            ApiError::NoRoute => 10,
            ApiError::BodyTimeout => 11,
        }
    }

    #[actix_web::test]
    async fn validation_errors_carry_details_and_internal_ones_hide_their_cause() {
        let (_, body, _) = render(ApiError::invalid_field("rating", "must be an integer from 1 to 5")).await;
        assert_eq!(body["error"]["message"], "rating must be an integer from 1 to 5");
        assert_eq!(body["error"]["details"][0]["field"], "rating");
        assert_eq!(body["error"]["details"][0]["message"], "must be an integer from 1 to 5");

        let (_, body, _) = render(DomainError::Internal("password=hunter2".into()).into()).await;
        assert_eq!(body["error"]["message"], "internal error");
        assert!(body["error"].get("details").is_none());
    }

    #[actix_web::test]
    async fn unauthorized_sets_www_authenticate_and_unavailable_sets_retry_after() {
        let (_, _, headers) = render(ApiError::Unauthorized("expired")).await;
        assert_eq!(headers.get("www-authenticate").map(|v| v.as_bytes()), Some(&b"Bearer"[..]));
        let (_, _, headers) = render(DomainError::Unavailable.into()).await;
        assert_eq!(headers.get("retry-after").map(|v| v.as_bytes()), Some(&b"1"[..]));
    }
}
