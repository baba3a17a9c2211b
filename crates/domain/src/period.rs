//! Analytics periods: a preset (`7d`, `30d`, `90d`, default `30d`) or a custom range of dates.

use chrono::NaiveDate;

use crate::time::parse_date;
use crate::{Error, Result};

/// The longest custom range, in days (both ends included).
pub const MAX_CUSTOM_DAYS: i64 = 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// The N calendar days ending today in the account's zone.
    Last(u32),
    /// From `from` to `to`, both included.
    Custom { from: NaiveDate, to: NaiveDate },
}

impl Default for Period {
    fn default() -> Self {
        Period::Last(30)
    }
}

impl Period {
    /// Parses the query parameters `period`, `from` and `to`.
    ///
    /// # Errors
    /// `Invalid`: an unknown preset; `from`/`to` not both given, not dates, reversed, longer than
    /// 366 days, or given together with `period`.
    pub fn parse(period: Option<&str>, from: Option<&str>, to: Option<&str>) -> Result<Period> {
        match (period, from, to) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => {
                Err(Error::bad_request("give either period or from/to, not both"))
            }
            (Some(p), None, None) => match p.trim() {
                "7d" => Ok(Period::Last(7)),
                "30d" => Ok(Period::Last(30)),
                "90d" => Ok(Period::Last(90)),
                _ => Err(Error::invalid("period", "must be one of 7d, 30d, 90d")),
            },
            (None, None, None) => Ok(Period::default()),
            (None, Some(_), None) | (None, None, Some(_)) => Err(Error::bad_request("from and to go together")),
            (None, Some(f), Some(t)) => {
                let from = parse_date(f).ok_or_else(|| Error::invalid("from", "must be a date YYYY-MM-DD"))?;
                let to = parse_date(t).ok_or_else(|| Error::invalid("to", "must be a date YYYY-MM-DD"))?;
                if from > to {
                    return Err(Error::invalid("from", "must not be after to"));
                }
                if (to - from).num_days() + 1 > MAX_CUSTOM_DAYS {
                    return Err(Error::invalid("to", "the range may cover at most 366 days"));
                }
                Ok(Period::Custom { from, to })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn presets_and_default() {
        assert_eq!(Period::parse(None, None, None), Ok(Period::Last(30)));
        assert_eq!(Period::parse(Some("7d"), None, None), Ok(Period::Last(7)));
        assert_eq!(Period::parse(Some("90d"), None, None), Ok(Period::Last(90)));
        assert_eq!(
            Period::parse(Some("14d"), None, None),
            Err(Error::invalid("period", "must be one of 7d, 30d, 90d"))
        );
    }

    #[test]
    fn custom_ranges_are_checked() {
        assert_eq!(
            Period::parse(None, Some("2026-01-01"), Some("2026-01-31")),
            Ok(Period::Custom { from: d("2026-01-01"), to: d("2026-01-31") })
        );
        assert!(Period::parse(None, Some("2026-01-01"), None).is_err());
        assert!(Period::parse(None, None, Some("2026-01-01")).is_err());
        assert!(Period::parse(Some("7d"), Some("2026-01-01"), Some("2026-01-02")).is_err());
        assert!(Period::parse(None, Some("2026-02-01"), Some("2026-01-01")).is_err());
        assert!(Period::parse(None, Some("2026-01-01"), Some("2026-13-01")).is_err());
        // 2024 is a leap year: 2024-01-01..=2024-12-31 is exactly 366 days; one more is too many.
        assert!(Period::parse(None, Some("2024-01-01"), Some("2024-12-31")).is_ok());
        assert!(Period::parse(None, Some("2024-01-01"), Some("2025-01-01")).is_err());
    }
}
