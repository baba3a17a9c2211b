//! The adversarial probe's findings (issue 13), as regression tests against the real app and
//! PostgreSQL: NUL characters, bounded metrics labels, wrong JSON kinds and Rust words in errors,
//! times and scores at the edges, ambiguous client message ids, authentication edges and HTTP
//! hygiene. The lock-wait and slow-body cases run against the real binary (`hardening_process`).

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::*;

fn count(c: &mut PgConnection, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<N>(c).unwrap().n
}

fn conv(c: &mut PgConnection, acc: Uuid, owner: Uuid, title: &str) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO conversations (id, account_id, owner_id, title) VALUES ($1, $2, $3, $4)")
        .bind::<SqlUuid, _>(id)
        .bind::<SqlUuid, _>(acc)
        .bind::<SqlUuid, _>(owner)
        .bind::<Text, _>(title)
        .execute(c)
        .unwrap();
    id
}

fn msg(c: &mut PgConnection, conv: Uuid, client_id: Option<&str>) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO messages (id, conversation_id, client_message_id, role, content, created_at, updated_at) \
         VALUES ($1, $2, $3, 'assistant', 'hello', $4, $4)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(conv)
    .bind::<Nullable<Text>, _>(client_id)
    .bind::<Timestamptz, _>(ts("2026-01-01T00:00:00Z"))
    .execute(c)
    .unwrap();
    id
}

fn share_user(c: &mut PgConnection, conv: Uuid, user: Uuid, permission: &str) {
    diesel::sql_query("INSERT INTO conversation_shares (conversation_id, user_id, permission) VALUES ($1, $2, $3)")
        .bind::<SqlUuid, _>(conv)
        .bind::<SqlUuid, _>(user)
        .bind::<Text, _>(permission)
        .execute(c)
        .unwrap();
}

fn assert_invalid(what: &str, status: StatusCode, body: &Value) {
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("INVALID_REQUEST")),
        "{what}: {body}"
    );
}

// ---- 1. NUL characters ------------------------------------------------------------------------

#[actix_web::test]
async fn a_nul_in_any_text_value_email_path_id_or_query_value_is_400_never_500() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let owner = user(&mut c, acc, "super_admin", "Olga");
    let other = user(&mut c, acc, "engineer", "Otto");
    let conversation = conv(&mut c, acc, owner, "Printer");
    share_user(&mut c, conversation, other, "view");
    let tree = tree(&mut c, acc, "VPN");
    let app = ctx.app().await;
    let t = ctx.token(owner);
    let share = format!("/api/v1/chat/conversations/{conversation}/share");
    let other_email = email_of(&mut c, other);

    let bodies: Vec<(&str, String, Value)> = vec![
        ("POST", share.clone(), json!({"user_emails": ["a\u{0}b@example.test"], "permission": "view"})),
        ("POST", share.clone(), json!({"team_ids": ["\u{0}"], "permission": "view"})),
        ("POST", share.clone(), json!({"is_public": true, "public_permission": "vi\u{0}ew"})),
        ("PATCH", share.clone(), json!({"permission": "view", "email": format!("{other_email}\u{0}")})),
        ("PATCH", share.clone(), json!({"permission": "comment\u{0}", "public": true})),
        ("POST", "/api/v1/chat/conversations".into(), json!({"title": "a\u{0}b"})),
        ("PATCH", format!("/api/v1/chat/conversations/{conversation}"), json!({"title": "\u{0}"})),
        (
            "POST",
            format!("/api/v1/chat/conversations/{conversation}/messages"),
            json!({"role": "user", "content": "hi", "message_id": "m\u{0}1"}),
        ),
        ("POST", "/api/v1/sessions".into(), json!({"tree_id": format!("{tree}\u{0}")})),
        ("PUT", "/api/v1/admin/account/timezone".into(), json!({"timezone": "UTC\u{0}"})),
        ("POST", "/api/v1/nps".into(), json!({"score": 9, "comment": "fine\u{0}"})),
        ("POST", "/api/v1/nps".into(), json!({"score": 9, "campaign_id": "\u{0}"})),
        (
            "POST",
            "/api/v1/admin/nps/campaigns".into(),
            json!({"name": "Q\u{0}1", "starts_at": "2080-01-01", "ends_at": "2080-02-01"}),
        ),
        ("PUT", "/api/v1/chat/messages/a%00b/feedback".into(), json!({"rating": "positive"})),
        ("PUT", "/api/v1/chat/messages/m-1/feedback".into(), json!({"rating": "positive", "reason": "x\u{0}"})),
    ];
    for (method, path, body) in bodies {
        let (s, res) = send(&app, raw_json(method, &path, &t, body.to_string())).await;
        assert_invalid(&format!("{method} {path} {body}"), s, &res);
        assert!(res["error"]["message"].as_str().unwrap().contains("NUL"), "{method} {path}: {res}");
    }
    let gets = [
        "/api/v1/chat/messages/a%00b/feedback".to_owned(),
        format!("/api/v1/chat/conversations/{conversation}%00"),
        "/api/v1/chat/conversations?scope=%00".into(),
        "/api/v1/chat/conversations?page=1%00".into(),
        "/api/v1/admin/feedback?rating=positive%00".into(),
        "/api/v1/admin/feedback?from=2026-01-01%00".into(),
        "/api/v1/admin/feedback?user_id=%00".into(),
        "/api/v1/admin/nps?campaign_id=%00".into(),
        "/api/v1/analytics/team?engineer_id=%00".into(),
        format!("/api/v1/analytics/flows/{tree}?period=7d%00"),
        format!("/api/v1/trees/{tree}/ratings?rating=%00"),
        "/api/v1/admin/nps/campaigns?limit=%00".into(),
        "/api/v1/chat/conversations?%00=1".into(),
    ];
    for path in gets {
        let method = if path.contains("/feedback") && path.contains("messages") { "DELETE" } else { "GET" };
        let (s, res) = send(
            &app,
            TestRequest::default()
                .method(method.parse().unwrap())
                .uri(&path)
                .insert_header(("Authorization", format!("Bearer {t}"))),
        )
        .await;
        assert_invalid(&format!("{method} {path}"), s, &res);
    }
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversation_shares"), 1, "nothing shared");
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversations"), 1, "nothing created");
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses"), 0);
}

// ---- 2. bounded metrics -------------------------------------------------------------------------

#[actix_web::test]
async fn invented_http_methods_are_counted_under_other_and_the_scrape_stays_bounded() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let scrape = || async {
        let res = test::call_service(&app, TestRequest::get().uri("/metrics").to_request()).await;
        String::from_utf8(test::read_body(res).await.to_vec()).unwrap()
    };
    let method = |m: &str| TestRequest::default().method(actix_web::http::Method::from_bytes(m.as_bytes()).unwrap());
    test::call_service(&app, method("GET").uri("/healthz").to_request()).await;
    let before = scrape().await.len();
    for i in 0..50 {
        let (s, body) = send(&app, method(&format!("PROBE{i}")).uri("/healthz")).await;
        assert_eq!((s, body["error"]["code"].as_str()), (StatusCode::NOT_FOUND, Some("NOT_FOUND")), "{body}");
        send(&app, method(&format!("X{i}")).uri(&format!("/nowhere/{i}"))).await;
    }
    let text = scrape().await;
    assert!(!text.contains("PROBE") && !text.contains("method=\"X"), "an invented method became a label");
    assert!(text.contains("method=\"OTHER\""), "{text}");
    let methods: std::collections::BTreeSet<&str> =
        text.split("method=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    for m in &methods {
        assert!(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "OTHER"].contains(m), "label {m}");
    }
    // One request kind per (endpoint, method, status) more, whatever 100 invented methods did.
    assert!(text.len() < before + 8_000, "the scrape grew from {before} to {} bytes", text.len());
}

// ---- 4. wrong JSON kinds, errors in the contract's words -------------------------------------------

#[actix_web::test]
async fn bodies_that_are_not_json_objects_are_400_and_write_nothing() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "super_admin", "Ann");
    let app = ctx.app().await;
    let t = ctx.token(me);
    for (path, body) in [
        ("/api/v1/chat/conversations", r#"["x"]"#),
        ("/api/v1/nps", r#"[7,"c",null]"#),
        ("/api/v1/nps", "7"),
        ("/api/v1/nps", "null"),
        ("/api/v1/chat/conversations", r#""x""#),
        ("/api/v1/admin/nps/campaigns", r#"["Q1","2080-01-01","2080-02-01"]"#),
    ] {
        let (s, res) = send(&app, raw_json("POST", path, &t, body)).await;
        assert_invalid(&format!("{path} {body}"), s, &res);
        assert_eq!(res["error"]["message"], "the body must be a JSON object", "{path} {body}");
    }
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM conversations"), 0);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses"), 0);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_campaigns"), 0);
}

#[actix_web::test]
async fn error_messages_name_the_contracts_fields_and_json_kinds_never_rust_types() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "super_admin", "Ann");
    let tree = tree(&mut c, acc, "VPN");
    let step = step(&mut c, acc, "Reboot");
    let app = ctx.app().await;
    let t = ctx.token(me);
    let cases: Vec<(&str, String, Value, &str, &str)> = vec![
        ("POST", "/api/v1/sessions".into(), json!({"tree_id": 5}), "tree_id", "tree_id must be a UUID"),
        ("POST", "/api/v1/sessions".into(), json!({}), "tree_id", "tree_id is required"),
        ("POST", "/api/v1/sessions".into(), json!({"tree_id": tree, "x": 1}), "x", "x is not a field of this body"),
        ("POST", "/api/v1/chat/conversations".into(), json!({"title": ["a"]}), "title", "title must be a string"),
        ("POST", "/api/v1/chat/conversations".into(), json!({"title": {"a": 1}}), "title", "title must be a string"),
        ("PATCH", "/api/v1/chat/conversations/x".into(), json!({"title": 1}), "id", "id must be a UUID"),
    ];
    let thumb = format!("/api/v1/steps/{step}/feedback");
    let more = [(thumb.as_str(), json!({"session_id": Uuid::now_v7(), "was_helpful": "yes"}), "was_helpful")];
    for (method, path, body, field, starts) in cases {
        let (s, res) = send(&app, raw_json(method, &path, &t, body.to_string())).await;
        assert_invalid(&format!("{path} {body}"), s, &res);
        let message = res["error"]["message"].as_str().unwrap();
        assert!(message.starts_with(starts), "{path} {body}: {message}");
        assert_eq!(res["error"]["details"][0]["field"], field, "{res}");
        assert_no_rust_words(message);
    }
    for (path, body, field) in more {
        let (s, res) = send(&app, raw_json("POST", path, &t, body.to_string())).await;
        assert_invalid(path, s, &res);
        let message = res["error"]["message"].as_str().unwrap();
        assert_eq!(message, "was_helpful must be true or false, not string \"yes\"");
        assert_eq!(res["error"]["details"][0]["field"], field);
    }
    let (s, res) = send(&app, raw_json("POST", "/api/v1/sessions", &t, "{\"tree_id\": ")).await;
    assert_invalid("truncated", s, &res);
    assert_no_rust_words(res["error"]["message"].as_str().unwrap());
}

fn assert_no_rust_words(message: &str) {
    for word in ["struct", "Body", "Uuid", "Option", "u32", "i64", "i32", "u64", "f64", "bool", "sequence", "serde"] {
        assert!(!message.contains(word), "{word:?} in {message:?}");
    }
}

// ---- 5. times and scores at the edges ---------------------------------------------------------------

#[actix_web::test]
async fn campaign_ranges_are_checked_as_stored_and_leap_seconds_are_refused() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let admin = user(&mut c, acc, "team_admin", "Ada");
    let app = ctx.app().await;
    let t = ctx.token(admin);
    for (starts, ends, field, message) in [
        ("2080-01-01T23:59:60Z", "2080-01-02", "starts_at", None),
        ("2080-01-01", "2080-01-01T23:59:60Z", "ends_at", None),
        (
            "2080-01-01T00:00:00.123456789Z",
            "2080-01-01T00:00:00.123456790Z",
            "ends_at",
            Some("ends_at must be after starts_at"),
        ),
        (
            "2080-01-01T00:00:00.1234561Z",
            "2080-01-01T00:00:00.1234569Z",
            "ends_at",
            Some("ends_at must be after starts_at"),
        ),
    ] {
        let body = json!({"name": "Edge", "starts_at": starts, "ends_at": ends});
        let (s, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body.clone())).await;
        assert_invalid(&body.to_string(), s, &res);
        assert_eq!(res["error"]["details"][0]["field"], field, "{res}");
        if let Some(m) = message {
            assert_eq!(res["error"]["message"], m);
        }
    }
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_campaigns"), 0);
    // One microsecond apart once stored is a valid range, kept at microseconds.
    let body = json!({"name": "Tiny", "starts_at": "2080-01-01T00:00:00.123456999Z", "ends_at": "2080-01-01T00:00:00.123457Z"});
    let (s, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body)).await;
    assert_eq!(s, StatusCode::CREATED, "{res}");
    assert_eq!(
        count(&mut c, "SELECT count(*) AS n FROM nps_campaigns WHERE ends_at - starts_at = interval '1 microsecond'"),
        1
    );
}

#[actix_web::test]
async fn scores_are_whole_numbers_by_their_decimal_text() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let tree = tree(&mut c, acc, "VPN");
    let app = ctx.app().await;
    for text in ["9.999999999999999999", "10.000000000000000001", "0.0000000000000000001", "4.5", "1e300"] {
        let u = user(&mut c, acc, "engineer", &format!("U{}", text.len()));
        let (s, res) =
            send(&app, raw_json("POST", "/api/v1/nps", &ctx.token(u), format!("{{\"score\": {text}}}"))).await;
        assert_invalid(text, s, &res);
        assert_eq!(res["error"]["message"], "score must be a whole number from 0 to 10", "{text}");
    }
    let u = user(&mut c, acc, "engineer", "Huge");
    let (s, res) = send(&app, raw_json("POST", "/api/v1/nps", &ctx.token(u), r#"{"score": 1e400}"#)).await;
    assert_invalid("1e400", s, &res);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses"), 0);
    for (i, text) in ["10.000", "1e1", "9"].iter().enumerate() {
        let u = user(&mut c, acc, "engineer", &format!("Ok{i}"));
        let (s, res) =
            send(&app, raw_json("POST", "/api/v1/nps", &ctx.token(u), format!("{{\"score\": {text}}}"))).await;
        assert_eq!(s, StatusCode::CREATED, "{text}: {res}");
    }
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses WHERE score = 10"), 2);

    // CSAT follows the same rule.
    let me = user(&mut c, acc, "engineer", "Rater");
    let done =
        session(&mut c, acc, tree, me, ts("2026-01-01T10:00:00Z"), Some((ts("2026-01-01T10:05:00Z"), "resolved")));
    let path = format!("/api/v1/sessions/{done}/rate");
    let (s, res) = send(&app, raw_json("POST", &path, &ctx.token(me), r#"{"rating": 4.999999999999999999}"#)).await;
    assert_invalid("csat", s, &res);
    let (s, res) = send(&app, raw_json("POST", &path, &ctx.token(me), r#"{"rating": 4.0}"#)).await;
    assert_eq!(s, StatusCode::CREATED, "{res}");
    assert_eq!(res["rating"], 4);
}

// ---- 6. ambiguous client message ids -------------------------------------------------------------

#[actix_web::test]
async fn a_client_message_id_in_two_reachable_conversations_is_409_and_rates_nothing() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "engineer", "Mia");
    let friend = user(&mut c, acc, "engineer", "Fred");
    let mine = conv(&mut c, acc, me, "mine");
    let shared = conv(&mut c, acc, friend, "shared with me");
    share_user(&mut c, shared, me, "view");
    let first = msg(&mut c, mine, Some("c-1"));
    msg(&mut c, shared, Some("c-1"));
    let app = ctx.app().await;
    let t = ctx.token(me);

    let (s, res) = send(&app, put("/api/v1/chat/messages/c-1/feedback", &t, json!({"rating": "positive"}))).await;
    assert_eq!((s, res["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("AMBIGUOUS_MESSAGE_ID")), "{res}");
    assert!(res["error"]["message"].as_str().unwrap().contains("UUID"), "{res}");
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM message_feedback"), 0, "nothing rated");
    let (s, res) = send(&app, delete("/api/v1/chat/messages/c-1/feedback", &t)).await;
    assert_eq!((s, res["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("AMBIGUOUS_MESSAGE_ID")));

    let by_uuid = format!("/api/v1/chat/messages/{first}/feedback");
    let (s, res) = send(&app, put(&by_uuid, &t, json!({"rating": "negative"}))).await;
    assert_eq!((s, res["message_id"].as_str()), (StatusCode::OK, Some(first.to_string().as_str())));
    // The friend reaches only their own conversation: the same client id is not ambiguous to them.
    let (s, _) =
        send(&app, put("/api/v1/chat/messages/c-1/feedback", &ctx.token(friend), json!({"rating": "positive"}))).await;
    assert_eq!(s, StatusCode::OK);
}

// ---- 7. authentication edges ----------------------------------------------------------------------

#[actix_web::test]
async fn two_authorization_headers_a_future_nbf_and_a_crit_header_are_401() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "engineer", "Ann");
    let other = user(&mut c, acc, "engineer", "Bob");
    let app = ctx.app().await;
    let now = chrono::Utc::now().timestamp();
    let sign = |header: &Header, claims: Value| encode(header, &claims, &EncodingKey::from_secret(SECRET)).unwrap();
    let hs = Header::new(Algorithm::HS256);
    let not_yet = sign(&hs, json!({"sub": me.to_string(), "exp": now + 3600, "nbf": now + 600}));
    let mut crit = Header::new(Algorithm::HS256);
    crit.crit = Some(vec!["exp".into()]);
    let critical = sign(&crit, json!({"sub": me.to_string(), "exp": now + 3600}));
    let valid_nbf = sign(&hs, json!({"sub": me.to_string(), "exp": now + 3600, "nbf": now - 10}));

    let two = TestRequest::get()
        .uri("/api/v1/analytics/me")
        .append_header(("Authorization", format!("Bearer {}", ctx.token(me))))
        .append_header(("Authorization", format!("Bearer {}", ctx.token(other))));
    let (s, res) = send(&app, two).await;
    assert_eq!((s, res["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("UNAUTHORIZED")), "two headers");
    for (what, token) in [("nbf in the future", &not_yet), ("crit header", &critical)] {
        let (s, res) = send(&app, get("/api/v1/analytics/me", token)).await;
        assert_eq!((s, res["error"]["code"].as_str()), (StatusCode::UNAUTHORIZED, Some("UNAUTHORIZED")), "{what}");
    }
    let (s, _) = send(&app, get("/api/v1/analytics/me", &valid_nbf)).await;
    assert_eq!(s, StatusCode::OK, "an nbf in the past is fine");
}

// ---- 8. HTTP hygiene --------------------------------------------------------------------------------

#[actix_web::test]
async fn head_answers_every_get_route_like_get_without_a_body() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "team_admin", "Ann");
    let conversation = conv(&mut c, acc, me, "Printer");
    let app = ctx.app().await;
    let t = ctx.token(me);
    let one = format!("/api/v1/chat/conversations/{conversation}");
    let routes = [
        ("/healthz", false),
        ("/readyz", false),
        ("/metrics", false),
        ("/openapi.json", false),
        ("/api/v1/config", false),
        ("/api/v1/analytics/me", true),
        ("/api/v1/analytics/team", true),
        ("/api/v1/chat/conversations", true),
        (one.as_str(), true),
        ("/api/v1/chat/conversations/not-a-uuid", true),
        ("/api/v1/nowhere", false),
    ];
    for (path, auth) in routes {
        let with = |r: TestRequest| if auth { r.insert_header(("Authorization", format!("Bearer {t}"))) } else { r };
        let g = test::call_service(&app, with(TestRequest::get().uri(path)).to_request()).await;
        let h = test::call_service(
            &app,
            with(TestRequest::default().method(actix_web::http::Method::HEAD).uri(path)).to_request(),
        )
        .await;
        assert_eq!(h.status(), g.status(), "HEAD {path}");
        assert_eq!(h.headers().get("content-type"), g.headers().get("content-type"), "HEAD {path}");
        assert_eq!(h.headers().get("cache-control"), g.headers().get("cache-control"), "HEAD {path}");
        let g_len = actix_web::body::MessageBody::size(g.response().body());
        let h_len = actix_web::body::MessageBody::size(h.response().body());
        if path != "/metrics" {
            assert_eq!(h_len, g_len, "HEAD {path}: the same Content-Length");
        }
        assert!(test::read_body(h).await.is_empty(), "HEAD {path} has no body");
    }
}

#[actix_web::test]
async fn every_response_is_nosniff_and_authenticated_ones_are_no_store() {
    let ctx = Ctx::with_settings(|s| s.cors_allowed_origins = vec!["https://app.example".into()]);
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "engineer", "Ann");
    let app = ctx.app().await;
    let t = ctx.token(me);
    let requests = [
        (TestRequest::get().uri("/healthz"), false),
        (TestRequest::get().uri("/nowhere"), false),
        (TestRequest::get().uri("/api/v1/analytics/me"), false),
        (get("/api/v1/analytics/me", &t), true),
        (get("/api/v1/chat/conversations/nope", &t), true),
        (get("/api/v1/analytics/me", "forged"), true),
        (post("/api/v1/chat/conversations", &t, json!({"title": "x"})), true),
    ];
    for (req, authed) in requests {
        let res = test::call_service(&app, req.to_request()).await;
        let path = res.request().path().to_owned();
        assert_eq!(res.headers().get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]), "{path}");
        let cache = res.headers().get("cache-control").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(cache.as_deref(), authed.then_some("no-store"), "{path}");
    }

    // A refused preflight: 403 with the envelope, not text/plain.
    let preflight = TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri("/api/v1/chat/conversations")
        .insert_header(("Origin", "https://evil.example"))
        .insert_header(("Access-Control-Request-Method", "POST"));
    let res = test::call_service(&app, preflight.to_request()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.headers().get("content-type").unwrap().to_str().unwrap().starts_with("application/json"));
    assert_eq!(res.headers().get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]));
    let body: Value = serde_json::from_slice(&test::read_body(res).await).unwrap();
    assert_eq!(body["error"]["code"], "FORBIDDEN");
    // An allowed one still works.
    let ok = TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri("/api/v1/chat/conversations")
        .insert_header(("Origin", "https://app.example"))
        .insert_header(("Access-Control-Request-Method", "POST"));
    let res = test::call_service(&app, ok.to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("access-control-allow-origin").map(|v| v.as_bytes()),
        Some(&b"https://app.example"[..])
    );
}
