//! `insights check`: recounts what triggers maintain and reports any drift.

use diesel::prelude::*;
use diesel::sql_types::Text;
use insights_domain::Result;

use crate::{PgStore, error::db};

/// A value kept by a trigger (a thumbs counter, a rollup row) that differs from its recount.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct Drift {
    /// The table and column (or rollup table) that drifted.
    #[diesel(sql_type = Text)]
    pub what: String,
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = Text)]
    pub stored: String,
    #[diesel(sql_type = Text)]
    pub recounted: String,
}

impl PgStore {
    /// Every thumbs counter of `step_library` that differs from the count of its rows.
    ///
    /// # Errors
    /// `Unavailable` when the database cannot be reached.
    pub fn check_counters(&self) -> Result<Vec<Drift>> {
        let mut conn = self.conn()?;
        diesel::sql_query(
            "WITH counts AS (
                 SELECT step_id,
                        count(*) FILTER (WHERE was_helpful) AS yes,
                        count(*) FILTER (WHERE NOT was_helpful) AS no
                   FROM step_ratings GROUP BY step_id)
             SELECT 'step_library.helpful_yes' AS what, s.id::text AS key,
                    s.helpful_yes::text AS stored, coalesce(c.yes, 0)::text AS recounted
               FROM step_library s LEFT JOIN counts c ON c.step_id = s.id
              WHERE s.helpful_yes <> coalesce(c.yes, 0)
             UNION ALL
             SELECT 'step_library.helpful_no', s.id::text, s.helpful_no::text, coalesce(c.no, 0)::text
               FROM step_library s LEFT JOIN counts c ON c.step_id = s.id
              WHERE s.helpful_no <> coalesce(c.no, 0)
             ORDER BY 1, 2",
        )
        .load(&mut conn)
        .map_err(db)
    }
}
