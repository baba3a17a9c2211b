//! The JSON shapes of the conversations capability: request bodies and queries (each converted
//! into the domain's command with `TryFrom`) and responses.

use insights_domain::access::AccessLevel;
use insights_domain::conversations::{
    ConversationView, InboxItem, InboxQuery, Message, MessageFeedback, PostMessage, RateMessage, Share, SharingView,
    Title, UpdateShare, UserRef,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::Timestamp;
use crate::error::ApiError;

// ---- request bodies -------------------------------------------------------------------------

/// `{title}`: 1..=200 characters after trimming.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TitleBody {
    pub title: Option<String>,
}

/// A message to add; `message_id` is the client's id (a repeat updates that message).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    /// `user`, `assistant` or `system` (required).
    #[schema(value_type = crate::dto::doc::MessageRole)]
    pub role: Option<String>,
    /// Required, not blank.
    pub content: Option<String>,
    pub message_id: Option<String>,
}

/// Feedback on a message.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackBody {
    /// `positive` or `negative` (required).
    #[schema(value_type = crate::dto::doc::MessageRating)]
    pub rating: Option<String>,
    /// At most 200 characters after trimming; empty means none.
    pub reason: Option<String>,
    /// At most 1000 characters after trimming; empty means none.
    pub comment: Option<String>,
}

/// Shares a conversation with users, teams and/or everyone in the account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareBody {
    pub user_emails: Option<Vec<String>>,
    pub team_ids: Option<Vec<String>>,
    /// `view` or `comment`; required with users or teams.
    #[schema(value_type = Option<crate::dto::doc::Permission>)]
    pub permission: Option<String>,
    pub is_public: Option<bool>,
    /// `view` or `comment`.
    #[schema(value_type = Option<crate::dto::doc::Permission>)]
    pub public_permission: Option<String>,
}

/// Changes the permission of one existing share: give exactly one of `email`, `team_id`,
/// `public: true`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareUpdateBody {
    /// `view` or `comment` (required).
    #[schema(value_type = crate::dto::doc::Permission)]
    pub permission: Option<String>,
    pub email: Option<String>,
    pub team_id: Option<String>,
    pub public: Option<bool>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// `all` (default) or `shared`.
    #[param(value_type = Option<crate::dto::doc::Scope>)]
    pub scope: Option<String>,
    pub page: Option<String>,
    pub limit: Option<String>,
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxParams {
    /// `positive`, `negative` or `all` (default).
    #[param(value_type = Option<crate::dto::doc::RatingFilter>)]
    pub rating: Option<String>,
    /// RFC 3339 instant, or a date (start of that day in the account's zone).
    pub from: Option<String>,
    /// RFC 3339 instant, or a date (that whole day, inclusive).
    pub to: Option<String>,
    pub user_id: Option<String>,
    pub conversation_id: Option<String>,
    pub page: Option<String>,
    pub limit: Option<String>,
}

impl TryFrom<TitleBody> for Title {
    type Error = ApiError;

    fn try_from(b: TitleBody) -> Result<Self, ApiError> {
        Ok(Title::new(b.title.as_deref())?)
    }
}

impl TryFrom<MessageBody> for PostMessage {
    type Error = ApiError;

    fn try_from(b: MessageBody) -> Result<Self, ApiError> {
        Ok(PostMessage::new(b.role.as_deref(), b.content.as_deref(), b.message_id.as_deref())?)
    }
}

impl TryFrom<FeedbackBody> for RateMessage {
    type Error = ApiError;

    fn try_from(b: FeedbackBody) -> Result<Self, ApiError> {
        Ok(RateMessage::new(b.rating.as_deref(), b.reason.as_deref(), b.comment.as_deref())?)
    }
}

impl TryFrom<ShareBody> for Share {
    type Error = ApiError;

    fn try_from(b: ShareBody) -> Result<Self, ApiError> {
        Ok(Share::new(
            b.user_emails.as_deref().unwrap_or_default(),
            b.team_ids.as_deref().unwrap_or_default(),
            b.permission.as_deref(),
            b.is_public,
            b.public_permission.as_deref(),
        )?)
    }
}

impl TryFrom<ShareUpdateBody> for UpdateShare {
    type Error = ApiError;

    fn try_from(b: ShareUpdateBody) -> Result<Self, ApiError> {
        Ok(UpdateShare::new(b.permission.as_deref(), b.email.as_deref(), b.team_id.as_deref(), b.public)?)
    }
}

impl TryFrom<&InboxParams> for InboxQuery {
    type Error = ApiError;

    fn try_from(q: &InboxParams) -> Result<Self, ApiError> {
        Ok(InboxQuery::new(
            q.rating.as_deref(),
            q.from.as_deref(),
            q.to.as_deref(),
            q.user_id.as_deref(),
            q.conversation_id.as_deref(),
        )?)
    }
}

// ---- responses ------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationDto {
    pub id: Uuid,
    pub title: String,
    pub owner_id: Uuid,
    pub is_public: bool,
    /// The recorded public permission, or the configured default.
    pub public_permission: String,
    /// `owner`, `shared`, `shared_readonly` or `admin_audit`.
    pub access_level: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<ConversationView> for ConversationDto {
    fn from(v: ConversationView) -> Self {
        let c = v.conversation;
        ConversationDto {
            id: c.id,
            title: c.title,
            owner_id: c.owner_id,
            is_public: c.is_public,
            public_permission: v.public_permission.as_str().into(),
            access_level: level(v.access_level),
            created_at: c.created_at.into(),
            updated_at: c.updated_at.into(),
        }
    }
}

fn level(l: AccessLevel) -> String {
    l.as_str().into()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubmitterDto {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
}

impl From<UserRef> for SubmitterDto {
    fn from(u: UserRef) -> Self {
        SubmitterDto { user_id: u.user_id, email: u.email, name: u.name }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackDto {
    /// The message's UUID.
    pub message_id: Uuid,
    /// `positive` or `negative`.
    pub rating: String,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub submitted_by: SubmitterDto,
    pub submitted_at: Timestamp,
}

impl From<MessageFeedback> for FeedbackDto {
    fn from(f: MessageFeedback) -> Self {
        FeedbackDto {
            message_id: f.message_id,
            rating: f.rating.as_str().into(),
            reason: f.reason,
            comment: f.comment,
            submitted_by: f.submitted_by.into(),
            submitted_at: f.submitted_at.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageDto {
    pub id: Uuid,
    /// The client's id, or null.
    pub message_id: Option<String>,
    pub role: String,
    pub content: String,
    pub sender_id: Option<Uuid>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The caller's own feedback on the message, or null.
    pub feedback: Option<FeedbackDto>,
}

impl From<Message> for MessageDto {
    fn from(m: Message) -> Self {
        MessageDto {
            id: m.id,
            message_id: m.client_message_id,
            role: m.role.as_str().into(),
            content: m.content,
            sender_id: m.sender_id,
            created_at: m.created_at.into(),
            updated_at: m.updated_at.into(),
            feedback: m.feedback.map(Into::into),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserShareDto {
    pub user_id: Uuid,
    pub email: String,
    pub name: String,
    /// `view` or `comment` (legacy shares show `comment`).
    pub permission: String,
    pub granted_at: Timestamp,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TeamShareDto {
    pub team_id: Uuid,
    pub name: String,
    /// `view` or `comment` (legacy shares show `comment`).
    pub permission: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SharingDto {
    pub is_public: bool,
    /// The recorded public permission, or the configured default.
    pub public_permission: String,
    pub users: Vec<UserShareDto>,
    pub teams: Vec<TeamShareDto>,
}

impl From<SharingView> for SharingDto {
    fn from(s: SharingView) -> Self {
        SharingDto {
            is_public: s.is_public,
            public_permission: s.public_permission.as_str().into(),
            users: s
                .users
                .into_iter()
                .map(|u| UserShareDto {
                    user_id: u.user.user_id,
                    email: u.user.email,
                    name: u.user.name,
                    permission: u.permission.as_str().into(),
                    granted_at: u.granted_at.into(),
                })
                .collect(),
            teams: s
                .teams
                .into_iter()
                .map(|t| TeamShareDto { team_id: t.team_id, name: t.name, permission: t.permission.as_str().into() })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxItemDto {
    pub message_id: Uuid,
    pub client_message_id: Option<String>,
    pub conversation_id: Uuid,
    /// Null when the conversation was deleted.
    pub conversation_title: Option<String>,
    /// The first 200 characters, then `...` when the content is longer.
    pub content_snippet: String,
    pub role: String,
    pub rating: String,
    pub reason: Option<String>,
    pub comment: Option<String>,
    pub submitted_by: SubmitterDto,
    pub submitted_at: Timestamp,
    /// `/chat/{conversation_id}`
    pub chat_link: String,
}

impl From<InboxItem> for InboxItemDto {
    fn from(i: InboxItem) -> Self {
        let r = i.row;
        InboxItemDto {
            message_id: r.message_id,
            client_message_id: r.client_message_id,
            conversation_id: r.conversation_id,
            conversation_title: r.conversation_title,
            content_snippet: i.content_snippet,
            role: r.role.as_str().into(),
            rating: r.rating.as_str().into(),
            reason: r.reason,
            comment: r.comment,
            submitted_by: r.submitted_by.into(),
            submitted_at: r.submitted_at.into(),
            chat_link: i.chat_link,
        }
    }
}

/// `{items, pagination}` of conversations.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationList {
    pub items: Vec<ConversationDto>,
    pub pagination: crate::dto::Pagination,
}

/// `{items, pagination}` of messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageList {
    pub items: Vec<MessageDto>,
    pub pagination: crate::dto::Pagination,
}

/// `{items, pagination}` of inbox entries.
#[derive(Debug, Serialize, ToSchema)]
pub struct InboxList {
    pub items: Vec<InboxItemDto>,
    pub pagination: crate::dto::Pagination,
}
