//! Routes of the conversations capability: conversations and messages, message feedback, sharing
//! and the admin feedback inbox. Thin: parse, authenticate, call `insights_domain::conversations`.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use insights_domain::access::{AccessLevel, Permission};
use insights_domain::conversations::{
    self as rules, ConversationView, FeedbackInput, InboxItem, InboxQuery, Message, MessageFeedback, MessageInput,
    ShareInput, ShareUpdateInput, SharingView, UserRef,
};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use super::{authenticate, blocking, json_body, path_str, path_uuid, query, require_feature, state};
use crate::dto::{List, PageQuery, Timestamp};
use crate::error::{ApiError, ErrorEnvelope, Feature};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    paths(
        create_conversation,
        list_conversations,
        get_conversation,
        rename_conversation,
        delete_conversation,
        list_messages,
        post_message,
        put_feedback,
        delete_feedback,
        get_share,
        post_share,
        patch_share,
        delete_user_share,
        delete_team_share,
        admin_feedback,
    ),
    components(schemas(
        TitleBody,
        MessageBody,
        FeedbackBody,
        ShareBody,
        ShareUpdateBody,
        ConversationDto,
        ConversationList,
        MessageDto,
        MessageList,
        FeedbackDto,
        SubmitterDto,
        SharingDto,
        UserShareDto,
        TeamShareDto,
        InboxItemDto,
        InboxList,
    )),
    tags((name = "conversations", description = "Assistant conversations, sharing and message feedback"))
)]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/chat/conversations", web::post().to(create_conversation))
        .route("/chat/conversations", web::get().to(list_conversations))
        .route("/chat/conversations/{id}", web::get().to(get_conversation))
        .route("/chat/conversations/{id}", web::patch().to(rename_conversation))
        .route("/chat/conversations/{id}", web::delete().to(delete_conversation))
        .route("/chat/conversations/{id}/messages", web::get().to(list_messages))
        .route("/chat/conversations/{id}/messages", web::post().to(post_message))
        .route("/chat/conversations/{id}/share", web::get().to(get_share))
        .route("/chat/conversations/{id}/share", web::post().to(post_share))
        .route("/chat/conversations/{id}/share", web::patch().to(patch_share))
        .route("/chat/conversations/{id}/share/users/{user_id}", web::delete().to(delete_user_share))
        .route("/chat/conversations/{id}/share/teams/{team_id}", web::delete().to(delete_team_share))
        .route("/chat/messages/{id}/feedback", web::put().to(put_feedback))
        .route("/chat/messages/{id}/feedback", web::delete().to(delete_feedback))
        .route("/admin/feedback", web::get().to(admin_feedback));
}

fn public_default(st: &AppState) -> Permission {
    Permission::parse(st.settings.public_share_default_permission.trim()).unwrap_or(Permission::Comment)
}

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

// ---- handlers -------------------------------------------------------------------------------

/// Starts a conversation owned by the caller.
#[utoipa::path(post, path = "/api/v1/chat/conversations", tag = "conversations", request_body = TitleBody,
    security(("bearer" = [])),
    responses(
        (status = 201, body = ConversationDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
    ))]
pub async fn create_conversation(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let input: TitleBody = json_body(&req, &body)?;
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out = blocking(move || rules::create_conversation(&*repo, &actor, input.title.as_deref(), default, Utc::now()))
        .await?;
    Ok(HttpResponse::Created().json(ConversationDto::from(out)))
}

/// The conversations the caller owns or is granted (never those an admin could only audit).
#[utoipa::path(get, path = "/api/v1/chat/conversations", tag = "conversations", params(ListParams),
    security(("bearer" = [])),
    responses(
        (status = 200, body = ConversationList),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
    ))]
pub async fn list_conversations(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let q: ListParams = query(&req)?;
    let page = PageQuery { page: q.page.clone(), limit: q.limit.clone() }.request();
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out = blocking(move || rules::list_conversations(&*repo, &actor, q.scope.as_deref(), page, default)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(out, ConversationDto::from)))
}

/// One conversation with the caller's access level.
#[utoipa::path(get, path = "/api/v1/chat/conversations/{id}", tag = "conversations",
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 200, body = ConversationDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
pub async fn get_conversation(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out = blocking(move || rules::get_conversation(&*repo, &actor, id, default)).await?;
    Ok(HttpResponse::Ok().json(ConversationDto::from(out)))
}

/// Renames a conversation (owner only).
#[utoipa::path(patch, path = "/api/v1/chat/conversations/{id}", tag = "conversations", request_body = TitleBody,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 200, body = ConversationDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
pub async fn rename_conversation(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let input: TitleBody = json_body(&req, &body)?;
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out =
        blocking(move || rules::rename_conversation(&*repo, &actor, id, input.title.as_deref(), default, Utc::now()))
            .await?;
    Ok(HttpResponse::Ok().json(ConversationDto::from(out)))
}

/// Soft-deletes a conversation (owner only).
#[utoipa::path(delete, path = "/api/v1/chat/conversations/{id}", tag = "conversations",
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 204, description = "deleted"),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
pub async fn delete_conversation(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    blocking(move || rules::delete_conversation(&*repo, &actor, id, default, Utc::now())).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The messages of a conversation, oldest first, each with the caller's own feedback.
#[utoipa::path(get, path = "/api/v1/chat/conversations/{id}/messages", tag = "conversations",
    params(("id" = Uuid, Path), PageQuery), security(("bearer" = [])),
    responses(
        (status = 200, body = MessageList),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
pub async fn list_messages(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let page = query::<PageQuery>(&req)?.request();
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out = blocking(move || rules::list_messages(&*repo, &actor, id, page, default)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(out, MessageDto::from)))
}

/// Adds a message (201), or updates the one with the same client `message_id` (200).
#[utoipa::path(post, path = "/api/v1/chat/conversations/{id}/messages", tag = "conversations",
    request_body = MessageBody, params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 201, body = MessageDto, description = "a new message"),
        (status = 200, body = MessageDto, description = "the message with this client id, updated"),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope, description = "Read-only access: cannot add messages"),
        (status = 404, body = ErrorEnvelope),
    ))]
pub async fn post_message(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let b: MessageBody = json_body(&req, &body)?;
    let input = MessageInput { role: b.role, content: b.content, message_id: b.message_id };
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let (msg, created) = blocking(move || rules::post_message(&*repo, &actor, id, &input, default, Utc::now())).await?;
    let dto = MessageDto::from(msg);
    Ok(if created { HttpResponse::Created().json(dto) } else { HttpResponse::Ok().json(dto) })
}

/// Stores (or replaces) the caller's feedback on a message (`{id}`: its UUID or client id).
#[utoipa::path(put, path = "/api/v1/chat/messages/{id}/feedback", tag = "conversations",
    request_body = FeedbackBody, params(("id" = String, Path, description = "message UUID or client message_id")),
    security(("bearer" = [])),
    responses(
        (status = 200, body = FeedbackDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope,
            description = "AMBIGUOUS_MESSAGE_ID: the client id names messages in several conversations"),
    ))]
pub async fn put_feedback(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let key = path_str(&req, "id")?;
    let b: FeedbackBody = json_body(&req, &body)?;
    let input = FeedbackInput { rating: b.rating, reason: b.reason, comment: b.comment };
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out = blocking(move || rules::put_feedback(&*repo, &actor, &key, &input, default, Utc::now())).await?;
    st.metrics.message_feedback.inc();
    Ok(HttpResponse::Ok().json(FeedbackDto::from(out)))
}

/// Removes the caller's own feedback on a message.
#[utoipa::path(delete, path = "/api/v1/chat/messages/{id}/feedback", tag = "conversations",
    params(("id" = String, Path, description = "message UUID or client message_id")), security(("bearer" = [])),
    responses(
        (status = 204, description = "removed"),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "no such message, or the caller had no feedback on it"),
        (status = 409, body = ErrorEnvelope,
            description = "AMBIGUOUS_MESSAGE_ID: the client id names messages in several conversations"),
    ))]
pub async fn delete_feedback(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let key = path_str(&req, "id")?;
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    blocking(move || rules::delete_feedback(&*repo, &actor, &key, default)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Who a conversation is shared with (owner only).
#[utoipa::path(get, path = "/api/v1/chat/conversations/{id}/share", tag = "conversations",
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 200, body = SharingDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
pub async fn get_share(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out = blocking(move || rules::get_sharing(&*repo, &actor, id, default)).await?;
    Ok(HttpResponse::Ok().json(SharingDto::from(out)))
}

/// Shares with users, teams and/or everyone (owner only; all or nothing).
#[utoipa::path(post, path = "/api/v1/chat/conversations/{id}/share", tag = "conversations",
    request_body = ShareBody, params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 200, body = SharingDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "the conversation, or the first unknown user or team"),
    ))]
pub async fn post_share(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let b: ShareBody = json_body(&req, &body)?;
    let input = ShareInput {
        user_emails: b.user_emails,
        team_ids: b.team_ids,
        permission: b.permission,
        is_public: b.is_public,
        public_permission: b.public_permission,
    };
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out = blocking(move || rules::share(&*repo, &actor, id, &input, default, Utc::now())).await?;
    Ok(HttpResponse::Ok().json(SharingDto::from(out)))
}

/// Changes the permission of one existing share (owner only).
#[utoipa::path(patch, path = "/api/v1/chat/conversations/{id}/share", tag = "conversations",
    request_body = ShareUpdateBody, params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 200, body = SharingDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "the conversation, or the target is not shared with"),
    ))]
pub async fn patch_share(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let b: ShareUpdateBody = json_body(&req, &body)?;
    let input = ShareUpdateInput { permission: b.permission, email: b.email, team_id: b.team_id, public: b.public };
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    let out = blocking(move || rules::update_share(&*repo, &actor, id, &input, default)).await?;
    Ok(HttpResponse::Ok().json(SharingDto::from(out)))
}

/// Revokes a user's share (owner only).
#[utoipa::path(delete, path = "/api/v1/chat/conversations/{id}/share/users/{user_id}", tag = "conversations",
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 204, description = "revoked"),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
pub async fn delete_user_share(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let user_id = path_uuid(&req, "user_id")?;
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    blocking(move || rules::unshare_user(&*repo, &actor, id, user_id, default, Utc::now())).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Removes a team's share (owner only).
#[utoipa::path(delete, path = "/api/v1/chat/conversations/{id}/share/teams/{team_id}", tag = "conversations",
    params(("id" = Uuid, Path), ("team_id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 204, description = "revoked"),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
pub async fn delete_team_share(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let id = path_uuid(&req, "id")?;
    let team_id = path_uuid(&req, "team_id")?;
    let (repo, default) = (st.ports.conversations.clone(), public_default(&st));
    blocking(move || rules::unshare_team(&*repo, &actor, id, team_id, default)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every message feedback of the account, newest first (admin viewers; `FEEDBACK_ENABLED`).
#[utoipa::path(get, path = "/api/v1/admin/feedback", tag = "conversations", params(InboxParams),
    security(("bearer" = [])),
    responses(
        (status = 200, body = InboxList),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "FEEDBACK_DISABLED when the flag is off"),
    ))]
pub async fn admin_feedback(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    require_feature(&st, Feature::Feedback)?;
    let actor = authenticate(&req).await?;
    let q: InboxParams = query(&req)?;
    let page = PageQuery { page: q.page.clone(), limit: q.limit.clone() }.request();
    let filter =
        InboxQuery { rating: q.rating, from: q.from, to: q.to, user_id: q.user_id, conversation_id: q.conversation_id };
    let repo = st.ports.conversations.clone();
    let out = blocking(move || rules::feedback_inbox(&*repo, &actor, &filter, page)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(out, InboxItemDto::from)))
}
