//! Routes of the catalog: who the caller is (`/me`), the account's flows (`/trees`), the caller's
//! sessions (`GET /sessions`) and the directory of users and teams. Thin: authenticate, parse the
//! query into the domain's typed query, call `CatalogService`, serialize.

use actix_web::{HttpRequest, HttpResponse, web};
use insights_domain::catalog::{
    DirectoryQuery, DirectoryTeam, DirectoryUser, Profile, SessionListItem, SessionQuery, TreeDetail, TreeNode,
    TreeQuery, TreeSummary,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::flow_feedback::RatingDto;
use super::{authenticate, blocking, path_uuid, query, state};
use crate::dto::{List, PageQuery, Timestamp};
use crate::error::{ApiError, ErrorEnvelope};

#[derive(OpenApi)]
#[openapi(
    paths(me, list_trees, get_tree, list_sessions, list_users, list_teams),
    components(schemas(
        MeDto,
        MeUserDto,
        MeAccountDto,
        FeaturesDto,
        CanDto,
        TreeSummaryDto,
        TreeDetailDto,
        TreeNodeDto,
        SessionListItemDto,
        DirectoryUserDto,
        DirectoryTeamDto,
        List<TreeSummaryDto>,
        List<SessionListItemDto>,
        List<DirectoryUserDto>,
        List<DirectoryTeamDto>
    )),
    tags((name = "catalog", description = "The caller's profile, the account's flows, the caller's sessions, the directory"))
)]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/me", web::get().to(me))
        .route("/trees", web::get().to(list_trees))
        .route("/trees/{tree_id}", web::get().to(get_tree))
        .route("/sessions", web::get().to(list_sessions))
        .route("/directory/users", web::get().to(list_users))
        .route("/directory/teams", web::get().to(list_teams));
}

// ---- queries ----------------------------------------------------------------------------------

/// Query of `GET /trees`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TreesQuery {
    /// Page number, from 1 (default 1).
    pub page: Option<String>,
    /// Items per page, 1..=100 (default 50).
    pub limit: Option<String>,
    /// Case-insensitive substring of the name.
    pub q: Option<String>,
    /// `troubleshooting`, `procedural` or `maintenance`.
    pub tree_type: Option<String>,
}

/// Query of `GET /sessions`.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionsQuery {
    /// Page number, from 1 (default 1).
    pub page: Option<String>,
    /// Items per page, 1..=100 (default 50).
    pub limit: Option<String>,
    /// `in_progress`, `completed` or `all` (default).
    pub status: Option<String>,
    /// Only sessions of this flow.
    pub tree_id: Option<String>,
}

/// Query of the directory lists.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryParams {
    /// Page number, from 1 (default 1).
    pub page: Option<String>,
    /// Items per page, 1..=100 (default 50).
    pub limit: Option<String>,
    /// Case-insensitive substring (users: of the name or the email; teams: of the name).
    pub q: Option<String>,
}

fn page(page: Option<String>, limit: Option<String>) -> insights_domain::page::PageRequest {
    PageQuery { page, limit }.request()
}

// ---- responses --------------------------------------------------------------------------------

/// `GET /me`.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeDto {
    pub user: MeUserDto,
    pub account: MeAccountDto,
    pub features: FeaturesDto,
    pub can: CanDto,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeUserDto {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    /// `super_admin`, `team_admin`, `engineer` or `viewer`.
    pub role: String,
    pub can_view_admin: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeAccountDto {
    pub id: Uuid,
    pub name: String,
    /// IANA time zone name: days and dates are shown in it.
    pub timezone: String,
}

/// The feature flags of the service.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeaturesDto {
    pub feedback_enabled: bool,
    pub nps_enabled: bool,
}

/// What the caller's role allows, whatever the feature flags.
#[derive(Debug, Serialize, ToSchema)]
pub struct CanDto {
    pub team_analytics: bool,
    pub admin_inbox: bool,
    pub nps_read: bool,
    pub nps_manage: bool,
    pub audit: bool,
}

impl MeDto {
    fn new(p: Profile, features: FeaturesDto) -> MeDto {
        MeDto {
            user: MeUserDto {
                id: p.user.id,
                email: p.user.email,
                name: p.user.name,
                role: p.user.role.as_str().to_owned(),
                can_view_admin: p.user.can_view_admin,
            },
            account: MeAccountDto { id: p.account.id, name: p.account.name, timezone: p.account.timezone },
            features,
            can: CanDto {
                team_analytics: p.can.team_analytics,
                admin_inbox: p.can.admin_inbox,
                nps_read: p.can.nps_read,
                nps_manage: p.can.nps_manage,
                audit: p.can.audit,
            },
        }
    }
}

/// A flow of the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct TreeSummaryDto {
    pub id: Uuid,
    pub name: String,
    /// `troubleshooting`, `procedural` or `maintenance`.
    pub tree_type: String,
    pub node_count: i64,
    pub updated_at: Timestamp,
}

impl From<TreeSummary> for TreeSummaryDto {
    fn from(t: TreeSummary) -> Self {
        TreeSummaryDto {
            id: t.id,
            name: t.name,
            tree_type: t.tree_type.as_str().to_owned(),
            node_count: t.node_count,
            updated_at: t.updated_at.into(),
        }
    }
}

/// One node of a flow.
#[derive(Debug, Serialize, ToSchema)]
pub struct TreeNodeDto {
    pub node_id: String,
    pub title: String,
    /// The library step shown at this node (thumbs are given on it); null for other nodes.
    pub step_id: Option<Uuid>,
    pub position: i32,
}

impl From<TreeNode> for TreeNodeDto {
    fn from(n: TreeNode) -> Self {
        TreeNodeDto { node_id: n.node_id, title: n.title, step_id: n.step_id, position: n.position }
    }
}

/// A flow with its nodes by position.
#[derive(Debug, Serialize, ToSchema)]
pub struct TreeDetailDto {
    pub id: Uuid,
    pub name: String,
    pub tree_type: String,
    pub nodes: Vec<TreeNodeDto>,
}

impl From<TreeDetail> for TreeDetailDto {
    fn from(t: TreeDetail) -> Self {
        TreeDetailDto {
            id: t.id,
            name: t.name,
            tree_type: t.tree_type.as_str().to_owned(),
            nodes: t.nodes.into_iter().map(TreeNodeDto::from).collect(),
        }
    }
}

/// One of the caller's sessions: as `GET /sessions/{id}` without `step_feedback`, plus the flow's
/// name.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionListItemDto {
    pub id: Uuid,
    pub tree_id: Uuid,
    pub tree_name: String,
    pub user_id: Uuid,
    pub started_at: Timestamp,
    pub completed_at: Option<Timestamp>,
    /// `resolved`, `escalated`, `workaround`, `unresolved`, or null while in progress.
    pub outcome: Option<String>,
    pub rating: Option<RatingDto>,
}

impl From<SessionListItem> for SessionListItemDto {
    fn from(i: SessionListItem) -> Self {
        let s = i.session;
        SessionListItemDto {
            id: s.id,
            tree_id: s.tree_id,
            tree_name: i.tree_name,
            user_id: s.user_id,
            started_at: s.started_at.into(),
            completed_at: s.completed_at.map(Timestamp),
            outcome: s.outcome.map(|o| o.as_str().to_owned()),
            rating: i.rating.map(RatingDto::from),
        }
    }
}

/// An active user of the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectoryUserDto {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

impl From<DirectoryUser> for DirectoryUserDto {
    fn from(u: DirectoryUser) -> Self {
        DirectoryUserDto { id: u.id, name: u.name, email: u.email }
    }
}

/// A team of the account.
#[derive(Debug, Serialize, ToSchema)]
pub struct DirectoryTeamDto {
    pub id: Uuid,
    pub name: String,
    pub member_count: i64,
}

impl From<DirectoryTeam> for DirectoryTeamDto {
    fn from(t: DirectoryTeam) -> Self {
        DirectoryTeamDto { id: t.id, name: t.name, member_count: t.member_count }
    }
}

// ---- handlers ---------------------------------------------------------------------------------

/// The caller, its account, the feature flags and what its role allows (any role).
#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = MeDto), (status = 401, body = ErrorEnvelope)))]
pub async fn me(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let features = FeaturesDto { feedback_enabled: st.settings.feedback_enabled, nps_enabled: st.settings.nps_enabled };
    let svc = st.services.catalog.clone();
    let p = blocking(move || svc.me(&actor)).await?;
    Ok(HttpResponse::Ok().json(MeDto::new(p, features)))
}

/// The account's flows, by name (case-insensitive) then id (any role).
#[utoipa::path(get, path = "/api/v1/trees", tag = "catalog", params(TreesQuery), security(("bearer" = [])),
    responses(
        (status = 200, body = List<TreeSummaryDto>),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
    ))]
pub async fn list_trees(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let q: TreesQuery = query(&req)?;
    let cmd = TreeQuery::new(q.q.as_deref(), q.tree_type.as_deref(), page(q.page, q.limit))?;
    let svc = st.services.catalog.clone();
    let p = blocking(move || svc.trees(&actor, &cmd)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(p, TreeSummaryDto::from)))
}

/// A flow of the account with its nodes by position (any role).
#[utoipa::path(get, path = "/api/v1/trees/{tree_id}", tag = "catalog",
    params(("tree_id" = Uuid, Path)), security(("bearer" = [])),
    responses(
        (status = 200, body = TreeDetailDto),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "no such flow in the account"),
    ))]
pub async fn get_tree(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let tree_id = path_uuid(&req, "tree_id")?;
    let svc = st.services.catalog.clone();
    let t = blocking(move || svc.tree(&actor, tree_id)).await?;
    Ok(HttpResponse::Ok().json(TreeDetailDto::from(t)))
}

/// The caller's own sessions, newest first (any role).
#[utoipa::path(get, path = "/api/v1/sessions", tag = "catalog", params(SessionsQuery), security(("bearer" = [])),
    responses(
        (status = 200, body = List<SessionListItemDto>),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
    ))]
pub async fn list_sessions(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let q: SessionsQuery = query(&req)?;
    let cmd = SessionQuery::new(q.status.as_deref(), q.tree_id.as_deref(), page(q.page, q.limit))?;
    let svc = st.services.catalog.clone();
    let p = blocking(move || svc.my_sessions(&actor, &cmd)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(p, SessionListItemDto::from)))
}

/// The account's active users, by name then id; `q` matches name or email (any role).
#[utoipa::path(get, path = "/api/v1/directory/users", tag = "catalog", params(DirectoryParams),
    security(("bearer" = [])),
    responses(
        (status = 200, body = List<DirectoryUserDto>),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
    ))]
pub async fn list_users(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let q: DirectoryParams = query(&req)?;
    let cmd = DirectoryQuery::new(q.q.as_deref(), page(q.page, q.limit))?;
    let svc = st.services.catalog.clone();
    let p = blocking(move || svc.users(&actor, &cmd)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(p, DirectoryUserDto::from)))
}

/// The account's teams with their member counts, by name then id; `q` matches the name (any role).
#[utoipa::path(get, path = "/api/v1/directory/teams", tag = "catalog", params(DirectoryParams),
    security(("bearer" = [])),
    responses(
        (status = 200, body = List<DirectoryTeamDto>),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
    ))]
pub async fn list_teams(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let q: DirectoryParams = query(&req)?;
    let cmd = DirectoryQuery::new(q.q.as_deref(), page(q.page, q.limit))?;
    let svc = st.services.catalog.clone();
    let p = blocking(move || svc.teams(&actor, &cmd)).await?;
    Ok(HttpResponse::Ok().json(List::from_page(p, DirectoryTeamDto::from)))
}
