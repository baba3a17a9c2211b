//! Port of the feedback capability: sessions, step thumbs, session CSAT.
//!
//! Every method that takes an `account_id` filters by it: a row of another account is answered as
//! a missing one (`None`, `false`, an empty list).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Result;
use crate::feedback::{
    NewSession, NewSessionRating, Outcome, RatingFilter, Session, SessionRating, StepThumb, ThumbTarget, ThumbWrite,
    ThumbWritten, TreeRatingItem,
};
use crate::page::{Page, PageRequest};

/// Storage of the feedback capability. Methods that take an `account_id` are scoped to it; the
/// others (`session_thumbs`, `upsert_thumb`, `delete_thumb`) take a
/// session or step the service has already found in the actor's account, and `insert_session` /
/// `insert_session_rating` the account in their input.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait FeedbackRepo: Send + Sync {
    /// Whether the flow `tree_id` exists in the account.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn tree_exists(&self, account_id: Uuid, tree_id: Uuid) -> Result<bool>;

    /// Stores a new session (not completed).
    ///
    /// # Errors
    /// `Unavailable`; `NotFound("flow")` when the flow vanished meanwhile.
    fn insert_session(&self, new: NewSession) -> Result<Session>;

    /// The session `session_id` of the account.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn find_session(&self, account_id: Uuid, session_id: Uuid) -> Result<Option<Session>>;

    /// Completes the session only if it is not completed yet (`WHERE completed_at IS NULL`, so two
    /// concurrent completions cannot both win). `completed_at` is never before `started_at`.
    /// `None` when nothing was updated (already completed, or no such session).
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn complete_session(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        outcome: Outcome,
        at: DateTime<Utc>,
    ) -> Result<Option<Session>>;

    /// The thumbs `user_id` gave in the session, oldest first.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn session_thumbs(&self, session_id: Uuid, user_id: Uuid) -> Result<Vec<StepThumb>>;

    /// In one read: whether library step `step_id` is in the account, the session `session_id`
    /// of the account, and the ids of the nodes of that session's flow that reference the step,
    /// in position order (empty without a session).
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn thumb_target(&self, account_id: Uuid, step_id: Uuid, session_id: Uuid) -> Result<ThumbTarget>;

    /// Inserts or updates the thumb of (step, user, session) in one transaction (the database
    /// trigger moves the step's counters in it) and reads the step's counters back in that
    /// transaction. A thumb with the same value at the same node is left untouched.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn upsert_thumb(&self, write: ThumbWrite) -> Result<ThumbWritten>;

    /// Deletes the thumb of (step, user, session); `false` when there was none.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn delete_thumb(&self, step_id: Uuid, user_id: Uuid, session_id: Uuid) -> Result<bool>;

    /// The CSAT of the session, if any (scoped by account).
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn find_session_rating(&self, account_id: Uuid, session_id: Uuid) -> Result<Option<SessionRating>>;

    /// Stores the CSAT of a session.
    ///
    /// # Errors
    /// `Conflict(AlreadyRated)` when the session already has one (the unique violation on
    /// `session_ratings_session_id_key`, also under a race); `Unavailable`.
    fn insert_session_rating(&self, new: NewSessionRating) -> Result<SessionRating>;

    /// One page of the CSAT ratings of flow `tree_id` in the account, newest first.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    fn list_tree_ratings(
        &self,
        account_id: Uuid,
        tree_id: Uuid,
        filter: RatingFilter,
        page: PageRequest,
    ) -> Result<Page<TreeRatingItem>>;
}
