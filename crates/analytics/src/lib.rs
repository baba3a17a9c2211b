//! Insights analytics: the rules that turn rollup aggregates into dashboards — windows in the
//! account's time zone, gap-filled daily series, rates and averages with their rounding, rankings
//! with their tie-breaks, the Wilson lower bound. Counting happens in the database behind the
//! `AnalyticsRepo` port; nothing here loads sessions.

pub mod dashboards;
pub mod numbers;
pub mod rank;
pub mod service;
pub mod window;

pub use dashboards::{FlowDashboard, PersonalDashboard, TeamDashboard, flow, me, team};
pub use service::AnalyticsService;
pub use window::Window;
