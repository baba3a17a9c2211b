//! The NPS service: campaigns, the survey and the admin dashboard over the port.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::*;
use crate::page::{Page, PageRequest};
use crate::ports::{AccountDirectory, NpsRepo};
use crate::time::{day_bounds, day_start, local_date};
use crate::{Actor, Result};

/// Campaigns, answers and the dashboard of the actor's account.
#[derive(Clone)]
pub struct NpsService {
    repo: Arc<dyn NpsRepo>,
    accounts: Arc<dyn AccountDirectory>,
}

impl NpsService {
    pub fn new(repo: Arc<dyn NpsRepo>, accounts: Arc<dyn AccountDirectory>) -> NpsService {
        NpsService { repo, accounts }
    }

    /// Creates a campaign (admins).
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `Conflict(CampaignOverlap)` naming the overlapped campaign;
    /// storage errors.
    pub fn create_campaign(&self, actor: &Actor, new: NewCampaign, now: DateTime<Utc>) -> Result<CampaignView> {
        actor.require_admin()?;
        if let Some(existing) = self.repo.find_overlapping(actor.account_id, new.starts_at(), new.ends_at())? {
            return Err(overlap_error(&existing.name));
        }
        let campaign = self.repo.insert_campaign(actor.account_id, actor.user_id, &new, now)?;
        let active_users = self.repo.active_user_count(actor.account_id)?;
        Ok(CampaignView::new(CampaignStats { campaign, response_count: 0, active_respondents: 0 }, active_users, now))
    }

    /// One page of the account's campaigns, newest first (admin viewers).
    ///
    /// # Errors
    /// `Forbidden` for non admin viewers; storage errors.
    pub fn list_campaigns(&self, actor: &Actor, page: PageRequest, now: DateTime<Utc>) -> Result<Page<CampaignView>> {
        actor.require_admin_viewer()?;
        let list = self.repo.list_campaigns(actor.account_id, page)?;
        let active_users = self.repo.active_user_count(actor.account_id)?;
        Ok(list.map(|s| CampaignView::new(s, active_users, now)))
    }

    /// Stops a campaign now (admins): `ends_at = now`, `stopped_by`, `stopped_at`.
    ///
    /// # Errors
    /// `Forbidden` for non-admins; `NotFound` when not a campaign of the account;
    /// `Conflict(CampaignAlreadyEnded)` when it has ended or was stopped (also when another stop wins
    /// a race); storage errors.
    pub fn stop_campaign(&self, actor: &Actor, id: Uuid, now: DateTime<Utc>) -> Result<CampaignView> {
        actor.require_admin()?;
        let stats = self.repo.find_campaign(actor.account_id, id)?.ok_or_else(campaign_not_found)?;
        if stats.campaign.status(now) == CampaignStatus::Ended {
            return Err(already_ended_error());
        }
        let campaign =
            self.repo.stop_campaign(actor.account_id, id, actor.user_id, now)?.ok_or_else(already_ended_error)?;
        let active_users = self.repo.active_user_count(actor.account_id)?;
        Ok(CampaignView::new(CampaignStats { campaign, ..stats }, active_users, now))
    }

    /// The campaign active now and whether the actor answered it (any role).
    ///
    /// # Errors
    /// Storage errors.
    pub fn active_survey(&self, actor: &Actor, now: DateTime<Utc>) -> Result<Option<ActiveSurvey>> {
        let Some(campaign) = self.repo.active_campaign(actor.account_id, now)? else { return Ok(None) };
        let already_responded = self.repo.has_responded(campaign.id, actor.user_id)?;
        Ok(Some(ActiveSurvey { campaign, already_responded }))
    }

    /// Stores the actor's response (any role).
    ///
    /// # Errors
    /// `NotFound` when `campaign_id` is not a campaign
    /// of the account; `Conflict(CampaignNotActive)` when it is not active now;
    /// `Conflict(AlreadyResponded)` when the actor answered it already; storage errors.
    pub fn submit_response(&self, actor: &Actor, new: NewResponse, now: DateTime<Utc>) -> Result<NpsResponse> {
        if let Some(campaign_id) = new.campaign_id() {
            let stats = self.repo.find_campaign(actor.account_id, campaign_id)?.ok_or_else(campaign_not_found)?;
            if stats.campaign.status(now) != CampaignStatus::Active {
                return Err(not_active_error());
            }
            if self.repo.has_responded(campaign_id, actor.user_id)? {
                return Err(already_responded_error());
            }
        }
        self.repo.insert_response(actor.account_id, actor.user_id, &new, now)
    }

    /// Score, breakdown, interval, 30-day trend (days in the account's zone) and the newest
    /// responses, of every response of the account or of one campaign's; and every campaign.
    ///
    /// # Errors
    /// `Forbidden` for non admin viewers; `NotFound` when `campaign_id` is not a campaign of the
    /// account; storage errors.
    pub fn dashboard(&self, actor: &Actor, campaign_id: Option<Uuid>, now: DateTime<Utc>) -> Result<Dashboard> {
        actor.require_admin_viewer()?;
        let account = actor.account_id;
        if let Some(id) = campaign_id {
            self.repo.find_campaign(account, id)?.ok_or_else(campaign_not_found)?;
        }
        let tz = self.accounts.account_timezone(account)?.and_then(|n| parse_tz(&n)).unwrap_or(chrono_tz::Tz::UTC);
        let today = local_date(now, tz);
        let from = day_start(trend_start(today), tz);
        let to = day_bounds(today, tz).1;
        let summary = summarize(self.repo.score_histogram(account, campaign_id)?.counts());
        let days: Vec<DayAggregate> = self
            .repo
            .daily_histograms(account, campaign_id, from, to, tz.name())?
            .iter()
            .map(|d| DayAggregate::from_histogram(d.date, &d.scores))
            .collect();
        let recent = self.repo.recent_responses(account, campaign_id, RECENT_LIMIT)?;
        let active_users = self.repo.active_user_count(account)?;
        let campaigns =
            self.repo.all_campaigns(account)?.into_iter().map(|s| CampaignView::new(s, active_users, now)).collect();
        Ok(Dashboard { summary, trend: trend(&days, today), recent, campaigns })
    }
}
