//! Routes of the flow feedback capability: sessions, step thumbs, session CSAT and the ratings of
//! a flow. Thin: authenticate, parse into the domain's commands, call the [`FeedbackService`],
//! serialize.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use insights_domain::feedback::{
    CompleteSession, Csat, FeedbackService, RateSession, RatingFilter, RecordThumb, Session, SessionDetail,
    SessionRating, StepThumb, ThumbResult, ThumbStatus, TreeRatingItem,
};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use super::{authenticate, blocking, json_body, path_uuid, query, state};
use crate::dto::{List, PageQuery, Timestamp, whole_number};
use crate::error::{ApiError, ErrorEnvelope};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    paths(
        create_session,
        complete_session,
        get_session,
        post_thumb,
        delete_thumb,
        rate_session,
        get_session_rating,
        list_tree_ratings
    ),
    components(schemas(
        CreateSessionBody,
        CompleteSessionBody,
        ThumbBody,
        RateBody,
        SessionDto,
        SessionDetailDto,
        StepFeedbackDto,
        ThumbDto,
        RatingDto,
        TreeRatingDto,
        List<TreeRatingDto>
    )),
    tags((name = "flow feedback", description = "Sessions, step thumbs, session CSAT and the ratings of a flow"))
)]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/sessions", web::post().to(create_session))
        .route("/sessions/{session_id}", web::get().to(get_session))
        .route("/sessions/{session_id}/complete", web::post().to(complete_session))
        .route("/sessions/{session_id}/rate", web::post().to(rate_session))
        .route("/sessions/{session_id}/rating", web::get().to(get_session_rating))
        .route("/steps/{step_id}/feedback", web::post().to(post_thumb))
        .route("/steps/{step_id}/feedback/{session_id}", web::delete().to(delete_thumb))
        .route("/trees/{tree_id}/ratings", web::get().to(list_tree_ratings));
}

// ---- request bodies ---------------------------------------------------------------------------

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSessionBody {
    pub tree_id: Uuid,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteSessionBody {
    /// `resolved`, `escalated`, `workaround` or `unresolved`.
    #[schema(value_type = crate::dto::doc::Outcome, example = "resolved")]
    pub outcome: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThumbBody {
    pub session_id: Uuid,
    pub was_helpful: bool,
    /// The node of the session's flow; required when the flow uses the step at several nodes.
    pub node_id: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RateBody {
    /// A whole number from 1 to 5 (`4` and `4.0` are the same).
    #[schema(value_type = i64, minimum = 1, maximum = 5, example = 4)]
    pub rating: Option<crate::dto::RawJson>,
    /// Trimmed; empty becomes null; at most 500 characters.
    pub comment: Option<String>,
}

/// Query of `GET /trees/{tree_id}/ratings`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RatingsQuery {
    /// Page number, from 1 (default 1).
    pub page: Option<String>,
    /// Items per page, 1..=100 (default 50).
    pub limit: Option<String>,
    /// Only ratings of at least this score (1..=5).
    pub min_rating: Option<String>,
    /// Only ratings of at most this score (1..=5).
    pub max_rating: Option<String>,
    /// `true`: only ratings with a comment.
    pub with_comment: Option<String>,
}

impl TryFrom<CompleteSessionBody> for CompleteSession {
    type Error = ApiError;

    fn try_from(b: CompleteSessionBody) -> Result<Self, ApiError> {
        Ok(CompleteSession::new(&b.outcome)?)
    }
}

impl TryFrom<ThumbBody> for RecordThumb {
    type Error = ApiError;

    fn try_from(b: ThumbBody) -> Result<Self, ApiError> {
        Ok(RecordThumb::new(b.session_id, b.was_helpful, b.node_id.as_deref())?)
    }
}

impl TryFrom<RateBody> for RateSession {
    type Error = ApiError;

    fn try_from(b: RateBody) -> Result<Self, ApiError> {
        let rating = whole_number("rating", b.rating.as_ref(), Csat::RULE)?;
        Ok(RateSession::new(rating, b.comment.as_deref())?)
    }
}

impl TryFrom<&RatingsQuery> for RatingFilter {
    type Error = ApiError;

    fn try_from(q: &RatingsQuery) -> Result<Self, ApiError> {
        Ok(RatingFilter::parse(q.min_rating.as_deref(), q.max_rating.as_deref(), q.with_comment.as_deref())?)
    }
}

// ---- responses --------------------------------------------------------------------------------

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    pub id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    /// `resolved`, `escalated`, `workaround`, `unresolved`, or null while in progress.
    pub outcome: Option<String>,
}

impl From<Session> for SessionDto {
    fn from(s: Session) -> Self {
        SessionDto {
            id: s.id,
            tree_id: s.tree_id,
            user_id: s.user_id,
            started_at: s.started_at.into(),
            completed_at: s.completed_at.map(Timestamp),
            outcome: s.outcome.map(|o| o.as_str().to_owned()),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StepFeedbackDto {
    pub step_id: Uuid,
    /// Null for thumbs recorded without a node.
    pub node_id: Option<String>,
    pub was_helpful: bool,
    pub updated_at: Timestamp,
}

impl From<StepThumb> for StepFeedbackDto {
    fn from(t: StepThumb) -> Self {
        StepFeedbackDto {
            step_id: t.step_id,
            node_id: t.node_id,
            was_helpful: t.was_helpful,
            updated_at: t.updated_at.into(),
        }
    }
}

/// A session with its CSAT and the thumbs of its user.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDetailDto {
    pub id: Uuid,
    pub tree_id: Uuid,
    pub user_id: Uuid,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    pub outcome: Option<String>,
    pub rating: Option<RatingDto>,
    pub step_feedback: Vec<StepFeedbackDto>,
}

impl From<SessionDetail> for SessionDetailDto {
    fn from(d: SessionDetail) -> Self {
        let s = SessionDto::from(d.session);
        SessionDetailDto {
            id: s.id,
            tree_id: s.tree_id,
            user_id: s.user_id,
            started_at: s.started_at,
            completed_at: s.completed_at,
            outcome: s.outcome,
            rating: d.rating.map(RatingDto::from),
            step_feedback: d.step_feedback.into_iter().map(StepFeedbackDto::from).collect(),
        }
    }
}

/// A thumb and the step's counters after the write.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThumbDto {
    pub step_id: Uuid,
    pub session_id: Uuid,
    pub node_id: String,
    pub was_helpful: bool,
    pub helpful_yes: i32,
    pub helpful_no: i32,
}

impl From<ThumbResult> for ThumbDto {
    fn from(r: ThumbResult) -> Self {
        ThumbDto {
            step_id: r.step_id,
            session_id: r.session_id,
            node_id: r.node_id,
            was_helpful: r.was_helpful,
            helpful_yes: r.helpful_yes,
            helpful_no: r.helpful_no,
        }
    }
}

/// The CSAT of a session.
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingDto {
    pub id: Uuid,
    pub session_id: Uuid,
    pub tree_id: Uuid,
    #[schema(minimum = 1, maximum = 5)]
    pub rating: i32,
    pub comment: Option<String>,
    pub created_at: Timestamp,
}

impl From<SessionRating> for RatingDto {
    fn from(r: SessionRating) -> Self {
        RatingDto {
            id: r.id,
            session_id: r.session_id,
            tree_id: r.tree_id,
            rating: r.rating,
            comment: r.comment,
            created_at: r.created_at.into(),
        }
    }
}

/// One CSAT in the list of a flow.
#[derive(Debug, Serialize, ToSchema)]
pub struct TreeRatingDto {
    pub id: Uuid,
    pub session_id: Uuid,
    #[schema(minimum = 1, maximum = 5)]
    pub rating: i32,
    pub comment: Option<String>,
    pub user_id: Uuid,
    pub user_name: String,
    pub created_at: Timestamp,
}

impl From<TreeRatingItem> for TreeRatingDto {
    fn from(r: TreeRatingItem) -> Self {
        TreeRatingDto {
            id: r.id,
            session_id: r.session_id,
            rating: r.rating,
            comment: r.comment,
            user_id: r.user_id,
            user_name: r.user_name,
            created_at: r.created_at.into(),
        }
    }
}

// ---- handlers ---------------------------------------------------------------------------------

fn service(st: &AppState) -> FeedbackService {
    st.services.feedback.clone()
}

/// Starts a session of a flow of the caller's account (any role).
#[utoipa::path(post, path = "/api/v1/sessions", tag = "flow feedback", request_body = CreateSessionBody,
    security(("bearer" = [])),
    responses(
        (status = 201, body = SessionDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "no such flow in the account"),
    ))]
pub async fn create_session(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let input: CreateSessionBody = json_body(&req, &body)?;
    let svc = service(&st);
    let s = blocking(move || svc.start_session(&actor, input.tree_id, Utc::now())).await?;
    Ok(HttpResponse::Created().json(SessionDto::from(s)))
}

/// Completes the caller's own session (admins too get 403 on others' sessions).
#[utoipa::path(post, path = "/api/v1/sessions/{session_id}/complete", tag = "flow feedback",
    params(("session_id" = Uuid, Path)), request_body = CompleteSessionBody, security(("bearer" = [])),
    responses(
        (status = 200, body = SessionDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "SESSION_ALREADY_COMPLETED"),
    ))]
pub async fn complete_session(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let session_id = path_uuid(&req, "session_id")?;
    let cmd = CompleteSession::try_from(json_body::<CompleteSessionBody>(&req, &body)?)?;
    let svc = service(&st);
    let s = blocking(move || svc.complete_session(&actor, session_id, cmd, Utc::now())).await?;
    Ok(HttpResponse::Ok().json(SessionDto::from(s)))
}

/// A session with its CSAT and its user's thumbs (the session's user, or an admin).
#[utoipa::path(get, path = "/api/v1/sessions/{session_id}", tag = "flow feedback",
    params(("session_id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 200, body = SessionDetailDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
    ))]
pub async fn get_session(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let session_id = path_uuid(&req, "session_id")?;
    let svc = service(&st);
    let d = blocking(move || svc.session_detail(&actor, session_id)).await?;
    Ok(HttpResponse::Ok().json(SessionDetailDto::from(d)))
}

/// Thumbs up or down on a step, in one of the caller's sessions. 201 for the first thumb of
/// (step, user, session), 200 afterwards (unchanged, or updated to the new value or node).
#[utoipa::path(post, path = "/api/v1/steps/{step_id}/feedback", tag = "flow feedback",
    params(("step_id" = Uuid, Path)), request_body = ThumbBody, security(("bearer" = [])),
    responses(
        (status = 201, body = ThumbDto, description = "first thumb"),
        (status = 200, body = ThumbDto, description = "same thumb again, or changed value or node"),
        (status = 400, body = ErrorEnvelope, description = "bad body, or node_id missing while the flow uses the step at several nodes"),
        (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope, description = "not the caller's session"),
        (status = 404, body = ErrorEnvelope, description = "no such step, session or node"),
    ))]
pub async fn post_thumb(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let step_id = path_uuid(&req, "step_id")?;
    let cmd = RecordThumb::try_from(json_body::<ThumbBody>(&req, &body)?)?;
    let svc = service(&st);
    let r = blocking(move || svc.record_thumb(&actor, step_id, cmd, Utc::now())).await?;
    if r.status != ThumbStatus::Unchanged {
        st.metrics.thumbs.with_label_values(&[if r.was_helpful { "up" } else { "down" }]).inc();
    }
    let mut res = if r.status == ThumbStatus::Created { HttpResponse::Created() } else { HttpResponse::Ok() };
    Ok(res.json(ThumbDto::from(r)))
}

/// Removes the caller's thumb on a step in one of its sessions.
#[utoipa::path(delete, path = "/api/v1/steps/{step_id}/feedback/{session_id}", tag = "flow feedback",
    params(("step_id" = Uuid, Path), ("session_id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 204, description = "the thumb is gone"),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope, description = "no thumb, step or session"),
    ))]
pub async fn delete_thumb(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let step_id = path_uuid(&req, "step_id")?;
    let session_id = path_uuid(&req, "session_id")?;
    let svc = service(&st);
    blocking(move || svc.remove_thumb(&actor, step_id, session_id)).await?;
    st.metrics.thumbs.with_label_values(&["removed"]).inc();
    Ok(HttpResponse::NoContent().finish())
}

/// Rates the caller's completed session (CSAT 1..=5 and an optional comment), once.
#[utoipa::path(post, path = "/api/v1/sessions/{session_id}/rate", tag = "flow feedback",
    params(("session_id" = Uuid, Path)), request_body = RateBody, security(("bearer" = [])),
    responses(
        (status = 201, body = RatingDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "SESSION_NOT_COMPLETED or ALREADY_RATED"),
    ))]
pub async fn rate_session(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let session_id = path_uuid(&req, "session_id")?;
    let cmd = RateSession::try_from(json_body::<RateBody>(&req, &body)?)?;
    let svc = service(&st);
    let r = blocking(move || svc.rate_session(&actor, session_id, cmd, Utc::now())).await?;
    st.metrics.csat.inc();
    Ok(HttpResponse::Created().json(RatingDto::from(r)))
}

/// The CSAT of a session (the session's user, or an admin); 404 when it has none.
#[utoipa::path(get, path = "/api/v1/sessions/{session_id}/rating", tag = "flow feedback",
    params(("session_id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 200, body = RatingDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "no such session, or not rated"),
    ))]
pub async fn get_session_rating(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let session_id = path_uuid(&req, "session_id")?;
    let svc = service(&st);
    let r = blocking(move || svc.session_rating(&actor, session_id)).await?;
    Ok(HttpResponse::Ok().json(RatingDto::from(r)))
}

/// The CSAT ratings of a flow of the caller's account (any role), newest first.
#[utoipa::path(get, path = "/api/v1/trees/{tree_id}/ratings", tag = "flow feedback",
    params(("tree_id" = Uuid, Path), RatingsQuery), security(("bearer" = [])),
    responses(
        (status = 200, body = List<TreeRatingDto>),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "no such flow in the account"),
    ))]
pub async fn list_tree_ratings(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let tree_id = path_uuid(&req, "tree_id")?;
    let q: RatingsQuery = query(&req)?;
    let filter = RatingFilter::try_from(&q)?;
    let page = PageQuery { page: q.page, limit: q.limit }.request();
    let svc = service(&st);
    let p = blocking(move || svc.tree_ratings(&actor, tree_id, filter, page)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(p, TreeRatingDto::from)))
}
