//! End-to-end tests of the flow_feedback capability: sessions, step thumbs, session CSAT and the
//! ratings of a flow, through the real app against PostgreSQL; plus the two races the contract
//! names (thumbs hammering one step, simultaneous CSAT posts).

use std::sync::{Arc, Barrier};

use actix_web::test::TestRequest;
use chrono::Utc;
use diesel::pg::PgConnection;
use diesel::sql_types::{Bool, Integer, Nullable, Text, Uuid as SqlUuid};
use diesel::{QueryableByName, RunQueryDsl};
use insights_domain::feedback::{self, CompleteSession, FeedbackService, RateSession, RecordThumb};
use insights_domain::{Actor, ConflictCode, Error, Role};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::*;

/// One account with a flow `tree` whose nodes n1 and n3 use `shared` (twice), n2 uses `single`,
/// n4 has no step; `unused` is a library step no node of the flow references. `me` (engineer)
/// has a completed session `done` and an open one `open`; `other` (engineer) has `theirs`.
struct World {
    acc: Uuid,
    me: Uuid,
    other: Uuid,
    admin: Uuid,
    viewer: Uuid,
    tree: Uuid,
    single: Uuid,
    shared: Uuid,
    unused: Uuid,
    done: Uuid,
    open: Uuid,
    theirs: Uuid,
}

fn world(c: &mut PgConnection) -> World {
    let acc = account(c, "Acme");
    let me = user(c, acc, "engineer", "Erin Engineer");
    let other = user(c, acc, "engineer", "Oscar Other");
    let admin = user(c, acc, "team_admin", "Ada Admin");
    let viewer = user(c, acc, "viewer", "Vic Viewer");
    let tree = tree(c, acc, "DNS Resolution");
    let single = step(c, acc, "Flush the DNS cache");
    let shared = step(c, acc, "Ping the gateway");
    let unused = step(c, acc, "Reinstall the client");
    node(c, tree, "n1", "Ping", Some(shared), 0);
    node(c, tree, "n2", "Flush", Some(single), 1);
    node(c, tree, "n3", "Ping again", Some(shared), 2);
    node(c, tree, "n4", "Done", None, 3);
    let done = session(c, acc, tree, me, ts("2026-02-01T09:00:00Z"), Some((ts("2026-02-01T09:20:00Z"), "resolved")));
    let open = session(c, acc, tree, me, ts("2026-02-02T09:00:00Z"), None);
    let theirs =
        session(c, acc, tree, other, ts("2026-02-01T10:00:00Z"), Some((ts("2026-02-01T10:30:00Z"), "escalated")));
    World { acc, me, other, admin, viewer, tree, single, shared, unused, done, open, theirs }
}

#[derive(QueryableByName)]
struct Counters {
    #[diesel(sql_type = Integer)]
    helpful_yes: i32,
    #[diesel(sql_type = Integer)]
    helpful_no: i32,
}

fn counters(c: &mut PgConnection, step: Uuid) -> (i32, i32) {
    let r: Counters = diesel::sql_query("SELECT helpful_yes, helpful_no FROM step_library WHERE id = $1")
        .bind::<SqlUuid, _>(step)
        .get_result(c)
        .unwrap();
    (r.helpful_yes, r.helpful_no)
}

#[derive(QueryableByName)]
struct ThumbRow {
    #[diesel(sql_type = Nullable<SqlUuid>)]
    tree_id: Option<Uuid>,
    #[diesel(sql_type = Nullable<Text>)]
    node_id: Option<String>,
    #[diesel(sql_type = Bool)]
    was_helpful: bool,
}

fn thumb_rows(c: &mut PgConnection, step: Uuid) -> Vec<ThumbRow> {
    diesel::sql_query("SELECT tree_id, node_id, was_helpful FROM step_ratings WHERE step_id = $1 ORDER BY created_at")
        .bind::<SqlUuid, _>(step)
        .load(c)
        .unwrap()
}

fn rating_row(
    c: &mut PgConnection,
    session: Uuid,
    user: Uuid,
    tree: Uuid,
    acc: Uuid,
    rating: i32,
    comment: Option<&str>,
) {
    diesel::sql_query(
        "INSERT INTO session_ratings (session_id, user_id, tree_id, account_id, rating, comment, created_at)
         SELECT $1, $2, $3, $4, $5, $6, completed_at + interval '1 minute' FROM sessions WHERE id = $1",
    )
    .bind::<SqlUuid, _>(session)
    .bind::<SqlUuid, _>(user)
    .bind::<SqlUuid, _>(tree)
    .bind::<SqlUuid, _>(acc)
    .bind::<Integer, _>(rating)
    .bind::<Nullable<Text>, _>(comment)
    .execute(c)
    .unwrap();
}

fn actor(acc: Uuid, user: Uuid) -> Actor {
    Actor { user_id: user, account_id: acc, role: Role::Engineer, can_view_admin: false }
}

fn is_rfc3339_millis_z(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 24 && s.ends_with('Z') && s.as_bytes()[19] == b'.')
}

// ---- sessions -----------------------------------------------------------------------------------

#[actix_web::test]
async fn a_viewer_starts_a_session_and_gets_201_with_an_open_session() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;

    let (status, body) = send(&app, post("/api/v1/sessions", &ctx.token(w.viewer), json!({ "tree_id": w.tree }))).await;

    assert_eq!(status, 201);
    assert_eq!(body["tree_id"], w.tree.to_string());
    assert_eq!(body["user_id"], w.viewer.to_string());
    assert_eq!(body["completed_at"], Value::Null);
    assert_eq!(body["outcome"], Value::Null);
    assert!(is_rfc3339_millis_z(&body["started_at"]), "{body}");
    let id: Uuid = body["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        count(
            &mut c,
            &format!(
                "SELECT count(*) AS n FROM sessions WHERE id = '{id}' AND account_id = '{}' AND completed_at IS NULL",
                w.acc
            )
        ),
        1
    );
}

#[actix_web::test]
async fn a_session_of_an_unknown_flow_is_404_and_a_bad_tree_id_is_400() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let token = ctx.token(w.me);

    let (status, body) = send(&app, post("/api/v1/sessions", &token, json!({ "tree_id": Uuid::now_v7() }))).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (404, Some("NOT_FOUND")));

    let (status, body) = send(&app, post("/api/v1/sessions", &token, json!({ "tree_id": "dns" }))).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (400, Some("INVALID_REQUEST")));

    let (status, _) = send(&app, post("/api/v1/sessions", &token, json!({}))).await;
    assert_eq!(status, 400);
}

#[actix_web::test]
async fn completing_a_session_records_the_outcome_once() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let token = ctx.token(w.me);
    let path = format!("/api/v1/sessions/{}/complete", w.open);

    let (status, body) = send(&app, post(&path, &token, json!({ "outcome": "workaround" }))).await;
    assert_eq!(status, 200);
    assert_eq!(body["id"], w.open.to_string());
    assert_eq!(body["outcome"], "workaround");
    assert!(is_rfc3339_millis_z(&body["completed_at"]), "{body}");
    assert_eq!(body["started_at"], "2026-02-02T09:00:00.000Z");

    let (status, body) = send(&app, post(&path, &token, json!({ "outcome": "resolved" }))).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "SESSION_ALREADY_COMPLETED");
    assert_eq!(
        count(
            &mut c,
            &format!("SELECT count(*) AS n FROM sessions WHERE id = '{}' AND outcome = 'workaround'", w.open)
        ),
        1
    );
}

#[actix_web::test]
async fn only_the_sessions_user_completes_it_admins_too_get_403() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let path = format!("/api/v1/sessions/{}/complete", w.open);

    for who in [w.admin, w.other, w.viewer] {
        let (status, body) = send(&app, post(&path, &ctx.token(who), json!({ "outcome": "resolved" }))).await;
        assert_eq!(status, 403);
        assert_eq!(body["error"]["code"], "FORBIDDEN");
    }
    let (status, body) = send(
        &app,
        post(
            "/api/v1/sessions/00000000-0000-7000-8000-000000000000/complete",
            &ctx.token(w.me),
            json!({ "outcome": "resolved" }),
        ),
    )
    .await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (404, Some("NOT_FOUND")));
}

#[actix_web::test]
async fn an_unknown_or_missing_outcome_is_400() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let path = format!("/api/v1/sessions/{}/complete", w.open);
    for body in [json!({ "outcome": "fixed" }), json!({ "outcome": "Resolved" }), json!({}), json!({ "outcome": null })]
    {
        let (status, res) = send(&app, post(&path, &ctx.token(w.me), body.clone())).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(res["error"]["code"], "INVALID_REQUEST");
    }
    let (_, res) = send(&app, post(&path, &ctx.token(w.me), json!({ "outcome": "fixed" }))).await;
    assert_eq!(res["error"]["details"][0]["field"], "outcome");
}

#[test]
fn concurrent_completions_of_one_session_let_exactly_one_win() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let store = Arc::new(ctx.db.store());
    let barrier = Arc::new(Barrier::new(6));
    let handles: Vec<_> = (0..6)
        .map(|i| {
            let (store, barrier) = (store.clone(), barrier.clone());
            let a = actor(w.acc, w.me);
            let open = w.open;
            std::thread::spawn(move || {
                barrier.wait();
                let outcome = ["resolved", "escalated"][i % 2];
                FeedbackService::new(store).complete_session(
                    &a,
                    open,
                    CompleteSession::new(outcome).unwrap(),
                    Utc::now(),
                )
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(
        results
            .iter()
            .filter(|r| r.is_err())
            .all(|r| matches!(r, Err(Error::Conflict { code: ConflictCode::SessionAlreadyCompleted, .. })))
    );
}

#[actix_web::test]
async fn a_session_shows_its_rating_and_its_users_thumbs_to_the_user_and_admins_only() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let me = ctx.token(w.me);
    let path = format!("/api/v1/sessions/{}", w.done);

    let (status, body) = send(&app, get(&path, &me)).await;
    assert_eq!(status, 200);
    assert_eq!(body["rating"], Value::Null);
    assert_eq!(body["step_feedback"], json!([]));
    assert_eq!(body["outcome"], "resolved");
    assert_eq!(body["completed_at"], "2026-02-01T09:20:00.000Z");

    let thumb = json!({ "session_id": w.done, "was_helpful": false });
    assert_eq!(send(&app, post(&format!("/api/v1/steps/{}/feedback", w.single), &me, thumb)).await.0, 201);
    let rate = json!({ "rating": 4, "comment": "Clear steps" });
    assert_eq!(send(&app, post(&format!("{path}/rate"), &me, rate)).await.0, 201);

    for who in [w.me, w.admin] {
        let (status, body) = send(&app, get(&path, &ctx.token(who))).await;
        assert_eq!(status, 200);
        assert_eq!(body["id"], w.done.to_string());
        assert_eq!(body["user_id"], w.me.to_string());
        assert_eq!(body["rating"]["rating"], 4);
        assert_eq!(body["rating"]["comment"], "Clear steps");
        assert_eq!(body["rating"]["session_id"], w.done.to_string());
        let fb = body["step_feedback"].as_array().unwrap();
        assert_eq!(fb.len(), 1);
        assert_eq!(fb[0]["step_id"], w.single.to_string());
        assert_eq!(fb[0]["node_id"], "n2");
        assert_eq!(fb[0]["was_helpful"], false);
        assert!(is_rfc3339_millis_z(&fb[0]["updated_at"]));
    }
    let auditor = user_full(&mut c, w.acc, "engineer", "Audrey Auditor", true, true);
    for who in [w.other, w.viewer, auditor] {
        let (status, body) = send(&app, get(&path, &ctx.token(who))).await;
        assert_eq!(status, 403);
        assert_eq!(body["error"]["code"], "FORBIDDEN");
    }
}

// ---- step thumbs --------------------------------------------------------------------------------

#[actix_web::test]
async fn a_first_thumb_is_201_the_same_again_200_and_a_flip_moves_the_counters() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let me = ctx.token(w.me);
    let path = format!("/api/v1/steps/{}/feedback", w.single);
    let up = json!({ "session_id": w.done, "was_helpful": true });

    let (status, body) = send(&app, post(&path, &me, up.clone())).await;
    assert_eq!(status, 201);
    assert_eq!(
        body,
        json!({ "step_id": w.single, "session_id": w.done, "node_id": "n2", "was_helpful": true, "helpful_yes": 1, "helpful_no": 0 })
    );

    let (status, body) = send(&app, post(&path, &me, up.clone())).await;
    assert_eq!(status, 200);
    assert_eq!((body["helpful_yes"].as_i64(), body["helpful_no"].as_i64()), (Some(1), Some(0)));
    assert_eq!(counters(&mut c, w.single), (1, 0));

    let (status, body) =
        send(&app, post(&path, &me, json!({ "session_id": w.done, "was_helpful": false, "node_id": "n2" }))).await;
    assert_eq!(status, 200);
    assert_eq!(body["was_helpful"], false);
    assert_eq!((body["helpful_yes"].as_i64(), body["helpful_no"].as_i64()), (Some(0), Some(1)));
    assert_eq!(counters(&mut c, w.single), (0, 1));

    let rows = thumb_rows(&mut c, w.single);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].tree_id, rows[0].node_id.as_deref(), rows[0].was_helpful), (Some(w.tree), Some("n2"), false));
}

#[actix_web::test]
async fn thumbs_work_on_open_sessions_and_counters_add_up_across_sessions() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let path = format!("/api/v1/steps/{}/feedback", w.single);

    let (s1, b1) =
        send(&app, post(&path, &ctx.token(w.me), json!({ "session_id": w.open, "was_helpful": true }))).await;
    let (s2, b2) =
        send(&app, post(&path, &ctx.token(w.me), json!({ "session_id": w.done, "was_helpful": true }))).await;
    let (s3, b3) =
        send(&app, post(&path, &ctx.token(w.other), json!({ "session_id": w.theirs, "was_helpful": false }))).await;

    assert_eq!((s1.as_u16(), s2.as_u16(), s3.as_u16()), (201, 201, 201));
    assert_eq!((b1["helpful_yes"].as_i64(), b1["helpful_no"].as_i64()), (Some(1), Some(0)));
    assert_eq!((b2["helpful_yes"].as_i64(), b2["helpful_no"].as_i64()), (Some(2), Some(0)));
    assert_eq!((b3["helpful_yes"].as_i64(), b3["helpful_no"].as_i64()), (Some(2), Some(1)));
    assert_eq!(counters(&mut c, w.single), (2, 1));
    assert!(ctx.db.store().check_counters().unwrap().is_empty());
}

#[actix_web::test]
async fn a_step_used_at_two_nodes_needs_node_id_and_moving_the_thumb_keeps_the_count() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let me = ctx.token(w.me);
    let path = format!("/api/v1/steps/{}/feedback", w.shared);

    let (status, body) = send(&app, post(&path, &me, json!({ "session_id": w.done, "was_helpful": true }))).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "INVALID_REQUEST");
    assert_eq!(body["error"]["details"][0]["field"], "node_id");

    let (status, body) =
        send(&app, post(&path, &me, json!({ "session_id": w.done, "was_helpful": true, "node_id": "n3" }))).await;
    assert_eq!(status, 201);
    assert_eq!(body["node_id"], "n3");

    let (status, body) =
        send(&app, post(&path, &me, json!({ "session_id": w.done, "was_helpful": true, "node_id": "n1" }))).await;
    assert_eq!(status, 200);
    assert_eq!(body["node_id"], "n1");
    assert_eq!((body["helpful_yes"].as_i64(), body["helpful_no"].as_i64()), (Some(1), Some(0)));

    let rows = thumb_rows(&mut c, w.shared);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].node_id.as_deref(), Some("n1"));
    assert_eq!(counters(&mut c, w.shared), (1, 0));
}

#[actix_web::test]
async fn a_node_outside_the_flow_or_not_using_the_step_and_a_step_outside_the_flow_are_404() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let me = ctx.token(w.me);
    let cases = [
        (w.single, json!({ "session_id": w.done, "was_helpful": true, "node_id": "n9" })),
        (w.single, json!({ "session_id": w.done, "was_helpful": true, "node_id": "n1" })),
        (w.single, json!({ "session_id": w.done, "was_helpful": true, "node_id": "n4" })),
        (w.unused, json!({ "session_id": w.done, "was_helpful": true })),
        (w.unused, json!({ "session_id": w.done, "was_helpful": true, "node_id": "n2" })),
        (Uuid::now_v7(), json!({ "session_id": w.done, "was_helpful": true })),
        (w.single, json!({ "session_id": Uuid::now_v7(), "was_helpful": true })),
    ];
    for (step, body) in cases {
        let (status, res) = send(&app, post(&format!("/api/v1/steps/{step}/feedback"), &me, body.clone())).await;
        assert_eq!(status, 404, "{body}");
        assert_eq!(res["error"]["code"], "NOT_FOUND");
    }
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM step_ratings"), 0);
}

#[actix_web::test]
async fn thumbs_on_someone_elses_session_are_403_even_for_admins() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let path = format!("/api/v1/steps/{}/feedback", w.single);
    for who in [w.me, w.admin] {
        let (status, body) =
            send(&app, post(&path, &ctx.token(who), json!({ "session_id": w.theirs, "was_helpful": true }))).await;
        assert_eq!(status, 403);
        assert_eq!(body["error"]["code"], "FORBIDDEN");
    }
    let (status, _) =
        send(&app, post(&path, &ctx.token(w.other), json!({ "session_id": w.theirs, "was_helpful": true }))).await;
    assert_eq!(status, 201);
    let (status, body) = send(&app, delete(&format!("{path}/{}", w.theirs), &ctx.token(w.admin))).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (403, Some("FORBIDDEN")));
    assert_eq!(counters(&mut c, w.single), (1, 0));
}

#[actix_web::test]
async fn thumb_bodies_are_validated() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let path = format!("/api/v1/steps/{}/feedback", w.single);
    // (body, the field `details` names, the problem the message states in the contract's words)
    for (body, field, problem) in [
        (json!({ "session_id": w.done }), Some("was_helpful"), "was_helpful is required"),
        (
            json!({ "session_id": w.done, "was_helpful": "yes" }),
            Some("was_helpful"),
            "was_helpful must be true or false, not string \"yes\"",
        ),
        (json!({ "was_helpful": true }), Some("session_id"), "session_id is required"),
        (json!({ "session_id": "abc", "was_helpful": true }), Some("session_id"), "session_id must be a UUID"),
        (
            json!({ "session_id": w.done, "was_helpful": true, "node_id": "  " }),
            Some("node_id"),
            "node_id must not be empty",
        ),
        (
            json!({ "session_id": w.done, "was_helpful": true, "rating": 5 }),
            Some("rating"),
            "rating is not a field of this body",
        ),
        (
            json!({ "session_id": w.done, "was_helpful": null }),
            Some("was_helpful"),
            "was_helpful must be true or false, not null",
        ),
    ] {
        let (status, res) = send(&app, post(&path, &ctx.token(w.me), body.clone())).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(res["error"]["code"], "INVALID_REQUEST");
        let message = res["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(problem), "{body}: {message}");
        match field {
            Some(f) => assert_eq!(res["error"]["details"][0]["field"], f, "{body}"),
            None => assert!(res["error"].get("details").is_none(), "{body}"),
        }
    }
    let (status, res) = send(
        &app,
        post("/api/v1/steps/abc/feedback", &ctx.token(w.me), json!({ "session_id": w.done, "was_helpful": true })),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(res["error"]["details"][0]["field"], "step_id");
}

#[actix_web::test]
async fn deleting_a_thumb_is_204_then_404_and_the_counter_drops() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let me = ctx.token(w.me);
    let path = format!("/api/v1/steps/{}/feedback", w.single);
    send(&app, post(&path, &me, json!({ "session_id": w.done, "was_helpful": true }))).await;
    send(&app, post(&path, &ctx.token(w.other), json!({ "session_id": w.theirs, "was_helpful": true }))).await;
    assert_eq!(counters(&mut c, w.single), (2, 0));

    let (status, body) = send(&app, delete(&format!("{path}/{}", w.done), &me)).await;
    assert_eq!(status, 204);
    assert_eq!(body, Value::Null);
    assert_eq!(counters(&mut c, w.single), (1, 0));
    assert_eq!(thumb_rows(&mut c, w.single).len(), 1);

    let (status, body) = send(&app, delete(&format!("{path}/{}", w.done), &me)).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (404, Some("NOT_FOUND")));
    let (status, _) = send(&app, delete(&format!("{path}/{}", w.open), &me)).await;
    assert_eq!(status, 404);
    let (status, _) = send(&app, delete(&format!("{path}/{}", Uuid::now_v7()), &me)).await;
    assert_eq!(status, 404);
    let (status, _) = send(&app, delete(&format!("/api/v1/steps/{}/feedback/{}", Uuid::now_v7(), w.done), &me)).await;
    assert_eq!(status, 404);
    let (status, _) = send(&app, delete(&format!("{path}/{}", w.theirs), &me)).await;
    assert_eq!(status, 403);
    let (status, _) = send(&app, delete(&format!("{path}/not-a-uuid"), &me)).await;
    assert_eq!(status, 400);
    assert_eq!(counters(&mut c, w.single), (1, 0));
}

#[actix_web::test]
async fn thumbs_and_ratings_are_counted_in_the_business_metrics() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let state = ctx.state();
    let (prom, _) = insights_api::metrics::build(state.ports.health.clone()).unwrap();
    let app = actix_web::test::init_service(insights_api::build_app(state.clone(), prom)).await;
    let me = ctx.token(w.me);
    let path = format!("/api/v1/steps/{}/feedback", w.single);
    send(&app, post(&path, &me, json!({ "session_id": w.done, "was_helpful": true }))).await;
    send(&app, post(&path, &me, json!({ "session_id": w.done, "was_helpful": true }))).await;
    send(&app, post(&path, &me, json!({ "session_id": w.done, "was_helpful": false }))).await;
    send(&app, delete(&format!("{path}/{}", w.done), &me)).await;
    send(&app, delete(&format!("{path}/{}", w.done), &me)).await;
    send(&app, post(&format!("/api/v1/sessions/{}/rate", w.done), &me, json!({ "rating": 5 }))).await;
    send(&app, post(&format!("/api/v1/sessions/{}/rate", w.done), &me, json!({ "rating": 5 }))).await;

    let thumbs = |v: &str| state.metrics.thumbs.with_label_values(&[v]).get();
    assert_eq!((thumbs("up"), thumbs("down"), thumbs("removed")), (1, 1, 1));
    assert_eq!(state.metrics.csat.get(), 1);
}

// ---- session CSAT -------------------------------------------------------------------------------

#[actix_web::test]
async fn rating_a_completed_session_is_201_with_a_trimmed_comment() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;

    let (status, body) = send(
        &app,
        post(
            &format!("/api/v1/sessions/{}/rate", w.done),
            &ctx.token(w.me),
            json!({ "rating": 4.0, "comment": "  Clear steps, quick fix \n" }),
        ),
    )
    .await;

    assert_eq!(status, 201);
    assert_eq!(body["session_id"], w.done.to_string());
    assert_eq!(body["tree_id"], w.tree.to_string());
    assert_eq!(body["rating"], 4);
    assert_eq!(body["comment"], "Clear steps, quick fix");
    assert!(is_rfc3339_millis_z(&body["created_at"]));
    assert!(body["id"].as_str().unwrap().parse::<Uuid>().is_ok());
    assert_eq!(body.as_object().unwrap().len(), 6);
    assert_eq!(
        count(
            &mut c,
            &format!(
                "SELECT count(*) AS n FROM session_ratings WHERE session_id = '{}' AND account_id = '{}' AND user_id = '{}' AND rating = 4",
                w.done, w.acc, w.me
            )
        ),
        1
    );
}

#[actix_web::test]
async fn a_rating_must_be_a_whole_number_from_1_to_5() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let path = format!("/api/v1/sessions/{}/rate", w.done);
    for body in [
        json!({ "rating": 4.5 }),
        json!({ "rating": "4" }),
        json!({ "rating": null }),
        json!({}),
        json!({ "rating": 0 }),
        json!({ "rating": 6 }),
        json!({ "rating": -1 }),
        json!({ "rating": true }),
        json!({ "rating": 4, "comment": 5 }),
        json!({ "rating": 4, "comment": "nul \0 inside" }),
    ] {
        let (status, res) = send(&app, post(&path, &ctx.token(w.me), body.clone())).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(res["error"]["code"], "INVALID_REQUEST");
    }
    let (_, res) = send(&app, post(&path, &ctx.token(w.me), json!({ "rating": 4.5 }))).await;
    assert_eq!(res["error"]["details"][0]["field"], "rating");
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM session_ratings"), 0);
}

#[actix_web::test]
async fn a_comment_over_500_characters_is_400_never_cut_and_blank_becomes_null() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let s2 = session(
        &mut c,
        w.acc,
        w.tree,
        w.me,
        ts("2026-02-03T09:00:00Z"),
        Some((ts("2026-02-03T09:10:00Z"), "resolved")),
    );
    let app = ctx.app().await;
    let me = ctx.token(w.me);

    let long = "é".repeat(501);
    let (status, body) =
        send(&app, post(&format!("/api/v1/sessions/{}/rate", w.done), &me, json!({ "rating": 3, "comment": long })))
            .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["details"][0]["field"], "comment");

    let exact = format!("   {}   ", "é".repeat(500));
    let (status, body) =
        send(&app, post(&format!("/api/v1/sessions/{}/rate", w.done), &me, json!({ "rating": 3, "comment": exact })))
            .await;
    assert_eq!(status, 201);
    assert_eq!(body["comment"].as_str().unwrap().chars().count(), 500);

    let (status, body) =
        send(&app, post(&format!("/api/v1/sessions/{s2}/rate"), &me, json!({ "rating": 5, "comment": "   " }))).await;
    assert_eq!(status, 201);
    assert_eq!(body["comment"], Value::Null);
}

#[actix_web::test]
async fn rating_refuses_unknown_foreign_unfinished_and_already_rated_sessions() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let me = ctx.token(w.me);
    let rate = json!({ "rating": 5 });

    let (status, body) =
        send(&app, post(&format!("/api/v1/sessions/{}/rate", Uuid::now_v7()), &me, rate.clone())).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (404, Some("NOT_FOUND")));
    for who in [w.me, w.admin] {
        let (status, body) =
            send(&app, post(&format!("/api/v1/sessions/{}/rate", w.theirs), &ctx.token(who), rate.clone())).await;
        assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (403, Some("FORBIDDEN")));
    }
    let (status, body) = send(&app, post(&format!("/api/v1/sessions/{}/rate", w.open), &me, rate.clone())).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (409, Some("SESSION_NOT_COMPLETED")));

    let (status, _) = send(&app, post(&format!("/api/v1/sessions/{}/rate", w.done), &me, rate.clone())).await;
    assert_eq!(status, 201);
    let (status, body) =
        send(&app, post(&format!("/api/v1/sessions/{}/rate", w.done), &me, json!({ "rating": 1 }))).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (409, Some("ALREADY_RATED")));
    assert_eq!(
        count(
            &mut c,
            &format!("SELECT count(*) AS n FROM session_ratings WHERE session_id = '{}' AND rating = 5", w.done)
        ),
        1
    );
}

#[actix_web::test]
async fn the_rating_of_a_session_is_404_until_rated_and_readable_by_its_user_and_admins() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let me = ctx.token(w.me);
    let path = format!("/api/v1/sessions/{}/rating", w.done);

    let (status, body) = send(&app, get(&path, &me)).await;
    assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (404, Some("NOT_FOUND")));

    let (_, created) = send(
        &app,
        post(&format!("/api/v1/sessions/{}/rate", w.done), &me, json!({ "rating": 2, "comment": "Too long" })),
    )
    .await;
    for who in [w.me, w.admin] {
        let (status, body) = send(&app, get(&path, &ctx.token(who))).await;
        assert_eq!(status, 200);
        assert_eq!(body, created);
    }
    for who in [w.other, w.viewer] {
        let (status, body) = send(&app, get(&path, &ctx.token(who))).await;
        assert_eq!((status.as_u16(), body["error"]["code"].as_str()), (403, Some("FORBIDDEN")));
    }
    let (status, _) = send(&app, get(&format!("/api/v1/sessions/{}/rating", Uuid::now_v7()), &me)).await;
    assert_eq!(status, 404);
}

#[test]
fn ten_simultaneous_ratings_of_one_session_store_exactly_one() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let store = Arc::new(ctx.db.store());
    let barrier = Arc::new(Barrier::new(10));
    let handles: Vec<_> = (0..10)
        .map(|i| {
            let (store, barrier) = (store.clone(), barrier.clone());
            let (a, done) = (actor(w.acc, w.me), w.done);
            std::thread::spawn(move || {
                barrier.wait();
                let input = RateSession::new(1 + (i % 5), Some(&format!("attempt {i}"))).unwrap();
                FeedbackService::new(store).rate_session(&a, done, input, Utc::now())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();

    let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1);
    let losers =
        results.iter().filter(|r| matches!(r, Err(Error::Conflict { code: ConflictCode::AlreadyRated, .. }))).count();
    assert_eq!(losers, 9);
    assert_eq!(count(&mut c, &format!("SELECT count(*) AS n FROM session_ratings WHERE session_id = '{}'", w.done)), 1);
    assert_eq!(
        count(
            &mut c,
            &format!(
                "SELECT count(*) AS n FROM session_ratings WHERE id = '{}' AND rating = {}",
                winners[0].id, winners[0].rating
            )
        ),
        1
    );
}

// ---- ratings of a flow --------------------------------------------------------------------------

#[actix_web::test]
async fn the_ratings_of_a_flow_are_listed_newest_first_with_filters_and_pages() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    // Five completed sessions an hour apart, rated 1..5; the even scores carry a comment.
    let mut sessions = vec![];
    for i in 1..=5 {
        let who = if i % 2 == 0 { w.other } else { w.me };
        let start = ts(&format!("2026-03-0{i}T09:00:00Z"));
        let s = session(&mut c, w.acc, w.tree, who, start, Some((start + chrono::Duration::minutes(10), "resolved")));
        rating_row(&mut c, s, who, w.tree, w.acc, i, (i % 2 == 0).then_some("Helpful"));
        sessions.push(s);
    }
    let other_tree = tree(&mut c, w.acc, "VPN");
    let s = session(
        &mut c,
        w.acc,
        other_tree,
        w.me,
        ts("2026-03-09T09:00:00Z"),
        Some((ts("2026-03-09T09:05:00Z"), "resolved")),
    );
    rating_row(&mut c, s, w.me, other_tree, w.acc, 5, None);
    let app = ctx.app().await;
    let token = ctx.token(w.viewer);
    let base = format!("/api/v1/trees/{}/ratings", w.tree);

    let (status, body) = send(&app, get(&base, &token)).await;
    assert_eq!(status, 200);
    assert_eq!(body["pagination"], json!({ "page": 1, "limit": 50, "total": 5, "total_pages": 1 }));
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.iter().map(|i| i["rating"].as_i64().unwrap()).collect::<Vec<_>>(), vec![5, 4, 3, 2, 1]);
    assert_eq!(items[0]["session_id"], sessions[4].to_string());
    assert_eq!(items[0]["user_id"], w.me.to_string());
    assert_eq!(items[0]["user_name"], "Erin Engineer");
    assert_eq!(items[1]["user_name"], "Oscar Other");
    assert_eq!(items[1]["comment"], "Helpful");
    assert_eq!(items[0]["comment"], Value::Null);
    assert_eq!(items[0]["created_at"], "2026-03-05T09:11:00.000Z");
    assert_eq!(items[0].as_object().unwrap().len(), 7);

    let ratings =
        |b: &Value| b["items"].as_array().unwrap().iter().map(|i| i["rating"].as_i64().unwrap()).collect::<Vec<_>>();
    let (_, body) = send(&app, get(&format!("{base}?min_rating=2&max_rating=4"), &token)).await;
    assert_eq!(ratings(&body), vec![4, 3, 2]);
    assert_eq!(body["pagination"]["total"], 3);
    let (_, body) = send(&app, get(&format!("{base}?with_comment=true"), &token)).await;
    assert_eq!(ratings(&body), vec![4, 2]);
    let (_, body) = send(&app, get(&format!("{base}?with_comment=true&min_rating=3"), &token)).await;
    assert_eq!(ratings(&body), vec![4]);
    let (_, body) = send(&app, get(&format!("{base}?page=2&limit=2"), &token)).await;
    assert_eq!(ratings(&body), vec![3, 2]);
    assert_eq!(body["pagination"], json!({ "page": 2, "limit": 2, "total": 5, "total_pages": 3 }));
    let (_, body) = send(&app, get(&format!("{base}?page=0&limit=abc"), &token)).await;
    assert_eq!(body["pagination"], json!({ "page": 1, "limit": 50, "total": 5, "total_pages": 1 }));
    let (_, body) = send(&app, get(&format!("{base}?limit=1000&page=9"), &token)).await;
    assert_eq!(body["pagination"], json!({ "page": 9, "limit": 100, "total": 5, "total_pages": 1 }));
    assert_eq!(body["items"], json!([]));
}

#[actix_web::test]
async fn rating_filters_out_of_range_are_400_and_an_empty_flow_lists_nothing() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let token = ctx.token(w.me);
    let base = format!("/api/v1/trees/{}/ratings", w.tree);
    for q in [
        "min_rating=0",
        "max_rating=6",
        "min_rating=abc",
        "max_rating=2.5",
        "min_rating=4&max_rating=2",
        "with_comment=yes",
    ] {
        let (status, body) = send(&app, get(&format!("{base}?{q}"), &token)).await;
        assert_eq!(status, 400, "{q}");
        assert_eq!(body["error"]["code"], "INVALID_REQUEST");
    }
    let (status, body) = send(&app, get(&base, &token)).await;
    assert_eq!(status, 200);
    assert_eq!(body, json!({ "items": [], "pagination": { "page": 1, "limit": 50, "total": 0, "total_pages": 0 } }));
    let (status, _) = send(&app, get(&format!("/api/v1/trees/{}/ratings", Uuid::now_v7()), &token)).await;
    assert_eq!(status, 404);
}

// ---- tenancy ------------------------------------------------------------------------------------

#[actix_web::test]
async fn every_endpoint_answers_404_for_another_accounts_resources() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    // A rated, thumbed session in account A.
    rating_row(&mut c, w.done, w.me, w.tree, w.acc, 5, Some("Great"));
    let app = ctx.app().await;
    send(
        &app,
        post(
            &format!("/api/v1/steps/{}/feedback", w.single),
            &ctx.token(w.me),
            json!({ "session_id": w.done, "was_helpful": true }),
        ),
    )
    .await;

    // Account B with its own flow, step and session; its super admin probes A's ids.
    let b = account(&mut c, "Globex");
    let intruder = user(&mut c, b, "super_admin", "Ivan Intruder");
    let b_tree = tree(&mut c, b, "B flow");
    let b_step = step(&mut c, b, "B step");
    node(&mut c, b_tree, "n1", "B", Some(b_step), 0);
    let b_session = session(&mut c, b, b_tree, intruder, ts("2026-02-01T09:00:00Z"), None);
    let t = ctx.token(intruder);

    let probes: Vec<TestRequest> = vec![
        post("/api/v1/sessions", &t, json!({ "tree_id": w.tree })),
        post(&format!("/api/v1/sessions/{}/complete", w.open), &t, json!({ "outcome": "resolved" })),
        get(&format!("/api/v1/sessions/{}", w.done), &t),
        post(&format!("/api/v1/sessions/{}/rate", w.done), &t, json!({ "rating": 1 })),
        get(&format!("/api/v1/sessions/{}/rating", w.done), &t),
        get(&format!("/api/v1/trees/{}/ratings", w.tree), &t),
        // A's step with B's own session, and B's step with A's session.
        post(
            &format!("/api/v1/steps/{}/feedback", w.single),
            &t,
            json!({ "session_id": b_session, "was_helpful": false }),
        ),
        post(&format!("/api/v1/steps/{b_step}/feedback"), &t, json!({ "session_id": w.done, "was_helpful": false })),
        delete(&format!("/api/v1/steps/{}/feedback/{}", w.single, w.done), &t),
        delete(&format!("/api/v1/steps/{}/feedback/{b_session}", w.single), &t),
        delete(&format!("/api/v1/steps/{b_step}/feedback/{}", w.done), &t),
    ];
    for req in probes {
        let req = req.to_request();
        let what = format!("{} {}", req.method(), req.path());
        let res = actix_web::test::call_service(&app, req).await;
        let status = res.status();
        let body: Value = actix_web::test::read_body_json(res).await;
        assert_eq!(status, 404, "{what}");
        assert_eq!(body["error"]["code"], "NOT_FOUND", "{what}");
    }
    assert_eq!(counters(&mut c, w.single), (1, 0));
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM session_ratings"), 1);
    assert_eq!(
        count(&mut c, &format!("SELECT count(*) AS n FROM sessions WHERE id = '{}' AND completed_at IS NULL", w.open)),
        1
    );
}

#[actix_web::test]
async fn every_endpoint_requires_a_token() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let app = ctx.app().await;
    let reqs = [
        TestRequest::post().uri("/api/v1/sessions").set_json(json!({ "tree_id": w.tree })),
        TestRequest::get().uri(&format!("/api/v1/sessions/{}", w.done)),
        TestRequest::post()
            .uri(&format!("/api/v1/sessions/{}/complete", w.open))
            .set_json(json!({ "outcome": "resolved" })),
        TestRequest::post().uri(&format!("/api/v1/sessions/{}/rate", w.done)).set_json(json!({ "rating": 3 })),
        TestRequest::get().uri(&format!("/api/v1/sessions/{}/rating", w.done)),
        TestRequest::post()
            .uri(&format!("/api/v1/steps/{}/feedback", w.single))
            .set_json(json!({ "session_id": w.done, "was_helpful": true })),
        TestRequest::delete().uri(&format!("/api/v1/steps/{}/feedback/{}", w.single, w.done)),
        TestRequest::get().uri(&format!("/api/v1/trees/{}/ratings", w.tree)),
    ];
    for req in reqs {
        let (status, body) = send(&app, req).await;
        assert_eq!(status, 401);
        assert_eq!(body["error"]["code"], "UNAUTHORIZED");
    }
}

// ---- the thumbs race ----------------------------------------------------------------------------

#[test]
fn sixteen_threads_hammering_one_step_leave_its_counters_equal_to_a_recount() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    // 8 users with 3 sessions each (some open, some completed).
    let mut owned: Vec<(Uuid, Uuid)> = vec![];
    for u in 0..8 {
        let who = user(&mut c, w.acc, "engineer", &format!("Hammer {u}"));
        for k in 0..3 {
            let start = ts("2026-02-01T09:00:00Z");
            let done = (k != 0).then(|| (ts("2026-02-01T09:30:00Z"), "resolved"));
            owned.push((who, session(&mut c, w.acc, w.tree, who, start, done)));
        }
    }
    let owned = Arc::new(owned);
    let store = Arc::new(ctx.db.store());
    let barrier = Arc::new(Barrier::new(16));
    let handles: Vec<_> = (0..16u64)
        .map(|t| {
            let (store, barrier, owned) = (store.clone(), barrier.clone(), owned.clone());
            let (acc, shared) = (w.acc, w.shared);
            std::thread::spawn(move || {
                let mut x = 0x9E37_79B9_7F4A_7C15u64 ^ (t + 1).wrapping_mul(0xD1B5_4A32_D192_ED03);
                let mut next = move || {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x
                };
                barrier.wait();
                let svc = FeedbackService::new(store.clone());
                let mut outcomes = [0usize; 4]; // created, updated/unchanged, deleted, nothing to delete
                for _ in 0..25 {
                    let (who, sid) = owned[(next() % owned.len() as u64) as usize];
                    let a = actor(acc, who);
                    match next() % 3 {
                        op @ (0 | 1) => {
                            // The step is used at n1 and n3: thumbs also move between nodes.
                            let node = ["n1", "n3"][(next() % 2) as usize].to_owned();
                            let input = RecordThumb::new(sid, op == 0, Some(&node)).unwrap();
                            let r = svc.record_thumb(&a, shared, input, Utc::now()).unwrap();
                            assert!(r.helpful_yes >= 0 && r.helpful_no >= 0);
                            if r.status == feedback::ThumbStatus::Created { outcomes[0] += 1 } else { outcomes[1] += 1 }
                        }
                        _ => match svc.remove_thumb(&a, shared, sid) {
                            Ok(()) => outcomes[2] += 1,
                            Err(Error::NotFound(what)) if what == "thumb" => outcomes[3] += 1,
                            Err(e) => panic!("unexpected {e:?}"),
                        },
                    }
                }
                outcomes
            })
        })
        .collect();
    let mut totals = [0usize; 4];
    for h in handles {
        for (t, n) in totals.iter_mut().zip(h.join().unwrap()) {
            *t += n;
        }
    }
    assert_eq!(totals.iter().sum::<usize>(), 400);

    let rows = thumb_rows(&mut c, w.shared);
    let yes = rows.iter().filter(|r| r.was_helpful).count() as i32;
    let no = rows.iter().filter(|r| !r.was_helpful).count() as i32;
    assert_eq!(counters(&mut c, w.shared), (yes, no));
    // Rows created minus rows deleted is what is left.
    assert_eq!(totals[0] - totals[2], rows.len());
    assert!(rows.iter().all(|r| matches!(r.node_id.as_deref(), Some("n1" | "n3")) && r.tree_id == Some(w.tree)));
    assert!(ctx.db.store().check_counters().unwrap().is_empty());
}

// ---- demo data ----------------------------------------------------------------------------------

#[test]
fn the_demo_seed_adds_thumbs_with_nodes_and_csat_once() {
    let ctx = Ctx::new();
    let store = ctx.db.store();
    let mut c = ctx.conn();
    store.seed_demo().unwrap();
    let thumbs = count(&mut c, "SELECT count(*) AS n FROM step_ratings");
    let with_node =
        count(&mut c, "SELECT count(*) AS n FROM step_ratings WHERE node_id IS NOT NULL AND tree_id IS NOT NULL");
    let csat = count(&mut c, "SELECT count(*) AS n FROM session_ratings");
    let commented = count(&mut c, "SELECT count(*) AS n FROM session_ratings WHERE comment IS NOT NULL");
    let completed = count(&mut c, "SELECT count(*) AS n FROM sessions WHERE completed_at IS NOT NULL");
    let rated_sessions = count(&mut c, "SELECT count(DISTINCT session_id) AS n FROM step_ratings");
    assert!(thumbs > 0 && thumbs == with_node, "{thumbs} thumbs, {with_node} with a node");
    assert!(csat * 100 >= completed * 30 && csat * 100 <= completed * 50, "{csat} of {completed}");
    assert!(rated_sessions * 100 >= completed * 40, "{rated_sessions} of {completed}");
    assert!(commented * 100 >= csat * 30 && commented < csat, "{commented} of {csat}");
    assert_eq!(
        count(
            &mut c,
            "SELECT count(*) AS n FROM session_ratings r JOIN sessions s ON s.id = r.session_id WHERE s.completed_at IS NULL OR r.tree_id <> s.tree_id OR r.user_id <> s.user_id"
        ),
        0
    );
    assert!(store.check_counters().unwrap().is_empty());

    store.seed_demo().unwrap();
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM step_ratings"), thumbs);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM session_ratings"), csat);
}

// ---- OpenAPI ------------------------------------------------------------------------------------

#[actix_web::test]
async fn the_openapi_document_lists_every_flow_feedback_endpoint_and_schema() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (status, doc) = send(&app, TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(status, 200);
    for (path, method) in [
        ("/api/v1/sessions", "post"),
        ("/api/v1/sessions/{session_id}", "get"),
        ("/api/v1/sessions/{session_id}/complete", "post"),
        ("/api/v1/sessions/{session_id}/rate", "post"),
        ("/api/v1/sessions/{session_id}/rating", "get"),
        ("/api/v1/steps/{step_id}/feedback", "post"),
        ("/api/v1/steps/{step_id}/feedback/{session_id}", "delete"),
        ("/api/v1/trees/{tree_id}/ratings", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    for schema in [
        "CreateSessionBody",
        "CompleteSessionBody",
        "ThumbBody",
        "RateBody",
        "SessionDto",
        "SessionDetailDto",
        "StepFeedbackDto",
        "ThumbDto",
        "RatingDto",
        "TreeRatingDto",
        "List_TreeRatingDto",
    ] {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
    let params: Vec<&str> = doc["paths"]["/api/v1/trees/{tree_id}/ratings"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(params, vec!["tree_id", "page", "limit", "min_rating", "max_rating", "with_comment"]);
}
