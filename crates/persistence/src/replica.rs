//! Reads on a streaming replica (a hot standby), with the primary as the fallback.
//!
//! [`ReplicaReads`] wraps the primary's store and, when `database_read_url` is set, a second store
//! over the standby. It implements the read-only ports the dashboards use (their figures and the account's time
//! zone) by running each call on
//! the standby first; when the standby cannot be reached, or a query on it fails because it went
//! away (a lost connection, a statement cancelled by recovery), the same call runs on the primary,
//! so the client sees no error. The first failure of an outage is logged once and the standby is
//! skipped for [`RETRY_AFTER`]; then one request probes it again, and reads move back when it
//! answers (logged once too). Writes and the reads inside writes never come here.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::RunQueryDsl;
use diesel::sql_types::{Double, Nullable};
use insights_domain::ports::{
    AccountDirectory, AnalyticsRepo, DayTotals, GroupTotals, Health, NodeVotes, PoolState, RatingComment, Readiness,
    ReplicaStatus, Scope,
};
use insights_domain::{Error, Result};
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

    fn active_users(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        current: (NaiveDate, NaiveDate),
        previous: (NaiveDate, NaiveDate),
    ) -> Result<(i64, i64)> {
        self.read(|s| s.active_users(account_id, user, current, previous))
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

    fn per_user(
        &self,
        account_id: Uuid,
        user: Option<Uuid>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<GroupTotals>> {
        self.read(|s| s.per_user(account_id, user, from, to))
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
