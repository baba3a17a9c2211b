//! Port of the analytics capability: aggregates read from the daily rollups (and, for per-user
//! flow figures and comments, from raw rows through their indexes). Counting happens in the
//! database; the `analytics` crate turns these into dashboards.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::Result;

/// Which sessions and ratings a figure covers (always within one account).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Account,
    User(Uuid),
    Flow(Uuid),
}

/// Sums over a set of sessions (by local start day) and of ratings (by local creation day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub sessions: i64,
    pub completed: i64,
    /// Sum of `completed_at - started_at` over completed sessions, in microseconds.
    pub duration_us: i64,
    pub resolved: i64,
    pub escalated: i64,
    pub workaround: i64,
    pub unresolved: i64,
    /// Count of CSAT ratings of 1, 2, 3, 4 and 5.
    pub csat: [i64; 5],
}

impl Totals {
    pub fn add(&mut self, o: &Totals) {
        self.sessions += o.sessions;
        self.completed += o.completed;
        self.duration_us += o.duration_us;
        self.resolved += o.resolved;
        self.escalated += o.escalated;
        self.workaround += o.workaround;
        self.unresolved += o.unresolved;
        for (a, b) in self.csat.iter_mut().zip(o.csat) {
            *a += b;
        }
    }

    pub fn ratings(&self) -> i64 {
        self.csat.iter().sum()
    }

    pub fn csat_sum(&self) -> i64 {
        self.csat.iter().zip(1..).map(|(n, score)| n * score).sum()
    }
}

/// One local day's totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayTotals {
    pub date: NaiveDate,
    pub totals: Totals,
}

/// Totals of one flow or one user, with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupTotals {
    pub id: Uuid,
    pub name: String,
    pub totals: Totals,
}

/// The engineers of a window (see [`AnalyticsRepo::engineers`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Engineers {
    /// Totals per user over the window, for every user with a session or a rating then. Unordered.
    pub per_user: Vec<GroupTotals>,
    /// Users with a session started in the window.
    pub active: i64,
    /// Users with a session started in the previous window.
    pub previously_active: i64,
}

/// Thumbs given at one node of a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeVotes {
    pub node_id: String,
    pub node_title: String,
    pub step_id: Uuid,
    pub helpful_yes: i64,
    pub helpful_no: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingComment {
    pub rating: i32,
    pub comment: String,
    pub user_name: String,
    pub created_at: DateTime<Utc>,
}

/// Analytics reads. Dates are local calendar days of the account, both ends included; instants
/// bound raw reads as `[from, to)`.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait AnalyticsRepo: Send + Sync {
    /// Sets the account's time zone and rebuilds its rollups in the same transaction.
    ///
    /// # Errors
    /// `NotFound` when the account does not exist; `Unavailable`.
    fn set_account_timezone(&self, account_id: Uuid, timezone: &str) -> Result<()>;

    /// The name of a flow of the account, or `None`.
    ///
    /// # Errors
    /// `Unavailable`.
    fn flow_name(&self, account_id: Uuid, tree_id: Uuid) -> Result<Option<String>>;

    /// The name of a user of the account, or `None`.
    ///
    /// # Errors
    /// `Unavailable`.
    fn user_name(&self, account_id: Uuid, user_id: Uuid) -> Result<Option<String>>;

    /// Per-day totals of `scope` for the days in `from..=to` that have any (no gap filling).
    ///
    /// # Errors
    /// `Unavailable`.
    fn daily(&self, account_id: Uuid, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayTotals>>;

    /// Totals per flow over `from..=to` (`user`: only that user's sessions and ratings), for
    /// every flow with a session or a rating then. Unordered.
    ///
    /// # Errors
    /// `Unavailable`.
    fn per_flow(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<GroupTotals>>;

    /// The account's engineers (`user`: only that one) over the window `from..=to` and the
    /// window before it, `previous_from..from`: their totals over the window and how many of them
    /// started a session in each.
    ///
    /// # Errors
    /// `Unavailable`.
    fn engineers(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
        previous_from: NaiveDate,
    ) -> Result<Engineers>;

    /// Thumbs given at each node of the flow that references a step, during `from..=to`, in node
    /// order (nodes without votes included, with zeros).
    ///
    /// # Errors
    /// `Unavailable`.
    fn node_votes(&self, account_id: Uuid, tree_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<NodeVotes>>;

    /// The `limit` newest ratings with a comment of the flow created in `[from, to)`.
    ///
    /// # Errors
    /// `Unavailable`.
    fn recent_comments(
        &self,
        account_id: Uuid,
        tree_id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<RatingComment>>;
}
