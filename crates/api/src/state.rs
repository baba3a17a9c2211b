//! What every handler reaches: the ports, the settings, the authenticator and the metrics.

use std::sync::Arc;

use insights_domain::catalog::CatalogService;
use insights_domain::ports::{
    AnalyticsRepo, CatalogRepo, ConversationRepo, FeedbackRepo, Health, NpsRepo, UserDirectory,
};

use crate::auth::Authenticator;
use crate::metrics::BusinessMetrics;

/// The storage adapters, one per port (in the server all are the same `PgStore`).
#[derive(Clone)]
pub struct Ports {
    pub users: Arc<dyn UserDirectory>,
    pub health: Arc<dyn Health>,
    pub feedback: Arc<dyn FeedbackRepo>,
    pub analytics: Arc<dyn AnalyticsRepo>,
    pub conversations: Arc<dyn ConversationRepo>,
    pub nps: Arc<dyn NpsRepo>,
    pub catalog: Arc<dyn CatalogRepo>,
}

impl Ports {
    /// Every port served by one adapter.
    pub fn all<S>(store: Arc<S>) -> Ports
    where
        S: UserDirectory + Health + FeedbackRepo + AnalyticsRepo + ConversationRepo + NpsRepo + CatalogRepo + 'static,
    {
        Ports {
            users: store.clone(),
            health: store.clone(),
            feedback: store.clone(),
            analytics: store.clone(),
            conversations: store.clone(),
            nps: store.clone(),
            catalog: store,
        }
    }
}

/// The settings the HTTP layer needs (a slice of the server's config).
#[derive(Debug, Clone)]
pub struct ApiSettings {
    pub feedback_enabled: bool,
    pub nps_enabled: bool,
    /// `view` or `comment`: the permission of a public conversation with none recorded.
    pub public_share_default_permission: String,
    pub app_name: String,
    pub max_body_bytes: usize,
    pub cors_allowed_origins: Vec<String>,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings {
            feedback_enabled: true,
            nps_enabled: false,
            public_share_default_permission: "comment".into(),
            app_name: "ResolutionFlow".into(),
            max_body_bytes: 65_536,
            cors_allowed_origins: vec![],
        }
    }
}

pub struct AppState {
    pub ports: Ports,
    pub settings: ApiSettings,
    pub auth: Authenticator,
    pub metrics: BusinessMetrics,
}

impl AppState {
    /// The catalog's operations over its port.
    pub fn catalog(&self) -> CatalogService {
        CatalogService::new(self.ports.catalog.clone())
    }
}
