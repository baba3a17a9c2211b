//! NPS rules: campaign status, overlap, score math (rounding half toward +infinity), the daily
//! trend, the commands, and [`NpsService`], the rules over the [`crate::ports::NpsRepo`] port.

mod service;

pub use service::NpsService;

use chrono::{DateTime, Days, NaiveDate, Utc};
use uuid::Uuid;

use crate::text::{optional_text, required_text};
use crate::time::{parse_instant, parse_tz};
use crate::{ConflictCode, Error, Result};

/// Longest campaign name, in characters after trimming.
pub const MAX_NAME: usize = 200;
/// Longest response comment, in characters after trimming.
pub const MAX_COMMENT: usize = 1000;
/// Daily buckets of the trend, the last one today.
pub const TREND_DAYS: u64 = 30;
/// Responses listed on the dashboard.
pub const RECENT_LIMIT: i64 = 20;
/// Confidence level of the interval (normal approximation, z = 1.96).
pub const CONFIDENCE_LEVEL: f64 = 0.95;
const Z_95: f64 = 1.96;

// ---- scores -------------------------------------------------------------------------------------

/// A survey score, a whole number from 0 to 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NpsScore(u8);

/// Where a score falls: promoter 9-10, passive 7-8, detractor 0-6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Promoter,
    Passive,
    Detractor,
}

impl NpsScore {
    pub const MIN: i64 = 0;
    pub const MAX: i64 = 10;
    /// The rule's wording, for the value that is not even a whole number (a front end judges that
    /// on its own wire format, then reports the same rule).
    pub const RULE: &'static str = "must be a whole number from 0 to 10";

    /// # Errors
    /// `Invalid` naming `score` outside 0..=10.
    pub fn new(value: i64) -> Result<NpsScore> {
        match u8::try_from(value) {
            Ok(v) if v <= 10 => Ok(NpsScore(v)),
            _ => Err(Error::invalid("score", NpsScore::RULE)),
        }
    }

    pub fn value(self) -> u8 {
        self.0
    }

    pub fn category(self) -> Category {
        match self.0 {
            9..=10 => Category::Promoter,
            7..=8 => Category::Passive,
            _ => Category::Detractor,
        }
    }
}

// ---- rounding -----------------------------------------------------------------------------------

/// `round(num / den)` with halves toward +infinity (`floor(x + 0.5)`), exact on integers:
/// 12.5 → 13, −12.5 → −12, −12.6 → −13. `den` must be positive.
pub fn round_ratio_half_up(num: i64, den: i64) -> i64 {
    (2 * num + den).div_euclid(2 * den)
}

/// `floor(x + 0.5)`: halves toward +infinity, for values that are not ratios of counts.
pub fn round_half_up(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

/// `num / den` rounded to `decimals` places, halves away from zero, exact on integers; `None`
/// when `den` is 0.
pub fn ratio_decimals(num: i64, den: i64, decimals: u32) -> Option<f64> {
    if den == 0 {
        return None;
    }
    let scale = 10_i64.pow(decimals);
    let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
    let scaled = (2 * num.abs() * scale + den) / (2 * den);
    let signed = if num < 0 { -scaled } else { scaled };
    Some(signed as f64 / scale as f64)
}

// ---- the score math -----------------------------------------------------------------------------

/// Responses by category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoreCounts {
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
}

impl ScoreCounts {
    pub fn total(&self) -> i64 {
        self.promoters + self.passives + self.detractors
    }

    /// Counts a list of raw scores (for tests and seeds; values above 10 are skipped).
    pub fn from_scores(scores: &[u8]) -> ScoreCounts {
        ScoreHistogram::from_scores(scores).counts()
    }
}

/// Responses by score: how many answered each of 0..=10. The storage counts them; the domain
/// classifies them ([`NpsScore::category`] is the one rule).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScoreHistogram([i64; 11]);

impl ScoreHistogram {
    /// Adds `count` responses of `score`.
    pub fn add(&mut self, score: NpsScore, count: i64) {
        self.0[usize::from(score.value())] += count;
    }

    /// The histogram of a list of raw scores (for tests and seeds; values above 10 are skipped).
    pub fn from_scores(scores: &[u8]) -> ScoreHistogram {
        let mut h = ScoreHistogram::default();
        for &s in scores {
            if let Ok(score) = NpsScore::new(i64::from(s)) {
                h.add(score, 1);
            }
        }
        h
    }

    /// `(score, count)` for every score.
    pub fn iter(&self) -> impl Iterator<Item = (NpsScore, i64)> + '_ {
        self.0.iter().enumerate().map(|(s, &n)| (NpsScore(s as u8), n))
    }

    pub fn total(&self) -> i64 {
        self.0.iter().sum()
    }

    /// The sum of the scores.
    pub fn score_sum(&self) -> i64 {
        self.iter().map(|(s, n)| i64::from(s.value()) * n).sum()
    }

    /// Promoters, passives and detractors.
    pub fn counts(&self) -> ScoreCounts {
        let mut c = ScoreCounts::default();
        for (score, n) in self.iter() {
            match score.category() {
                Category::Promoter => c.promoters += n,
                Category::Passive => c.passives += n,
                Category::Detractor => c.detractors += n,
            }
        }
        c
    }
}

/// The 95 % interval of the score, rounded and clamped to −100..=100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confidence {
    pub low: i64,
    pub high: i64,
}

/// Score, breakdown and interval of a set of responses. Over nothing the counts are 0 and the
/// rest is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NpsSummary {
    pub total: i64,
    pub nps_score: Option<i64>,
    pub confidence: Option<Confidence>,
    pub counts: ScoreCounts,
    pub promoter_pct: Option<i64>,
    pub passive_pct: Option<i64>,
    pub detractor_pct: Option<i64>,
}

/// `round((promoters - detractors) / total * 100)`, halves toward +infinity; `None` over nothing.
pub fn nps_score(c: &ScoreCounts) -> Option<i64> {
    let total = c.total();
    (total > 0).then(|| round_ratio_half_up(100 * (c.promoters - c.detractors), total))
}

/// `round(count / total * 100)`, halves toward +infinity; `None` over nothing.
pub fn percent(count: i64, total: i64) -> Option<i64> {
    (total > 0).then(|| round_ratio_half_up(100 * count, total))
}

/// The normal-approximation interval: p = promoters/total, d = detractors/total, variance
/// `(p + d - (p - d)^2) / total`, bounds `(p - d) * 100 ± 1.96 * sqrt(variance) * 100` from the
/// unrounded score, rounded half up and clamped to −100..=100; `None` when total < 2.
pub fn confidence(c: &ScoreCounts) -> Option<Confidence> {
    let total = c.total();
    if total < 2 {
        return None;
    }
    let n = total as f64;
    let p = c.promoters as f64 / n;
    let d = c.detractors as f64 / n;
    let variance = ((p + d - (p - d).powi(2)) / n).max(0.0);
    let centre = (p - d) * 100.0;
    let margin = Z_95 * variance.sqrt() * 100.0;
    let bound = |x: f64| round_half_up(x).clamp(-100, 100);
    Some(Confidence { low: bound(centre - margin), high: bound(centre + margin) })
}

pub fn summarize(c: ScoreCounts) -> NpsSummary {
    let total = c.total();
    NpsSummary {
        total,
        nps_score: nps_score(&c),
        confidence: confidence(&c),
        counts: c,
        promoter_pct: percent(c.promoters, total),
        passive_pct: percent(c.passives, total),
        detractor_pct: percent(c.detractors, total),
    }
}

// ---- the trend ----------------------------------------------------------------------------------

/// What the trend needs of one local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayAggregate {
    pub date: NaiveDate,
    pub count: i64,
    pub score_sum: i64,
    pub promoters: i64,
    pub detractors: i64,
}

impl DayAggregate {
    /// The aggregate of one day's histogram.
    pub fn from_histogram(date: NaiveDate, h: &ScoreHistogram) -> DayAggregate {
        let c = h.counts();
        DayAggregate {
            date,
            count: h.total(),
            score_sum: h.score_sum(),
            promoters: c.promoters,
            detractors: c.detractors,
        }
    }

    /// Aggregates a list of raw scores of one day (for tests and seeds).
    pub fn from_scores(date: NaiveDate, scores: &[u8]) -> DayAggregate {
        DayAggregate::from_histogram(date, &ScoreHistogram::from_scores(scores))
    }
}

/// The histogram of one local day, as the storage counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayHistogram {
    pub date: NaiveDate,
    pub scores: ScoreHistogram,
}

/// One daily bucket of the trend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub date: NaiveDate,
    pub count: i64,
    /// 1 decimal, halves away from zero; `None` when empty.
    pub avg_score: Option<f64>,
    /// Halves toward +infinity; `None` when empty.
    pub nps: Option<i64>,
}

impl TrendPoint {
    pub fn from_aggregate(a: &DayAggregate) -> TrendPoint {
        let nps = (a.count > 0).then(|| round_ratio_half_up(100 * (a.promoters - a.detractors), a.count));
        TrendPoint { date: a.date, count: a.count, avg_score: ratio_decimals(a.score_sum, a.count, 1), nps }
    }
}

/// The first day of the trend ending `today`.
pub fn trend_start(today: NaiveDate) -> NaiveDate {
    today.checked_sub_days(Days::new(TREND_DAYS - 1)).unwrap_or(today)
}

/// Exactly [`TREND_DAYS`] buckets, oldest first, the last one `today`; days without an aggregate
/// are empty; aggregates outside the window are ignored.
pub fn trend(days: &[DayAggregate], today: NaiveDate) -> Vec<TrendPoint> {
    let first = trend_start(today);
    first
        .iter_days()
        .take(TREND_DAYS as usize)
        .map(|date| {
            let agg = days.iter().find(|a| a.date == date).copied().unwrap_or(DayAggregate {
                date,
                count: 0,
                score_sum: 0,
                promoters: 0,
                detractors: 0,
            });
            TrendPoint::from_aggregate(&agg)
        })
        .collect()
}

// ---- campaigns ----------------------------------------------------------------------------------

/// Computed at read time, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignStatus {
    Scheduled,
    Active,
    Ended,
}

impl CampaignStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Scheduled => "scheduled",
            CampaignStatus::Active => "active",
            CampaignStatus::Ended => "ended",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: Uuid,
    pub account_id: Uuid,
    pub name: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub stopped_by: Option<Uuid>,
    pub stopped_at: Option<DateTime<Utc>>,
}

/// Whether the closed ranges `[a_start, a_end]` and `[b_start, b_end]` intersect (touching
/// counts).
pub fn ranges_overlap(
    a_start: DateTime<Utc>,
    a_end: DateTime<Utc>,
    b_start: DateTime<Utc>,
    b_end: DateTime<Utc>,
) -> bool {
    a_start <= b_end && b_start <= a_end
}

impl Campaign {
    /// `ended` when stopped or `now > ends_at`; else `active` when `starts_at <= now <= ends_at`;
    /// else `scheduled`.
    pub fn status(&self, now: DateTime<Utc>) -> CampaignStatus {
        if self.stopped_at.is_some() || now > self.ends_at {
            CampaignStatus::Ended
        } else if self.starts_at <= now {
            CampaignStatus::Active
        } else {
            CampaignStatus::Scheduled
        }
    }

    /// Whether the campaign takes part in the overlap rule. Every campaign does except a
    /// scheduled one stopped before it started: stopping sets `ends_at` to the stop time, so such
    /// a campaign is exactly one whose `ends_at` precedes its `starts_at` (the same predicate as
    /// the storage's exclusion constraint).
    pub fn blocks(&self) -> bool {
        self.ends_at >= self.starts_at
    }

    /// Whether this campaign forbids a new one over `[starts_at, ends_at]`.
    pub fn overlaps(&self, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> bool {
        self.blocks() && ranges_overlap(self.starts_at, self.ends_at, starts_at, ends_at)
    }
}

/// A campaign with its response counts, as the storage gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignStats {
    pub campaign: Campaign,
    /// Every response attached to the campaign.
    pub response_count: i64,
    /// Those of them whose author is an active user (the numerator of the response rate).
    pub active_respondents: i64,
}

/// A campaign as the api shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignView {
    pub campaign: Campaign,
    pub status: CampaignStatus,
    pub response_count: i64,
    /// Respondents among the active users / active users, 3 decimals; `None` with no active user.
    pub response_rate: Option<f64>,
}

impl CampaignView {
    pub fn new(stats: CampaignStats, active_users: i64, now: DateTime<Utc>) -> CampaignView {
        let status = stats.campaign.status(now);
        let response_rate = ratio_decimals(stats.active_respondents.min(active_users), active_users, 3);
        CampaignView { campaign: stats.campaign, status, response_count: stats.response_count, response_rate }
    }
}

/// `POST /admin/nps/campaigns`: a campaign to create, its name trimmed and its range valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCampaign {
    name: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
}

/// PostgreSQL text cannot hold U+0000: refuse it as bad input rather than fail at the storage.
fn refuse_nul(field: &str, text: &str) -> Result<()> {
    if text.contains('\0') { Err(Error::invalid(field, "must not contain NUL characters")) } else { Ok(()) }
}

const DATE_PROBLEM: &str = "must be an RFC 3339 timestamp or a YYYY-MM-DD date";

impl NewCampaign {
    /// Checks in the spec's order: the name (a string, trimmed 1..=200 characters, no NUL); both
    /// dates present (`None` when missing or null); both valid; `ends_at` strictly after
    /// `starts_at`.
    ///
    /// # Errors
    /// `Invalid` naming the first field that fails.
    pub fn new(name: Option<&str>, starts_at: Option<&str>, ends_at: Option<&str>) -> Result<NewCampaign> {
        let name = name.ok_or_else(|| Error::invalid("name", "must be a string"))?;
        let name = required_text("name", name, MAX_NAME)?;
        refuse_nul("name", &name)?;
        let starts_raw = starts_at.ok_or_else(|| Error::invalid("starts_at", "is required"))?;
        let ends_raw = ends_at.ok_or_else(|| Error::invalid("ends_at", "is required"))?;
        let starts_at = parse_instant(starts_raw).ok_or_else(|| Error::invalid("starts_at", DATE_PROBLEM))?;
        let ends_at = parse_instant(ends_raw).ok_or_else(|| Error::invalid("ends_at", DATE_PROBLEM))?;
        if ends_at <= starts_at {
            return Err(Error::invalid("ends_at", "must be after starts_at"));
        }
        Ok(NewCampaign { name, starts_at, ends_at })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn starts_at(&self) -> DateTime<Utc> {
        self.starts_at
    }

    pub fn ends_at(&self) -> DateTime<Utc> {
        self.ends_at
    }
}

/// The 409 naming the campaign a new one overlaps.
pub fn overlap_error(existing_name: &str) -> Error {
    Error::conflict(
        ConflictCode::CampaignOverlap,
        format!("Campaign \"{existing_name}\" overlaps with the requested date range"),
    )
}

pub fn already_ended_error() -> Error {
    Error::conflict(ConflictCode::CampaignAlreadyEnded, "the campaign has already ended")
}

pub fn not_active_error() -> Error {
    Error::conflict(ConflictCode::CampaignNotActive, "the campaign is not active")
}

pub fn already_responded_error() -> Error {
    Error::conflict(ConflictCode::AlreadyResponded, "you have already answered this campaign")
}

fn campaign_not_found() -> Error {
    Error::not_found("campaign")
}

/// The survey to show the actor now, if a campaign is active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveSurvey {
    pub campaign: Campaign,
    pub already_responded: bool,
}

/// `POST /nps`: a score, its comment (trimmed, empty as none, at most [`MAX_COMMENT`], no NUL)
/// and the campaign it answers, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewResponse {
    score: NpsScore,
    comment: Option<String>,
    campaign_id: Option<Uuid>,
}

impl NewResponse {
    /// # Errors
    /// `Invalid` naming `comment` when it is too long or holds a NUL character.
    pub fn new(score: NpsScore, comment: Option<&str>, campaign_id: Option<Uuid>) -> Result<NewResponse> {
        let comment = optional_text("comment", comment, MAX_COMMENT)?;
        if let Some(text) = &comment {
            refuse_nul("comment", text)?;
        }
        Ok(NewResponse { score, comment, campaign_id })
    }

    pub fn score(&self) -> NpsScore {
        self.score
    }

    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }

    pub fn campaign_id(&self) -> Option<Uuid> {
        self.campaign_id
    }
}

/// A stored response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpsResponse {
    pub id: Uuid,
    pub account_id: Uuid,
    pub user_id: Uuid,
    pub campaign_id: Option<Uuid>,
    pub score: u8,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A response with its author, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentResponse {
    pub id: Uuid,
    pub user_id: Uuid,
    pub user_name: String,
    pub user_email: String,
    pub score: u8,
    pub comment: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// The admin NPS page.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub summary: NpsSummary,
    pub trend: Vec<TrendPoint>,
    pub recent: Vec<RecentResponse>,
    pub campaigns: Vec<CampaignView>,
}

#[cfg(test)]
mod tests;
