//! Analytics: team, personal and per-flow dashboards, and the account's time zone.

mod dto;

use dto as dash;

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::Utc;
use insights_domain::period::Period;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::{authenticate, blocking, json_body, path_uuid, query, state};
use crate::dto::uuid_param;
use crate::error::{ApiError, ErrorEnvelope};

#[derive(OpenApi)]
#[openapi(
    paths(team, me, flow, set_timezone),
    components(schemas(
        dash::TeamDashboard,
        dash::PersonalDashboard,
        dash::FlowDashboard,
        dash::PeriodInfo,
        dash::Summary,
        dash::FlowSummary,
        dash::OutcomeBreakdown,
        dash::DayPoint,
        dash::FlowDayPoint,
        dash::TopFlow,
        dash::TopEngineer,
        dash::StepFeedback,
        dash::RatingDistribution,
        dash::RecentComment,
        TimezoneBody
    ))
)]
pub struct Doc;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/analytics/team", web::get().to(team))
        .route("/analytics/me", web::get().to(me))
        .route("/analytics/flows/{tree_id}", web::get().to(flow))
        .route("/admin/account/timezone", web::put().to(set_timezone));
}

/// The window: a preset or a custom range of dates (both or neither), not both.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// `7d`, `30d` or `90d` (default `30d`).
    #[param(value_type = Option<crate::dto::doc::Period>)]
    pub period: Option<String>,
    /// First day (`YYYY-MM-DD`, in the account's time zone), with `to`.
    pub from: Option<String>,
    /// Last day, inclusive, with `from`; at most 366 days.
    pub to: Option<String>,
    /// Team view only: scope every figure to this engineer of the account.
    pub engineer_id: Option<String>,
}

impl PeriodQuery {
    fn period(&self) -> Result<Period, ApiError> {
        Ok(Period::parse(self.period.as_deref(), self.from.as_deref(), self.to.as_deref())?)
    }
}

/// Team analytics (admins).
#[utoipa::path(get, path = "/api/v1/analytics/team", tag = "analytics", params(PeriodQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = dash::TeamDashboard),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope, description = "engineer not in the account"),
    ))]
pub async fn team(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    actor.require_admin()?;
    let q: PeriodQuery = query(&req)?;
    let period = q.period()?;
    let engineer = uuid_param("engineer_id", q.engineer_id.as_deref())?;
    let svc = st.services.analytics.clone();
    let out = blocking(move || svc.team(&actor, period, engineer, Utc::now())).await?;
    Ok(HttpResponse::Ok().json(dash::TeamDashboard::from(out)))
}

/// Personal analytics (any role).
#[utoipa::path(get, path = "/api/v1/analytics/me", tag = "analytics", params(PeriodQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = dash::PersonalDashboard),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
    ))]
pub async fn me(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let period = query::<PeriodQuery>(&req)?.period()?;
    let svc = st.services.analytics.clone();
    let out = blocking(move || svc.me(&actor, period, Utc::now())).await?;
    Ok(HttpResponse::Ok().json(dash::PersonalDashboard::from(out)))
}

/// Analytics of one flow (any role in the account).
#[utoipa::path(get, path = "/api/v1/analytics/flows/{tree_id}", tag = "analytics",
    params(("tree_id" = uuid::Uuid, Path, description = "the flow"), PeriodQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, body = dash::FlowDashboard),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope),
    ))]
pub async fn flow(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    let tree_id = path_uuid(&req, "tree_id")?;
    let period = query::<PeriodQuery>(&req)?.period()?;
    let svc = st.services.analytics.clone();
    let out = blocking(move || svc.flow(&actor, tree_id, period, Utc::now())).await?;
    Ok(HttpResponse::Ok().json(dash::FlowDashboard::from(out)))
}

/// `{ timezone }`: an IANA time zone name.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimezoneBody {
    pub timezone: String,
}

/// Sets the account's time zone (admins) and rebuilds its rollups.
#[utoipa::path(put, path = "/api/v1/admin/account/timezone", tag = "analytics", request_body = TimezoneBody,
    security(("bearer" = [])),
    responses(
        (status = 200, body = TimezoneBody),
        (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope),
    ))]
pub async fn set_timezone(req: HttpRequest, body: web::Bytes) -> Result<HttpResponse, ApiError> {
    let st = state(&req)?;
    let actor = authenticate(&req).await?;
    actor.require_admin()?;
    let input: TimezoneBody = json_body(&req, &body)?;
    let svc = st.services.analytics.clone();
    let timezone = blocking(move || svc.set_timezone(&actor, &input.timezone)).await?;
    Ok(HttpResponse::Ok().json(TimezoneBody { timezone }))
}
