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

/// A JSON value kept as the text the client sent (a score): whole-number rules read its decimal
/// digits, since serde_json reads `9.999999999999999999` as the `f64` 10.0.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct RawJson(Box<serde_json::value::RawValue>);

impl RawJson {
    /// The JSON text as sent (e.g. `4.0`, `"4"`, `null`).
    pub fn text(&self) -> &str {
        self.0.get()
    }
}

/// A score sent as a JSON number, read as the integer it denotes, judged on its decimal text: `4`,
/// `4.0` and `40e-1` are 4; `4.5`, `9.999999999999999999`, `"4"`, null and a missing value are not
/// whole numbers. The range is the domain's rule (`Csat::new`, `NpsScore::new`), checked there only.
///
/// # Errors
/// `INVALID_REQUEST` naming `field` with `rule`, the domain's wording of the same rule, when the
/// value is not a whole number.
pub fn whole_number(field: &str, value: Option<&RawJson>, rule: &str) -> Result<i64, ApiError> {
    value.and_then(|v| whole_number_text(v.text())).ok_or_else(|| ApiError::invalid_field(field, rule))
}

/// The integer a JSON number's text denotes exactly, or `None` when the text is not a JSON number,
/// has a nonzero fraction, or does not fit an `i64`.
pub fn whole_number_text(text: &str) -> Option<i64> {
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i64>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) if !f.is_empty() => (i, f),
        Some(_) => return None,
        None => (mantissa, ""),
    };
    let json_int = !int.is_empty() && (int == "0" || !int.starts_with('0'));
    if !json_int || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    // value = digits × 10^exp, exactly
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    let trimmed = digits.trim_end_matches('0');
    let mut exp = exponent.checked_sub(i64::try_from(frac.len()).ok()?)?;
    exp = exp.checked_add(i64::try_from(digits.len() - trimmed.len()).ok()?)?;
    if trimmed.is_empty() {
        return Some(0);
    }
    if exp < 0 || trimmed.len() > 19 {
        return None;
    }
    let mut v: i64 = trimmed.parse().ok()?;
    for _ in 0..exp {
        v = v.checked_mul(10)?;
    }
    Some(if negative { -v } else { v })
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

    fn raw(text: &str) -> RawJson {
        RawJson(serde_json::value::RawValue::from_string(text.to_owned()).unwrap())
    }

    #[test]
    fn whole_numbers_are_judged_on_their_decimal_text() {
        const RULE: &str = "must be a whole number from 1 to 5";
        for (text, want) in [("4", 4), ("4.0", 4), ("4.000", 4), ("40e-1", 4), ("0.4E1", 4), ("1", 1), ("5", 5)] {
            assert_eq!(whole_number("rating", Some(&raw(text)), RULE).ok(), Some(want), "{text}");
        }
        // The range is not judged here: 0, 6 and -1 are whole numbers, refused by the domain.
        for (text, want) in
            [("-0", 0), ("1e1", 10), ("0", 0), ("6", 6), ("-1.0", -1), ("1e18", 1_000_000_000_000_000_000)]
        {
            assert_eq!(whole_number("score", Some(&raw(text)), RULE).ok(), Some(want), "{text}");
        }
        for bad in [
            "4.5",
            "\"4\"",
            "null",
            "true",
            "9.999999999999999999",
            "10.000000000000000001",
            "4.0000000000000000001",
            "1e400",
            "1e-400",
            "99999999999999999999999",
            "[4]",
            "{}",
        ] {
            match whole_number("rating", Some(&raw(bad)), RULE) {
                Err(ApiError::Domain(e)) => assert_eq!(e, insights_domain::Error::invalid("rating", RULE), "{bad}"),
                other => panic!("{bad}: {other:?}"),
            }
        }
        for not_json in ["4.", ".4", "04", "+4", "4e", "-", ""] {
            assert_eq!(whole_number_text(not_json), None, "{not_json}");
        }
        assert_eq!(whole_number_text("-12.50e1"), Some(-125));
        assert!(whole_number("rating", None, RULE).is_err());
    }

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        let t = DateTime::parse_from_rfc3339("2026-02-01T10:30:00.123456+01:00").unwrap().with_timezone(&Utc);
        assert_eq!(serde_json::to_value(Timestamp(t)).unwrap(), json!("2026-02-01T09:30:00.123Z"));
    }
}
