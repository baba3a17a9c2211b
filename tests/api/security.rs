//! OWASP API Top 10 checks over the whole surface, driven by the OpenAPI document so that a new
//! endpoint cannot slip through: every operation is listed below, and the lists must equal the
//! document's. Object level (API1): another account's ids → 404. Authentication (API2): no token
//! → 401. Function level (API5): every admin endpoint refuses an engineer (and the admin-only ones
//! an admin viewer) with 403.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::pg::PgConnection;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Ctx, account, email_of, exec, node, send, session, step, team, tree, ts, user, user_full};

const BASE: &str = "/api/v1";

/// The API operations the contract leaves open (operations.md: the frontend's flags).
const PUBLIC: [(&str, &str); 1] = [("GET", "/api/v1/config")];

fn request(method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> TestRequest {
    let mut req = match method {
        "GET" => TestRequest::get(),
        "POST" => TestRequest::post(),
        "PUT" => TestRequest::put(),
        "PATCH" => TestRequest::patch(),
        "DELETE" => TestRequest::delete(),
        m => panic!("unexpected method {m}"),
    }
    .uri(path);
    if let Some(t) = token {
        req = req.insert_header(("Authorization", format!("Bearer {t}")));
    }
    match body {
        Some(b) => req.set_json(b),
        None => req,
    }
}

/// Every `(METHOD, /api/v1/... template)` of the OpenAPI document.
async fn documented_operations<S, B>(app: &S) -> BTreeSet<(String, String)>
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (status, doc) = send(app, TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        if !path.starts_with(BASE) {
            continue;
        }
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

/// Account B owns one of everything; account A attacks with its most privileged user.
struct World {
    ctx: Ctx,
    a_super: Uuid,
    a_engineer: Uuid,
    a_viewer: Uuid,
    a_campaign: Uuid,
    a_conversation: String,
    b: Ids,
}

struct Ids {
    account: Uuid,
    user: Uuid,
    email: String,
    tree: Uuid,
    step: Uuid,
    session: Uuid,
    team: Uuid,
    campaign: Uuid,
    conversation: String,
    message: String,
}

fn campaign(c: &mut PgConnection, acc: Uuid, name: &str) -> Uuid {
    let id = Uuid::now_v7();
    exec(
        c,
        &format!(
            "INSERT INTO nps_campaigns (id, account_id, name, starts_at, ends_at, created_at) \
             VALUES ('{id}', '{acc}', '{name}', now() - interval '1 day', now() + interval '10 days', now() - interval '1 day')"
        ),
    );
    id
}

async fn world() -> World {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let a = account(&mut c, "Attacker");
    let a_super = user_full(&mut c, a, "super_admin", "Ann Attacker", true, true);
    let a_engineer = user(&mut c, a, "engineer", "Eddie Attacker");
    let a_viewer = user_full(&mut c, a, "engineer", "Vera Attacker", true, true);
    let a_campaign = campaign(&mut c, a, "A Q1");

    let b = account(&mut c, "Victim");
    let b_user = user(&mut c, b, "team_admin", "Vic Victim");
    let b_tree = tree(&mut c, b, "Victim flow");
    let b_step = step(&mut c, b, "Victim step");
    node(&mut c, b_tree, "n1", "Victim node", Some(b_step), 0);
    let b_session =
        session(&mut c, b, b_tree, b_user, ts("2026-02-01T09:00:00Z"), Some((ts("2026-02-01T09:20:00Z"), "resolved")));
    let b_team = team(&mut c, b, "Victim team", &[b_user]);
    let b_campaign = campaign(&mut c, b, "B Q1");
    let tb = ctx.token(b_user);
    let conv = |token: &str, title: &str| {
        request("POST", "/api/v1/chat/conversations", Some(token), Some(&json!({ "title": title })))
    };
    let (s, body) = send(&app, conv(&tb, "Victim chat")).await;
    assert_eq!(s, StatusCode::CREATED);
    let b_conv = body["id"].as_str().unwrap().to_owned();
    let msgs = format!("/api/v1/chat/conversations/{b_conv}/messages");
    let (s, body) =
        send(&app, request("POST", &msgs, Some(&tb), Some(&json!({"role": "assistant", "content": "victim"})))).await;
    assert_eq!(s, StatusCode::CREATED);
    let b_message = body["id"].as_str().unwrap().to_owned();
    // B's comments everywhere A's admin reads comments (inbox, NPS, ratings).
    for (method, path, body) in [
        (
            "PUT",
            format!("/api/v1/chat/messages/{b_message}/feedback"),
            json!({"rating": "negative", "comment": "Victim no"}),
        ),
        ("POST", "/api/v1/nps".to_owned(), json!({"score": 3, "comment": "Victim nps"})),
        ("POST", format!("/api/v1/sessions/{b_session}/rate"), json!({"rating": 2, "comment": "Victim csat"})),
    ] {
        let (s, res) = send(&app, request(method, &path, Some(&tb), Some(&body))).await;
        assert!(s.is_success(), "{method} {path}: {res}");
    }
    let (s, body) = send(&app, conv(&ctx.token(a_super), "Attacker chat")).await;
    assert_eq!(s, StatusCode::CREATED);
    let a_conversation = body["id"].as_str().unwrap().to_owned();
    let b_email = email_of(&mut c, b_user);
    drop(app);
    World {
        ctx,
        a_super,
        a_engineer,
        a_viewer,
        a_campaign,
        a_conversation,
        b: Ids {
            account: b,
            user: b_user,
            email: b_email,
            tree: b_tree,
            step: b_step,
            session: b_session,
            team: b_team,
            campaign: b_campaign,
            conversation: b_conv,
            message: b_message,
        },
    }
}

/// `(method, template, concrete path, body)`: every operation with another account's ids where
/// it takes ids; the others act on the actor's own account only (their answers are checked for
/// B's data below).
fn cross_account_table(w: &World) -> Vec<(&'static str, &'static str, String, Option<Value>)> {
    let b = &w.b;
    let conv = format!("/api/v1/chat/conversations/{}", b.conversation);
    let mine = format!("/api/v1/chat/conversations/{}", w.a_conversation);
    vec![
        ("POST", "/api/v1/sessions", "/api/v1/sessions".into(), Some(json!({"tree_id": b.tree}))),
        ("GET", "/api/v1/sessions/{session_id}", format!("/api/v1/sessions/{}", b.session), None),
        (
            "POST",
            "/api/v1/sessions/{session_id}/complete",
            format!("/api/v1/sessions/{}/complete", b.session),
            Some(json!({"outcome": "resolved"})),
        ),
        (
            "POST",
            "/api/v1/sessions/{session_id}/rate",
            format!("/api/v1/sessions/{}/rate", b.session),
            Some(json!({"rating": 4})),
        ),
        ("GET", "/api/v1/sessions/{session_id}/rating", format!("/api/v1/sessions/{}/rating", b.session), None),
        (
            "POST",
            "/api/v1/steps/{step_id}/feedback",
            format!("/api/v1/steps/{}/feedback", b.step),
            Some(json!({"session_id": b.session, "was_helpful": true})),
        ),
        (
            "DELETE",
            "/api/v1/steps/{step_id}/feedback/{session_id}",
            format!("/api/v1/steps/{}/feedback/{}", b.step, b.session),
            None,
        ),
        ("GET", "/api/v1/trees/{tree_id}/ratings", format!("/api/v1/trees/{}/ratings", b.tree), None),
        ("GET", "/api/v1/trees/{tree_id}", format!("/api/v1/trees/{}", b.tree), None),
        ("GET", "/api/v1/analytics/flows/{tree_id}", format!("/api/v1/analytics/flows/{}", b.tree), None),
        ("GET", "/api/v1/chat/conversations/{id}", conv.clone(), None),
        ("PATCH", "/api/v1/chat/conversations/{id}", conv.clone(), Some(json!({"title": "Mine now"}))),
        ("DELETE", "/api/v1/chat/conversations/{id}", conv.clone(), None),
        ("GET", "/api/v1/chat/conversations/{id}/messages", format!("{conv}/messages"), None),
        (
            "POST",
            "/api/v1/chat/conversations/{id}/messages",
            format!("{conv}/messages"),
            Some(json!({"role": "user", "content": "x"})),
        ),
        ("GET", "/api/v1/chat/conversations/{id}/share", format!("{conv}/share"), None),
        (
            "POST",
            "/api/v1/chat/conversations/{id}/share",
            format!("{conv}/share"),
            Some(json!({"is_public": true, "public_permission": "view"})),
        ),
        // Sharing one's own conversation with another account's user or team.
        (
            "POST",
            "/api/v1/chat/conversations/{id}/share",
            format!("{mine}/share"),
            Some(json!({"user_emails": [b.email], "permission": "view"})),
        ),
        (
            "POST",
            "/api/v1/chat/conversations/{id}/share",
            format!("{mine}/share"),
            Some(json!({"team_ids": [b.team], "permission": "view"})),
        ),
        (
            "PATCH",
            "/api/v1/chat/conversations/{id}/share",
            format!("{conv}/share"),
            Some(json!({"public": true, "permission": "view"})),
        ),
        (
            "DELETE",
            "/api/v1/chat/conversations/{id}/share/users/{user_id}",
            format!("{conv}/share/users/{}", b.user),
            None,
        ),
        (
            "DELETE",
            "/api/v1/chat/conversations/{id}/share/teams/{team_id}",
            format!("{conv}/share/teams/{}", b.team),
            None,
        ),
        (
            "PUT",
            "/api/v1/chat/messages/{id}/feedback",
            format!("/api/v1/chat/messages/{}/feedback", b.message),
            Some(json!({"rating": "positive"})),
        ),
        (
            "DELETE",
            "/api/v1/chat/messages/{id}/feedback",
            format!("/api/v1/chat/messages/{}/feedback", b.message),
            None,
        ),
        ("GET", "/api/v1/admin/nps", format!("/api/v1/admin/nps?campaign_id={}", b.campaign), None),
        ("POST", "/api/v1/nps", "/api/v1/nps".into(), Some(json!({"score": 9, "campaign_id": b.campaign}))),
        (
            "POST",
            "/api/v1/admin/nps/campaigns/{id}/stop",
            format!("/api/v1/admin/nps/campaigns/{}/stop", b.campaign),
            Some(json!({})),
        ),
    ]
}

/// Operations without another account's ids: they act on the actor's account; their answers
/// must not show anything of B.
fn own_account_table() -> Vec<(&'static str, &'static str, Option<Value>)> {
    vec![
        ("GET", "/api/v1/chat/conversations", None),
        ("POST", "/api/v1/chat/conversations", Some(json!({"title": "Own"}))),
        ("GET", "/api/v1/analytics/team", None),
        ("GET", "/api/v1/analytics/me", None),
        ("PUT", "/api/v1/admin/account/timezone", Some(json!({"timezone": "Europe/Paris"}))),
        ("GET", "/api/v1/admin/feedback", None),
        ("GET", "/api/v1/admin/nps/campaigns", None),
        (
            "POST",
            "/api/v1/admin/nps/campaigns",
            Some(json!({"name": "Later", "starts_at": "2040-01-01", "ends_at": "2040-02-01"})),
        ),
        ("GET", "/api/v1/nps/active", None),
        ("GET", "/api/v1/config", None),
        ("GET", "/api/v1/me", None),
        ("GET", "/api/v1/trees", None),
        ("GET", "/api/v1/sessions", None),
        ("GET", "/api/v1/directory/users", None),
        ("GET", "/api/v1/directory/teams", None),
    ]
}

#[actix_web::test]
async fn every_endpoint_answers_404_for_another_accounts_ids_and_shows_none_of_its_data() {
    let w = world().await;
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.a_super);
    let cross = cross_account_table(&w);
    let own = own_account_table();

    let listed: BTreeSet<(String, String)> = cross
        .iter()
        .map(|(m, p, ..)| ((*m).to_owned(), (*p).to_owned()))
        .chain(own.iter().map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned())))
        .collect();
    assert_eq!(listed, documented_operations(&app).await, "the tables list every documented operation");

    for (method, template, path, body) in &cross {
        let (status, res) = send(&app, request(method, path, Some(&t), body.as_ref())).await;
        assert_eq!(
            (status, res["error"]["code"].as_str()),
            (StatusCode::NOT_FOUND, Some("NOT_FOUND")),
            "{method} {template} with another account's ids: {res}"
        );
    }
    let b_marks = [
        w.b.account.to_string(),
        w.b.user.to_string(),
        w.b.tree.to_string(),
        w.b.campaign.to_string(),
        w.b.conversation.clone(),
        w.b.email.clone(),
        "Victim".to_owned(),
    ];
    for (method, path, body) in &own {
        let (status, res) = send(&app, request(method, path, Some(&t), body.as_ref())).await;
        assert!(status.is_success(), "{method} {path}: {status} {res}");
        let text = res.to_string();
        for mark in &b_marks {
            assert!(!text.contains(mark.as_str()), "{method} {path} shows B's {mark}: {text}");
        }
    }
    // B's rows are untouched by everything A did.
    let mut c = w.ctx.conn();
    for (sql, what) in [
        (format!("SELECT 1 FROM accounts WHERE id = '{}' AND timezone = 'UTC'", w.b.account), "B's time zone"),
        (
            format!(
                "SELECT 1 FROM conversations WHERE id = '{}' AND title = 'Victim chat' AND deleted_at IS NULL",
                w.b.conversation
            ),
            "B's conversation",
        ),
        (format!("SELECT 1 FROM message_feedback WHERE message_id = '{}'", w.b.message), "B's message feedback"),
        (format!("SELECT 1 FROM session_ratings WHERE session_id = '{}' AND rating = 2", w.b.session), "B's rating"),
        (format!("SELECT 1 FROM nps_campaigns WHERE id = '{}' AND stopped_at IS NULL", w.b.campaign), "B's campaign"),
        (format!("SELECT 1 FROM sessions WHERE tree_id = '{}' HAVING count(*) = 1", w.b.tree), "B's sessions"),
    ] {
        assert_eq!(diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut c).unwrap(), 1, "{what}");
    }
}

#[actix_web::test]
async fn every_api_endpoint_refuses_a_request_without_a_token() {
    let w = world().await;
    let app = w.ctx.app().await;
    for (method, template) in documented_operations(&app).await {
        if PUBLIC.contains(&(method.as_str(), template.as_str())) {
            continue;
        }
        let path = template.replace(['{', '}'], "").replace("session_id", &Uuid::nil().to_string());
        let path = path
            .split('/')
            .map(|seg| {
                if ["id", "tree_id", "step_id", "user_id", "team_id"].contains(&seg) {
                    Uuid::nil().to_string()
                } else {
                    seg.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let body = (method != "GET" && method != "DELETE").then(|| json!({}));
        let (status, res) = send(&app, request(&method, &path, None, body.as_ref())).await;
        assert_eq!(
            (status, res["error"]["code"].as_str()),
            (StatusCode::UNAUTHORIZED, Some("UNAUTHORIZED")),
            "{method} {template} without a token"
        );
    }
}

#[actix_web::test]
async fn every_admin_endpoint_refuses_engineers_and_the_admin_only_ones_refuse_admin_viewers() {
    let w = world().await;
    let app = w.ctx.app().await;
    let stop = format!("/api/v1/admin/nps/campaigns/{}/stop", w.a_campaign);
    let campaign = json!({"name": "Later", "starts_at": "2040-01-01", "ends_at": "2040-02-01"});
    // (method, template, path, body, admin viewers may)
    let table: Vec<(&str, &str, String, Option<Value>, bool)> = vec![
        ("GET", "/api/v1/analytics/team", "/api/v1/analytics/team".into(), None, false),
        (
            "PUT",
            "/api/v1/admin/account/timezone",
            "/api/v1/admin/account/timezone".into(),
            Some(json!({"timezone": "Europe/Paris"})),
            false,
        ),
        ("GET", "/api/v1/admin/feedback", "/api/v1/admin/feedback".into(), None, true),
        ("GET", "/api/v1/admin/nps", "/api/v1/admin/nps".into(), None, true),
        ("GET", "/api/v1/admin/nps/campaigns", "/api/v1/admin/nps/campaigns".into(), None, true),
        ("POST", "/api/v1/admin/nps/campaigns", "/api/v1/admin/nps/campaigns".into(), Some(campaign), false),
        ("POST", "/api/v1/admin/nps/campaigns/{id}/stop", stop, Some(json!({})), false),
    ];
    let admin_ops: BTreeSet<(String, String)> = documented_operations(&app)
        .await
        .into_iter()
        .filter(|(_, p)| p.starts_with("/api/v1/admin/") || p == "/api/v1/analytics/team")
        .collect();
    let listed: BTreeSet<(String, String)> =
        table.iter().map(|(m, p, ..)| ((*m).to_owned(), (*p).to_owned())).collect();
    assert_eq!(listed, admin_ops, "the table lists every admin operation");

    let (engineer, viewer) = (w.ctx.token(w.a_engineer), w.ctx.token(w.a_viewer));
    for (method, template, path, body, viewer_may) in &table {
        let (status, res) = send(&app, request(method, path, Some(&engineer), body.as_ref())).await;
        assert_eq!(
            (status, res["error"]["code"].as_str()),
            (StatusCode::FORBIDDEN, Some("FORBIDDEN")),
            "{method} {template} as an engineer"
        );
        let (status, res) = send(&app, request(method, path, Some(&viewer), body.as_ref())).await;
        if *viewer_may {
            assert_eq!(status, StatusCode::OK, "{method} {template} as an admin viewer: {res}");
        } else {
            assert_eq!(
                (status, res["error"]["code"].as_str()),
                (StatusCode::FORBIDDEN, Some("FORBIDDEN")),
                "{method} {template} as an admin viewer"
            );
        }
    }
    // Roles come from the database, not from the token: a demoted admin is refused at once.
    let mut c = w.ctx.conn();
    let token = w.ctx.token(w.a_super);
    exec(&mut c, &format!("UPDATE users SET role = 'engineer', can_view_admin = false WHERE id = '{}'", w.a_super));
    let (status, _) = send(&app, request("GET", "/api/v1/analytics/team", Some(&token), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
