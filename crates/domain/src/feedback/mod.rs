//! Flow feedback: sessions (a minimal lifecycle), step thumbs, session CSAT and the ratings of a
//! flow. This module holds the types and the commands (each parsed by one fallible constructor);
//! [`FeedbackService`] holds the rules over the [`crate::ports::FeedbackRepo`] port, the actor
//! first, scoping every read and write to its account.

mod service;

pub use service::FeedbackService;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::text::optional_text;
use crate::{ConflictCode, Error, Result};

/// Longest CSAT comment, in characters after trimming.
pub const MAX_COMMENT_CHARS: usize = 500;

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Resolved,
    Escalated,
    Workaround,
    Unresolved,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Resolved, Outcome::Escalated, Outcome::Workaround, Outcome::Unresolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resolved => "resolved",
            Outcome::Escalated => "escalated",
            Outcome::Workaround => "workaround",
            Outcome::Unresolved => "unresolved",
        }
    }

    /// The stored form; `None` for anything else.
    pub fn from_stored(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Parses a request's outcome.
    ///
    /// # Errors
    /// `Invalid` naming `outcome` unless it is one of the four.
    pub fn parse(s: &str) -> Result<Outcome> {
        Outcome::from_stored(s)
            .ok_or_else(|| Error::invalid("outcome", "must be one of resolved, escalated, workaround, unresolved"))
    }
}

/// A session CSAT score: a whole number from 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Csat(u8);

impl Csat {
    pub const MIN: i64 = 1;
    pub const MAX: i64 = 5;
    /// The rule's wording, for the value that is not even a whole number (a front end judges that
    /// on its own wire format, then reports the same rule).
    pub const RULE: &'static str = "must be a whole number from 1 to 5";

    /// # Errors
    /// `Invalid` naming `field` unless `value` is in 1..=5.
    pub fn new(field: &str, value: i64) -> Result<Csat> {
        match u8::try_from(value) {
            Ok(v @ 1..=5) => Ok(Csat(v)),
            _ => Err(Error::invalid(field, Csat::RULE)),
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A session as this service sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: Uuid,
    pub account_id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub started_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub outcome: Option<Outcome>,
}

impl Session {
    pub fn is_completed(&self) -> bool {
        self.completed_at.is_some()
    }
}

/// A session to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    pub id: Uuid,
    pub account_id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub started_at: DateTime<Utc>,
}

/// One thumb of a session, as `GET /sessions/{id}` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepThumb {
    pub step_id: Uuid,
    /// `None` for rows written by ResolutionFlow before nodes were recorded.
    pub node_id: Option<String>,
    pub was_helpful: bool,
    pub updated_at: DateTime<Utc>,
}

/// The CSAT of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRating {
    pub id: Uuid,
    pub session_id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub rating: i32,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A CSAT to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSessionRating {
    pub id: Uuid,
    pub session_id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub account_id: Uuid,
    pub rating: Csat,
    pub comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The session with its CSAT and its user's thumbs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDetail {
    pub session: Session,
    pub rating: Option<SessionRating>,
    pub step_feedback: Vec<StepThumb>,
}

/// What a thumb on a step in a session is checked against, read at once: whether the step is a
/// library step of the account, the session (of the account), and the nodes of the session's
/// flow that reference the step, in position order (empty when there is no session).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbTarget {
    pub step_exists: bool,
    pub session: Option<Session>,
    pub nodes: Vec<String>,
}

/// A thumb to write (the node is already resolved against the session's flow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbWrite {
    pub step_id: Uuid,
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub tree_id: Uuid,
    pub node_id: String,
    pub was_helpful: bool,
    pub at: DateTime<Utc>,
}

/// What a thumb write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThumbStatus {
    /// First thumb of (step, user, session): 201.
    Created,
    /// Another value or another node: 200, the thumb changed.
    Updated,
    /// Same value at the same node: 200, nothing changed.
    Unchanged,
}

/// The write's status and the step's counters after it (read in the write's transaction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThumbWritten {
    pub status: ThumbStatus,
    pub helpful_yes: i32,
    pub helpful_no: i32,
}

/// `POST /steps/{step_id}/feedback`: the session, the value and the node the client named
/// (trimmed, never blank).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordThumb {
    session_id: Uuid,
    was_helpful: bool,
    node_id: Option<String>,
}

impl RecordThumb {
    /// # Errors
    /// `Invalid` naming `node_id` when it is given blank.
    pub fn new(session_id: Uuid, was_helpful: bool, node_id: Option<&str>) -> Result<RecordThumb> {
        let node_id = match node_id.map(str::trim) {
            Some("") => return Err(Error::invalid("node_id", "must not be empty")),
            other => other.map(str::to_owned),
        };
        Ok(RecordThumb { session_id, was_helpful, node_id })
    }

    pub fn session_id(&self) -> Uuid {
        self.session_id
    }

    pub fn was_helpful(&self) -> bool {
        self.was_helpful
    }

    pub fn node_id(&self) -> Option<&str> {
        self.node_id.as_deref()
    }
}

/// `POST /sessions/{id}/complete`: how the session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompleteSession {
    outcome: Outcome,
}

impl CompleteSession {
    /// # Errors
    /// `Invalid` naming `outcome` unless it is one of the four.
    pub fn new(outcome: &str) -> Result<CompleteSession> {
        Ok(CompleteSession { outcome: Outcome::parse(outcome)? })
    }

    pub fn outcome(&self) -> Outcome {
        self.outcome
    }
}

/// The answer to a thumb request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThumbResult {
    pub status: ThumbStatus,
    pub step_id: Uuid,
    pub session_id: Uuid,
    pub node_id: String,
    pub was_helpful: bool,
    pub helpful_yes: i32,
    pub helpful_no: i32,
}

/// `POST /sessions/{id}/rate`: a CSAT score and its comment (trimmed, empty as none, at most
/// [`MAX_COMMENT_CHARS`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateSession {
    rating: Csat,
    comment: Option<String>,
}

impl RateSession {
    /// # Errors
    /// `Invalid` naming `rating` outside 1..=5, or `comment` when too long or holding NUL.
    pub fn new(rating: i64, comment: Option<&str>) -> Result<RateSession> {
        let rating = Csat::new("rating", rating)?;
        if comment.is_some_and(|c| c.contains('\0')) {
            // PostgreSQL text cannot hold NUL: refuse it rather than fail on the insert.
            return Err(Error::invalid("comment", "must not contain NUL characters"));
        }
        let comment = optional_text("comment", comment, MAX_COMMENT_CHARS)?;
        Ok(RateSession { rating, comment })
    }

    pub fn rating(&self) -> Csat {
        self.rating
    }

    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }
}

/// Filters of the ratings of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RatingFilter {
    pub min_rating: Option<Csat>,
    pub max_rating: Option<Csat>,
    /// Only ratings with a comment.
    pub with_comment: bool,
}

impl RatingFilter {
    /// Parses the raw query values: `min_rating`/`max_rating` integers 1..=5 (min not above max),
    /// `with_comment` `true` or `false` (`false` is the same as absent).
    ///
    /// # Errors
    /// `Invalid` naming the offending parameter.
    pub fn parse(min: Option<&str>, max: Option<&str>, with_comment: Option<&str>) -> Result<RatingFilter> {
        fn score(field: &str, raw: Option<&str>) -> Result<Option<Csat>> {
            raw.map(|r| {
                let v: i64 =
                    r.trim().parse().map_err(|_| Error::invalid(field, "must be a whole number from 1 to 5"))?;
                Csat::new(field, v)
            })
            .transpose()
        }
        let min_rating = score("min_rating", min)?;
        let max_rating = score("max_rating", max)?;
        if let (Some(lo), Some(hi)) = (min_rating, max_rating)
            && lo > hi
        {
            return Err(Error::invalid("min_rating", "must not be greater than max_rating"));
        }
        let with_comment = match with_comment.map(str::trim) {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => return Err(Error::invalid("with_comment", "must be true or false")),
        };
        Ok(RatingFilter { min_rating, max_rating, with_comment })
    }
}

/// One rating in the list of a flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRatingItem {
    pub id: Uuid,
    pub session_id: Uuid,
    pub rating: i32,
    pub comment: Option<String>,
    pub user_id: Uuid,
    pub user_name: String,
    pub created_at: DateTime<Utc>,
}

/// The conflict of a second CSAT for one session.
pub fn already_rated() -> Error {
    Error::conflict(ConflictCode::AlreadyRated, "the session is already rated")
}

#[cfg(test)]
mod tests;
