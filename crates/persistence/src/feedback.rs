//! PostgreSQL adapter of the feedback port.

use insights_domain::ports::FeedbackRepo;

use crate::PgStore;

impl FeedbackRepo for PgStore {}
