//! Conversations: the conversation itself and its title (here), messages and their feedback
//! (`messages`), sharing (`sharing`), the admin inbox (`inbox`) and [`ConversationService`], the
//! rules over the [`crate::ports::ConversationRepo`] port. Access is decided by
//! [`crate::access::access_level`] only.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::access::{AccessLevel, ConversationFacts, Grants, Permission};
use crate::{Error, Result, text};

mod inbox;
mod messages;
mod service;
mod sharing;

pub use inbox::*;
pub use messages::*;
pub use service::ConversationService;
pub use sharing::*;

/// Longest conversation title, in characters (after trimming).
pub const TITLE_MAX: usize = 200;
/// Longest client message id, in characters (after trimming).
pub const CLIENT_MESSAGE_ID_MAX: usize = 200;
/// Longest feedback reason.
pub const REASON_MAX: usize = 200;
/// Longest feedback comment.
pub const COMMENT_MAX: usize = 1000;
/// Characters of content an inbox snippet keeps before `...`.
pub const SNIPPET_CHARS: usize = 200;

const READ_ONLY: &str = "Read-only access: cannot add messages";

/// A conversation row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conversation {
    pub id: Uuid,
    pub account_id: Uuid,
    pub owner_id: Uuid,
    pub title: String,
    pub is_public: bool,
    pub public_permission: Option<Permission>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Conversation {
    pub fn facts(&self) -> ConversationFacts {
        ConversationFacts {
            account_id: self.account_id,
            owner_id: self.owner_id,
            deleted: self.deleted_at.is_some(),
            is_public: self.is_public,
            public_permission: self.public_permission,
        }
    }
}

/// A conversation and the grants that apply to one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessContext {
    pub conversation: Conversation,
    pub grants: Grants,
}

/// A conversation as the actor sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationView {
    pub conversation: Conversation,
    /// The recorded public permission, or the configured default when none is recorded.
    pub public_permission: Permission,
    pub access_level: AccessLevel,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConversation {
    pub id: Uuid,
    pub account_id: Uuid,
    pub owner_id: Uuid,
    pub title: String,
    pub now: DateTime<Utc>,
}

/// Which conversations a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListScope {
    /// Owned, shared directly, shared with my teams, public.
    All,
    /// The same without my own.
    Shared,
}

impl ListScope {
    /// `all` (default when absent) or `shared`.
    ///
    /// # Errors
    /// `Invalid` naming `scope` for anything else.
    pub fn parse(raw: Option<&str>) -> Result<ListScope> {
        match raw.map(str::trim) {
            None | Some("all") => Ok(ListScope::All),
            Some("shared") => Ok(ListScope::Shared),
            Some(_) => Err(Error::invalid("scope", "must be all or shared")),
        }
    }
}

/// A conversation title: trimmed, 1..=[`TITLE_MAX`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    /// # Errors
    /// `Invalid` naming `title` when missing, blank or too long.
    pub fn new(raw: Option<&str>) -> Result<Title> {
        let raw = raw.ok_or_else(|| Error::invalid("title", "is required"))?;
        Ok(Title(text::required_text("title", raw, TITLE_MAX)?))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests;
