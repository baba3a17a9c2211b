//! The analytics service: the dashboards and the account's time zone over the port.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use insights_domain::period::Period;
use insights_domain::ports::{AccountDirectory, AnalyticsRepo};
use insights_domain::{Actor, Result};
use uuid::Uuid;

use crate::dashboards::{self, FlowDashboard, PersonalDashboard, TeamDashboard};

/// Team, personal and per-flow dashboards of the actor's account.
#[derive(Clone)]
pub struct AnalyticsService {
    repo: Arc<dyn AnalyticsRepo>,
    accounts: Arc<dyn AccountDirectory>,
}

impl AnalyticsService {
    pub fn new(repo: Arc<dyn AnalyticsRepo>, accounts: Arc<dyn AccountDirectory>) -> AnalyticsService {
        AnalyticsService { repo, accounts }
    }

    /// See [`dashboards::team`].
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `NotFound("engineer")`; storage errors.
    pub fn team(
        &self,
        actor: &Actor,
        period: Period,
        engineer: Option<Uuid>,
        now: DateTime<Utc>,
    ) -> Result<TeamDashboard> {
        dashboards::team(&*self.repo, &*self.accounts, actor, period, engineer, now)
    }

    /// See [`dashboards::me`].
    ///
    /// # Errors
    /// Storage errors.
    pub fn me(&self, actor: &Actor, period: Period, now: DateTime<Utc>) -> Result<PersonalDashboard> {
        dashboards::me(&*self.repo, &*self.accounts, actor, period, now)
    }

    /// See [`dashboards::flow`].
    ///
    /// # Errors
    /// `NotFound("flow")`; storage errors.
    pub fn flow(&self, actor: &Actor, tree_id: Uuid, period: Period, now: DateTime<Utc>) -> Result<FlowDashboard> {
        dashboards::flow(&*self.repo, &*self.accounts, actor, tree_id, period, now)
    }

    /// See [`dashboards::set_timezone`].
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `Invalid` naming `timezone`; storage errors.
    pub fn set_timezone(&self, actor: &Actor, timezone: &str) -> Result<String> {
        dashboards::set_timezone(&*self.repo, actor, timezone)
    }
}
