//! The window of a dashboard: calendar days in the account's time zone.

use chrono::{DateTime, Days, NaiveDate, Utc};
use chrono_tz::Tz;
use insights_domain::period::Period;
use insights_domain::ports::{DayTotals, Totals};
use insights_domain::time::{day_bounds, day_start, local_date};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tz: Tz,
}

impl Window {
    /// The N calendar days ending today in `tz` (today included), or the custom range.
    pub fn resolve(period: Period, tz: Tz, now: DateTime<Utc>) -> Window {
        match period {
            Period::Last(n) => {
                let to = local_date(now, tz);
                let from = to.checked_sub_days(Days::new(u64::from(n.max(1) - 1))).unwrap_or(to);
                Window { from, to, tz }
            }
            Period::Custom { from, to } => Window { from, to, tz },
        }
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The window of equal length right before this one.
    pub fn previous(&self) -> Window {
        let len = self.days() as u64;
        let to = self.from.checked_sub_days(Days::new(1)).unwrap_or(self.from);
        let from = self.from.checked_sub_days(Days::new(len)).unwrap_or(self.from);
        Window { from, to, tz: self.tz }
    }

    /// The first instant of the window.
    pub fn start(&self) -> DateTime<Utc> {
        day_start(self.from, self.tz)
    }

    /// The first instant after the window.
    pub fn end(&self) -> DateTime<Utc> {
        day_bounds(self.to, self.tz).1
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// Every day of the window, oldest first.
    pub fn dates(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let from = self.from;
        (0..self.days().max(0) as u64).filter_map(move |i| from.checked_add_days(Days::new(i)))
    }

    /// Exactly one entry per day of the window, oldest first; days without data get zeros.
    pub fn fill(&self, rows: &[DayTotals]) -> Vec<(NaiveDate, Totals)> {
        self.dates().map(|d| (d, rows.iter().find(|r| r.date == d).map(|r| r.totals).unwrap_or_default())).collect()
    }

    /// The sum of the rows that fall in the window.
    pub fn total(&self, rows: &[DayTotals]) -> Totals {
        let mut t = Totals::default();
        for r in rows.iter().filter(|r| self.contains(r.date)) {
            t.add(&r.totals);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn presets_end_today_in_the_accounts_zone() {
        // 02:30 UTC on March 10th is still March 9th in New York.
        let ny: Tz = "America/New_York".parse().unwrap();
        let w = Window::resolve(Period::Last(7), ny, utc("2026-03-10T02:30:00Z"));
        assert_eq!((w.from, w.to, w.days()), (d("2026-03-03"), d("2026-03-09"), 7));
        let w = Window::resolve(Period::Last(7), Tz::UTC, utc("2026-03-10T02:30:00Z"));
        assert_eq!((w.from, w.to), (d("2026-03-04"), d("2026-03-10")));
    }

    #[test]
    fn a_window_across_a_dst_change_has_one_23_hour_day() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let w = Window::resolve(Period::Last(7), ny, utc("2026-03-10T15:00:00Z"));
        assert_eq!((w.from, w.to), (d("2026-03-04"), d("2026-03-10")));
        // EST (UTC-5) before March 8th, EDT (UTC-4) after: 7 days of 24 h less one hour.
        assert_eq!(w.start(), utc("2026-03-04T05:00:00Z"));
        assert_eq!(w.end(), utc("2026-03-11T04:00:00Z"));
        assert_eq!((w.end() - w.start()).num_hours(), 7 * 24 - 1);
        assert_eq!(w.dates().count(), 7);
    }

    #[test]
    fn previous_is_the_same_length_right_before() {
        let w = Window { from: d("2026-03-01"), to: d("2026-03-30"), tz: Tz::UTC };
        let p = w.previous();
        assert_eq!((p.from, p.to, p.days()), (d("2026-01-30"), d("2026-02-28"), 30));
    }

    #[test]
    fn fill_gives_one_entry_per_day_with_zeros_for_gaps() {
        let w = Window { from: d("2026-01-01"), to: d("2026-01-04"), tz: Tz::UTC };
        let t = |n| Totals { sessions: n, ..Totals::default() };
        let rows = [
            DayTotals { date: d("2026-01-02"), totals: t(3) },
            DayTotals { date: d("2026-01-04"), totals: t(1) },
            DayTotals { date: d("2025-12-31"), totals: t(9) },
        ];
        let filled: Vec<(NaiveDate, i64)> = w.fill(&rows).into_iter().map(|(d, t)| (d, t.sessions)).collect();
        assert_eq!(
            filled,
            vec![(d("2026-01-01"), 0), (d("2026-01-02"), 3), (d("2026-01-03"), 0), (d("2026-01-04"), 1)]
        );
        assert_eq!(w.total(&rows).sessions, 4);
    }
}
