//! Reads on a streaming replica (a hot standby), with the primary as the fallback.
//!
//! [`ReplicaReads`] wraps the primary's store and, when `database_read_url` is set, a second store
//! over the standby. It implements the capabilities' ports method by method, so the domain does
//! not change: the reads of the dashboards, of the lists and of the admin read endpoints run on
//! the standby first (the README's "Reads on a replica" names each endpoint and why), and every
//! write, every read a write makes and every read that must see the caller's own write at once
//! goes to the primary. When the standby cannot be reached, or a query on it fails because it went
//! away (a lost connection, a statement cancelled by a conflict with recovery), the same call runs
//! on the primary, so the client sees no error. The first failure of an outage is logged once and
//! the standby is skipped for [`RETRY_AFTER`]; then one request probes it again, and reads move
//! back when it answers (logged once too).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::RunQueryDsl;
use diesel::sql_types::{Double, Nullable};
use insights_domain::access::Permission;
use insights_domain::actor::User;
use insights_domain::catalog::{
    Account, DirectoryQuery, DirectoryTeam, DirectoryUser, SessionListItem, SessionQuery, TreeDetail, TreeQuery,
    TreeSummary,
};
use insights_domain::conversations::{
    AccessContext, Conversation, InboxFilter, InboxRow, ListScope, Message, MessageCandidate, MessageFeedback,
    NewConversation, NewFeedback, NewMessage, ShareTarget, ShareWrite, Sharing,
};
use insights_domain::feedback::{
    NewSession, NewSessionRating, Outcome, RatingFilter, Session, SessionRating, StepThumb, ThumbTarget, ThumbWrite,
    ThumbWritten, TreeRatingItem,
};
use insights_domain::nps::{
    Campaign, CampaignStats, DayHistogram, NewCampaign, NewResponse, NpsResponse, RecentResponse, ScoreHistogram,
};
use insights_domain::page::{Page, PageRequest};
use insights_domain::ports::{
    AccountDirectory, AnalyticsRepo, CatalogRepo, ConversationRepo, DayTotals, Engineers, FeedbackRepo, GroupTotals,
    Health, NodeVotes, NpsRepo, PoolState, RatingComment, Readiness, ReplicaStatus, Scope,
};
use insights_domain::{Actor, Error, Result};
use uuid::Uuid;

use crate::PgStore;

/// How long the standby is skipped after it failed, before one request tries it again.
pub const RETRY_AFTER: Duration = Duration::from_secs(1);

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// The primary's store and, optionally, the standby's; see the module docs.
#[derive(Clone)]
pub struct ReplicaReads {
    primary: PgStore,
    replica: Option<PgStore>,
    state: Arc<State>,
}

#[derive(Default)]
struct State {
    /// In an outage of the standby (reads go to the primary).
    down: AtomicBool,
    /// While down: when the standby may be tried again (ms since the epoch).
    retry_at_ms: AtomicU64,
    /// One request probes at a time.
    probing: AtomicBool,
    /// Reads answered by the standby, and reads the primary answered instead.
    replica_reads: AtomicU64,
    fallbacks: AtomicU64,
}

impl ReplicaReads {
    /// Reads on `replica` when given, with `primary` as the fallback; without a replica every
    /// call goes to the primary.
    pub fn new(primary: PgStore, replica: Option<PgStore>) -> ReplicaReads {
        ReplicaReads { primary, replica, state: Arc::default() }
    }

    /// Runs `f` on the standby when it is usable, else (or when it fails for want of the
    /// standby) on the primary.
    fn read<T>(&self, f: impl Fn(&PgStore) -> Result<T>) -> Result<T> {
        let Some(replica) = &self.replica else { return f(&self.primary) };
        let s = &self.state;
        let probe = if s.down.load(Ordering::Acquire) {
            now_ms() >= s.retry_at_ms.load(Ordering::Acquire) && !s.probing.swap(true, Ordering::AcqRel)
        } else {
            true
        };
        if probe {
            let answer = f(replica);
            let was_down = s.down.load(Ordering::Acquire);
            s.probing.store(false, Ordering::Release);
            match answer {
                Err(Error::Unavailable) => self.lost(),
                other => {
                    if was_down && s.down.swap(false, Ordering::AcqRel) {
                        tracing::info!("read replica reachable again: reads move back to it");
                    }
                    s.replica_reads.fetch_add(1, Ordering::Relaxed);
                    return other;
                }
            }
        }
        s.fallbacks.fetch_add(1, Ordering::Relaxed);
        f(&self.primary)
    }

    fn lost(&self) {
        let s = &self.state;
        s.retry_at_ms.store(now_ms() + RETRY_AFTER.as_millis() as u64, Ordering::Release);
        if !s.down.swap(true, Ordering::AcqRel) {
            tracing::warn!("read replica unreachable: reads fall back to the primary until it returns");
        }
    }
}

#[derive(diesel::QueryableByName)]
struct Lag {
    #[diesel(sql_type = Nullable<Double>)]
    seconds: Option<f64>,
}

/// Seconds the standby's replay is behind what it received, 0 when it has replayed everything
/// (an idle primary is not lag); `None` on a server that is not a standby.
const LAG_SQL: &str = "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL \
     WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0::float8 \
     ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, 0) END AS seconds";

impl Health for ReplicaReads {
    fn ready(&self) -> Result<Readiness> {
        self.primary.ready()
    }

    fn pool_state(&self) -> PoolState {
        self.primary.pool_state()
    }

    fn replica(&self) -> Option<ReplicaStatus> {
        let replica = self.replica.as_ref()?;
        let lag = replica.conn().ok().and_then(|mut c| diesel::sql_query(LAG_SQL).get_result::<Lag>(&mut c).ok());
        let s = &self.state;
        Some(ReplicaStatus {
            reachable: lag.is_some(),
            lag_seconds: lag.and_then(|l| l.seconds),
            reads: s.replica_reads.load(Ordering::Relaxed),
            fallbacks: s.fallbacks.load(Ordering::Relaxed),
        })
    }
}

/// The account time zone the dashboards read.
impl AccountDirectory for ReplicaReads {
    fn account_timezone(&self, account_id: Uuid) -> Result<Option<String>> {
        self.read(|s| s.account_timezone(account_id))
    }
}

impl AnalyticsRepo for ReplicaReads {
    /// A write: always on the primary.
    fn set_account_timezone(&self, account_id: Uuid, timezone: &str) -> Result<()> {
        self.primary.set_account_timezone(account_id, timezone)
    }

    fn flow_name(&self, account_id: Uuid, tree_id: Uuid) -> Result<Option<String>> {
        self.read(|s| s.flow_name(account_id, tree_id))
    }

    fn user_name(&self, account_id: Uuid, user_id: Uuid) -> Result<Option<String>> {
        self.read(|s| s.user_name(account_id, user_id))
    }

    fn daily(&self, account_id: Uuid, scope: Scope, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayTotals>> {
        self.read(|s| s.daily(account_id, scope, from, to))
    }

    fn per_flow(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<GroupTotals>> {
        self.read(|s| s.per_flow(account_id, user, from, to))
    }

    fn engineers(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
        previous_from: NaiveDate,
    ) -> Result<Engineers> {
        self.read(|s| s.engineers(account_id, user, from, to, previous_from))
    }

    fn node_votes(&self, account_id: Uuid, tree_id: Uuid, from: NaiveDate, to: NaiveDate) -> Result<Vec<NodeVotes>> {
        self.read(|s| s.node_votes(account_id, tree_id, from, to))
    }

    fn recent_comments(
        &self,
        account_id: Uuid,
        tree_id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<RatingComment>> {
        self.read(|s| s.recent_comments(account_id, tree_id, from, to, limit))
    }
}

/// The catalog's lists of what this API never writes (flows, the directory) read the standby; the
/// caller's profile (`GET /me`: the account's time zone an admin may just have set, what the
/// console shows) and the caller's own sessions (listed right after starting or completing one)
/// stay on the primary.
impl CatalogRepo for ReplicaReads {
    fn profile(&self, actor: &Actor) -> Result<Option<(User, Account)>> {
        self.primary.profile(actor)
    }

    fn list_trees(&self, actor: &Actor, query: &TreeQuery) -> Result<Page<TreeSummary>> {
        self.read(|s| s.list_trees(actor, query))
    }

    fn find_tree(&self, actor: &Actor, tree_id: Uuid) -> Result<Option<TreeDetail>> {
        self.read(|s| s.find_tree(actor, tree_id))
    }

    fn list_own_sessions(&self, actor: &Actor, query: &SessionQuery) -> Result<Page<SessionListItem>> {
        self.primary.list_own_sessions(actor, query)
    }

    fn list_users(&self, actor: &Actor, query: &DirectoryQuery) -> Result<Page<DirectoryUser>> {
        self.read(|s| s.list_users(actor, query))
    }

    fn list_teams(&self, actor: &Actor, query: &DirectoryQuery) -> Result<Page<DirectoryTeam>> {
        self.read(|s| s.list_teams(actor, query))
    }
}

/// Only the ratings list of a flow reads the standby (like the flow's dashboard beside it); the
/// sessions, their thumbs and CSAT (read right after they are written) and every read a write
/// makes stay on the primary. `tree_exists` too: starting a session checks it.
impl FeedbackRepo for ReplicaReads {
    fn tree_exists(&self, account_id: Uuid, tree_id: Uuid) -> Result<bool> {
        self.primary.tree_exists(account_id, tree_id)
    }

    fn insert_session(&self, new: NewSession) -> Result<Session> {
        self.primary.insert_session(new)
    }

    fn find_session(&self, account_id: Uuid, session_id: Uuid) -> Result<Option<Session>> {
        self.primary.find_session(account_id, session_id)
    }

    fn complete_session(
        &self,
        account_id: Uuid,
        session_id: Uuid,
        outcome: Outcome,
        at: DateTime<Utc>,
    ) -> Result<Option<Session>> {
        self.primary.complete_session(account_id, session_id, outcome, at)
    }

    fn session_thumbs(&self, session_id: Uuid, user_id: Uuid) -> Result<Vec<StepThumb>> {
        self.primary.session_thumbs(session_id, user_id)
    }

    fn thumb_target(&self, account_id: Uuid, step_id: Uuid, session_id: Uuid) -> Result<ThumbTarget> {
        self.primary.thumb_target(account_id, step_id, session_id)
    }

    fn upsert_thumb(&self, write: ThumbWrite) -> Result<ThumbWritten> {
        self.primary.upsert_thumb(write)
    }

    fn delete_thumb(&self, step_id: Uuid, user_id: Uuid, session_id: Uuid) -> Result<bool> {
        self.primary.delete_thumb(step_id, user_id, session_id)
    }

    fn find_session_rating(&self, account_id: Uuid, session_id: Uuid) -> Result<Option<SessionRating>> {
        self.primary.find_session_rating(account_id, session_id)
    }

    fn insert_session_rating(&self, new: NewSessionRating) -> Result<SessionRating> {
        self.primary.insert_session_rating(new)
    }

    fn list_tree_ratings(
        &self,
        account_id: Uuid,
        tree_id: Uuid,
        filter: RatingFilter,
        page: PageRequest,
    ) -> Result<Page<TreeRatingItem>> {
        self.read(|s| s.list_tree_ratings(account_id, tree_id, filter, page))
    }
}

/// Only the admin feedback inbox reads the standby. Conversations, their messages and shares stay
/// on the primary: the caller lists and opens what they just wrote, and access rules (a share
/// revoked a moment ago) must be current.
impl ConversationRepo for ReplicaReads {
    fn create_conversation(&self, new: &NewConversation) -> Result<Conversation> {
        self.primary.create_conversation(new)
    }

    fn access_context(&self, account_id: Uuid, user_id: Uuid, conversation_id: Uuid) -> Result<Option<AccessContext>> {
        self.primary.access_context(account_id, user_id, conversation_id)
    }

    fn list_conversations(
        &self,
        account_id: Uuid,
        user_id: Uuid,
        scope: ListScope,
        page: PageRequest,
    ) -> Result<Page<AccessContext>> {
        self.primary.list_conversations(account_id, user_id, scope, page)
    }

    fn rename_conversation(
        &self,
        account_id: Uuid,
        conversation_id: Uuid,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<Conversation> {
        self.primary.rename_conversation(account_id, conversation_id, title, now)
    }

    fn delete_conversation(&self, account_id: Uuid, conversation_id: Uuid, now: DateTime<Utc>) -> Result<()> {
        self.primary.delete_conversation(account_id, conversation_id, now)
    }

    fn list_messages(&self, conversation_id: Uuid, viewer_id: Uuid, page: PageRequest) -> Result<Page<Message>> {
        self.primary.list_messages(conversation_id, viewer_id, page)
    }

    fn upsert_message(&self, new: &NewMessage, viewer_id: Uuid) -> Result<(Message, bool)> {
        self.primary.upsert_message(new, viewer_id)
    }

    fn find_messages(&self, account_id: Uuid, user_id: Uuid, key: &str) -> Result<Vec<MessageCandidate>> {
        self.primary.find_messages(account_id, user_id, key)
    }

    fn put_feedback(&self, new: &NewFeedback) -> Result<MessageFeedback> {
        self.primary.put_feedback(new)
    }

    fn delete_feedback(&self, message_id: Uuid, user_id: Uuid) -> Result<bool> {
        self.primary.delete_feedback(message_id, user_id)
    }

    fn sharing(&self, conversation_id: Uuid) -> Result<Sharing> {
        self.primary.sharing(conversation_id)
    }

    fn find_users_by_email(&self, account_id: Uuid, emails: &[String]) -> Result<Vec<(String, Uuid)>> {
        self.primary.find_users_by_email(account_id, emails)
    }

    fn find_teams(&self, account_id: Uuid, team_ids: &[Uuid]) -> Result<Vec<Uuid>> {
        self.primary.find_teams(account_id, team_ids)
    }

    fn apply_shares(&self, write: &ShareWrite) -> Result<()> {
        self.primary.apply_shares(write)
    }

    fn set_share_permission(
        &self,
        conversation_id: Uuid,
        target: &ShareTarget,
        permission: Permission,
    ) -> Result<bool> {
        self.primary.set_share_permission(conversation_id, target, permission)
    }

    fn find_user_by_email(&self, account_id: Uuid, email: &str) -> Result<Option<Uuid>> {
        self.primary.find_user_by_email(account_id, email)
    }

    fn revoke_user_share(&self, conversation_id: Uuid, user_id: Uuid, now: DateTime<Utc>) -> Result<bool> {
        self.primary.revoke_user_share(conversation_id, user_id, now)
    }

    fn revoke_team_share(&self, conversation_id: Uuid, team_id: Uuid) -> Result<bool> {
        self.primary.revoke_team_share(conversation_id, team_id)
    }

    fn feedback_inbox(&self, account_id: Uuid, filter: &InboxFilter, page: PageRequest) -> Result<Page<InboxRow>> {
        self.read(|s| s.feedback_inbox(account_id, filter, page))
    }
}

/// The NPS dashboard's figures over the responses (histograms, the daily trend, the recent
/// responses) read the standby. The campaigns stay on the primary: the admin who creates or stops
/// one sees the table again at once (the console refetches it), the survey (`GET /nps/active`) must
/// stop showing a stopped campaign, and the writes read them; they are a handful of rows per
/// account, so the standby would save nothing there. So does the count of active users, which the
/// writes' answers use.
impl NpsRepo for ReplicaReads {
    fn find_campaign(&self, account_id: Uuid, id: Uuid) -> Result<Option<CampaignStats>> {
        self.primary.find_campaign(account_id, id)
    }

    fn find_overlapping(
        &self,
        account_id: Uuid,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
    ) -> Result<Option<Campaign>> {
        self.primary.find_overlapping(account_id, starts_at, ends_at)
    }

    fn insert_campaign(
        &self,
        account_id: Uuid,
        created_by: Uuid,
        campaign: &NewCampaign,
        now: DateTime<Utc>,
    ) -> Result<Campaign> {
        self.primary.insert_campaign(account_id, created_by, campaign, now)
    }

    fn list_campaigns(&self, account_id: Uuid, page: PageRequest) -> Result<Page<CampaignStats>> {
        self.primary.list_campaigns(account_id, page)
    }

    fn all_campaigns(&self, account_id: Uuid) -> Result<Vec<CampaignStats>> {
        self.primary.all_campaigns(account_id)
    }

    fn stop_campaign(
        &self,
        account_id: Uuid,
        id: Uuid,
        stopped_by: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<Campaign>> {
        self.primary.stop_campaign(account_id, id, stopped_by, now)
    }

    fn active_campaign(&self, account_id: Uuid, now: DateTime<Utc>) -> Result<Option<Campaign>> {
        self.primary.active_campaign(account_id, now)
    }

    fn has_responded(&self, campaign_id: Uuid, user_id: Uuid) -> Result<bool> {
        self.primary.has_responded(campaign_id, user_id)
    }

    fn insert_response(
        &self,
        account_id: Uuid,
        user_id: Uuid,
        response: &NewResponse,
        now: DateTime<Utc>,
    ) -> Result<NpsResponse> {
        self.primary.insert_response(account_id, user_id, response, now)
    }

    fn active_user_count(&self, account_id: Uuid) -> Result<i64> {
        self.primary.active_user_count(account_id)
    }

    fn score_histogram(&self, account_id: Uuid, campaign_id: Option<Uuid>) -> Result<ScoreHistogram> {
        self.read(|s| s.score_histogram(account_id, campaign_id))
    }

    fn daily_histograms(
        &self,
        account_id: Uuid,
        campaign_id: Option<Uuid>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        tz: &str,
    ) -> Result<Vec<DayHistogram>> {
        self.read(|s| s.daily_histograms(account_id, campaign_id, from, to, tz))
    }

    fn recent_responses(&self, account_id: Uuid, campaign_id: Option<Uuid>, limit: i64) -> Result<Vec<RecentResponse>> {
        self.read(|s| s.recent_responses(account_id, campaign_id, limit))
    }
}
