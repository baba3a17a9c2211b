//! The rows the conversation queries load, and their conversion into the domain's types.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_domain::access::{DirectShare, Grants, Permission};
use insights_domain::conversations::{
    AccessContext, Conversation, Message, MessageFeedback, MessageRole, Rating, UserRef,
};
use insights_domain::{Error, Result};
use uuid::Uuid;

#[derive(QueryableByName)]
pub(super) struct ConvBase {
    #[diesel(sql_type = SqlUuid)]
    pub(super) id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub(super) account_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub(super) owner_id: Uuid,
    #[diesel(sql_type = Text)]
    pub(super) title: String,
    #[diesel(sql_type = Bool)]
    pub(super) is_public: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) public_permission: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub(super) created_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub(super) updated_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub(super) deleted_at: Option<DateTime<Utc>>,
}

pub(super) fn permission(raw: Option<String>) -> Result<Option<Permission>> {
    raw.map(|p| Permission::parse(&p).ok_or_else(|| Error::Internal(format!("unknown permission {p}")))).transpose()
}

impl ConvBase {
    pub(super) fn into_domain(self) -> Result<Conversation> {
        Ok(Conversation {
            id: self.id,
            account_id: self.account_id,
            owner_id: self.owner_id,
            title: self.title,
            is_public: self.is_public,
            public_permission: permission(self.public_permission)?,
            created_at: self.created_at,
            updated_at: self.updated_at,
            deleted_at: self.deleted_at,
        })
    }
}

#[derive(QueryableByName)]
pub(super) struct ConvRow {
    #[diesel(embed)]
    pub(super) base: ConvBase,
    #[diesel(sql_type = Bool)]
    pub(super) has_direct: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) direct_permission: Option<String>,
    #[diesel(sql_type = Bool)]
    pub(super) direct_revoked: bool,
    #[diesel(sql_type = Array<Nullable<Text>>)]
    pub(super) team_permissions: Vec<Option<String>>,
}

impl ConvRow {
    pub(super) fn into_domain(self) -> Result<AccessContext> {
        let direct = if self.has_direct {
            Some(DirectShare { permission: permission(self.direct_permission)?, revoked: self.direct_revoked })
        } else {
            None
        };
        let teams = self.team_permissions.into_iter().map(permission).collect::<Result<Vec<_>>>()?;
        Ok(AccessContext { conversation: self.base.into_domain()?, grants: Grants { direct, teams } })
    }
}

#[derive(QueryableByName)]
pub(super) struct CandidateRow {
    #[diesel(sql_type = SqlUuid)]
    pub(super) message_id: Uuid,
    #[diesel(embed)]
    pub(super) conv: ConvRow,
}

#[derive(QueryableByName)]
pub(super) struct MessageRow {
    #[diesel(sql_type = SqlUuid)]
    pub(super) id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub(super) conversation_id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) client_message_id: Option<String>,
    #[diesel(sql_type = Text)]
    pub(super) role: String,
    #[diesel(sql_type = Text)]
    pub(super) content: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub(super) sender_id: Option<Uuid>,
    #[diesel(sql_type = Timestamptz)]
    pub(super) created_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub(super) updated_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) f_rating: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) f_reason: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) f_comment: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub(super) f_submitted_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub(super) f_user_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) f_email: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) f_name: Option<String>,
}

pub(super) fn role(raw: &str) -> Result<MessageRole> {
    MessageRole::parse(raw).ok_or_else(|| Error::Internal(format!("unknown message role {raw}")))
}

pub(super) fn rating(raw: &str) -> Result<Rating> {
    Rating::parse(raw).ok_or_else(|| Error::Internal(format!("unknown rating {raw}")))
}

impl MessageRow {
    pub(super) fn into_domain(self) -> Result<Message> {
        let feedback = match (self.f_rating, self.f_submitted_at, self.f_user_id) {
            (Some(r), Some(at), Some(user_id)) => Some(MessageFeedback {
                message_id: self.id,
                rating: rating(&r)?,
                reason: self.f_reason,
                comment: self.f_comment,
                submitted_by: UserRef {
                    user_id,
                    email: self.f_email.unwrap_or_default(),
                    name: self.f_name.unwrap_or_default(),
                },
                submitted_at: at,
            }),
            _ => None,
        };
        Ok(Message {
            id: self.id,
            conversation_id: self.conversation_id,
            client_message_id: self.client_message_id,
            role: role(&self.role)?,
            content: self.content,
            sender_id: self.sender_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
            feedback,
        })
    }
}

#[derive(QueryableByName)]
pub(super) struct FeedbackRow {
    #[diesel(sql_type = SqlUuid)]
    pub(super) message_id: Uuid,
    #[diesel(sql_type = Text)]
    pub(super) rating: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) reason: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) comment: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub(super) submitted_at: DateTime<Utc>,
    #[diesel(sql_type = SqlUuid)]
    pub(super) user_id: Uuid,
    #[diesel(sql_type = Text)]
    pub(super) email: String,
    #[diesel(sql_type = Text)]
    pub(super) name: String,
}

#[derive(QueryableByName)]
pub(super) struct InboxDbRow {
    #[diesel(sql_type = SqlUuid)]
    pub(super) message_id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) client_message_id: Option<String>,
    #[diesel(sql_type = SqlUuid)]
    pub(super) conversation_id: Uuid,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) conversation_title: Option<String>,
    #[diesel(sql_type = Text)]
    pub(super) content: String,
    #[diesel(sql_type = Text)]
    pub(super) role: String,
    #[diesel(embed)]
    pub(super) feedback: FeedbackRow,
}

#[derive(QueryableByName)]
pub(super) struct SharedUserRow {
    #[diesel(sql_type = SqlUuid)]
    pub(super) user_id: Uuid,
    #[diesel(sql_type = Text)]
    pub(super) email: String,
    #[diesel(sql_type = Text)]
    pub(super) name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) permission: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    pub(super) granted_at: DateTime<Utc>,
}

#[derive(QueryableByName)]
pub(super) struct SharedTeamRow {
    #[diesel(sql_type = SqlUuid)]
    pub(super) team_id: Uuid,
    #[diesel(sql_type = Text)]
    pub(super) name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) permission: Option<String>,
}

#[derive(QueryableByName)]
pub(super) struct PublicRow {
    #[diesel(sql_type = Bool)]
    pub(super) is_public: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub(super) public_permission: Option<String>,
}

#[derive(QueryableByName)]
pub(super) struct EmailIdRow {
    #[diesel(sql_type = Text)]
    pub(super) email: String,
    #[diesel(sql_type = SqlUuid)]
    pub(super) id: Uuid,
}

#[derive(QueryableByName)]
pub(super) struct UpsertedRow {
    #[diesel(sql_type = SqlUuid)]
    pub(super) id: Uuid,
    #[diesel(sql_type = Bool)]
    pub(super) created: bool,
}
