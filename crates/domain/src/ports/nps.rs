//! Port of the nps capability: campaigns, responses and the counts the dashboard is built from.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Result;
use crate::nps::{
    Campaign, CampaignStats, DayHistogram, NewCampaign, NewResponse, NpsResponse, RecentResponse, ScoreHistogram,
};
use crate::page::{Page, PageRequest};

/// Storage of the nps capability. Methods that take an `account_id` read and write that account's
/// rows only; `has_responded` takes a campaign the service has already found in the actor's
/// account.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait NpsRepo: Send + Sync {
    /// The campaign `id` of the account, with its response counts; `None` when it does not exist
    /// in that account.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached; `Internal` otherwise.
    fn find_campaign(&self, account_id: Uuid, id: Uuid) -> Result<Option<CampaignStats>>;

    /// A campaign of the account that blocks the closed range `[starts_at, ends_at]` (see
    /// [`Campaign::blocks`]), if any.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn find_overlapping(
        &self,
        account_id: Uuid,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> Result<Option<Campaign>>;

    /// Stores a new campaign created by `created_by` at `now`. The overlap rule is enforced by the
    /// storage (an exclusion constraint), so it holds under concurrent creates.
    ///
    /// # Errors
    /// `Conflict(CampaignOverlap)` naming the campaign it overlaps when the constraint refuses it;
    /// `Unavailable`; `Internal`.
    fn insert_campaign(
        &self,
        account_id: Uuid,
        created_by: Uuid,
        campaign: &NewCampaign,
        now: DateTime<Utc>,
    ) -> Result<Campaign>;

    /// One page of the account's campaigns, newest `created_at` first, with the total.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn list_campaigns(&self, account_id: Uuid, page: PageRequest) -> Result<Page<CampaignStats>>;

    /// Every campaign of the account, newest `created_at` first.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn all_campaigns(&self, account_id: Uuid) -> Result<Vec<CampaignStats>>;

    /// Stops the campaign at `now` (`ends_at = now`, `stopped_by`, `stopped_at`) only if it is
    /// not stopped and has not ended (`ends_at >= now`), in one conditional statement: of two
    /// concurrent stops, one gets `None`.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn stop_campaign(
        &self,
        account_id: Uuid,
        id: Uuid,
        stopped_by: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<Campaign>>;

    /// The campaign of the account active at `now` (not stopped, `starts_at <= now <= ends_at`).
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn active_campaign(&self, account_id: Uuid, now: DateTime<Utc>) -> Result<Option<Campaign>>;

    /// Whether `user_id` already answered `campaign_id`.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn has_responded(&self, campaign_id: Uuid, user_id: Uuid) -> Result<bool>;

    /// Stores a response of `user_id` at `now`. With a campaign, the insert happens only while
    /// that campaign is active at `now`.
    ///
    /// # Errors
    /// `Conflict(AlreadyResponded)` when the user already answered that campaign (also under a
    /// race: the unique constraint); `Conflict(CampaignNotActive)` when the campaign stopped or
    /// ended meanwhile; `Unavailable`; `Internal`.
    fn insert_response(
        &self,
        account_id: Uuid,
        user_id: Uuid,
        response: &NewResponse,
        now: DateTime<Utc>,
    ) -> Result<NpsResponse>;

    /// How many users of the account are active.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn active_user_count(&self, account_id: Uuid) -> Result<i64>;

    /// How many of the account's responses (of one campaign when given) gave each score; the
    /// domain classifies them.
    ///
    /// # Errors
    /// `Unavailable`; `Internal` (also for a stored score outside 0..=10).
    fn score_histogram(&self, account_id: Uuid, campaign_id: Option<Uuid>) -> Result<ScoreHistogram>;

    /// Per local day (in the zone `tz`, an IANA name) the score histogram of the responses created
    /// in `[from, to)`, only the days that have responses, in any order.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn daily_histograms(
        &self,
        account_id: Uuid,
        campaign_id: Option<Uuid>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        tz: &str,
    ) -> Result<Vec<DayHistogram>>;

    /// The newest `limit` responses (of one campaign when given) with their authors.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn recent_responses(&self, account_id: Uuid, campaign_id: Option<Uuid>, limit: i64) -> Result<Vec<RecentResponse>>;
}
