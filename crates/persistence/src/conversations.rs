//! PostgreSQL adapter of the conversations port.

use insights_domain::ports::ConversationRepo;

use crate::PgStore;

impl ConversationRepo for PgStore {}
