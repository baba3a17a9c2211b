//! The JSON shapes of the dashboards (the analytics crate returns plain values). The names are
//! the OpenAPI schema names.

use chrono::NaiveDate;
use insights_analytics::dashboards as dash;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::dto::Timestamp;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PeriodInfo {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    pub timezone: String,
    pub days: i64,
}

impl From<dash::PeriodInfo> for PeriodInfo {
    fn from(p: dash::PeriodInfo) -> Self {
        PeriodInfo { from: p.from, to: p.to, timezone: p.timezone, days: p.days }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct OutcomeBreakdown {
    pub resolved: i64,
    pub escalated: i64,
    pub workaround: i64,
    pub unresolved: i64,
}

impl From<dash::OutcomeBreakdown> for OutcomeBreakdown {
    fn from(o: dash::OutcomeBreakdown) -> Self {
        OutcomeBreakdown {
            resolved: o.resolved,
            escalated: o.escalated,
            workaround: o.workaround,
            unresolved: o.unresolved,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Summary {
    pub total_sessions: i64,
    pub completed_sessions: i64,
    pub completion_rate: Option<f64>,
    pub avg_duration_minutes: Option<f64>,
    pub active_engineers: i64,
    pub outcome_breakdown: OutcomeBreakdown,
    pub avg_csat: Option<f64>,
    pub total_ratings: i64,
}

impl From<dash::Summary> for Summary {
    fn from(s: dash::Summary) -> Self {
        Summary {
            total_sessions: s.total_sessions,
            completed_sessions: s.completed_sessions,
            completion_rate: s.completion_rate,
            avg_duration_minutes: s.avg_duration_minutes,
            active_engineers: s.active_engineers,
            outcome_breakdown: s.outcome_breakdown.into(),
            avg_csat: s.avg_csat,
            total_ratings: s.total_ratings,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FlowSummary {
    pub total_sessions: i64,
    pub completed_sessions: i64,
    pub completion_rate: Option<f64>,
    pub avg_duration_minutes: Option<f64>,
    pub avg_csat: Option<f64>,
    pub total_ratings: i64,
    pub outcome_breakdown: OutcomeBreakdown,
}

impl From<dash::FlowSummary> for FlowSummary {
    fn from(s: dash::FlowSummary) -> Self {
        FlowSummary {
            total_sessions: s.total_sessions,
            completed_sessions: s.completed_sessions,
            completion_rate: s.completion_rate,
            avg_duration_minutes: s.avg_duration_minutes,
            avg_csat: s.avg_csat,
            total_ratings: s.total_ratings,
            outcome_breakdown: s.outcome_breakdown.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DayPoint {
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    pub sessions: i64,
    pub completed: i64,
    pub resolved: i64,
    pub escalated: i64,
    pub workaround: i64,
    pub unresolved: i64,
}

impl From<dash::DayPoint> for DayPoint {
    fn from(p: dash::DayPoint) -> Self {
        DayPoint {
            date: p.date,
            sessions: p.sessions,
            completed: p.completed,
            resolved: p.resolved,
            escalated: p.escalated,
            workaround: p.workaround,
            unresolved: p.unresolved,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FlowDayPoint {
    #[schema(value_type = String, format = Date)]
    pub date: NaiveDate,
    pub sessions: i64,
    pub completed: i64,
    pub avg_duration_minutes: Option<f64>,
}

impl From<dash::FlowDayPoint> for FlowDayPoint {
    fn from(p: dash::FlowDayPoint) -> Self {
        FlowDayPoint {
            date: p.date,
            sessions: p.sessions,
            completed: p.completed,
            avg_duration_minutes: p.avg_duration_minutes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TopFlow {
    pub tree_id: Uuid,
    pub name: String,
    pub sessions: i64,
    pub completion_rate: Option<f64>,
    pub avg_duration_minutes: Option<f64>,
    pub avg_csat: Option<f64>,
}

impl From<dash::TopFlow> for TopFlow {
    fn from(f: dash::TopFlow) -> Self {
        TopFlow {
            tree_id: f.tree_id,
            name: f.name,
            sessions: f.sessions,
            completion_rate: f.completion_rate,
            avg_duration_minutes: f.avg_duration_minutes,
            avg_csat: f.avg_csat,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TopEngineer {
    pub user_id: Uuid,
    pub name: String,
    pub sessions: i64,
    pub completion_rate: Option<f64>,
    pub avg_duration_minutes: Option<f64>,
}

impl From<dash::TopEngineer> for TopEngineer {
    fn from(e: dash::TopEngineer) -> Self {
        TopEngineer {
            user_id: e.user_id,
            name: e.name,
            sessions: e.sessions,
            completion_rate: e.completion_rate,
            avg_duration_minutes: e.avg_duration_minutes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StepFeedback {
    pub node_id: String,
    pub node_title: String,
    pub step_id: Uuid,
    pub helpful_yes: i64,
    pub helpful_no: i64,
    pub helpful_rate: Option<f64>,
    pub helpful_rate_low: Option<f64>,
}

impl From<dash::StepFeedback> for StepFeedback {
    fn from(s: dash::StepFeedback) -> Self {
        StepFeedback {
            node_id: s.node_id,
            node_title: s.node_title,
            step_id: s.step_id,
            helpful_yes: s.helpful_yes,
            helpful_no: s.helpful_no,
            helpful_rate: s.helpful_rate,
            helpful_rate_low: s.helpful_rate_low,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct RatingDistribution {
    #[serde(rename = "1")]
    pub one: i64,
    #[serde(rename = "2")]
    pub two: i64,
    #[serde(rename = "3")]
    pub three: i64,
    #[serde(rename = "4")]
    pub four: i64,
    #[serde(rename = "5")]
    pub five: i64,
}

impl From<dash::RatingDistribution> for RatingDistribution {
    fn from(r: dash::RatingDistribution) -> Self {
        RatingDistribution { one: r.one, two: r.two, three: r.three, four: r.four, five: r.five }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RecentComment {
    pub rating: i32,
    pub comment: String,
    pub user_name: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: Timestamp,
}

impl From<dash::RecentComment> for RecentComment {
    fn from(c: dash::RecentComment) -> Self {
        RecentComment { rating: c.rating, comment: c.comment, user_name: c.user_name, created_at: c.created_at.into() }
    }
}

fn all<T, U: From<T>>(v: Vec<T>) -> Vec<U> {
    v.into_iter().map(U::from).collect()
}

/// `GET /analytics/team`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TeamDashboard {
    pub period: PeriodInfo,
    pub summary: Summary,
    pub previous: Summary,
    pub time_series: Vec<DayPoint>,
    pub top_flows: Vec<TopFlow>,
    pub top_engineers: Vec<TopEngineer>,
}

impl From<dash::TeamDashboard> for TeamDashboard {
    fn from(d: dash::TeamDashboard) -> Self {
        TeamDashboard {
            period: d.period.into(),
            summary: d.summary.into(),
            previous: d.previous.into(),
            time_series: all(d.time_series),
            top_flows: all(d.top_flows),
            top_engineers: all(d.top_engineers),
        }
    }
}

/// `GET /analytics/me`: the team shape without `top_engineers`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PersonalDashboard {
    pub period: PeriodInfo,
    pub summary: Summary,
    pub previous: Summary,
    pub time_series: Vec<DayPoint>,
    pub top_flows: Vec<TopFlow>,
}

impl From<dash::PersonalDashboard> for PersonalDashboard {
    fn from(d: dash::PersonalDashboard) -> Self {
        PersonalDashboard {
            period: d.period.into(),
            summary: d.summary.into(),
            previous: d.previous.into(),
            time_series: all(d.time_series),
            top_flows: all(d.top_flows),
        }
    }
}

/// `GET /analytics/flows/{tree_id}`.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FlowDashboard {
    pub period: PeriodInfo,
    pub summary: FlowSummary,
    pub previous: FlowSummary,
    pub time_series: Vec<FlowDayPoint>,
    pub step_feedback: Vec<StepFeedback>,
    pub rating_distribution: RatingDistribution,
    pub recent_comments: Vec<RecentComment>,
}

impl From<dash::FlowDashboard> for FlowDashboard {
    fn from(d: dash::FlowDashboard) -> Self {
        FlowDashboard {
            period: d.period.into(),
            summary: d.summary.into(),
            previous: d.previous.into(),
            time_series: all(d.time_series),
            step_feedback: all(d.step_feedback),
            rating_distribution: d.rating_distribution.into(),
            recent_comments: all(d.recent_comments),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::{DateTime, Utc};
    use serde_json::json;

    use super::*;

    fn summary() -> dash::Summary {
        dash::Summary {
            total_sessions: 0,
            completed_sessions: 0,
            completion_rate: None,
            avg_duration_minutes: None,
            active_engineers: 0,
            outcome_breakdown: dash::OutcomeBreakdown { resolved: 0, escalated: 0, workaround: 0, unresolved: 0 },
            avg_csat: None,
            total_ratings: 0,
        }
    }

    fn period() -> dash::PeriodInfo {
        let d = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        dash::PeriodInfo { from: d, to: d, timezone: "Europe/Paris".into(), days: 1 }
    }

    #[test]
    fn the_personal_dashboard_has_null_rates_and_no_top_engineers() {
        let d = dash::PersonalDashboard {
            period: period(),
            summary: summary(),
            previous: summary(),
            time_series: vec![],
            top_flows: vec![],
        };
        let json = serde_json::to_value(PersonalDashboard::from(d)).unwrap();
        assert!(json["summary"]["completion_rate"].is_null());
        assert!(json.get("top_engineers").is_none());
        assert_eq!(
            json["period"],
            json!({ "from": "2026-03-10", "to": "2026-03-10", "timezone": "Europe/Paris", "days": 1 })
        );
    }

    #[test]
    fn the_rating_distribution_is_keyed_by_score_and_comments_carry_milliseconds() {
        let flow_summary = dash::FlowSummary {
            total_sessions: 0,
            completed_sessions: 0,
            completion_rate: None,
            avg_duration_minutes: None,
            avg_csat: None,
            total_ratings: 0,
            outcome_breakdown: dash::OutcomeBreakdown { resolved: 0, escalated: 0, workaround: 0, unresolved: 0 },
        };
        let at = DateTime::parse_from_rfc3339("2026-03-08T12:00:00.5Z").unwrap().with_timezone(&Utc);
        let d = dash::FlowDashboard {
            period: period(),
            summary: flow_summary.clone(),
            previous: flow_summary,
            time_series: vec![],
            step_feedback: vec![],
            rating_distribution: dash::RatingDistribution { one: 1, two: 0, three: 1, four: 2, five: 3 },
            recent_comments: vec![dash::RecentComment {
                rating: 5,
                comment: "great".into(),
                user_name: "Ann".into(),
                created_at: at,
            }],
        };
        let json = serde_json::to_value(FlowDashboard::from(d)).unwrap();
        assert_eq!(json["rating_distribution"], json!({ "1": 1, "2": 0, "3": 1, "4": 2, "5": 3 }));
        assert_eq!(json["recent_comments"][0]["created_at"], "2026-03-08T12:00:00.500Z");
    }
}
