//! Routes of the conversations capability: conversations and messages, message feedback, sharing
//! and the admin feedback inbox. Thin: authenticate, parse into the domain's commands, call the
//! [`ConversationService`], serialize.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use insights_domain::conversations::{
    ConversationService, InboxQuery, ListScope, PostMessage, RateMessage, Share, Title, UpdateShare,
};
use utoipa::OpenApi;

use super::{authenticate, blocking, json_body, path_str, path_uuid, query, require_feature, state};
use crate::dto::{List, PageQuery};
use crate::error::{ApiError, ErrorEnvelope, Feature};
use crate::state::AppState;

mod dto;

pub use dto::*;

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

fn service(st: &AppState) -> ConversationService {
    st.services.conversations.clone()
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
    let title = Title::try_from(json_body::<TitleBody>(&req, &body)?)?;
    let svc = service(&st);
    let out = blocking(move || svc.create_conversation(&actor, title, Utc::now())).await?;
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
    let scope = ListScope::parse(q.scope.as_deref())?;
    let svc = service(&st);
    let out = blocking(move || svc.list_conversations(&actor, scope, page)).await?;
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
    let svc = service(&st);
    let out = blocking(move || svc.get_conversation(&actor, id)).await?;
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
    let title = Title::try_from(json_body::<TitleBody>(&req, &body)?)?;
    let svc = service(&st);
    let out = blocking(move || svc.rename_conversation(&actor, id, title, Utc::now())).await?;
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
    let svc = service(&st);
    blocking(move || svc.delete_conversation(&actor, id, Utc::now())).await?;
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
    let svc = service(&st);
    let out = blocking(move || svc.list_messages(&actor, id, page)).await?;
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
    let cmd = PostMessage::try_from(json_body::<MessageBody>(&req, &body)?)?;
    let svc = service(&st);
    let (msg, created) = blocking(move || svc.post_message(&actor, id, cmd, Utc::now())).await?;
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
    let cmd = RateMessage::try_from(json_body::<FeedbackBody>(&req, &body)?)?;
    let svc = service(&st);
    let out = blocking(move || svc.put_feedback(&actor, &key, cmd, Utc::now())).await?;
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
    let svc = service(&st);
    blocking(move || svc.delete_feedback(&actor, &key)).await?;
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
    let svc = service(&st);
    let out = blocking(move || svc.get_sharing(&actor, id)).await?;
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
    let cmd = Share::try_from(json_body::<ShareBody>(&req, &body)?)?;
    let svc = service(&st);
    let out = blocking(move || svc.share(&actor, id, cmd, Utc::now())).await?;
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
    let cmd = UpdateShare::try_from(json_body::<ShareUpdateBody>(&req, &body)?)?;
    let svc = service(&st);
    let out = blocking(move || svc.update_share(&actor, id, cmd)).await?;
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
    let svc = service(&st);
    blocking(move || svc.unshare_user(&actor, id, user_id, Utc::now())).await?;
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
    let svc = service(&st);
    blocking(move || svc.unshare_team(&actor, id, team_id)).await?;
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
    actor.require_admin_viewer()?;
    let q: InboxParams = query(&req)?;
    let page = PageQuery { page: q.page.clone(), limit: q.limit.clone() }.request();
    let filter = InboxQuery::try_from(&q)?;
    let svc = service(&st);
    let out = blocking(move || svc.feedback_inbox(&actor, filter, page)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(out, InboxItemDto::from)))
}
