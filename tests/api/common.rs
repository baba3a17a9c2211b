//! The harness: a test context (database, settings, token minting), request helpers returning
//! `(status, json)`, and fixtures that write rows with plain SQL.
#![allow(dead_code)]

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web;
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use diesel::sql_types::{Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_api::{ApiSettings, AppState, Authenticator, JwtKey, Ports};
use insights_persistence::testing::TestDb;
use serde_json::Value;
use uuid::Uuid;

pub const SECRET: &[u8] = b"insights-test-secret";

pub type Time = chrono::DateTime<chrono::Utc>;

/// One test's world: its own database and the settings its app is built with.
pub struct Ctx {
    pub db: TestDb,
    pub settings: ApiSettings,
    pub auth: Authenticator,
}

impl Ctx {
    pub fn new() -> Ctx {
        Self::with_settings(|_| {})
    }

    pub fn with_settings(f: impl FnOnce(&mut ApiSettings)) -> Ctx {
        let mut settings = ApiSettings { nps_enabled: true, ..ApiSettings::default() };
        f(&mut settings);
        let auth = Authenticator::new(JwtKey::Hs256(SECRET.to_vec()), None, None).unwrap();
        Ctx { db: TestDb::new(), settings, auth }
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state_and_metrics().0
    }

    /// The state and the metrics middleware, on one registry (as the server wires them).
    pub fn state_and_metrics(&self) -> (web::Data<AppState>, actix_web_prom::PrometheusMetrics) {
        let store = Arc::new(self.db.store());
        let ports = Ports::all(store);
        let (prom, metrics) = insights_api::metrics::build(ports.health.clone()).unwrap();
        (web::Data::new(AppState::new(ports, self.settings.clone(), self.auth.clone(), metrics)), prom)
    }

    /// The real app (routes and middleware) over this context's database; `/metrics` shows the
    /// business counters its handlers increment.
    pub async fn app(
        &self,
    ) -> impl Service<actix_http::Request, Response = ServiceResponse<impl MessageBody>, Error = actix_web::Error> {
        let (state, prom) = self.state_and_metrics();
        test::init_service(insights_api::build_app(state, prom)).await
    }

    pub fn token(&self, user: Uuid) -> String {
        self.auth.mint(user, 3600).unwrap()
    }

    pub fn conn(&self) -> PgConnection {
        self.db.conn()
    }
}

/// Sends `req` and returns the status and the JSON body (`Value::Null` when empty).
pub async fn send<S, B>(app: &S, req: TestRequest) -> (StatusCode, Value)
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(app, req.to_request()).await;
    let status = res.status();
    let bytes = test::read_body(res).await;
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    (status, body)
}

pub fn get(path: &str, token: &str) -> TestRequest {
    TestRequest::get().uri(path).insert_header(("Authorization", format!("Bearer {token}")))
}

pub fn post(path: &str, token: &str, body: Value) -> TestRequest {
    TestRequest::post().uri(path).insert_header(("Authorization", format!("Bearer {token}"))).set_json(body)
}

pub fn put(path: &str, token: &str, body: Value) -> TestRequest {
    TestRequest::put().uri(path).insert_header(("Authorization", format!("Bearer {token}"))).set_json(body)
}

pub fn patch(path: &str, token: &str, body: Value) -> TestRequest {
    TestRequest::patch().uri(path).insert_header(("Authorization", format!("Bearer {token}"))).set_json(body)
}

pub fn delete(path: &str, token: &str) -> TestRequest {
    TestRequest::delete().uri(path).insert_header(("Authorization", format!("Bearer {token}")))
}

/// `method path` with a bearer token and a body sent as given, under `content_type` (for bodies
/// `set_json` cannot make: malformed JSON, another media type, number literals serde would
/// rewrite).
pub fn raw(method: &str, path: &str, token: &str, content_type: &str, body: impl AsRef<[u8]>) -> TestRequest {
    TestRequest::default()
        .method(actix_web::http::Method::from_bytes(method.as_bytes()).unwrap())
        .uri(path)
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("Content-Type", content_type.to_owned()))
        .set_payload(body.as_ref().to_vec())
}

/// [`raw`] as `application/json`.
pub fn raw_json(method: &str, path: &str, token: &str, body: impl AsRef<[u8]>) -> TestRequest {
    raw(method, path, token, "application/json", body)
}

pub fn exec(conn: &mut PgConnection, sql: &str) {
    diesel::sql_query(sql).execute(conn).unwrap();
}

// ---- fixtures -------------------------------------------------------------------------------

pub fn account(conn: &mut PgConnection, name: &str) -> Uuid {
    account_tz(conn, name, "UTC")
}

pub fn account_tz(conn: &mut PgConnection, name: &str, tz: &str) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO accounts (id, name, timezone) VALUES ($1, $2, $3)")
        .bind::<SqlUuid, _>(id)
        .bind::<Text, _>(name)
        .bind::<Text, _>(tz)
        .execute(conn)
        .unwrap();
    id
}

/// A user of `role` (`super_admin`, `team_admin`, `engineer`, `viewer`); the email is derived
/// from `name`.
pub fn user(conn: &mut PgConnection, account: Uuid, role: &str, name: &str) -> Uuid {
    user_full(conn, account, role, name, false, true)
}

pub fn user_full(
    conn: &mut PgConnection,
    account: Uuid,
    role: &str,
    name: &str,
    can_view_admin: bool,
    active: bool,
) -> Uuid {
    let id = Uuid::now_v7();
    let email = format!("{}.{}@example.test", name.to_lowercase().replace(' ', "."), &id.simple().to_string()[24..]);
    diesel::sql_query(
        "INSERT INTO users (id, account_id, email, name, role, can_view_admin, is_active) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(account)
    .bind::<Text, _>(email)
    .bind::<Text, _>(name)
    .bind::<Text, _>(role)
    .bind::<Bool, _>(can_view_admin)
    .bind::<Bool, _>(active)
    .execute(conn)
    .unwrap();
    id
}

pub fn email_of(conn: &mut PgConnection, user: Uuid) -> String {
    #[derive(diesel::QueryableByName)]
    struct E {
        #[diesel(sql_type = Text)]
        email: String,
    }
    diesel::sql_query("SELECT email FROM users WHERE id = $1")
        .bind::<SqlUuid, _>(user)
        .get_result::<E>(conn)
        .unwrap()
        .email
}

pub fn team(conn: &mut PgConnection, account: Uuid, name: &str, members: &[Uuid]) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO teams (id, account_id, name) VALUES ($1, $2, $3)")
        .bind::<SqlUuid, _>(id)
        .bind::<SqlUuid, _>(account)
        .bind::<Text, _>(name)
        .execute(conn)
        .unwrap();
    for m in members {
        diesel::sql_query("INSERT INTO team_members (team_id, user_id) VALUES ($1, $2)")
            .bind::<SqlUuid, _>(id)
            .bind::<SqlUuid, _>(*m)
            .execute(conn)
            .unwrap();
    }
    id
}

pub fn tree(conn: &mut PgConnection, account: Uuid, name: &str) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO trees (id, account_id, name) VALUES ($1, $2, $3)")
        .bind::<SqlUuid, _>(id)
        .bind::<SqlUuid, _>(account)
        .bind::<Text, _>(name)
        .execute(conn)
        .unwrap();
    id
}

pub fn step(conn: &mut PgConnection, account: Uuid, title: &str) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO step_library (id, account_id, title) VALUES ($1, $2, $3)")
        .bind::<SqlUuid, _>(id)
        .bind::<SqlUuid, _>(account)
        .bind::<Text, _>(title)
        .execute(conn)
        .unwrap();
    id
}

pub fn node(conn: &mut PgConnection, tree: Uuid, node_id: &str, title: &str, step: Option<Uuid>, position: i32) {
    diesel::sql_query(
        "INSERT INTO tree_nodes (tree_id, node_id, title, step_id, position) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind::<SqlUuid, _>(tree)
    .bind::<Text, _>(node_id)
    .bind::<Text, _>(title)
    .bind::<Nullable<SqlUuid>, _>(step)
    .bind::<Integer, _>(position)
    .execute(conn)
    .unwrap();
}

/// A session; `completed` is `(completed_at, outcome)`.
pub fn session(
    conn: &mut PgConnection,
    account: Uuid,
    tree: Uuid,
    user: Uuid,
    started: Time,
    completed: Option<(Time, &str)>,
) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO sessions (id, account_id, tree_id, user_id, started_at, completed_at, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(account)
    .bind::<SqlUuid, _>(tree)
    .bind::<SqlUuid, _>(user)
    .bind::<Timestamptz, _>(started)
    .bind::<Nullable<Timestamptz>, _>(completed.map(|c| c.0))
    .bind::<Nullable<Text>, _>(completed.map(|c| c.1))
    .execute(conn)
    .unwrap();
    id
}

pub fn ts(s: &str) -> Time {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc)
}

/// The `n` of a `SELECT count(*) AS n …`.
pub fn count(c: &mut PgConnection, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<N>(c).unwrap().n
}

/// The error code of an error body (empty when there is none).
pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

/// xorshift64*: a small deterministic generator for the randomized tests, so a failure replays.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
