//! The three dashboards: team (admins), personal (anyone) and per flow (anyone in the account),
//! as plain values (their JSON shapes live in the api crate).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use insights_domain::period::Period;
use insights_domain::ports::{AccountDirectory, AnalyticsRepo, GroupTotals, Scope, Totals};
use insights_domain::time::parse_tz;
use insights_domain::{Actor, Error, Result};
use uuid::Uuid;

use crate::numbers::{mean1, minutes, rate, wilson_lower};
use crate::rank::top;
use crate::window::Window;

/// How many comments the flow view shows.
pub const RECENT_COMMENTS: i64 = 10;

#[derive(Debug, Clone, PartialEq)]
pub struct PeriodInfo {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub timezone: String,
    pub days: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutcomeBreakdown {
    pub resolved: i64,
    pub escalated: i64,
    pub workaround: i64,
    pub unresolved: i64,
}

#[derive(Debug, Clone, PartialEq)]
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

#[derive(Debug, Clone, PartialEq)]
pub struct FlowSummary {
    pub total_sessions: i64,
    pub completed_sessions: i64,
    pub completion_rate: Option<f64>,
    pub avg_duration_minutes: Option<f64>,
    pub avg_csat: Option<f64>,
    pub total_ratings: i64,
    pub outcome_breakdown: OutcomeBreakdown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPoint {
    pub date: NaiveDate,
    pub sessions: i64,
    pub completed: i64,
    pub resolved: i64,
    pub escalated: i64,
    pub workaround: i64,
    pub unresolved: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FlowDayPoint {
    pub date: NaiveDate,
    pub sessions: i64,
    pub completed: i64,
    pub avg_duration_minutes: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopFlow {
    pub tree_id: Uuid,
    pub name: String,
    pub sessions: i64,
    pub completion_rate: Option<f64>,
    pub avg_duration_minutes: Option<f64>,
    pub avg_csat: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopEngineer {
    pub user_id: Uuid,
    pub name: String,
    pub sessions: i64,
    pub completion_rate: Option<f64>,
    pub avg_duration_minutes: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepFeedback {
    pub node_id: String,
    pub node_title: String,
    pub step_id: Uuid,
    pub helpful_yes: i64,
    pub helpful_no: i64,
    pub helpful_rate: Option<f64>,
    pub helpful_rate_low: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RatingDistribution {
    pub one: i64,
    pub two: i64,
    pub three: i64,
    pub four: i64,
    pub five: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecentComment {
    pub rating: i32,
    pub comment: String,
    pub user_name: String,
    pub created_at: DateTime<Utc>,
}

/// `GET /analytics/team`.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamDashboard {
    pub period: PeriodInfo,
    pub summary: Summary,
    pub previous: Summary,
    pub time_series: Vec<DayPoint>,
    pub top_flows: Vec<TopFlow>,
    pub top_engineers: Vec<TopEngineer>,
}

/// `GET /analytics/me`: the team shape without `top_engineers`.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonalDashboard {
    pub period: PeriodInfo,
    pub summary: Summary,
    pub previous: Summary,
    pub time_series: Vec<DayPoint>,
    pub top_flows: Vec<TopFlow>,
}

/// `GET /analytics/flows/{tree_id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowDashboard {
    pub period: PeriodInfo,
    pub summary: FlowSummary,
    pub previous: FlowSummary,
    pub time_series: Vec<FlowDayPoint>,
    pub step_feedback: Vec<StepFeedback>,
    pub rating_distribution: RatingDistribution,
    pub recent_comments: Vec<RecentComment>,
}

fn outcomes(t: &Totals) -> OutcomeBreakdown {
    OutcomeBreakdown {
        resolved: t.resolved,
        escalated: t.escalated,
        workaround: t.workaround,
        unresolved: t.unresolved,
    }
}

fn summary(t: &Totals, active_engineers: i64) -> Summary {
    Summary {
        total_sessions: t.sessions,
        completed_sessions: t.completed,
        completion_rate: rate(t.completed, t.sessions),
        avg_duration_minutes: minutes(t.duration_us, t.completed),
        active_engineers,
        outcome_breakdown: outcomes(t),
        avg_csat: mean1(t.csat_sum(), t.ratings()),
        total_ratings: t.ratings(),
    }
}

fn flow_summary(t: &Totals) -> FlowSummary {
    FlowSummary {
        total_sessions: t.sessions,
        completed_sessions: t.completed,
        completion_rate: rate(t.completed, t.sessions),
        avg_duration_minutes: minutes(t.duration_us, t.completed),
        avg_csat: mean1(t.csat_sum(), t.ratings()),
        total_ratings: t.ratings(),
        outcome_breakdown: outcomes(t),
    }
}

fn day_point((date, t): (NaiveDate, Totals)) -> DayPoint {
    DayPoint {
        date,
        sessions: t.sessions,
        completed: t.completed,
        resolved: t.resolved,
        escalated: t.escalated,
        workaround: t.workaround,
        unresolved: t.unresolved,
    }
}

fn top_flow(g: GroupTotals) -> TopFlow {
    let t = g.totals;
    TopFlow {
        tree_id: g.id,
        name: g.name,
        sessions: t.sessions,
        completion_rate: rate(t.completed, t.sessions),
        avg_duration_minutes: minutes(t.duration_us, t.completed),
        avg_csat: mean1(t.csat_sum(), t.ratings()),
    }
}

fn top_engineer(g: GroupTotals) -> TopEngineer {
    let t = g.totals;
    TopEngineer {
        user_id: g.id,
        name: g.name,
        sessions: t.sessions,
        completion_rate: rate(t.completed, t.sessions),
        avg_duration_minutes: minutes(t.duration_us, t.completed),
    }
}

/// The account's zone; an unparsable stored name falls back to UTC (and is logged by nobody: the
/// triggers would already have refused it).
fn zone(accounts: &dyn AccountDirectory, account: Uuid) -> Result<(Tz, String)> {
    let name = accounts.account_timezone(account)?.ok_or_else(|| Error::not_found("account"))?;
    Ok(match parse_tz(&name) {
        Some(tz) => (tz, name),
        None => (Tz::UTC, "UTC".to_owned()),
    })
}

fn period_info(w: &Window, tz_name: String) -> PeriodInfo {
    PeriodInfo { from: w.from, to: w.to, timezone: tz_name, days: w.days() }
}

/// Summary, previous and series of one scope, from one read of both windows' days.
struct ScopeFigures {
    period: PeriodInfo,
    current: Totals,
    previous: Totals,
    series: Vec<(NaiveDate, Totals)>,
    window: Window,
}

fn scope_figures(
    repo: &dyn AnalyticsRepo,
    accounts: &dyn AccountDirectory,
    account: Uuid,
    scope: Scope,
    period: Period,
    now: DateTime<Utc>,
) -> Result<ScopeFigures> {
    let (tz, tz_name) = zone(accounts, account)?;
    let window = Window::resolve(period, tz, now);
    let prev = window.previous();
    let days = repo.daily(account, scope, prev.from, window.to)?;
    Ok(ScopeFigures {
        period: period_info(&window, tz_name),
        current: window.total(&days),
        previous: prev.total(&days),
        series: window.fill(&days),
        window,
    })
}

/// `GET /analytics/team`: admins only; `engineer` scopes every figure to that user of the account.
///
/// # Errors
/// `Forbidden` for non-admins; `NotFound` for an engineer not in the account; `Unavailable`.
pub fn team(
    repo: &dyn AnalyticsRepo,
    accounts: &dyn AccountDirectory,
    actor: &Actor,
    period: Period,
    engineer: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<TeamDashboard> {
    actor.require_admin()?;
    let account = actor.account_id;
    if let Some(id) = engineer {
        repo.user_name(account, id)?.ok_or_else(|| Error::not_found("engineer"))?;
    }
    let scope = engineer.map_or(Scope::Account, Scope::User);
    let f = scope_figures(repo, accounts, account, scope, period, now)?;
    let prev = f.window.previous();
    let people = repo.engineers(account, engineer, f.window.from, f.window.to, prev.from)?;
    let flows = top(repo.per_flow(account, engineer, f.window.from, f.window.to)?);
    Ok(TeamDashboard {
        period: f.period,
        summary: summary(&f.current, people.active),
        previous: summary(&f.previous, people.previously_active),
        time_series: f.series.into_iter().map(day_point).collect(),
        top_flows: flows.into_iter().map(top_flow).collect(),
        top_engineers: top(people.per_user).into_iter().map(top_engineer).collect(),
    })
}

/// `GET /analytics/me`: the actor's own sessions and ratings.
///
/// # Errors
/// `Unavailable`.
pub fn me(
    repo: &dyn AnalyticsRepo,
    accounts: &dyn AccountDirectory,
    actor: &Actor,
    period: Period,
    now: DateTime<Utc>,
) -> Result<PersonalDashboard> {
    let account = actor.account_id;
    let scope = Scope::User(actor.user_id);
    let f = scope_figures(repo, accounts, account, scope, period, now)?;
    let active = i64::from(f.current.sessions > 0);
    let prev_active = i64::from(f.previous.sessions > 0);
    let flows = top(repo.per_flow(account, Some(actor.user_id), f.window.from, f.window.to)?);
    Ok(PersonalDashboard {
        period: f.period,
        summary: summary(&f.current, active),
        previous: summary(&f.previous, prev_active),
        time_series: f.series.into_iter().map(day_point).collect(),
        top_flows: flows.into_iter().map(top_flow).collect(),
    })
}

/// `GET /analytics/flows/{tree_id}`: any role, for a flow of the actor's account.
///
/// # Errors
/// `NotFound` for a flow of another account or none; `Unavailable`.
pub fn flow(
    repo: &dyn AnalyticsRepo,
    accounts: &dyn AccountDirectory,
    actor: &Actor,
    tree_id: Uuid,
    period: Period,
    now: DateTime<Utc>,
) -> Result<FlowDashboard> {
    let account = actor.account_id;
    repo.flow_name(account, tree_id)?.ok_or_else(|| Error::not_found("flow"))?;
    let f = scope_figures(repo, accounts, account, Scope::Flow(tree_id), period, now)?;
    let votes = repo.node_votes(account, tree_id, f.window.from, f.window.to)?;
    let comments = repo.recent_comments(account, tree_id, f.window.start(), f.window.end(), RECENT_COMMENTS)?;
    let c = f.current.csat;
    Ok(FlowDashboard {
        period: f.period,
        summary: flow_summary(&f.current),
        previous: flow_summary(&f.previous),
        time_series: f
            .series
            .into_iter()
            .map(|(date, t)| FlowDayPoint {
                date,
                sessions: t.sessions,
                completed: t.completed,
                avg_duration_minutes: minutes(t.duration_us, t.completed),
            })
            .collect(),
        step_feedback: votes
            .into_iter()
            .map(|v| StepFeedback {
                helpful_rate: rate(v.helpful_yes, v.helpful_yes + v.helpful_no),
                helpful_rate_low: wilson_lower(v.helpful_yes, v.helpful_no),
                node_id: v.node_id,
                node_title: v.node_title,
                step_id: v.step_id,
                helpful_yes: v.helpful_yes,
                helpful_no: v.helpful_no,
            })
            .collect(),
        rating_distribution: RatingDistribution { one: c[0], two: c[1], three: c[2], four: c[3], five: c[4] },
        recent_comments: comments
            .into_iter()
            .map(|r| RecentComment {
                rating: r.rating,
                comment: r.comment,
                user_name: r.user_name,
                created_at: r.created_at,
            })
            .collect(),
    })
}

/// `PUT /admin/account/timezone`: admins set the account's zone; its rollups are rebuilt in the
/// same transaction. Returns the zone's canonical name.
///
/// # Errors
/// `Forbidden` for non-admins; `Invalid` for a name that is not an IANA zone; `Unavailable`.
pub fn set_timezone(repo: &dyn AnalyticsRepo, actor: &Actor, timezone: &str) -> Result<String> {
    actor.require_admin()?;
    let tz = parse_tz(timezone).ok_or_else(|| Error::invalid("timezone", "must be an IANA time zone name"))?;
    let name = tz.name().to_owned();
    repo.set_account_timezone(actor.account_id, &name)?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use insights_domain::Role;
    use insights_domain::ports::{
        DayTotals, Engineers, MockAccountDirectory, MockAnalyticsRepo, NodeVotes, RatingComment,
    };
    use mockall::predicate::eq;

    /// A directory where every account has the zone `name` (`None`: no such account).
    fn zone(name: Option<&'static str>) -> MockAccountDirectory {
        let mut d = MockAccountDirectory::new();
        d.expect_account_timezone().returning(move |_| Ok(name.map(str::to_owned)));
        d
    }

    #[test]
    fn the_dashboards_of_an_unknown_account_are_not_found() {
        let repo = MockAnalyticsRepo::new();
        let err = me(&repo, &zone(None), &actor(Role::Viewer), Period::Last(7), Utc::now()).unwrap_err();
        assert_eq!(err, Error::not_found("account"));
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    const ACC: Uuid = Uuid::from_u128(0xA);
    const ME: Uuid = Uuid::from_u128(0x1);

    fn actor(role: Role) -> Actor {
        Actor { user_id: ME, account_id: ACC, role, can_view_admin: false }
    }

    fn totals(sessions: i64, completed: i64, minutes_each: i64, outcomes: [i64; 4], csat: [i64; 5]) -> Totals {
        Totals {
            sessions,
            completed,
            duration_us: completed * minutes_each * 60_000_000,
            resolved: outcomes[0],
            escalated: outcomes[1],
            workaround: outcomes[2],
            unresolved: outcomes[3],
            csat,
        }
    }

    fn group(id: u128, name: &str, t: Totals) -> GroupTotals {
        GroupTotals { id: Uuid::from_u128(id), name: name.into(), totals: t }
    }

    #[test]
    fn non_admins_cannot_see_team_analytics() {
        let repo = MockAnalyticsRepo::new();
        for role in [Role::Engineer, Role::Viewer] {
            let err = team(&repo, &zone(Some("UTC")), &actor(role), Period::Last(7), None, utc("2026-03-10T12:00:00Z"))
                .unwrap_err();
            assert!(matches!(err, Error::Forbidden(_)));
        }
    }

    #[test]
    fn an_engineer_of_another_account_is_not_found() {
        let mut repo = MockAnalyticsRepo::new();
        repo.expect_user_name().with(eq(ACC), eq(Uuid::from_u128(0x99))).returning(|_, _| Ok(None));
        let err = team(
            &repo,
            &zone(Some("UTC")),
            &actor(Role::TeamAdmin),
            Period::Last(7),
            Some(Uuid::from_u128(0x99)),
            Utc::now(),
        )
        .unwrap_err();
        assert_eq!(err, Error::not_found("engineer"));
    }

    #[test]
    fn team_figures_are_exact_gap_filled_and_ranked() {
        let mut repo = MockAnalyticsRepo::new();
        // One read covers the previous window (Mar 1-3) and the current one (Mar 4-10).
        repo.expect_daily().with(eq(ACC), eq(Scope::Account), eq(d("2026-02-25")), eq(d("2026-03-10"))).returning(
            |_, _, _, _| {
                Ok(vec![
                    DayTotals { date: d("2026-03-01"), totals: totals(4, 4, 10, [4, 0, 0, 0], [0, 0, 0, 0, 1]) },
                    DayTotals { date: d("2026-03-05"), totals: totals(5, 4, 12, [2, 1, 1, 0], [0, 0, 1, 1, 1]) },
                    DayTotals { date: d("2026-03-09"), totals: totals(3, 2, 15, [1, 0, 0, 1], [0, 0, 0, 0, 0]) },
                ])
            },
        );
        repo.expect_per_flow().returning(|_, _, _, _| {
            Ok(vec![
                group(1, "vpn", totals(3, 2, 15, [1, 0, 0, 1], [0; 5])),
                group(2, "DNS", totals(5, 4, 12, [2, 1, 1, 0], [0, 0, 1, 1, 1])),
                group(3, "Printer", totals(0, 0, 0, [0; 4], [1, 0, 0, 0, 0])),
            ])
        });
        repo.expect_engineers()
            .with(eq(ACC), eq(None), eq(d("2026-03-04")), eq(d("2026-03-10")), eq(d("2026-02-25")))
            .returning(|_, _, _, _, _| {
                Ok(Engineers {
                    per_user: vec![
                        group(7, "bob", totals(4, 3, 10, [0; 4], [0; 5])),
                        group(8, "Ann", totals(4, 3, 20, [0; 4], [0; 5])),
                    ],
                    active: 3,
                    previously_active: 1,
                })
            });

        let dash = team(
            &repo,
            &zone(Some("UTC")),
            &actor(Role::SuperAdmin),
            Period::Last(7),
            None,
            utc("2026-03-10T12:00:00Z"),
        )
        .unwrap();

        assert_eq!(
            dash.period,
            PeriodInfo { from: d("2026-03-04"), to: d("2026-03-10"), timezone: "UTC".into(), days: 7 }
        );
        // 8 sessions, 6 completed: 4 x 12 min + 2 x 15 min = 78 min / 6 = 13.0; CSAT (3+4+5)/3 = 4.0.
        assert_eq!(
            dash.summary,
            Summary {
                total_sessions: 8,
                completed_sessions: 6,
                completion_rate: Some(0.75),
                avg_duration_minutes: Some(13.0),
                active_engineers: 3,
                outcome_breakdown: OutcomeBreakdown { resolved: 3, escalated: 1, workaround: 1, unresolved: 1 },
                avg_csat: Some(4.0),
                total_ratings: 3,
            }
        );
        assert_eq!(dash.previous.total_sessions, 4);
        assert_eq!(dash.previous.completion_rate, Some(1.0));
        assert_eq!(dash.previous.active_engineers, 1);
        assert_eq!(dash.previous.avg_csat, Some(5.0));
        let series: Vec<(NaiveDate, i64)> = dash.time_series.iter().map(|p| (p.date, p.sessions)).collect();
        assert_eq!(series.len(), 7);
        assert_eq!(series[0], (d("2026-03-04"), 0));
        assert_eq!(series[1], (d("2026-03-05"), 5));
        assert_eq!(series[5], (d("2026-03-09"), 3));
        assert_eq!(dash.top_flows.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(), vec!["DNS", "vpn"]);
        assert_eq!(dash.top_flows[0].avg_csat, Some(4.0));
        assert_eq!(dash.top_flows[1].avg_csat, None);
        // Equal sessions: "Ann" before "bob" ignoring case.
        assert_eq!(dash.top_engineers.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), vec!["Ann", "bob"]);
        assert_eq!(dash.top_engineers[0].avg_duration_minutes, Some(20.0));
    }

    #[test]
    fn an_empty_window_has_zero_counts_and_null_rates() {
        let mut repo = MockAnalyticsRepo::new();
        repo.expect_daily().returning(|_, _, _, _| Ok(vec![]));
        repo.expect_per_flow().returning(|_, _, _, _| Ok(vec![]));
        let dash =
            me(&repo, &zone(Some("Europe/Paris")), &actor(Role::Viewer), Period::Last(30), utc("2026-03-10T12:00:00Z"))
                .unwrap();
        assert_eq!(dash.summary.total_sessions, 0);
        assert_eq!(dash.summary.completion_rate, None);
        assert_eq!(dash.summary.avg_duration_minutes, None);
        assert_eq!(dash.summary.avg_csat, None);
        assert_eq!(dash.summary.active_engineers, 0);
        assert_eq!(dash.time_series.len(), 30);
        assert!(dash.time_series.iter().all(|p| p.sessions == 0));
        assert_eq!(dash.period.timezone, "Europe/Paris");
    }

    #[test]
    fn the_flow_view_counts_votes_per_node_with_the_wilson_bound() {
        let tree = Uuid::from_u128(0x77);
        let mut repo = MockAnalyticsRepo::new();
        repo.expect_flow_name().with(eq(ACC), eq(tree)).returning(|_, _| Ok(Some("DNS".into())));
        repo.expect_daily()
            .with(eq(ACC), eq(Scope::Flow(tree)), mockall::predicate::always(), mockall::predicate::always())
            .returning(|_, _, _, _| {
                Ok(vec![DayTotals { date: d("2026-03-08"), totals: totals(2, 2, 30, [2, 0, 0, 0], [1, 0, 1, 2, 3]) }])
            });
        repo.expect_node_votes().returning(|_, _, _, _| {
            Ok(vec![
                NodeVotes {
                    node_id: "a".into(),
                    node_title: "Ping".into(),
                    step_id: Uuid::from_u128(5),
                    helpful_yes: 18,
                    helpful_no: 2,
                },
                NodeVotes {
                    node_id: "b".into(),
                    node_title: "Flush".into(),
                    step_id: Uuid::from_u128(6),
                    helpful_yes: 0,
                    helpful_no: 0,
                },
            ])
        });
        // The window's instants cover whole local days: Mar 4 00:00 EST to Mar 11 00:00 EDT.
        repo.expect_recent_comments()
            .with(eq(ACC), eq(tree), eq(utc("2026-03-04T05:00:00Z")), eq(utc("2026-03-11T04:00:00Z")), eq(10))
            .returning(|_, _, _, _, _| {
                Ok(vec![RatingComment {
                    rating: 5,
                    comment: "great".into(),
                    user_name: "Ann".into(),
                    created_at: utc("2026-03-08T12:00:00.5Z"),
                }])
            });

        let dash = flow(
            &repo,
            &zone(Some("America/New_York")),
            &actor(Role::Viewer),
            tree,
            Period::Last(7),
            utc("2026-03-10T15:00:00Z"),
        )
        .unwrap();

        assert_eq!(dash.summary.avg_duration_minutes, Some(30.0));
        assert_eq!(dash.summary.avg_csat, Some(3.9)); // (1 + 3 + 4 + 4 + 5 + 5 + 5) / 7 = 3.857
        assert_eq!(dash.rating_distribution, RatingDistribution { one: 1, two: 0, three: 1, four: 2, five: 3 });
        assert_eq!(dash.step_feedback[0].helpful_rate, Some(0.9));
        assert_eq!(dash.step_feedback[0].helpful_rate_low, Some(0.699));
        assert_eq!((dash.step_feedback[1].helpful_rate, dash.step_feedback[1].helpful_rate_low), (None, None));
        let point = dash.time_series.iter().find(|p| p.date == d("2026-03-08")).unwrap();
        assert_eq!(point.avg_duration_minutes, Some(30.0));
        assert_eq!(dash.time_series.iter().filter(|p| p.avg_duration_minutes.is_none()).count(), 6);
        assert_eq!(dash.recent_comments[0].created_at, utc("2026-03-08T12:00:00.5Z"));
    }

    #[test]
    fn only_admins_set_a_known_timezone() {
        let mut repo = MockAnalyticsRepo::new();
        repo.expect_set_account_timezone().with(eq(ACC), eq("Europe/Paris")).times(1).returning(|_, _| Ok(()));
        assert_eq!(set_timezone(&repo, &actor(Role::TeamAdmin), " Europe/Paris ").unwrap(), "Europe/Paris");
        assert_eq!(
            set_timezone(&repo, &actor(Role::TeamAdmin), "Mars/Base"),
            Err(Error::invalid("timezone", "must be an IANA time zone name"))
        );
        assert!(matches!(set_timezone(&repo, &actor(Role::Engineer), "UTC"), Err(Error::Forbidden(_))));
    }

    #[test]
    fn a_flow_of_another_account_is_not_found() {
        let mut repo = MockAnalyticsRepo::new();
        repo.expect_flow_name().returning(|_, _| Ok(None));
        let err =
            flow(&repo, &zone(Some("UTC")), &actor(Role::SuperAdmin), Uuid::from_u128(3), Period::Last(7), Utc::now())
                .unwrap_err();
        assert_eq!(err, Error::not_found("flow"));
    }
}
