//! Port of the conversations capability.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Result;
use crate::access::Permission;
use crate::conversations::{
    AccessContext, Conversation, InboxFilter, InboxRow, ListScope, Message, MessageCandidate, MessageFeedback,
    NewConversation, NewFeedback, NewMessage, ShareTarget, ShareWrite, Sharing,
};
use crate::page::{Page, PageRequest};

/// Storage of the conversations capability. Methods that take an `account_id` (the actor's) read
/// and write that account's rows only; the others (`list_messages`, `upsert_message`,
/// `put_feedback`, `delete_feedback`, `sharing`, `apply_shares`, `set_share_permission`,
/// `revoke_user_share`, `revoke_team_share`) take a conversation or message the service has
/// already opened in the actor's account, and `create_conversation` the account in its input.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait ConversationRepo: Send + Sync {
    /// Stores a new conversation.
    ///
    /// # Errors
    /// `Unavailable`; `Internal` on a failed statement.
    fn create_conversation(&self, new: &NewConversation) -> Result<Conversation>;

    /// The conversation (deleted or not) with the grants that apply to `user_id` (their direct
    /// share, revoked or not, and the shares to their teams); `None` when there is no such
    /// conversation in `account_id`.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn access_context(&self, account_id: Uuid, user_id: Uuid, conversation_id: Uuid) -> Result<Option<AccessContext>>;

    /// The live conversations of `account_id` that `user_id` owns or is granted (active direct
    /// share, team share, public), without their own ones for `ListScope::Shared`, each with the
    /// grants that apply; most recently updated first.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn list_conversations(
        &self,
        account_id: Uuid,
        user_id: Uuid,
        scope: ListScope,
        page: PageRequest,
    ) -> Result<Page<AccessContext>>;

    /// Sets the title (and `updated_at`) of a live conversation.
    ///
    /// # Errors
    /// `NotFound("conversation")` when it is gone; `Unavailable`; `Internal`.
    fn rename_conversation(
        &self,
        account_id: Uuid,
        conversation_id: Uuid,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<Conversation>;

    /// Soft-deletes a live conversation.
    ///
    /// # Errors
    /// `NotFound("conversation")` when it is already gone; `Unavailable`; `Internal`.
    fn delete_conversation(&self, account_id: Uuid, conversation_id: Uuid, now: DateTime<Utc>) -> Result<()>;

    /// The messages of a conversation, oldest first, each with `viewer_id`'s own feedback.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn list_messages(&self, conversation_id: Uuid, viewer_id: Uuid, page: PageRequest) -> Result<Page<Message>>;

    /// Inserts the message, or, when its client id already exists in the conversation, updates
    /// that message's role and content (one statement: no race makes a duplicate). Also touches
    /// the conversation's `updated_at`. Returns the message (with `viewer_id`'s feedback) and
    /// whether it was created.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn upsert_message(&self, new: &NewMessage, viewer_id: Uuid) -> Result<(Message, bool)>;

    /// The messages of live conversations of `account_id` whose id is `key` (when it is a UUID) or
    /// whose client id is `key`, each with its conversation's access context for `user_id`;
    /// id matches first, then client-id matches oldest first.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn find_messages(&self, account_id: Uuid, user_id: Uuid, key: &str) -> Result<Vec<MessageCandidate>>;

    /// Inserts or replaces the feedback of (`message_id`, `user_id`).
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn put_feedback(&self, new: &NewFeedback) -> Result<MessageFeedback>;

    /// Deletes the feedback of (`message_id`, `user_id`); false when there was none.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn delete_feedback(&self, message_id: Uuid, user_id: Uuid) -> Result<bool>;

    /// The public flag and the active user and team shares of a conversation (users and teams
    /// ordered by name).
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn sharing(&self, conversation_id: Uuid) -> Result<Sharing>;

    /// The active users of `account_id` among `emails` (given trimmed and lowercased), as
    /// (email, user id).
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn find_users_by_email(&self, account_id: Uuid, emails: &[String]) -> Result<Vec<(String, Uuid)>>;

    /// The teams of `account_id` among `team_ids`.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn find_teams(&self, account_id: Uuid, team_ids: &[Uuid]) -> Result<Vec<Uuid>>;

    /// Writes every share of the request in one transaction (all or nothing): upserts the user
    /// shares (re-activating revoked ones) and team shares with the permission, and sets the
    /// public flag and permission when given.
    ///
    /// # Errors
    /// `Unavailable`; `Internal` (nothing is written then).
    fn apply_shares(&self, write: &ShareWrite) -> Result<()>;

    /// Sets the permission of an existing active share (a legacy one gets a record); false when
    /// the target is not currently shared with.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn set_share_permission(&self, conversation_id: Uuid, target: &ShareTarget, permission: Permission)
    -> Result<bool>;

    /// The active user of `account_id` with this email (trimmed, lowercased).
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn find_user_by_email(&self, account_id: Uuid, email: &str) -> Result<Option<Uuid>>;

    /// Revokes the active share of a user; false when there was none.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn revoke_user_share(&self, conversation_id: Uuid, user_id: Uuid, now: DateTime<Utc>) -> Result<bool>;

    /// Removes the share of a team; false when there was none.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn revoke_team_share(&self, conversation_id: Uuid, team_id: Uuid) -> Result<bool>;

    /// One page of the message feedback of `account_id` matching `filter`, newest `submitted_at`
    /// first, with the conversation titles (null when deleted) and submitters joined in: a fixed
    /// number of queries whatever the page size.
    ///
    /// # Errors
    /// `Unavailable`; `Internal`.
    fn feedback_inbox(&self, account_id: Uuid, filter: &InboxFilter, page: PageRequest) -> Result<Page<InboxRow>>;
}
