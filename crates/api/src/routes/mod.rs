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

/// A raw path segment (decoded), which must hold no NUL character.
///
/// # Errors
/// `INVALID_REQUEST` naming `name` when it holds a NUL.
pub fn path_str(req: &HttpRequest, name: &str) -> Result<String, ApiError> {
    let raw = req.match_info().get(name).unwrap_or_default();
    insights_domain::text::no_nul(name, raw)?;
    Ok(raw.to_owned())
}

/// The query string as `T`; no name or value may hold a NUL character.
///
/// # Errors
/// `INVALID_REQUEST` when a value holds a NUL or the query does not parse (unknown enum values,
/// wrong types).
pub fn query<T: DeserializeOwned>(req: &HttpRequest) -> Result<T, ApiError> {
    query_without_nul(req.query_string())?;
    web::Query::<T>::from_query(req.query_string())
        .map(web::Query::into_inner)
        .map_err(|e| ApiError::bad_request(format!("invalid query: {}", contract_words(&e.to_string()))))
}

/// Refuses a query whose decoded names or values hold a NUL (`%00`): PostgreSQL's text cannot.
fn query_without_nul(query: &str) -> Result<(), ApiError> {
    if let Ok(pairs) = web::Query::<Vec<(String, String)>>::from_query(query) {
        for (name, value) in pairs.iter() {
            let field = if name.contains('\0') { "query" } else { name.as_str() };
            insights_domain::text::no_nul(field, name)?;
            insights_domain::text::no_nul(field, value)?;
        }
    }
    Ok(())
}

/// The body as JSON `T`: the content type must be `application/json`, the body a JSON object
/// (serde would read an array into a struct field by field), no string in it may hold a NUL
/// character, and unknown fields are refused by `#[serde(deny_unknown_fields)]` on `T`. Errors
/// name the contract's fields and JSON kinds, never a Rust type.
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
        return Err(ApiError::bad_request("the body must be application/json"));
    }
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!("the body is not valid JSON: {}", contract_words(&e.to_string())))
    })?;
    if !value.is_object() {
        return Err(ApiError::bad_request("the body must be a JSON object"));
    }
    strings_without_nul(&value, None)?;
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| field_error(&e))
}

/// Refuses a NUL character in any string of `value` (keys too), naming the top-level field.
fn strings_without_nul(value: &serde_json::Value, field: Option<&str>) -> Result<(), ApiError> {
    use serde_json::Value as V;
    match value {
        V::String(s) => insights_domain::text::no_nul(field.unwrap_or("body"), s)?,
        V::Array(items) => items.iter().try_for_each(|v| strings_without_nul(v, field))?,
        V::Object(map) => {
            for (k, v) in map {
                insights_domain::text::no_nul(field.unwrap_or("body"), k)?;
                strings_without_nul(v, Some(field.unwrap_or(k)))?;
            }
        }
        V::Null | V::Bool(_) | V::Number(_) => {}
    }
    Ok(())
}

/// A body that parsed as JSON but not as the operation's shape, in the contract's words: the
/// field, then what it must be.
fn field_error(e: &serde_path_to_error::Error<serde_json::Error>) -> ApiError {
    let path = e.path().to_string();
    let inner = e.inner().to_string();
    // serde_json appends " at line L column C"; the field name says more.
    let msg = inner.split(" at line ").next().unwrap_or(&inner);
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let field = rest.trim_end_matches('`');
        let field = if path == "." { field.to_owned() } else { format!("{path}.{field}") };
        return ApiError::invalid_field(&field, "is required");
    }
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected.trim_start_matches(", ");
        let problem = if expected.is_empty() {
            "is not a field of this body".to_owned()
        } else {
            format!("is not a field of this body ({})", expected.replace('`', ""))
        };
        return ApiError::invalid_field(field, &problem);
    }
    let field = if path == "." { "body".to_owned() } else { path };
    let problem = if msg.contains("UUID") || msg.contains("uuid") {
        "must be a UUID".to_owned()
    } else if let Some((got, expected)) = msg.split_once(", expected ") {
        let got = got.trim_start_matches("invalid type: ").trim_start_matches("invalid value: ");
        format!("must be {}, not {}", contract_words(expected), contract_words(got))
    } else {
        contract_words(msg)
    };
    ApiError::invalid_field(&field, &problem)
}

/// `message` with serde's Rust vocabulary in JSON's: `struct X` → an object, `sequence` → array,
/// `u32`/`i64`… → an integer, `f64` → a number, `unit` → null.
pub fn contract_words(message: &str) -> String {
    let message = message
        .replace("a sequence", "an array")
        .replace("a map", "an object")
        .replace("unit value", "null")
        .replace("a boolean", "true or false");
    let mut out: Vec<String> = Vec::new();
    let mut words = message.split(' ');
    while let Some(w) = words.next() {
        let end = w.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(w.len());
        let (core, rest) = w.split_at(end);
        let replaced = match core {
            "struct" | "enum" | "tuple" => {
                let name = words.next().unwrap_or_default();
                let tail = name.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
                out.push(format!(
                    "{}{tail}",
                    if core == "enum" { "one of the documented values" } else { "an object" }
                ));
                continue;
            }
            "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
                "an integer"
            }
            "f32" | "f64" => "a number",
            "unit" => "null",
            "sequence" => "array",
            "map" => "object",
            _ => {
                out.push(w.to_owned());
                continue;
            }
        };
        out.push(format!("{replaced}{rest}"));
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::contract_words;

    #[test]
    fn serde_vocabulary_becomes_json_vocabulary() {
        assert_eq!(contract_words("expected struct TitleBody"), "expected an object");
        assert_eq!(contract_words("invalid type: sequence, expected u32"), "invalid type: array, expected an integer");
        assert_eq!(contract_words("expected a sequence or a map"), "expected an array or an object");
        assert_eq!(contract_words("expected f64, found unit value"), "expected a number, found null");
        assert_eq!(contract_words("expected enum Kind,"), "expected one of the documented values,");
        assert_eq!(contract_words("expected a boolean"), "expected true or false");
    }
}
