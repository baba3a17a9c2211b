//! What every handler reaches: one service per capability, the ports the shell itself reads
//! (users for authentication, health for readiness), the settings, the authenticator and the
//! metrics.

use std::sync::Arc;

use insights_analytics::AnalyticsService;
use insights_domain::access::Permission;
use insights_domain::catalog::CatalogService;
use insights_domain::conversations::ConversationService;
use insights_domain::feedback::FeedbackService;
use insights_domain::nps::NpsService;
use insights_domain::ports::{
    AccountDirectory, AnalyticsRepo, CatalogRepo, ConversationRepo, FeedbackRepo, Health, NpsRepo, UserDirectory,
};

use crate::auth::Authenticator;
use crate::metrics::BusinessMetrics;

/// The storage adapters, one per port (in the server the same `PgStore`, or with a read replica the
/// replica-first reads over it for all but `users`).
#[derive(Clone)]
pub struct Ports {
    pub users: Arc<dyn UserDirectory>,
    /// The account time zones the dashboards, the NPS trend and the inbox filters read.
    pub accounts: Arc<dyn AccountDirectory>,
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
        S: UserDirectory
            + AccountDirectory
            + Health
            + FeedbackRepo
            + AnalyticsRepo
            + ConversationRepo
            + NpsRepo
            + CatalogRepo
            + 'static,
    {
        Ports {
            users: store.clone(),
            accounts: store.clone(),
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
    /// The permission of a public conversation with none recorded (parsed once, by the config).
    pub public_share_default_permission: Permission,
    pub app_name: String,
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive (408 past it).
    pub request_body_timeout: std::time::Duration,
    pub cors_allowed_origins: Vec<String>,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings {
            feedback_enabled: true,
            nps_enabled: false,
            public_share_default_permission: Permission::Comment,
            app_name: "ResolutionFlow".into(),
            max_body_bytes: 65_536,
            request_body_timeout: std::time::Duration::from_secs(10),
            cors_allowed_origins: vec![],
        }
    }
}

/// One service per capability, each holding its port and settings.
#[derive(Clone)]
pub struct Services {
    pub feedback: FeedbackService,
    pub analytics: AnalyticsService,
    pub conversations: ConversationService,
    pub nps: NpsService,
    pub catalog: CatalogService,
}

impl Services {
    pub fn new(ports: &Ports, settings: &ApiSettings) -> Services {
        Services {
            feedback: FeedbackService::new(ports.feedback.clone()),
            analytics: AnalyticsService::new(ports.analytics.clone(), ports.accounts.clone()),
            conversations: ConversationService::new(
                ports.conversations.clone(),
                ports.accounts.clone(),
                settings.public_share_default_permission,
            ),
            nps: NpsService::new(ports.nps.clone(), ports.accounts.clone()),
            catalog: CatalogService::new(ports.catalog.clone()),
        }
    }
}

pub struct AppState {
    pub services: Services,
    /// The ports the shell reads itself: `users` (authentication) and `health` (readiness, metrics).
    pub ports: Ports,
    pub settings: ApiSettings,
    pub auth: Authenticator,
    pub metrics: BusinessMetrics,
}

impl AppState {
    /// The state over `ports`, with a service per capability built from them and `settings`.
    pub fn new(ports: Ports, settings: ApiSettings, auth: Authenticator, metrics: BusinessMetrics) -> AppState {
        AppState { services: Services::new(&ports, &settings), ports, settings, auth, metrics }
    }
}
