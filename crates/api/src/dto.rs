//! Shapes shared by every endpoint: timestamps, lists, whole-number scores, query helpers.

use chrono::{DateTime, SecondsFormat, Utc};
use insights_domain::page::{Page, PageRequest};
use serde::{Deserialize, Serialize, Serializer};
use utoipa::ToSchema;

use crate::error::ApiError;

/// An instant, written RFC 3339 in UTC with a `Z` and millisecond precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ToSchema)]
#[schema(value_type = String, format = DateTime, example = "2026-02-01T09:30:00.000Z")]
pub struct Timestamp(pub DateTime<Utc>);

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Timestamp(t)
    }
}

/// The values of enumerated text fields, for the OpenAPI document only (the handlers take text and
/// the domain parses it, so that a wrong value is a 400 naming the field).
pub mod doc {
    use utoipa::ToSchema;

    /// How a session ended.
    #[derive(ToSchema)]
    #[schema(rename_all = "lowercase")]
    pub enum Outcome {
        Resolved,
        Escalated,
        Workaround,
        Unresolved,
    }

    /// The author of a message.
    #[derive(ToSchema)]
    #[schema(rename_all = "lowercase")]
    pub enum MessageRole {
        User,
        Assistant,
        System,
    }

    /// Feedback on a message.
    #[derive(ToSchema)]
    #[schema(rename_all = "lowercase")]
    pub enum MessageRating {
        Positive,
        Negative,
    }

    /// The inbox filter on ratings.
    #[derive(ToSchema)]
    #[schema(rename_all = "lowercase")]
    pub enum RatingFilter {
        Positive,
        Negative,
        All,
    }

    /// What a share lets its holder do.
    #[derive(ToSchema)]
    #[schema(rename_all = "lowercase")]
    pub enum Permission {
        View,
        Comment,
    }

    /// Which conversations a list holds.
    #[derive(ToSchema)]
    #[schema(rename_all = "lowercase")]
    pub enum Scope {
        All,
        Shared,
    }

    /// A preset analytics window.
    #[derive(ToSchema)]
    pub enum Period {
        #[schema(rename = "7d")]
        Days7,
        #[schema(rename = "30d")]
        Days30,
        #[schema(rename = "90d")]
        Days90,
    }
}

/// `page` and `limit` as raw strings: a value that is not an integer falls back to the default.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1 (default 1).
    pub page: Option<String>,
    /// Items per page, 1..=100 (default 50).
    pub limit: Option<String>,
}

impl PageQuery {
    pub fn request(&self) -> PageRequest {
        PageRequest::from_raw(self.page.as_deref(), self.limit.as_deref())
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Pagination {
    pub page: u32,
    pub limit: u32,
    pub total: i64,
    pub total_pages: i64,
}

/// `{ items, pagination }`.
#[derive(Debug, Serialize, ToSchema)]
pub struct List<T: ToSchema> {
    pub items: Vec<T>,
    pub pagination: Pagination,
}

impl<T: ToSchema> List<T> {
    pub fn from_page<U>(page: Page<U>, f: impl FnMut(U) -> T) -> List<T> {
        let total_pages = page.total_pages();
        let (p, limit, total) = (page.page, page.limit, page.total);
        List {
            items: page.items.into_iter().map(f).collect(),
            pagination: Pagination { page: p, limit, total, total_pages },
        }
    }
}

/// A score sent as a JSON number that must be a whole number in `min..=max` (`4` and `4.0` are the
/// same; `4.5`, `"4"`, null and a missing value are refused).
///
/// # Errors
/// `INVALID_REQUEST` naming `field`.
pub fn whole_number(field: &str, value: Option<&serde_json::Value>, min: i64, max: i64) -> Result<i64, ApiError> {
    let problem = format!("must be a whole number from {min} to {max}");
    let n = value.and_then(serde_json::Value::as_number).ok_or_else(|| ApiError::invalid_field(field, &problem))?;
    let v = if let Some(i) = n.as_i64() {
        i
    } else {
        match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f >= min as f64 && f <= max as f64 => f as i64,
            _ => return Err(ApiError::invalid_field(field, &problem)),
        }
    };
    if v < min || v > max {
        return Err(ApiError::invalid_field(field, &problem));
    }
    Ok(v)
}

/// Parses an optional UUID given as a string (query filters).
///
/// # Errors
/// `INVALID_REQUEST` naming `field` when it is not a UUID.
pub fn uuid_param(field: &str, value: Option<&str>) -> Result<Option<uuid::Uuid>, ApiError> {
    value
        .map(|v| uuid::Uuid::parse_str(v.trim()).map_err(|_| ApiError::invalid_field(field, "must be a UUID")))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn whole_numbers_accept_integral_floats_only() {
        assert_eq!(whole_number("rating", Some(&json!(4)), 1, 5).ok(), Some(4));
        assert_eq!(whole_number("rating", Some(&json!(4.0)), 1, 5).ok(), Some(4));
        for bad in [json!(4.5), json!("4"), json!(null), json!(0), json!(6), json!(true), json!(-1.0)] {
            assert!(whole_number("rating", Some(&bad), 1, 5).is_err(), "{bad}");
        }
        assert!(whole_number("rating", None, 1, 5).is_err());
    }

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let t = DateTime::parse_from_rfc3339("2026-02-01T10:30:00.123456+01:00").unwrap().with_timezone(&Utc);
        assert_eq!(serde_json::to_value(Timestamp(t)).unwrap(), json!("2026-02-01T09:30:00.123Z"));
    }
}
