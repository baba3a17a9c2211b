//! `GET /me`, `/trees`, `/trees/{id}`, `GET /sessions`, `/directory/users` and `/directory/teams`:
//! what the console reads to draw its pages.

use actix_web::http::StatusCode;
use diesel::pg::PgConnection;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::*;

fn typed_tree(c: &mut PgConnection, account: Uuid, name: &str, tree_type: &str, updated: &str) -> Uuid {
    let id = tree(c, account, name);
    exec(c, &format!("UPDATE trees SET tree_type = '{tree_type}', updated_at = '{updated}' WHERE id = '{id}'"));
    id
}

fn names(body: &Value) -> Vec<&str> {
    body["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect()
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

#[actix_web::test]
async fn me_describes_the_user_its_account_the_flags_and_what_its_role_allows() {
    let ctx = Ctx::with_settings(|s| {
        s.nps_enabled = false;
        s.feedback_enabled = true;
    });
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account_tz(&mut c, "Acme MSP", "Europe/Paris");
    let admin = user(&mut c, acc, "team_admin", "Ada Admin");
    let auditor = user_full(&mut c, acc, "engineer", "Otto Auditor", true, true);
    let viewer = user(&mut c, acc, "viewer", "Vi Viewer");

    let (s, body) = send(&app, get("/api/v1/me", &ctx.token(admin))).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        body,
        json!({
            "user": {"id": admin, "email": email_of(&mut c, admin), "name": "Ada Admin", "role": "team_admin", "can_view_admin": false},
            "account": {"id": acc, "name": "Acme MSP", "timezone": "Europe/Paris"},
            "features": {"feedback_enabled": true, "nps_enabled": false},
            "can": {"team_analytics": true, "admin_inbox": true, "nps_read": true, "nps_manage": true, "audit": true}
        })
    );
    let (_, body) = send(&app, get("/api/v1/me", &ctx.token(auditor))).await;
    assert_eq!(body["user"]["can_view_admin"], json!(true));
    assert_eq!(
        body["can"],
        json!({"team_analytics": false, "admin_inbox": true, "nps_read": true, "nps_manage": false, "audit": true})
    );
    let (_, body) = send(&app, get("/api/v1/me", &ctx.token(viewer))).await;
    assert_eq!(
        body["can"],
        json!({"team_analytics": false, "admin_inbox": false, "nps_read": false, "nps_manage": false, "audit": false})
    );
    assert_eq!(body["user"]["role"], json!("viewer"));
}

#[actix_web::test]
async fn me_of_an_inactive_user_is_unauthorized() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let gone = user_full(&mut c, acc, "engineer", "Gone", false, false);
    let (s, body) = send(&app, get("/api/v1/me", &ctx.token(gone))).await;
    assert_eq!((s, code(&body)), (StatusCode::UNAUTHORIZED, "UNAUTHORIZED"));
}

#[actix_web::test]
async fn trees_are_listed_by_name_ignoring_case_then_id_with_their_node_counts() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let other = account(&mut c, "Other");
    let u = user(&mut c, acc, "viewer", "Vi");
    let vpn = typed_tree(&mut c, acc, "vpn drops", "troubleshooting", "2026-03-01T10:00:00Z");
    let backup = typed_tree(&mut c, acc, "Backup check", "maintenance", "2026-03-02T11:30:00.250Z");
    let onboard = typed_tree(&mut c, acc, "Onboarding 100%_done", "procedural", "2026-03-03T00:00:00Z");
    let dup_a = typed_tree(&mut c, acc, "Printer", "troubleshooting", "2026-03-04T00:00:00Z");
    let dup_b = typed_tree(&mut c, acc, "printer", "troubleshooting", "2026-03-04T00:00:00Z");
    typed_tree(&mut c, other, "Another account's flow", "troubleshooting", "2026-03-05T00:00:00Z");
    for (i, n) in ["a", "b", "c"].iter().enumerate() {
        node(&mut c, vpn, n, n, None, i as i32);
    }
    node(&mut c, backup, "only", "Only", None, 0);
    let t = ctx.token(u);

    let (s, body) = send(&app, get("/api/v1/trees", &t)).await;
    assert_eq!(s, StatusCode::OK);
    let (first_printer, second_printer) = if dup_a < dup_b { (dup_a, dup_b) } else { (dup_b, dup_a) };
    let ids: Vec<&str> = body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [backup, onboard, first_printer, second_printer, vpn]
            .map(|i| i.to_string())
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        body["items"][0],
        json!({"id": backup, "name": "Backup check", "tree_type": "maintenance", "node_count": 1, "updated_at": "2026-03-02T11:30:00.250Z"})
    );
    assert_eq!(body["items"][4]["node_count"], json!(3));
    assert_eq!(body["items"][1]["node_count"], json!(0));
    assert_eq!(body["pagination"], json!({"page": 1, "limit": 50, "total": 5, "total_pages": 1}));

    // q: a case-insensitive substring, with % and _ taken literally.
    let (_, body) = send(&app, get("/api/v1/trees?q=PRINT", &t)).await;
    assert_eq!(names(&body), ["Printer", "printer"]);
    let (_, body) = send(&app, get("/api/v1/trees?q=0%25_d", &t)).await;
    assert_eq!(names(&body), ["Onboarding 100%_done"]);
    let (_, body) = send(&app, get("/api/v1/trees?q=%25", &t)).await;
    assert_eq!(names(&body), ["Onboarding 100%_done"]);
    let (_, body) = send(&app, get("/api/v1/trees?tree_type=troubleshooting&q=n", &t)).await;
    assert_eq!(names(&body), ["Printer", "printer", "vpn drops"]);
    let (_, body) = send(&app, get("/api/v1/trees?limit=2&page=2", &t)).await;
    assert_eq!(names(&body), ["Printer", "printer"]);
    assert_eq!(body["pagination"], json!({"page": 2, "limit": 2, "total": 5, "total_pages": 3}));
}

#[actix_web::test]
async fn tree_filters_with_unknown_values_are_refused_naming_the_parameter() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let t = ctx.token(user(&mut c, acc, "engineer", "E"));
    for (path, field) in [
        ("/api/v1/trees?tree_type=flowchart", "tree_type"),
        ("/api/v1/trees?q=a%00b", "q"),
        ("/api/v1/sessions?status=done", "status"),
        ("/api/v1/sessions?tree_id=nope", "tree_id"),
        ("/api/v1/directory/users?q=%00", "q"),
        ("/api/v1/directory/teams?q=%00", "q"),
    ] {
        let (s, body) = send(&app, get(path, &t)).await;
        assert_eq!((s, code(&body)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"), "{path}");
        assert_eq!(body["error"]["details"][0]["field"], json!(field), "{path}: {body}");
    }
}

#[actix_web::test]
async fn a_tree_has_its_nodes_by_position_and_another_accounts_tree_is_not_found() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let other = account(&mut c, "Other");
    let t = ctx.token(user(&mut c, acc, "viewer", "Vi"));
    let flow = typed_tree(&mut c, acc, "VPN", "procedural", "2026-03-01T00:00:00Z");
    let s1 = step(&mut c, acc, "Check cable");
    node(&mut c, flow, "end", "Done", None, 2);
    node(&mut c, flow, "start", "Check cable", Some(s1), 0);
    node(&mut c, flow, "mid", "Restart", None, 1);
    let foreign = tree(&mut c, other, "Foreign");

    let (s, body) = send(&app, get(&format!("/api/v1/trees/{flow}"), &t)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        body,
        json!({"id": flow, "name": "VPN", "tree_type": "procedural", "nodes": [
            {"node_id": "start", "title": "Check cable", "step_id": s1, "position": 0},
            {"node_id": "mid", "title": "Restart", "step_id": null, "position": 1},
            {"node_id": "end", "title": "Done", "step_id": null, "position": 2}
        ]})
    );
    for path in [format!("/api/v1/trees/{foreign}"), format!("/api/v1/trees/{}", Uuid::now_v7())] {
        let (s, body) = send(&app, get(&path, &t)).await;
        assert_eq!((s, code(&body)), (StatusCode::NOT_FOUND, "NOT_FOUND"), "{path}");
    }
    let (s, body) = send(&app, get("/api/v1/trees/not-a-uuid", &t)).await;
    assert_eq!((s, code(&body)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"));
}

#[actix_web::test]
async fn sessions_lists_only_the_callers_own_newest_first_with_flow_name_and_rating() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "engineer", "Me");
    let admin = user(&mut c, acc, "team_admin", "Boss");
    let vpn = tree(&mut c, acc, "VPN");
    let dns = tree(&mut c, acc, "DNS");
    let old = session(&mut c, acc, vpn, me, ts("2026-02-01T09:00:00Z"), Some((ts("2026-02-01T09:20:00Z"), "resolved")));
    let open = session(&mut c, acc, dns, me, ts("2026-02-03T09:00:00Z"), None);
    let mid =
        session(&mut c, acc, dns, me, ts("2026-02-02T09:00:00Z"), Some((ts("2026-02-02T10:00:00Z"), "escalated")));
    session(&mut c, acc, vpn, admin, ts("2026-02-04T09:00:00Z"), None);
    let t = ctx.token(me);
    let (s, _) =
        send(&app, post(&format!("/api/v1/sessions/{old}/rate"), &t, json!({"rating": 4, "comment": "ok"}))).await;
    assert_eq!(s, StatusCode::CREATED);

    let (s, body) = send(&app, get("/api/v1/sessions", &t)).await;
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<&str> = body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [open.to_string(), mid.to_string(), old.to_string()]);
    assert_eq!(body["pagination"], json!({"page": 1, "limit": 50, "total": 3, "total_pages": 1}));
    assert_eq!(
        body["items"][0],
        json!({"id": open, "tree_id": dns, "tree_name": "DNS", "user_id": me, "started_at": "2026-02-03T09:00:00.000Z",
               "completed_at": null, "outcome": null, "rating": null})
    );
    let rated = &body["items"][2];
    assert_eq!((rated["tree_name"].as_str(), rated["outcome"].as_str()), (Some("VPN"), Some("resolved")));
    assert_eq!(rated["rating"]["rating"], json!(4));
    assert_eq!(rated["rating"]["comment"], json!("ok"));
    assert_eq!(rated["rating"]["session_id"], json!(old));
    // The same shape as GET /sessions/{id}, without step_feedback.
    let (_, one) = send(&app, get(&format!("/api/v1/sessions/{old}"), &t)).await;
    let mut expected = one.as_object().unwrap().clone();
    expected.remove("step_feedback");
    expected.insert("tree_name".into(), json!("VPN"));
    assert_eq!(rated, &Value::Object(expected));

    let (_, body) = send(&app, get("/api/v1/sessions?status=in_progress", &t)).await;
    assert_eq!(body["items"].as_array().unwrap().len(), 1);
    assert_eq!(body["items"][0]["id"], json!(open));
    let (_, body) = send(&app, get("/api/v1/sessions?status=completed", &t)).await;
    let ids: Vec<&str> = body["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [mid.to_string(), old.to_string()]);
    let (_, body) = send(&app, get(&format!("/api/v1/sessions?status=all&tree_id={dns}&limit=1&page=2"), &t)).await;
    assert_eq!(body["items"][0]["id"], json!(mid));
    assert_eq!(body["pagination"], json!({"page": 2, "limit": 1, "total": 2, "total_pages": 2}));
    // Even an admin sees only its own sessions here.
    let (_, body) = send(&app, get("/api/v1/sessions", &ctx.token(admin))).await;
    assert_eq!(body["pagination"]["total"], json!(1));
}

#[actix_web::test]
async fn the_directory_lists_active_users_and_teams_of_the_account_by_name() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let other = account(&mut c, "Other");
    let zoe = user(&mut c, acc, "engineer", "zoe Zed");
    let bob = user(&mut c, acc, "viewer", "Bob Builder");
    let ann = user(&mut c, acc, "team_admin", "Ann Admin");
    user_full(&mut c, acc, "engineer", "Inactive Ian", false, false);
    let stranger = user(&mut c, other, "engineer", "Bob Stranger");
    team(&mut c, acc, "network", &[zoe, bob]);
    let ops = team(&mut c, acc, "Ops", &[ann]);
    team(&mut c, acc, "Empty crew", &[]);
    team(&mut c, other, "Foreign network", &[stranger]);
    let t = ctx.token(bob);

    let (s, body) = send(&app, get("/api/v1/directory/users", &t)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(names(&body), ["Ann Admin", "Bob Builder", "zoe Zed"]);
    assert_eq!(body["items"][0], json!({"id": ann, "name": "Ann Admin", "email": email_of(&mut c, ann)}));
    assert_eq!(body["pagination"]["total"], json!(3));
    let (_, body) = send(&app, get("/api/v1/directory/users?q=BOB", &t)).await;
    assert_eq!(names(&body), ["Bob Builder"]);
    // q matches the email too ("zoe.zed.<suffix>@example.test"; the name has no dot).
    assert!(email_of(&mut c, zoe).starts_with("zoe.zed."));
    let (_, body) = send(&app, get("/api/v1/directory/users?q=ZOE.ZED.", &t)).await;
    assert_eq!(names(&body), ["zoe Zed"]);

    let (s, body) = send(&app, get("/api/v1/directory/teams", &t)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(names(&body), ["Empty crew", "network", "Ops"]);
    let counts: Vec<i64> =
        body["items"].as_array().unwrap().iter().map(|i| i["member_count"].as_i64().unwrap()).collect();
    assert_eq!(counts, [0, 2, 1]);
    let (_, body) = send(&app, get("/api/v1/directory/teams?q=OP", &t)).await;
    assert_eq!(body["items"], json!([{"id": ops, "name": "Ops", "member_count": 1}]));
    let (_, body) = send(&app, get("/api/v1/directory/teams?q=network&limit=1", &t)).await;
    assert_eq!(names(&body), ["network"]);
    assert_eq!(body["pagination"], json!({"page": 1, "limit": 1, "total": 1, "total_pages": 1}));
}
