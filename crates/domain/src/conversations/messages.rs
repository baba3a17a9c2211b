//! Messages and the feedback users give on them.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{AccessContext, CLIENT_MESSAGE_ID_MAX, COMMENT_MAX, REASON_MAX};
use crate::{Error, Result, text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageRole {
    User,
    Assistant,
    System,
}

impl MessageRole {
    pub const ALL: [MessageRole; 3] = [MessageRole::User, MessageRole::Assistant, MessageRole::System];

    pub fn as_str(self) -> &'static str {
        match self {
            MessageRole::User => "user",
            MessageRole::Assistant => "assistant",
            MessageRole::System => "system",
        }
    }

    pub fn parse(s: &str) -> Option<MessageRole> {
        MessageRole::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rating {
    Positive,
    Negative,
}

impl Rating {
    pub const ALL: [Rating; 2] = [Rating::Positive, Rating::Negative];

    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Positive => "positive",
            Rating::Negative => "negative",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Who submitted something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRef {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
}

/// One user's feedback on one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageFeedback {
    pub message_id: Uuid,
    pub rating: Rating,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub submitted_by: UserRef,
    pub submitted_at: DateTime<Utc>,
}

/// A message, with the viewer's own feedback on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub client_message_id: Option<String>,
    pub role: MessageRole,
    pub content: String,
    pub sender_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub feedback: Option<MessageFeedback>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Used only when the message is new.
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub client_message_id: Option<String>,
    pub role: MessageRole,
    pub content: String,
    pub sender_id: Option<Uuid>,
    pub now: DateTime<Utc>,
}

/// `POST .../messages`: the role, the content (not blank, no NUL, kept as sent) and the client's
/// id of the message (trimmed, at most [`CLIENT_MESSAGE_ID_MAX`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostMessage {
    pub(super) role: MessageRole,
    pub(super) content: String,
    pub(super) client_message_id: Option<String>,
}

impl PostMessage {
    /// # Errors
    /// `Invalid` naming the missing or bad field.
    pub fn new(role: Option<&str>, content: Option<&str>, message_id: Option<&str>) -> Result<PostMessage> {
        let role = role.ok_or_else(|| Error::invalid("role", "is required"))?;
        let role = MessageRole::parse(role.trim())
            .ok_or_else(|| Error::invalid("role", "must be user, assistant or system"))?;
        let content = content.ok_or_else(|| Error::invalid("content", "is required"))?;
        text::no_nul("content", content)?;
        if content.trim().is_empty() {
            return Err(Error::invalid("content", "must not be empty"));
        }
        let client_message_id = text::optional_text("message_id", message_id, CLIENT_MESSAGE_ID_MAX)?;
        Ok(PostMessage { role, content: content.to_owned(), client_message_id })
    }
}

/// A message matched by id or client id, with its conversation's access context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageCandidate {
    pub message_id: Uuid,
    pub context: AccessContext,
}

/// `PUT /chat/messages/{id}/feedback`: the rating and its optional reason and comment (trimmed,
/// empty as none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateMessage {
    pub(super) rating: Rating,
    pub(super) reason: Option<String>,
    pub(super) comment: Option<String>,
}

impl RateMessage {
    /// # Errors
    /// `Invalid` naming `rating`, `reason` or `comment`.
    pub fn new(rating: Option<&str>, reason: Option<&str>, comment: Option<&str>) -> Result<RateMessage> {
        let rating = rating.ok_or_else(|| Error::invalid("rating", "is required"))?;
        let rating =
            Rating::parse(rating.trim()).ok_or_else(|| Error::invalid("rating", "must be positive or negative"))?;
        let reason = text::optional_text("reason", reason, REASON_MAX)?;
        let comment = text::optional_text("comment", comment, COMMENT_MAX)?;
        Ok(RateMessage { rating, reason, comment })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFeedback {
    pub message_id: Uuid,
    pub user_id: Uuid,
    pub rating: Rating,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub now: DateTime<Utc>,
}
