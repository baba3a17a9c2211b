//! Instants, dates and account time zones: the parsing rules of the spec README and the calendar
//! days of an account (correct across DST changes: a day may have 23 or 25 hours).

use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveTime, SubsecRound, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::{Error, Result};

/// An IANA zone name (`Europe/Paris`, `UTC`).
pub fn parse_tz(name: &str) -> Option<Tz> {
    name.trim().parse::<Tz>().ok()
}

/// `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// An RFC 3339 timestamp with any offset, at the storage's precision: the fraction is cut to
/// microseconds (what PostgreSQL keeps), so that rules comparing instants compare what is stored;
/// a leap second (`23:59:60`, which chrono reads as a nanosecond count of 1e9 or more and which
/// would be stored as the next second) is refused.
pub fn parse_rfc3339(s: &str) -> Option<DateTime<Utc>> {
    let t = DateTime::parse_from_rfc3339(s.trim()).ok()?;
    if t.nanosecond() >= 1_000_000_000 {
        return None;
    }
    Some(t.with_timezone(&Utc).trunc_subsecs(6))
}

/// An RFC 3339 timestamp with any offset (see [`parse_rfc3339`]), or a bare `YYYY-MM-DD`
/// meaning midnight UTC.
pub fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Some(t) = parse_rfc3339(s) {
        return Some(t);
    }
    parse_date(s).map(|d| d.and_time(NaiveTime::MIN).and_utc())
}

/// The instant a calendar day starts in `tz` (the first existing local time of that day when
/// midnight is skipped by a DST change).
pub fn day_start(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let mut t = date.and_time(NaiveTime::MIN);
    // A zone may skip midnight (e.g. America/Santiago); step forward to the first local time.
    for _ in 0..48 {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(x) => return x.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => t += chrono::Duration::minutes(30),
        }
    }
    date.and_time(NaiveTime::MIN).and_utc()
}

/// `[start, end)` of a calendar day in `tz`, in UTC.
pub fn day_bounds(date: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let next = date.checked_add_days(Days::new(1)).unwrap_or(date);
    (day_start(date, tz), day_start(next, tz))
}

/// The calendar date of `t` in `tz`.
pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// A half-open UTC range `[from, to)`; `None` is unbounded on that side.
pub type UtcRange = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// One side of a `from`/`to` filter: a bare date (a whole day in the account's zone) or an RFC
/// 3339 instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Day(NaiveDate),
    Instant(DateTime<Utc>),
}

/// Parses one side of a filter; blank or absent is `None`.
///
/// # Errors
/// `Invalid` naming `field` when the value is neither a date nor an RFC 3339 instant.
pub fn parse_bound(field: &str, raw: Option<&str>) -> Result<Option<Bound>> {
    let Some(raw) = raw.filter(|s| !s.trim().is_empty()) else { return Ok(None) };
    if let Some(d) = parse_date(raw) {
        return Ok(Some(Bound::Day(d)));
    }
    parse_rfc3339(raw)
        .map(|t| Some(Bound::Instant(t)))
        .ok_or_else(|| Error::invalid(field, "must be an RFC 3339 timestamp or a YYYY-MM-DD date"))
}

/// The half-open UTC range `[from, to)` of two bounds in `tz`: a date covers that whole day (`to`
/// inclusive); an instant is taken as is (`to` inclusive).
pub fn range_in(from: Option<Bound>, to: Option<Bound>, tz: Tz) -> UtcRange {
    let from = from.map(|b| match b {
        Bound::Day(d) => day_start(d, tz),
        Bound::Instant(t) => t,
    });
    let to = to.map(|b| match b {
        Bound::Day(d) => day_bounds(d, tz).1,
        Bound::Instant(t) => t + chrono::Duration::microseconds(1),
    });
    (from, to)
}

/// A `from`/`to` filter as a half-open UTC range `[from, to)` (see [`parse_bound`], [`range_in`]).
///
/// # Errors
/// `Invalid` naming `from` or `to` when a value is neither a date nor an RFC 3339 instant.
pub fn filter_range(from: Option<&str>, to: Option<&str>, tz: Tz) -> Result<UtcRange> {
    Ok(range_in(parse_bound("from", from)?, parse_bound("to", to)?, tz))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn instants_accept_any_offset_and_bare_dates_mean_midnight_utc() {
        assert_eq!(parse_instant("2026-02-01T10:30:00+01:00"), Some(utc("2026-02-01T09:30:00Z")));
        assert_eq!(parse_instant("2026-02-01"), Some(utc("2026-02-01T00:00:00Z")));
        assert_eq!(parse_instant("2026-02-30"), None);
        assert_eq!(parse_instant("yesterday"), None);
    }

    #[test]
    fn instants_are_cut_to_microseconds_and_leap_seconds_are_refused() {
        assert_eq!(parse_instant("2080-01-01T23:59:60Z"), None);
        assert_eq!(parse_instant("2080-01-01T23:59:60.5+02:00"), None);
        assert_eq!(parse_instant("2080-01-01T00:00:00.123456789Z"), Some(utc("2080-01-01T00:00:00.123456Z")));
        assert_eq!(parse_instant("2080-01-01T00:00:00.123456790Z"), parse_instant("2080-01-01T00:00:00.123456789Z"));
        assert_eq!(parse_instant("1999-12-31T23:59:59.9999999Z"), Some(utc("1999-12-31T23:59:59.999999Z")));
        assert_eq!(
            filter_range(Some("2080-01-01T23:59:60Z"), None, Tz::UTC),
            Err(Error::invalid("from", "must be an RFC 3339 timestamp or a YYYY-MM-DD date"))
        );
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        let ny: Tz = parse_tz("America/New_York").unwrap();
        let (s, e) = day_bounds(NaiveDate::from_ymd_opt(2026, 3, 8).unwrap(), ny);
        assert_eq!((s, e), (utc("2026-03-08T05:00:00Z"), utc("2026-03-09T04:00:00Z")));
        assert_eq!((e - s).num_hours(), 23);
        let (s, e) = day_bounds(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), ny);
        assert_eq!((e - s).num_hours(), 25);
    }

    /// A zone change given by a zone line's UT-suffixed "until" time (`2012 Feb 21 17:00u`):
    /// Casey went from +11 to +08 at 17:00 UT, so 22 February had 27 hours (zdump of the IANA data
    /// agrees). time-tz 3.0.0-rc.6 reads that time as local and switches 11 hours early; this test
    /// holds any replacement of the zone crate to the IANA answer (docs/time-zones.md).
    #[test]
    fn a_zone_change_at_a_universal_time_is_placed_at_that_instant() {
        let casey = parse_tz("Antarctica/Casey").unwrap();
        let day = NaiveDate::from_ymd_opt(2012, 2, 22).unwrap();
        let (s, e) = day_bounds(day, casey);
        assert_eq!((s, e), (utc("2012-02-21T13:00:00Z"), utc("2012-02-22T16:00:00Z")));
        assert_eq!((e - s).num_hours(), 27);
        assert_eq!(local_date(utc("2012-02-21T14:00:00Z"), casey), day);
        assert_eq!(local_date(utc("2012-02-21T17:00:00Z"), casey), day);
        let istanbul = parse_tz("Europe/Istanbul").unwrap();
        // 2015 Nov 8 1:00u: still +03 at 00:30 UT.
        assert_eq!(utc("2015-11-08T00:30:00Z").with_timezone(&istanbul).to_rfc3339(), "2015-11-08T03:30:00+03:00");
    }

    #[test]
    fn filter_dates_cover_whole_local_days_and_to_is_inclusive() {
        let paris = parse_tz("Europe/Paris").unwrap();
        let (f, t) = filter_range(Some("2026-01-10"), Some("2026-01-10"), paris).unwrap();
        assert_eq!(f, Some(utc("2026-01-09T23:00:00Z")));
        assert_eq!(t, Some(utc("2026-01-10T23:00:00Z")));
        let (f, t) = filter_range(Some("2026-01-10T08:00:00Z"), None, paris).unwrap();
        assert_eq!((f, t), (Some(utc("2026-01-10T08:00:00Z")), None));
        assert_eq!(
            filter_range(None, Some("soon"), paris),
            Err(Error::invalid("to", "must be an RFC 3339 timestamp or a YYYY-MM-DD date"))
        );
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert!(parse_tz("Mars/Olympus").is_none());
        assert_eq!(parse_tz("UTC"), Some(Tz::UTC));
    }

    /// Only IANA names: Windows names (which time-tz's `get_by_name` also accepts, mapping `UTC`
    /// to `Etc/UTC`) and other spellings are refused; a link keeps its own name.
    #[test]
    fn zone_names_are_iana_names_exactly() {
        for bad in ["Eastern Standard Time", "China Standard Time", "utc", "europe/paris", "Europe/Paris/"] {
            assert_eq!(parse_tz(bad), None, "{bad}");
        }
        assert_eq!(parse_tz("UTC").map(|z| z.name()), Some("UTC"));
        assert_eq!(parse_tz("US/Eastern").map(|z| z.name()), Some("US/Eastern"));
    }
}
