//! PostgreSQL adapter of the analytics port.

use insights_domain::ports::AnalyticsRepo;

use crate::PgStore;

impl AnalyticsRepo for PgStore {}
