//! The admin inbox of message feedback.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{MessageRole, Rating, SNIPPET_CHARS, UserRef};
use crate::{Error, Result, time};

/// `GET /admin/feedback`'s filters: a rating (`all` as none), the date bounds (resolved to
/// instants in the account's zone by the service), a user and a conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxQuery {
    pub(super) rating: Option<Rating>,
    pub(super) from: Option<time::Bound>,
    pub(super) to: Option<time::Bound>,
    pub(super) user_id: Option<Uuid>,
    pub(super) conversation_id: Option<Uuid>,
}

fn uuid_filter(field: &str, raw: Option<&str>) -> Result<Option<Uuid>> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Uuid::parse_str(s).map_err(|_| Error::invalid(field, "must be a UUID")))
        .transpose()
}

impl InboxQuery {
    /// Checks `rating`, `user_id`, `conversation_id`, `from`, `to` in this order (blank ids and
    /// dates are absent).
    ///
    /// # Errors
    /// `Invalid` naming the first bad filter.
    pub fn new(
        rating: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        user_id: Option<&str>,
        conversation_id: Option<&str>,
    ) -> Result<InboxQuery> {
        let rating = match rating.map(str::trim) {
            None | Some("all") => None,
            Some(r) => {
                Some(Rating::parse(r).ok_or_else(|| Error::invalid("rating", "must be positive, negative or all"))?)
            }
        };
        let user_id = uuid_filter("user_id", user_id)?;
        let conversation_id = uuid_filter("conversation_id", conversation_id)?;
        let from = time::parse_bound("from", from)?;
        let to = time::parse_bound("to", to)?;
        Ok(InboxQuery { rating, from, to, user_id, conversation_id })
    }
}

/// Parsed inbox filters; `[from, to)` in UTC.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxFilter {
    pub rating: Option<Rating>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub user_id: Option<Uuid>,
    pub conversation_id: Option<Uuid>,
}

/// One feedback of the inbox as stored, with its message's whole content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxRow {
    pub message_id: Uuid,
    pub client_message_id: Option<String>,
    pub conversation_id: Uuid,
    /// `None` when the conversation is soft-deleted.
    pub conversation_title: Option<String>,
    pub content: String,
    pub role: MessageRole,
    pub rating: Rating,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub submitted_by: UserRef,
    pub submitted_at: DateTime<Utc>,
}

/// One feedback of the inbox as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    pub row: InboxRow,
    pub content_snippet: String,
    pub chat_link: String,
}

/// The first 200 characters of `content`, followed by `...` only when it is longer.
pub fn content_snippet(content: &str) -> String {
    match content.char_indices().nth(SNIPPET_CHARS) {
        None => content.to_owned(),
        Some((cut, _)) => format!("{}...", &content[..cut]),
    }
}

/// The link the inbox gives to a conversation.
pub fn chat_link(conversation_id: Uuid) -> String {
    format!("/chat/{conversation_id}")
}
