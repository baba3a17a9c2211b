//! PostgreSQL adapter of the nps port.

use insights_domain::ports::NpsRepo;

use crate::PgStore;

impl NpsRepo for PgStore {}
