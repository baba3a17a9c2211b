//! Raw SQL that is prepared once per connection and then reused.
//!
//! `diesel::sql_query` marks every statement as unsafe to cache, so PostgreSQL parses and plans
//! it on each call (planning the message lookup of the feedback endpoints cost more than running
//! it). [`sql`] takes the same text and binds, but leaves the statement cacheable: diesel
//! keys its per-connection cache by the SQL text and the bind types, and reuses the prepared
//! statement. Only fixed texts (or a bounded set of texts built from constants) go through it,
//! so the cache stays bounded; one-off statements keep using `diesel::sql_query`.
//!
//! A prepared statement soon runs a generic plan, made without the parameter values. That suits
//! the point lookups and writes, and the dashboards' window reads whose texts leave one sensible
//! plan (analytics/prefix.rs, node votes); it does not suit reads or lists with optional filters
//! whose best plan depends on the values (at 1M sessions the first dashboards ran 2 to 6 times
//! slower on generic plans, and the flow's comments 13-15 ms instead of 0.3: docs/benchmarks.md).
//! Those are built with [`planned`] and run on a connection of the planning pool
//! (`PgStore::planning_conn`), which sets `plan_cache_mode = force_custom_plan`: prepared once per
//! connection like the others, so not parsed again, but planned for their values on every run.

use diesel::pg::Pg;
use diesel::query_builder::{AstPass, BoxedSqlQuery, Query, QueryFragment, QueryId, SqlQuery};
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Untyped};
use diesel::{QueryResult, RunQueryDsl};

/// A raw statement with its binds, prepared once per connection (see the module docs).
#[must_use = "a statement runs only when loaded or executed"]
pub(crate) struct Sql<'f> {
    query: BoxedSqlQuery<'f, Pg, SqlQuery>,
}

/// A statement of `text`, prepared once per connection; its `$n` placeholders are filled by
/// [`Sql::bind`] in order.
pub(crate) fn sql<'f>(text: impl Into<String>) -> Sql<'f> {
    Sql { query: diesel::sql_query(text).into_boxed() }
}

/// A statement of `text` to run on the planning pool, which plans it for its values on every run
/// (see the module docs).
pub(crate) fn planned<'f>(text: impl Into<String>) -> Sql<'f> {
    sql(text)
}

impl<'f> Sql<'f> {
    /// Binds the next placeholder to `value` as SQL type `ST`.
    pub(crate) fn bind<ST, V>(self, value: V) -> Self
    where
        Pg: HasSqlType<ST>,
        V: ToSql<ST, Pg> + Send + 'f,
        ST: Send + 'f,
    {
        Sql { query: self.query.bind::<ST, V>(value) }
    }

    /// Appends `more` to the text (its placeholders continue the numbering). Each combination of
    /// appended constants is one more cached statement.
    pub(crate) fn push(self, more: &str) -> Self {
        Sql { query: self.query.sql(more) }
    }
}

impl QueryFragment<Pg> for Sql<'_> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.query.walk_ast(out)
    }

    /// The one difference from `BoxedSqlQuery`: the statement is cached, under its text.
    fn is_safe_to_cache_prepared(&self, _backend: &Pg) -> QueryResult<bool> {
        Ok(true)
    }
}

impl QueryId for Sql<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Sql<'_> {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for Sql<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::query_builder::QueryBuilder;

    fn rendered(q: &Sql<'_>) -> (String, bool) {
        let mut qb = diesel::pg::PgQueryBuilder::default();
        q.to_sql(&mut qb, &Pg).expect("renders");
        (qb.finish(), q.is_safe_to_cache_prepared(&Pg).expect("walks"))
    }

    #[test]
    fn the_text_is_sent_as_is_and_the_statement_is_cacheable() {
        let q = sql("SELECT $1::int + $2::int AS n")
            .bind::<diesel::sql_types::Integer, _>(1)
            .bind::<diesel::sql_types::Integer, _>(2);
        assert_eq!(rendered(&q), ("SELECT $1::int + $2::int AS n".to_owned(), true));
        let raw = diesel::sql_query("SELECT 1");
        let mut qb = diesel::pg::PgQueryBuilder::default();
        raw.to_sql(&mut qb, &Pg).expect("renders");
        assert!(!raw.is_safe_to_cache_prepared(&Pg).expect("walks"), "diesel's own raw SQL is never cached");
    }
}

// ---- rows shared by the adapters ----------------------------------------------------------------

/// `SELECT count(*) AS n …`.
#[derive(diesel::QueryableByName)]
pub(crate) struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
}

/// A single text column named `value`.
#[derive(diesel::QueryableByName)]
pub(crate) struct TextValue {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub value: String,
}

/// A single uuid column named `id`.
#[derive(diesel::QueryableByName)]
pub(crate) struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    pub id: uuid::Uuid,
}
