//! Routes of the nps capability: the survey (`/nps/active`, `POST /nps`), campaign management
//! (`/admin/nps/campaigns`) and the admin dashboard (`/admin/nps`). Behind `NPS_ENABLED`: when
//! off, every endpoint answers 404 `NPS_DISABLED` before authentication, except `/nps/active`,
//! which answers `{ "active": false }` to anyone.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, SubsecRound, Utc};
use insights_domain::nps::{
    self, ActiveSurvey, CampaignView, Dashboard, NewCampaign, NewResponse, NpsResponse, NpsScore, RecentResponse,
    TrendPoint,
};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use super::{authenticate, blocking, json_body, path_uuid, query, require_feature, state};
use crate::dto::{List, PageQuery, Timestamp, uuid_param, whole_number};
use crate::error::{ApiError, ErrorEnvelope, Feature};

#[derive(OpenApi)]
#[openapi(
    paths(active_survey, submit_response, create_campaign, list_campaigns, stop_campaign, dashboard),
    components(schemas(
        ActiveSurveyDto,
        ActiveCampaignDto,
        SubmitResponseBody,
        NpsResponseDto,
        CreateCampaignBody,
        CampaignDto,
        CampaignStatusDto,
        DashboardDto,
        ConfidenceDto,
        BreakdownDto,
        TrendPointDto,
        RecentResponseDto,
    )),
    tags((name = "nps", description = "NPS campaigns, survey and analytics (behind NPS_ENABLED)"))
)]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/nps/active", web::get().to(active_survey))
        .route("/nps", web::post().to(submit_response))
        .route("/admin/nps", web::get().to(dashboard))
        .route("/admin/nps/campaigns", web::get().to(list_campaigns))
        .route("/admin/nps/campaigns", web::post().to(create_campaign))
        .route("/admin/nps/campaigns/{id}/stop", web::post().to(stop_campaign));
}

/// Now, at the storage's precision (microseconds), so that what is written is what is read.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

// ---- shapes -------------------------------------------------------------------------------------

/// Computed at read time from the current instant.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatusDto {
    Scheduled,
    Active,
    Ended,
}

impl From<nps::CampaignStatus> for CampaignStatusDto {
    fn from(s: nps::CampaignStatus) -> Self {
        match s {
            nps::CampaignStatus::Scheduled => CampaignStatusDto::Scheduled,
            nps::CampaignStatus::Active => CampaignStatusDto::Active,
            nps::CampaignStatus::Ended => CampaignStatusDto::Ended,
        }
    }
}

/// A campaign with its responses.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: Uuid,
    pub name: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub status: CampaignStatusDto,
    /// User id of the creator (null when that user was deleted).
    pub created_by: Option<Uuid>,
    pub created_at: Timestamp,
    pub stopped_by: Option<Uuid>,
    pub stopped_at: Option<Timestamp>,
    pub response_count: i64,
    /// Respondents among the account's active users / active users, 3 decimals; null when the
    /// account has no active user.
    pub response_rate: Option<f64>,
}

impl From<CampaignView> for CampaignDto {
    fn from(v: CampaignView) -> Self {
        let c = v.campaign;
        CampaignDto {
            id: c.id,
            name: c.name,
            starts_at: c.starts_at.into(),
            ends_at: c.ends_at.into(),
            status: v.status.into(),
            created_by: c.created_by,
            created_at: c.created_at.into(),
            stopped_by: c.stopped_by,
            stopped_at: c.stopped_at.map(Timestamp),
            response_count: v.response_count,
            response_rate: v.response_rate,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActiveCampaignDto {
    pub id: Uuid,
    pub name: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
}

/// `{ "active": false }`, or the active campaign with the question to ask.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActiveSurveyDto {
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<ActiveCampaignDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub already_responded: Option<bool>,
    /// `How well does <app_name> help you get your work done?`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
}

impl ActiveSurveyDto {
    fn inactive() -> Self {
        ActiveSurveyDto { active: false, campaign: None, already_responded: None, question: None }
    }

    fn from_survey(s: Option<ActiveSurvey>, app_name: &str) -> Self {
        let Some(s) = s else { return Self::inactive() };
        ActiveSurveyDto {
            active: true,
            campaign: Some(ActiveCampaignDto {
                id: s.campaign.id,
                name: s.campaign.name,
                starts_at: s.campaign.starts_at.into(),
                ends_at: s.campaign.ends_at.into(),
            }),
            already_responded: Some(s.already_responded),
            question: Some(format!("How well does {app_name} help you get your work done?")),
        }
    }
}

/// A survey answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitResponseBody {
    /// A whole number from 0 to 10 (`9` and `9.0` are accepted).
    #[schema(value_type = i64, minimum = 0, maximum = 10)]
    pub score: Option<crate::dto::RawJson>,
    /// Trimmed; empty means none; at most 1000 characters.
    pub comment: Option<String>,
    /// An active campaign of the account; without it the response is stored unattached.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub campaign_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NpsResponseDto {
    pub id: Uuid,
    pub score: u8,
    pub comment: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub created_at: Timestamp,
}

impl From<NpsResponse> for NpsResponseDto {
    fn from(r: NpsResponse) -> Self {
        NpsResponseDto {
            id: r.id,
            score: r.score,
            comment: r.comment,
            campaign_id: r.campaign_id,
            created_at: r.created_at.into(),
        }
    }
}

/// A campaign to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCampaignBody {
    /// Trimmed, 1..=200 characters.
    #[schema(value_type = String, example = "Q1 NPS")]
    pub name: Option<serde_json::Value>,
    /// RFC 3339 (any offset) or `YYYY-MM-DD` (midnight UTC).
    #[schema(value_type = String, example = "2026-01-01")]
    pub starts_at: Option<serde_json::Value>,
    /// Strictly after `starts_at`; RFC 3339 or `YYYY-MM-DD`.
    #[schema(value_type = String, example = "2026-01-31T23:59:59Z")]
    pub ends_at: Option<serde_json::Value>,
}

/// A date as text for the domain: missing or null is `None`; another JSON value keeps its text
/// and fails the date check.
fn date_text(v: Option<serde_json::Value>) -> Option<String> {
    match v {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    }
}

impl TryFrom<CreateCampaignBody> for NewCampaign {
    type Error = ApiError;

    fn try_from(b: CreateCampaignBody) -> Result<Self, ApiError> {
        let name = match b.name {
            Some(serde_json::Value::String(s)) => Some(s),
            _ => None,
        };
        let (starts_at, ends_at) = (date_text(b.starts_at), date_text(b.ends_at));
        Ok(NewCampaign::new(name.as_deref(), starts_at.as_deref(), ends_at.as_deref())?)
    }
}

impl TryFrom<SubmitResponseBody> for NewResponse {
    type Error = ApiError;

    /// The score, then the campaign id, then the comment.
    fn try_from(b: SubmitResponseBody) -> Result<Self, ApiError> {
        let score = NpsScore::new(whole_number("score", b.score.as_ref(), NpsScore::RULE)?)?;
        let campaign_id = uuid_param("campaign_id", b.campaign_id.as_deref())?;
        Ok(NewResponse::new(score, b.comment.as_deref(), campaign_id)?)
    }
}

/// The 95 % interval of the score (null with fewer than 2 responses).
#[derive(Debug, Serialize, ToSchema)]
pub struct ConfidenceDto {
    pub low: i64,
    pub high: i64,
    /// Always 0.95.
    pub level: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BreakdownDto {
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
    pub promoter_pct: Option<i64>,
    pub passive_pct: Option<i64>,
    pub detractor_pct: Option<i64>,
}

/// One day of the trend, in the account's time zone.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendPointDto {
    #[schema(example = "2026-02-01")]
    pub date: String,
    pub count: i64,
    pub avg_score: Option<f64>,
    pub nps: Option<i64>,
}

impl From<TrendPoint> for TrendPointDto {
    fn from(p: TrendPoint) -> Self {
        TrendPointDto {
            date: p.date.format("%Y-%m-%d").to_string(),
            count: p.count,
            avg_score: p.avg_score,
            nps: p.nps,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecentResponseDto {
    pub id: Uuid,
    pub user_id: Uuid,
    pub user_name: String,
    pub user_email: String,
    pub score: u8,
    pub comment: Option<String>,
    pub campaign_id: Option<Uuid>,
    pub created_at: Timestamp,
}

impl From<RecentResponse> for RecentResponseDto {
    fn from(r: RecentResponse) -> Self {
        RecentResponseDto {
            id: r.id,
            user_id: r.user_id,
            user_name: r.user_name,
            user_email: r.user_email,
            score: r.score,
            comment: r.comment,
            campaign_id: r.campaign_id,
            created_at: r.created_at.into(),
        }
    }
}

/// The admin NPS page.
#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardDto {
    pub nps_score: Option<i64>,
    pub total_responses: i64,
    pub confidence: Option<ConfidenceDto>,
    pub breakdown: BreakdownDto,
    /// Exactly 30 daily buckets, oldest first, the last one today.
    pub trend: Vec<TrendPointDto>,
    /// At most 20, newest first.
    pub recent_responses: Vec<RecentResponseDto>,
    /// Every campaign of the account, never filtered, newest first.
    pub campaigns: Vec<CampaignDto>,
}

impl From<Dashboard> for DashboardDto {
    fn from(d: Dashboard) -> Self {
        let s = d.summary;
        DashboardDto {
            nps_score: s.nps_score,
            total_responses: s.total,
            confidence: s.confidence.map(|c| ConfidenceDto { low: c.low, high: c.high, level: nps::CONFIDENCE_LEVEL }),
            breakdown: BreakdownDto {
                promoters: s.counts.promoters,
                passives: s.counts.passives,
                detractors: s.counts.detractors,
                promoter_pct: s.promoter_pct,
                passive_pct: s.passive_pct,
                detractor_pct: s.detractor_pct,
            },
            trend: d.trend.into_iter().map(TrendPointDto::from).collect(),
            recent_responses: d.recent.into_iter().map(RecentResponseDto::from).collect(),
            campaigns: d.campaigns.into_iter().map(CampaignDto::from).collect(),
        }
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// Only this campaign's responses (a campaign of the account); empty means every response.
    #[param(value_type = Option<String>, pattern = r"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$")]
    pub campaign_id: Option<String>,
}

// ---- handlers -----------------------------------------------------------------------------------

/// The campaign active now, if any, and whether the caller answered it (any role). With NPS off:
/// `{ "active": false }` to anyone, without authentication.
#[utoipa::path(get, path = "/api/v1/nps/active", tag = "nps", security(("bearer" = [])), responses(
    (status = 200, body = ActiveSurveyDto),
    (status = 401, body = ErrorEnvelope),
))]
pub async fn active_survey(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    if !st.settings.nps_enabled {
        return Ok(HttpResponse::Ok().json(ActiveSurveyDto::inactive()));
    }
    let actor = authenticate(&req).await?;
    let svc = st.services.nps.clone();
    let survey = blocking(move || svc.active_survey(&actor, now())).await?;
    Ok(HttpResponse::Ok().json(ActiveSurveyDto::from_survey(survey, &st.settings.app_name)))
}

/// Answers the survey (any role; the user comes from the token).
#[utoipa::path(post, path = "/api/v1/nps", tag = "nps", security(("bearer" = [])), request_body = SubmitResponseBody,
    responses(
        (status = 201, body = NpsResponseDto),
        (status = 400, body = ErrorEnvelope, description = "bad score, comment or campaign id"),
        (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "NOT_FOUND: no such campaign; NPS_DISABLED"),
        (status = 409, body = ErrorEnvelope, description = "CAMPAIGN_NOT_ACTIVE or ALREADY_RESPONDED"),
    ))]
pub async fn submit_response(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    require_feature(&st, Feature::Nps)?;
    let actor = authenticate(&req).await?;
    let new = NewResponse::try_from(json_body::<SubmitResponseBody>(&req, &body)?)?;
    let svc = st.services.nps.clone();
    let out = blocking(move || svc.submit_response(&actor, new, now())).await?;
    st.metrics.nps_responses.inc();
    Ok(HttpResponse::Created().json(NpsResponseDto::from(out)))
}

/// Creates a campaign (admins). Campaigns of one account may not overlap (closed ranges,
/// touching included).
#[utoipa::path(post, path = "/api/v1/admin/nps/campaigns", tag = "nps", security(("bearer" = [])),
    request_body = CreateCampaignBody,
    responses(
        (status = 201, body = CampaignDto),
        (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope, description = "not an admin"),
        (status = 404, body = ErrorEnvelope, description = "NPS_DISABLED"),
        (status = 409, body = ErrorEnvelope, description = "CAMPAIGN_OVERLAP, naming the overlapped campaign"),
    ))]
pub async fn create_campaign(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    require_feature(&st, Feature::Nps)?;
    let actor = authenticate(&req).await?;
    actor.require_admin()?;
    let new = NewCampaign::try_from(json_body::<CreateCampaignBody>(&req, &body)?)?;
    let svc = st.services.nps.clone();
    let out = blocking(move || svc.create_campaign(&actor, new, now())).await?;
    Ok(HttpResponse::Created().json(CampaignDto::from(out)))
}

/// The account's campaigns, newest first (admin viewers).
#[utoipa::path(get, path = "/api/v1/admin/nps/campaigns", tag = "nps", security(("bearer" = [])), params(PageQuery),
    responses(
        (status = 200, body = List<CampaignDto>),
        (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "NPS_DISABLED"),
    ))]
pub async fn list_campaigns(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    require_feature(&st, Feature::Nps)?;
    let actor = authenticate(&req).await?;
    actor.require_admin_viewer()?;
    let page = query::<PageQuery>(&req)?.request();
    let svc = st.services.nps.clone();
    let out = blocking(move || svc.list_campaigns(&actor, page, now())).await?;
    Ok(HttpResponse::Ok().json(List::from_page(out, CampaignDto::from)))
}

/// Stops a campaign now (admins): `ends_at = now`. A scheduled campaign stopped before its start
/// is cancelled and blocks no other.
#[utoipa::path(post, path = "/api/v1/admin/nps/campaigns/{id}/stop", tag = "nps", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "campaign id")),
    responses(
        (status = 200, body = CampaignDto),
        (status = 400, body = ErrorEnvelope, description = "id is not a UUID"),
        (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "NOT_FOUND or NPS_DISABLED"),
        (status = 409, body = ErrorEnvelope, description = "CAMPAIGN_ALREADY_ENDED"),
    ))]
pub async fn stop_campaign(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    require_feature(&st, Feature::Nps)?;
    let actor = authenticate(&req).await?;
    actor.require_admin()?;
    let id = path_uuid(&req, "id")?;
    let svc = st.services.nps.clone();
    let out = blocking(move || svc.stop_campaign(&actor, id, now())).await?;
    Ok(HttpResponse::Ok().json(CampaignDto::from(out)))
}

/// Score, breakdown, interval, 30-day trend and newest responses, of every response of the
/// account or of one campaign's; and every campaign (admin viewers).
#[utoipa::path(get, path = "/api/v1/admin/nps", tag = "nps", security(("bearer" = [])), params(DashboardQuery),
    responses(
        (status = 200, body = DashboardDto),
        (status = 400, body = ErrorEnvelope, description = "campaign_id is not a UUID"),
        (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope, description = "NOT_FOUND: no such campaign; NPS_DISABLED"),
    ))]
pub async fn dashboard(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    require_feature(&st, Feature::Nps)?;
    let actor = authenticate(&req).await?;
    actor.require_admin_viewer()?;
    let q = query::<DashboardQuery>(&req)?;
    let campaign_id = uuid_param("campaign_id", q.campaign_id.as_deref().filter(|s| !s.trim().is_empty()))?;
    let svc = st.services.nps.clone();
    let out = blocking(move || svc.dashboard(&actor, campaign_id, now())).await?;
    Ok(HttpResponse::Ok().json(DashboardDto::from(out)))
}
