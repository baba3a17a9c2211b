//! Test support (feature `test-support`): one database per test, cloned from a migrated template,
//! so tests run in parallel without `#[serial]`.
//!
//! The admin connection comes from `DATABASE_URL` (set by `make test`), else the test cluster of
//! `scripts/pg.sh` on port 15433. The template is named after a hash of the migrations' contents,
//! so a changed migration builds a new one. Measured on 2 cores with PGDATA on tmpfs: about
//! 20-40 ms per test for the clone and the drop.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::{Connection, RunQueryDsl, sql_query};

use crate::migrations::{MIGRATIONS_HASH, run_pending_on};
use crate::{PgPool, PgStore, PoolSettings};

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:15433/postgres";
const TEMPLATE_LOCK: i64 = 0x7e57;

/// The admin URL tests connect to.
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned())
}

/// `url` with its database name replaced by `db`.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// A fresh, migrated database, dropped with the value.
pub struct TestDb {
    name: String,
    url: String,
    admin_url: String,
    store: PgStore,
}

impl TestDb {
    pub fn new() -> TestDb {
        Self::with_pool_size(8)
    }

    pub fn with_pool_size(max_size: u32) -> TestDb {
        let admin_url = admin_url();
        let template = ensure_template(&admin_url);
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&admin_url).expect("connect to the test cluster");
        sql_query(format!("CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"))
            .execute(&mut admin)
            .expect("clone the template");
        let url = with_database(&admin_url, &name);
        let store = PgStore::connect(&PoolSettings { url: url.clone(), max_size, ..PoolSettings::for_tests() });
        TestDb { name, url, admin_url, store }
    }

    /// An empty database with no migrations applied (for migration tests).
    pub fn empty() -> TestDb {
        let admin_url = admin_url();
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&admin_url).expect("connect to the test cluster");
        sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).expect("create database");
        let url = with_database(&admin_url, &name);
        let store = PgStore::connect(&PoolSettings { url: url.clone(), max_size: 2, ..PoolSettings::for_tests() });
        TestDb { name, url, admin_url, store }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn pool(&self) -> &PgPool {
        self.store.pool()
    }

    /// The planning pool of [`TestDb::store`].
    pub fn planning_pool(&self) -> &PgPool {
        self.store.planning_pool()
    }

    /// The store over the database (clones share its pools).
    pub fn store(&self) -> PgStore {
        self.store.clone()
    }

    /// A direct connection (for arranging rows and asserting with plain SQL).
    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.url).expect("connect to the test database")
    }
}

impl Default for TestDb {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = PgConnection::establish(&self.admin_url) {
            let _ = sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)).execute(&mut admin);
        }
    }
}

fn ensure_template(admin_url: &str) -> String {
    let template = format!("tmpl_{MIGRATIONS_HASH}");
    let mut admin = PgConnection::establish(admin_url).expect("connect to the test cluster");
    sql_query(format!("SELECT pg_advisory_lock({TEMPLATE_LOCK})")).execute(&mut admin).expect("lock");
    let exists = sql_query(format!("SELECT 1 FROM pg_database WHERE datname = '{template}'"))
        .execute(&mut admin)
        .expect("look up template")
        > 0;
    if !exists {
        // Build under a temporary name and rename, so a failed migration leaves no half template.
        let building = format!("{template}_building");
        sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)")).execute(&mut admin).expect("drop");
        sql_query(format!("CREATE DATABASE {building}")).execute(&mut admin).expect("create template");
        {
            let mut conn = PgConnection::establish(&with_database(admin_url, &building)).expect("connect template");
            run_pending_on(&mut conn).expect("migrate template");
        } // the template must have no open session when it is cloned
        sql_query(format!("ALTER DATABASE {building} RENAME TO {template}")).execute(&mut admin).expect("rename");
        sql_query(format!("ALTER DATABASE {template} IS_TEMPLATE true")).execute(&mut admin).expect("mark");
    }
    sql_query(format!("SELECT pg_advisory_unlock({TEMPLATE_LOCK})")).execute(&mut admin).expect("unlock");
    template
}

impl PoolSettings {
    /// The settings of a test database's store: a generous checkout timeout and no statement or
    /// lock timeout (tests that prove those set their own).
    pub fn for_tests() -> PoolSettings {
        PoolSettings {
            url: String::new(),
            max_size: 8,
            checkout_timeout: Duration::from_secs(10),
            statement_timeout: Duration::ZERO,
            lock_timeout: Duration::ZERO,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_is_replaced_keeping_the_query() {
        assert_eq!(with_database("postgres://u@h:1/postgres", "t_1"), "postgres://u@h:1/t_1");
        assert_eq!(with_database("postgres://u@h:1/x?sslmode=disable", "t"), "postgres://u@h:1/t?sslmode=disable");
        assert_eq!(with_database("postgres://u@h:1", "t"), "postgres://u@h:1/t");
    }
}
