//! `insights check`: recounts what triggers maintain and reports any drift.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use insights_domain::Result;

use crate::{PgStore, error::db};

/// One counter that differs from its recount.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct Drift {
    #[diesel(sql_type = Text)]
    pub what: String,
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = BigInt)]
    pub stored: i64,
    #[diesel(sql_type = BigInt)]
    pub recounted: i64,
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
                    s.helpful_yes::bigint AS stored, coalesce(c.yes, 0) AS recounted
               FROM step_library s LEFT JOIN counts c ON c.step_id = s.id
              WHERE s.helpful_yes <> coalesce(c.yes, 0)
             UNION ALL
             SELECT 'step_library.helpful_no', s.id::text, s.helpful_no::bigint, coalesce(c.no, 0)
               FROM step_library s LEFT JOIN counts c ON c.step_id = s.id
              WHERE s.helpful_no <> coalesce(c.no, 0)
             ORDER BY 1, 2",
        )
        .load(&mut conn)
        .map_err(db)
    }
}
