//! Prometheus metrics: request counts and latency histograms (actix-web-prom), the pool's state
//! (read at scrape time) and business counters.

use std::sync::Arc;

use actix_web_prom::{PrometheusMetrics, PrometheusMetricsBuilder};
use insights_domain::ports::Health;
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{Gauge, IntCounter, IntCounterVec, IntGauge, Opts, Registry};

/// Counters of what the service records.
#[derive(Clone)]
pub struct BusinessMetrics {
    /// Thumbs written, by `value` (`up`, `down`, `removed`).
    pub thumbs: IntCounterVec,
    pub csat: IntCounter,
    pub nps_responses: IntCounter,
    pub message_feedback: IntCounter,
}

impl BusinessMetrics {
    fn new(registry: &Registry) -> Result<Self, prometheus::Error> {
        let thumbs = IntCounterVec::new(Opts::new("insights_thumbs_total", "step thumbs written"), &["value"])?;
        let csat = IntCounter::new("insights_csat_total", "session CSAT ratings stored")?;
        let nps_responses = IntCounter::new("insights_nps_responses_total", "NPS responses stored")?;
        let message_feedback = IntCounter::new("insights_message_feedback_total", "message feedback saved")?;
        registry.register(Box::new(thumbs.clone()))?;
        registry.register(Box::new(csat.clone()))?;
        registry.register(Box::new(nps_responses.clone()))?;
        registry.register(Box::new(message_feedback.clone()))?;
        Ok(BusinessMetrics { thumbs, csat, nps_responses, message_feedback })
    }
}

/// Reads the pool's state on every scrape.
struct PoolCollector {
    health: Arc<dyn Health>,
    size: IntGauge,
    idle: IntGauge,
    waits: IntGauge,
    timeouts: IntGauge,
    descs: Vec<Desc>,
}

impl PoolCollector {
    fn new(health: Arc<dyn Health>) -> Result<Self, prometheus::Error> {
        let size = IntGauge::new("insights_db_pool_connections", "connections open")?;
        let idle = IntGauge::new("insights_db_pool_idle", "idle connections")?;
        let waits = IntGauge::new("insights_db_pool_waits_total", "checkouts that found no idle connection")?;
        let timeouts = IntGauge::new("insights_db_pool_timeouts_total", "checkouts that timed out")?;
        let descs = [&size, &idle, &waits, &timeouts].iter().flat_map(|g| g.desc().into_iter().cloned()).collect();
        Ok(PoolCollector { health, size, idle, waits, timeouts, descs })
    }
}

impl Collector for PoolCollector {
    fn desc(&self) -> Vec<&Desc> {
        self.descs.iter().collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let s = self.health.pool_state();
        self.size.set(i64::from(s.size));
        self.idle.set(i64::from(s.idle));
        self.waits.set(s.waits as i64);
        self.timeouts.set(s.timeouts as i64);
        [&self.size, &self.idle, &self.waits, &self.timeouts].iter().flat_map(|g| g.collect()).collect()
    }
}

/// Reads the read replica's state on every scrape (registered only when one is configured).
struct ReplicaCollector {
    health: Arc<dyn Health>,
    up: IntGauge,
    lag: Gauge,
    reads: IntGauge,
    fallbacks: IntGauge,
    descs: Vec<Desc>,
}

impl ReplicaCollector {
    fn new(health: Arc<dyn Health>) -> Result<Self, prometheus::Error> {
        let up = IntGauge::new("insights_replica_up", "1 when the read replica answered at this scrape")?;
        let lag = Gauge::new("insights_replica_lag_seconds", "how far the replica's replay is behind (0: caught up)")?;
        let reads = IntGauge::new("insights_replica_reads_total", "reads the replica answered")?;
        let fallbacks = IntGauge::new(
            "insights_replica_fallbacks_total",
            "reads the primary answered because the replica could not",
        )?;
        let descs =
            up.desc().into_iter().chain(lag.desc()).chain(reads.desc()).chain(fallbacks.desc()).cloned().collect();
        Ok(ReplicaCollector { health, up, lag, reads, fallbacks, descs })
    }
}

impl Collector for ReplicaCollector {
    fn desc(&self) -> Vec<&Desc> {
        self.descs.iter().collect()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let Some(r) = self.health.replica() else { return vec![] };
        self.up.set(i64::from(r.reachable));
        self.lag.set(r.lag_seconds.unwrap_or(f64::NAN));
        self.reads.set(r.reads as i64);
        self.fallbacks.set(r.fallbacks as i64);
        let mut out = self.up.collect();
        out.extend(self.lag.collect());
        out.extend(self.reads.collect());
        out.extend(self.fallbacks.collect());
        out
    }
}

/// The request metrics middleware (serving `/metrics`) and the business counters, on one registry.
///
/// # Errors
/// A registration error (only on a programming mistake such as a duplicate name).
pub fn build(health: Arc<dyn Health>) -> Result<(PrometheusMetrics, BusinessMetrics), String> {
    let registry = Registry::new();
    let business = BusinessMetrics::new(&registry).map_err(|e| e.to_string())?;
    if health.replica().is_some() {
        let replica = ReplicaCollector::new(health.clone()).map_err(|e| e.to_string())?;
        registry.register(Box::new(replica)).map_err(|e| e.to_string())?;
    }
    registry.register(Box::new(PoolCollector::new(health).map_err(|e| e.to_string())?)).map_err(|e| e.to_string())?;
    let prom = PrometheusMetricsBuilder::new("insights")
        .registry(registry)
        .endpoint("/metrics")
        .exclude("/metrics")
        .exclude_regex("^/docs")
        .mask_unmatched_patterns("UNKNOWN")
        .build()
        .map_err(|e| e.to_string())?;
    Ok((prom, business))
}
