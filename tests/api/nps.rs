//! End-to-end tests of the nps capability: the flag, roles, tenancy, validation order, the overlap
//! rule (also under concurrent creates), responses (also under concurrent duplicates), stops and
//! the exact figures of the dashboard.

use std::sync::{Arc, Barrier};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::{Duration, NaiveDate, Utc};
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use diesel::sql_types::{Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use insights_domain::nps::{self, NewCampaign, NewResponse, NpsScore, NpsService};
use insights_domain::time::{day_start, local_date, parse_tz};
use insights_domain::{Actor, Role};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::*;

// ---- fixtures -------------------------------------------------------------------------------------

struct World {
    ctx: Ctx,
    acc: Uuid,
    admin: Uuid,
    /// An engineer with `can_view_admin`.
    auditor: Uuid,
    engineer: Uuid,
}

fn world() -> World {
    world_tz("UTC")
}

fn world_tz(tz: &str) -> World {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account_tz(&mut c, "Acme", tz);
    let admin = user(&mut c, acc, "team_admin", "Ada Admin");
    let auditor = user_full(&mut c, acc, "engineer", "Audrey Auditor", true, true);
    let engineer = user(&mut c, acc, "engineer", "Eric Engineer");
    World { ctx, acc, admin, auditor, engineer }
}

fn campaign_row(c: &mut PgConnection, acc: Uuid, name: &str, starts: Time, ends: Time, stopped: Option<Time>) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO nps_campaigns (id, account_id, name, starts_at, ends_at, stopped_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() - interval '1 day')",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(acc)
    .bind::<Text, _>(name)
    .bind::<Timestamptz, _>(starts)
    .bind::<Timestamptz, _>(ends)
    .bind::<Nullable<Timestamptz>, _>(stopped)
    .execute(c)
    .unwrap();
    id
}

fn response_row(c: &mut PgConnection, acc: Uuid, user: Uuid, campaign: Option<Uuid>, score: i32, at: Time) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO nps_responses (id, account_id, user_id, campaign_id, score, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<SqlUuid, _>(acc)
    .bind::<SqlUuid, _>(user)
    .bind::<Nullable<SqlUuid>, _>(campaign)
    .bind::<Integer, _>(score)
    .bind::<Timestamptz, _>(at)
    .execute(c)
    .unwrap();
    id
}

fn now() -> Time {
    Utc::now()
}

fn iso(t: Time) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// A campaign running now: started a day ago, ends in ten days.
fn active_campaign(c: &mut PgConnection, acc: Uuid, name: &str) -> Uuid {
    campaign_row(c, acc, name, now() - Duration::days(1), now() + Duration::days(10), None)
}

fn no_auth(method: &str, path: &str) -> TestRequest {
    match method {
        "GET" => TestRequest::get().uri(path),
        _ => TestRequest::post().uri(path).set_json(json!({})),
    }
}

const ADMIN_ENDPOINTS: [(&str, &str); 3] =
    [("GET", "/api/v1/admin/nps"), ("GET", "/api/v1/admin/nps/campaigns"), ("POST", "/api/v1/admin/nps/campaigns")];

// ---- the flag -------------------------------------------------------------------------------------

#[actix_web::test]
async fn every_nps_endpoint_answers_nps_disabled_before_authentication_when_the_flag_is_off() {
    let ctx = Ctx::with_settings(|s| s.nps_enabled = false);
    let app = ctx.app().await;
    let stop = format!("/api/v1/admin/nps/campaigns/{}/stop", Uuid::now_v7());
    let endpoints = [
        ("POST", "/api/v1/nps"),
        ("GET", "/api/v1/admin/nps"),
        ("GET", "/api/v1/admin/nps/campaigns"),
        ("POST", "/api/v1/admin/nps/campaigns"),
        ("POST", stop.as_str()),
    ];
    for (method, path) in endpoints {
        let (status, body) = send(&app, no_auth(method, path)).await;
        assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "NPS_DISABLED"), "{method} {path} without token");
        let req = no_auth(method, path).insert_header(("Authorization", "Bearer garbage"));
        let (status, body) = send(&app, req).await;
        assert_eq!((status, code(&body)), (StatusCode::NOT_FOUND, "NPS_DISABLED"), "{method} {path} bad token");
    }
}

#[actix_web::test]
async fn the_active_survey_answers_inactive_to_anyone_when_the_flag_is_off() {
    let ctx = Ctx::with_settings(|s| s.nps_enabled = false);
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let u = user(&mut c, acc, "engineer", "Ann");
    active_campaign(&mut c, acc, "Running");
    let app = ctx.app().await;
    assert_eq!(
        send(&app, TestRequest::get().uri("/api/v1/nps/active")).await,
        (StatusCode::OK, json!({"active": false}))
    );
    let bad = TestRequest::get().uri("/api/v1/nps/active").insert_header(("Authorization", "Bearer garbage"));
    assert_eq!(send(&app, bad).await, (StatusCode::OK, json!({"active": false})));
    let (status, body) = send(&app, get("/api/v1/nps/active", &ctx.token(u))).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"active": false})));
}

#[actix_web::test]
async fn with_the_flag_on_every_endpoint_needs_a_token() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let stop = format!("/api/v1/admin/nps/campaigns/{}/stop", Uuid::now_v7());
    for (method, path) in [("GET", "/api/v1/nps/active"), ("POST", "/api/v1/nps"), ("POST", stop.as_str())]
        .into_iter()
        .chain(ADMIN_ENDPOINTS)
    {
        let (status, body) = send(&app, no_auth(method, path)).await;
        assert_eq!((status, code(&body)), (StatusCode::UNAUTHORIZED, "UNAUTHORIZED"), "{method} {path}");
    }
}

// ---- roles ----------------------------------------------------------------------------------------

#[actix_web::test]
async fn only_admins_create_and_stop_campaigns_and_the_role_is_checked_before_the_body() {
    let w = world();
    let mut c = w.ctx.conn();
    let viewer = user(&mut c, w.acc, "viewer", "Vic Viewer");
    let superadmin = user(&mut c, w.acc, "super_admin", "Sue Super");
    let running = active_campaign(&mut c, w.acc, "Running");
    let app = w.ctx.app().await;
    let stop = format!("/api/v1/admin/nps/campaigns/{running}/stop");
    for u in [w.auditor, w.engineer, viewer] {
        let t = w.ctx.token(u);
        let (status, body) = send(&app, post("/api/v1/admin/nps/campaigns", &t, json!({"name": ""}))).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "FORBIDDEN"));
        let (status, body) = send(&app, post(&stop, &t, json!({}))).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "FORBIDDEN"));
        // the role comes before the path id
        let (status, _) = send(&app, post("/api/v1/admin/nps/campaigns/nope/stop", &t, json!({}))).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let body = json!({"name": "Later", "starts_at": iso(now() + Duration::days(30)), "ends_at": iso(now() + Duration::days(40))});
    let (status, _) = send(&app, post("/api/v1/admin/nps/campaigns", &w.ctx.token(superadmin), body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = send(&app, post(&stop, &w.ctx.token(w.admin), json!({}))).await;
    assert_eq!(status, StatusCode::OK);
}

#[actix_web::test]
async fn admin_viewers_read_the_campaign_list_and_the_dashboard_but_engineers_do_not() {
    let w = world();
    let app = w.ctx.app().await;
    for path in ["/api/v1/admin/nps", "/api/v1/admin/nps/campaigns"] {
        for u in [w.admin, w.auditor] {
            let (status, _) = send(&app, get(path, &w.ctx.token(u))).await;
            assert_eq!(status, StatusCode::OK, "{path}");
        }
        let (status, body) = send(&app, get(path, &w.ctx.token(w.engineer))).await;
        assert_eq!((status, code(&body)), (StatusCode::FORBIDDEN, "FORBIDDEN"), "{path}");
    }
    // the role comes before the query check
    let (status, _) = send(&app, get("/api/v1/admin/nps?campaign_id=nope", &w.ctx.token(w.engineer))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

// ---- creating campaigns ---------------------------------------------------------------------------

#[actix_web::test]
async fn a_created_campaign_is_answered_in_the_list_shape() {
    let w = world();
    let app = w.ctx.app().await;
    let body = json!({"name": "  Q1 NPS ", "starts_at": "2030-01-01", "ends_at": "2030-01-31T12:00:00+02:00"});
    let (status, created) = send(&app, post("/api/v1/admin/nps/campaigns", &w.ctx.token(w.admin), body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap();
    let created_at = created["created_at"].as_str().unwrap();
    assert_eq!(
        created,
        json!({
            "id": id, "name": "Q1 NPS", "starts_at": "2030-01-01T00:00:00.000Z", "ends_at": "2030-01-31T10:00:00.000Z",
            "status": "scheduled", "created_by": w.admin, "created_at": created_at, "stopped_by": null,
            "stopped_at": null, "response_count": 0, "response_rate": 0.0
        })
    );
    let (_, list) = send(&app, get("/api/v1/admin/nps/campaigns", &w.ctx.token(w.auditor))).await;
    assert_eq!(list, json!({"items": [created], "pagination": {"page": 1, "limit": 50, "total": 1, "total_pages": 1}}));
}

#[actix_web::test]
async fn campaign_fields_are_checked_in_the_spec_order() {
    let w = world();
    let mut c = w.ctx.conn();
    campaign_row(&mut c, w.acc, "Existing", ts("2030-01-01T00:00:00Z"), ts("2030-02-01T00:00:00Z"), None);
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.admin);
    let long = "n".repeat(201);
    let cases = [
        (json!({"starts_at": "x"}), "name"),
        (json!({"name": 5, "starts_at": "2030-01-01"}), "name"),
        (json!({"name": "   ", "ends_at": "bad"}), "name"),
        (json!({"name": long, "starts_at": "bad"}), "name"),
        (json!({"name": "a\u{0}b", "starts_at": "bad"}), "name"),
        (json!({"name": "Q", "starts_at": "bad"}), "ends_at"),
        (json!({"name": "Q", "ends_at": "bad", "starts_at": null}), "starts_at"),
        (json!({"name": "Q", "starts_at": "2030-13-01", "ends_at": "2030-01-01"}), "starts_at"),
        (json!({"name": "Q", "starts_at": 20300101, "ends_at": "2030-01-01"}), "starts_at"),
        (json!({"name": "Q", "starts_at": "2030-01-01", "ends_at": "Jan 5"}), "ends_at"),
        (json!({"name": "Q", "starts_at": "2030-01-05", "ends_at": "2030-01-05"}), "ends_at"),
        (json!({"name": "Q", "starts_at": "2030-01-05T10:00:00Z", "ends_at": "2030-01-05T11:00:00+01:00"}), "ends_at"),
    ];
    for (body, field) in cases {
        let (status, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body.clone())).await;
        assert_eq!((status, code(&res)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"), "{body}");
        assert_eq!(res["error"]["details"][0]["field"], field, "{body}: {res}");
    }
    // valid fields that overlap: 409 only after every field is valid
    let body = json!({"name": "Q", "starts_at": "2030-01-15", "ends_at": "2030-03-01"});
    let (status, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body)).await;
    assert_eq!((status, code(&res)), (StatusCode::CONFLICT, "CAMPAIGN_OVERLAP"));
    let (status, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, json!({"name": "Q", "extra": 1}))).await;
    assert_eq!((status, code(&res)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"));
    let (status, _) = send(&app, raw("POST", "/api/v1/admin/nps/campaigns", &t, "text/plain", "{}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // 200 characters and a start in the past are fine
    let body = json!({"name": "é".repeat(200), "starts_at": "2020-01-01", "ends_at": "2020-02-01"});
    let (status, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body)).await;
    assert_eq!((status, res["status"].as_str()), (StatusCode::CREATED, Some("ended")));
}

#[actix_web::test]
async fn overlapping_campaigns_are_refused_naming_the_other_and_touching_ranges_overlap() {
    let w = world();
    let mut c = w.ctx.conn();
    campaign_row(&mut c, w.acc, "Q1 NPS", ts("2030-01-01T00:00:00Z"), ts("2030-01-31T10:00:00Z"), None);
    let other = account(&mut c, "Other");
    campaign_row(&mut c, other, "Theirs", ts("2030-03-01T00:00:00Z"), ts("2030-03-31T00:00:00Z"), None);
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.admin);
    for (starts, ends) in [
        ("2030-01-31T10:00:00.000Z", "2030-02-15T00:00:00Z"), // touches the end
        ("2029-12-01T00:00:00Z", "2030-01-01T00:00:00Z"),     // touches the start
        ("2030-01-10T00:00:00Z", "2030-01-11T00:00:00Z"),     // inside
        ("2029-12-01T00:00:00Z", "2030-03-01T00:00:00Z"),     // around
    ] {
        let body = json!({"name": "Q2", "starts_at": starts, "ends_at": ends});
        let (status, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{starts}..{ends}");
        assert_eq!(
            res["error"],
            json!({"code": "CAMPAIGN_OVERLAP", "message": "Campaign \"Q1 NPS\" overlaps with the requested date range"})
        );
    }
    // a millisecond later does not overlap; another account's campaign never does
    let body = json!({"name": "Q2", "starts_at": "2030-01-31T10:00:00.001Z", "ends_at": "2030-03-15T00:00:00Z"});
    let (status, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body)).await;
    assert_eq!(status, StatusCode::CREATED, "{res}");
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_campaigns"), 3);
}

#[actix_web::test]
async fn a_scheduled_campaign_stopped_before_its_start_blocks_nothing_but_stopped_and_ended_ones_do() {
    let w = world();
    let mut c = w.ctx.conn();
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.admin);
    let (s, e) = (now() + Duration::days(30), now() + Duration::days(40));
    let body = json!({"name": "Future", "starts_at": iso(s), "ends_at": iso(e)});
    let (_, future) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body.clone())).await;
    let (status, stopped) = send(
        &app,
        post(&format!("/api/v1/admin/nps/campaigns/{}/stop", future["id"].as_str().unwrap()), &t, json!({})),
    )
    .await;
    assert_eq!((status, stopped["status"].as_str()), (StatusCode::OK, Some("ended")));
    assert_eq!(stopped["stopped_by"], json!(w.admin));
    // cancelled: the same range is free again
    let (status, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body)).await;
    assert_eq!(status, StatusCode::CREATED, "{res}");

    // an active campaign stopped early still blocks what it covered; an ended one blocks its range
    let running = active_campaign(&mut c, w.acc, "Running");
    let (status, _) = send(&app, post(&format!("/api/v1/admin/nps/campaigns/{running}/stop"), &t, json!({}))).await;
    assert_eq!(status, StatusCode::OK);
    campaign_row(&mut c, w.acc, "Old", ts("2020-01-01T00:00:00Z"), ts("2020-02-01T00:00:00Z"), None);
    for (name, starts, ends) in [
        ("Running", iso(now() - Duration::hours(12)), iso(now() + Duration::days(2))),
        ("Old", "2020-01-15".to_string(), "2020-03-01".to_string()),
    ] {
        let body = json!({"name": "New", "starts_at": starts, "ends_at": ends});
        let (status, res) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body)).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(res["error"]["message"], format!("Campaign \"{name}\" overlaps with the requested date range"));
    }
    // after the stop, the rest of the original range is free
    let body =
        json!({"name": "Rest", "starts_at": iso(now() + Duration::days(1)), "ends_at": iso(now() + Duration::days(9))});
    let (status, _) = send(&app, post("/api/v1/admin/nps/campaigns", &t, body)).await;
    assert_eq!(status, StatusCode::CREATED);
}

#[test]
fn ten_concurrent_overlapping_creates_store_exactly_one_campaign() {
    let w = world();
    let store = w.ctx.db.store();
    let actor = Actor { user_id: w.admin, account_id: w.acc, role: Role::TeamAdmin, can_view_admin: false };
    let barrier = Arc::new(Barrier::new(10));
    let handles: Vec<_> = (0..10)
        .map(|i| {
            let (store, barrier) = (store.clone(), barrier.clone());
            std::thread::spawn(move || {
                // pairwise overlapping ranges, each a different one
                let (starts, ends) = (format!("2030-01-{:02}", i + 1), format!("2030-02-{:02}", i + 1));
                let input = NewCampaign::new(Some(&format!("Racer {i}")), Some(&starts), Some(&ends)).unwrap();
                barrier.wait();
                NpsService::new(Arc::new(store.clone()), Arc::new(store)).create_campaign(&actor, input, Utc::now())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    let expected = nps::overlap_error(&winners[0].campaign.name);
    let refused = results.iter().filter(|r| matches!(r, Err(e) if *e == expected)).count();
    assert_eq!(refused, 9, "{results:?}");
    let mut c = w.ctx.conn();
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_campaigns"), 1);
}

#[test]
fn the_storage_maps_constraint_violations_to_the_domain_conflicts_without_the_pre_checks() {
    use insights_domain::nps::{NewCampaign, NewResponse};
    use insights_domain::ports::NpsRepo;
    let w = world();
    let mut c = w.ctx.conn();
    campaign_row(&mut c, w.acc, "Q1 NPS", ts("2030-01-01T00:00:00Z"), ts("2030-01-31T00:00:00Z"), None);
    let running = active_campaign(&mut c, w.acc, "Running");
    let scheduled = campaign_row(&mut c, w.acc, "Later", now() + Duration::days(20), now() + Duration::days(30), None);
    let store = w.ctx.db.store();
    // the exclusion constraint, named after the campaign it hit
    let new = NewCampaign::new(Some("Q2"), Some("2030-01-31T00:00:00Z"), Some("2030-02-28T00:00:00Z")).unwrap();
    assert_eq!(store.insert_campaign(w.acc, w.admin, &new, now()), Err(nps::overlap_error("Q1 NPS")));
    // the unique key on (campaign, user)
    let answer = NewResponse::new(NpsScore::new(9).unwrap(), None, Some(running)).unwrap();
    assert!(store.insert_response(w.acc, w.engineer, &answer, now()).is_ok());
    assert_eq!(store.insert_response(w.acc, w.engineer, &answer, now()), Err(nps::already_responded_error()));
    // the conditional insert: a campaign that is not active now takes no answer
    let late = NewResponse::new(NpsScore::new(9).unwrap(), None, Some(scheduled)).unwrap();
    assert_eq!(store.insert_response(w.acc, w.engineer, &late, now()), Err(nps::not_active_error()));
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses"), 1);
}

// ---- listing --------------------------------------------------------------------------------------

#[actix_web::test]
async fn the_list_is_newest_first_paginated_and_counts_responses_over_active_users() {
    let w = world();
    let mut c = w.ctx.conn();
    let inactive = user_full(&mut c, w.acc, "engineer", "Gone", false, false);
    let old = campaign_row(&mut c, w.acc, "Old", ts("2020-01-01T00:00:00Z"), ts("2020-02-01T00:00:00Z"), None);
    exec(&mut c, &format!("UPDATE nps_campaigns SET created_at = '2020-01-01' WHERE id = '{old}'"));
    let mid = campaign_row(&mut c, w.acc, "Mid", ts("2021-01-01T00:00:00Z"), ts("2021-02-01T00:00:00Z"), None);
    exec(&mut c, &format!("UPDATE nps_campaigns SET created_at = '2021-01-01' WHERE id = '{mid}'"));
    let new = active_campaign(&mut c, w.acc, "New");
    for u in [w.admin, w.auditor, inactive] {
        response_row(&mut c, w.acc, u, Some(mid), 9, ts("2021-01-05T00:00:00Z"));
    }
    response_row(&mut c, w.acc, w.engineer, Some(new), 3, now());
    let other = account(&mut c, "Other");
    campaign_row(&mut c, other, "Theirs", ts("2020-01-01T00:00:00Z"), ts("2020-02-01T00:00:00Z"), None);
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.auditor);

    let (_, list) = send(&app, get("/api/v1/admin/nps/campaigns", &t)).await;
    let names: Vec<_> = list["items"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["New", "Mid", "Old"]);
    // 3 active users; Mid: 3 responses, 2 of them by active users
    let stats: Vec<_> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["status"].clone(), i["response_count"].clone(), i["response_rate"].clone()))
        .collect();
    assert_eq!(
        stats,
        [
            (json!("active"), json!(1), json!(0.333)),
            (json!("ended"), json!(3), json!(0.667)),
            (json!("ended"), json!(0), json!(0.0))
        ]
    );

    let (_, page) = send(&app, get("/api/v1/admin/nps/campaigns?page=2&limit=2", &t)).await;
    assert_eq!(page["pagination"], json!({"page": 2, "limit": 2, "total": 3, "total_pages": 2}));
    assert_eq!(page["items"][0]["name"], "Old");
    let (_, page) = send(&app, get("/api/v1/admin/nps/campaigns?page=x&limit=500", &t)).await;
    assert_eq!(page["pagination"], json!({"page": 1, "limit": 100, "total": 3, "total_pages": 1}));
}

// ---- stopping -------------------------------------------------------------------------------------

#[actix_web::test]
async fn stopping_an_active_campaign_ends_it_now_and_the_survey_no_longer_shows_it() {
    let w = world();
    let mut c = w.ctx.conn();
    let running = active_campaign(&mut c, w.acc, "Running");
    let app = w.ctx.app().await;
    let (_, before) = send(&app, get("/api/v1/nps/active", &w.ctx.token(w.engineer))).await;
    assert_eq!(before["active"], true);
    let t0 = now();
    let (status, stopped) =
        send(&app, post(&format!("/api/v1/admin/nps/campaigns/{running}/stop"), &w.ctx.token(w.admin), json!({})))
            .await;
    assert_eq!(status, StatusCode::OK, "{stopped}");
    assert_eq!(stopped["status"], "ended");
    assert_eq!(stopped["stopped_by"], json!(w.admin));
    assert_eq!(stopped["ends_at"], stopped["stopped_at"]);
    let ends = ts(stopped["ends_at"].as_str().unwrap());
    assert!(ends >= t0 - Duration::milliseconds(1) && ends <= now(), "{ends}");
    let (_, after) = send(&app, get("/api/v1/nps/active", &w.ctx.token(w.engineer))).await;
    assert_eq!(after, json!({"active": false}));
    let (status, res) =
        send(&app, post("/api/v1/nps", &w.ctx.token(w.engineer), json!({"score": 9, "campaign_id": running}))).await;
    assert_eq!((status, code(&res)), (StatusCode::CONFLICT, "CAMPAIGN_NOT_ACTIVE"));
}

#[actix_web::test]
async fn stopping_a_stopped_or_ended_campaign_is_refused_and_an_unknown_one_is_not_found() {
    let w = world();
    let mut c = w.ctx.conn();
    let ended = campaign_row(&mut c, w.acc, "Old", ts("2020-01-01T00:00:00Z"), ts("2020-02-01T00:00:00Z"), None);
    let running = active_campaign(&mut c, w.acc, "Running");
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.admin);
    let stop = |id: String| format!("/api/v1/admin/nps/campaigns/{id}/stop");
    let (status, res) = send(&app, post(&stop(ended.to_string()), &t, json!({}))).await;
    assert_eq!((status, code(&res)), (StatusCode::CONFLICT, "CAMPAIGN_ALREADY_ENDED"));
    assert_eq!(send(&app, post(&stop(running.to_string()), &t, json!({}))).await.0, StatusCode::OK);
    let (status, res) = send(&app, post(&stop(running.to_string()), &t, json!({}))).await;
    assert_eq!((status, code(&res)), (StatusCode::CONFLICT, "CAMPAIGN_ALREADY_ENDED"));
    let (status, res) = send(&app, post(&stop(Uuid::now_v7().to_string()), &t, json!({}))).await;
    assert_eq!((status, code(&res)), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    let (status, res) = send(&app, post(&stop("not-a-uuid".into()), &t, json!({}))).await;
    assert_eq!((status, code(&res)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"));
}

#[test]
fn concurrent_stops_let_exactly_one_succeed() {
    let w = world();
    let mut c = w.ctx.conn();
    let running = active_campaign(&mut c, w.acc, "Running");
    let store = w.ctx.db.store();
    let actor = Actor { user_id: w.admin, account_id: w.acc, role: Role::TeamAdmin, can_view_admin: false };
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let (store, barrier) = (store.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                NpsService::new(Arc::new(store.clone()), Arc::new(store)).stop_campaign(&actor, running, Utc::now())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter(|r| r.is_err()).all(|r| *r == Err(nps::already_ended_error())));
}

// ---- tenancy --------------------------------------------------------------------------------------

#[actix_web::test]
async fn a_campaign_of_another_account_is_not_found_everywhere() {
    let w = world();
    let mut c = w.ctx.conn();
    let other = account(&mut c, "Other");
    let theirs = active_campaign(&mut c, other, "Theirs");
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.admin);
    let (status, res) = send(&app, post(&format!("/api/v1/admin/nps/campaigns/{theirs}/stop"), &t, json!({}))).await;
    assert_eq!((status, code(&res)), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    let (status, res) = send(&app, get(&format!("/api/v1/admin/nps?campaign_id={theirs}"), &t)).await;
    assert_eq!((status, code(&res)), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    let (status, res) = send(&app, post("/api/v1/nps", &t, json!({"score": 9, "campaign_id": theirs}))).await;
    assert_eq!((status, code(&res)), (StatusCode::NOT_FOUND, "NOT_FOUND"));
    // their running campaign is not ours to answer
    assert_eq!(send(&app, get("/api/v1/nps/active", &t)).await.1, json!({"active": false}));
    let (_, list) = send(&app, get("/api/v1/admin/nps/campaigns", &t)).await;
    assert_eq!(list["pagination"]["total"], 0);
    let (_, dash) = send(&app, get("/api/v1/admin/nps", &t)).await;
    assert_eq!(dash["campaigns"], json!([]));
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_campaigns WHERE stopped_at IS NOT NULL"), 0);
}

// ---- the survey -----------------------------------------------------------------------------------

#[actix_web::test]
async fn the_active_survey_shows_the_campaign_the_question_and_whether_the_user_answered() {
    let ctx = Ctx::with_settings(|s| s.app_name = "HelpDesk".into());
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let u = user(&mut c, acc, "viewer", "Vic");
    let (s, e) = (ts("2026-01-01T00:00:00Z"), now() + Duration::days(3));
    let id = campaign_row(&mut c, acc, "Pulse", s, e, None);
    campaign_row(&mut c, acc, "Next", e + Duration::days(1), e + Duration::days(5), None);
    let app = ctx.app().await;
    let t = ctx.token(u);
    let expected = |answered: bool| {
        json!({
            "active": true,
            "campaign": {"id": id, "name": "Pulse", "starts_at": iso(s), "ends_at": iso(e)},
            "already_responded": answered,
            "question": "How well does HelpDesk help you get your work done?"
        })
    };
    assert_eq!(send(&app, get("/api/v1/nps/active", &t)).await, (StatusCode::OK, expected(false)));
    assert_eq!(
        send(&app, post("/api/v1/nps", &t, json!({"score": 8, "campaign_id": id}))).await.0,
        StatusCode::CREATED
    );
    assert_eq!(send(&app, get("/api/v1/nps/active", &t)).await, (StatusCode::OK, expected(true)));
}

#[actix_web::test]
async fn the_default_question_names_resolution_flow_and_no_campaign_means_inactive() {
    let w = world();
    let mut c = w.ctx.conn();
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.engineer);
    assert_eq!(send(&app, get("/api/v1/nps/active", &t)).await, (StatusCode::OK, json!({"active": false})));
    campaign_row(&mut c, w.acc, "Later", now() + Duration::days(1), now() + Duration::days(2), None);
    assert_eq!(send(&app, get("/api/v1/nps/active", &t)).await.1, json!({"active": false}));
    campaign_row(&mut c, w.acc, "Now", now() - Duration::days(1), now() + Duration::hours(12), None);
    let (_, body) = send(&app, get("/api/v1/nps/active", &t)).await;
    assert_eq!(body["question"], "How well does ResolutionFlow help you get your work done?");
}

#[actix_web::test]
async fn scores_must_be_whole_numbers_from_0_to_10() {
    let w = world();
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.engineer);
    for (score, expected) in [(json!(9), 9), (json!(9.0), 9), (json!(0), 0), (json!(10), 10)] {
        let (status, res) = send(&app, post("/api/v1/nps", &t, json!({"score": score}))).await;
        assert_eq!((status, res["score"].as_i64()), (StatusCode::CREATED, Some(expected)), "{score}");
    }
    for bad in [
        json!({"score": 5.5}),
        json!({"score": -1}),
        json!({"score": 11}),
        json!({"score": "9"}),
        json!({"score": null}),
        json!({}),
        json!({"score": true}),
    ] {
        let (status, res) = send(&app, post("/api/v1/nps", &t, bad.clone())).await;
        assert_eq!((status, code(&res)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"), "{bad}");
    }
    let mut c = w.ctx.conn();
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses"), 4);
}

#[actix_web::test]
async fn comments_are_trimmed_empty_is_null_and_over_1000_characters_is_refused() {
    let w = world();
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.engineer);
    let (status, res) = send(&app, post("/api/v1/nps", &t, json!({"score": 7, "comment": "  Nice tool  "}))).await;
    assert_eq!(status, StatusCode::CREATED);
    let (id, created_at) = (res["id"].as_str().unwrap(), res["created_at"].as_str().unwrap());
    assert_eq!(
        res,
        json!({"id": id, "score": 7, "comment": "Nice tool", "campaign_id": null, "created_at": created_at})
    );
    let (_, res) = send(&app, post("/api/v1/nps", &t, json!({"score": 7, "comment": "   "}))).await;
    assert_eq!(res["comment"], Value::Null);
    let (status, _) = send(&app, post("/api/v1/nps", &t, json!({"score": 7, "comment": "é".repeat(1000)}))).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, res) = send(&app, post("/api/v1/nps", &t, json!({"score": 7, "comment": "x".repeat(1001)}))).await;
    assert_eq!((status, res["error"]["details"][0]["field"].as_str()), (StatusCode::BAD_REQUEST, Some("comment")));
    let (status, _) = send(&app, post("/api/v1/nps", &t, json!({"score": 7, "comment": "a\u{0}b"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = send(&app, post("/api/v1/nps", &t, json!({"score": 7, "campaign_id": "nope"}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // the user comes from the token, never from the body
    let (status, _) = send(&app, post("/api/v1/nps", &t, json!({"score": 7, "user_id": w.admin}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let mut c = w.ctx.conn();
    assert_eq!(count(&mut c, &format!("SELECT count(*) AS n FROM nps_responses WHERE user_id = '{}'", w.engineer)), 3);
}

#[actix_web::test]
async fn a_response_to_a_scheduled_ended_or_stopped_campaign_is_refused() {
    let w = world();
    let mut c = w.ctx.conn();
    let scheduled = campaign_row(&mut c, w.acc, "Later", now() + Duration::days(1), now() + Duration::days(2), None);
    let ended = campaign_row(&mut c, w.acc, "Old", ts("2020-01-01T00:00:00Z"), ts("2020-02-01T00:00:00Z"), None);
    let stopped = campaign_row(
        &mut c,
        w.acc,
        "Stopped",
        now() - Duration::days(3),
        now() + Duration::days(-1),
        Some(now() - Duration::days(1)),
    );
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.engineer);
    for id in [scheduled, ended, stopped] {
        let (status, res) = send(&app, post("/api/v1/nps", &t, json!({"score": 9, "campaign_id": id}))).await;
        assert_eq!((status, code(&res)), (StatusCode::CONFLICT, "CAMPAIGN_NOT_ACTIVE"));
    }
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses"), 0);
}

#[actix_web::test]
async fn one_response_per_user_per_campaign_but_unattached_responses_are_not_deduplicated() {
    let w = world();
    let mut c = w.ctx.conn();
    let running = active_campaign(&mut c, w.acc, "Running");
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.engineer);
    let (status, res) = send(&app, post("/api/v1/nps", &t, json!({"score": 10, "campaign_id": running}))).await;
    assert_eq!((status, res["campaign_id"].clone()), (StatusCode::CREATED, json!(running)));
    let (status, res) = send(&app, post("/api/v1/nps", &t, json!({"score": 3, "campaign_id": running}))).await;
    assert_eq!((status, code(&res)), (StatusCode::CONFLICT, "ALREADY_RESPONDED"));
    // another user may answer; unattached answers are never de-duplicated
    let (status, _) =
        send(&app, post("/api/v1/nps", &w.ctx.token(w.admin), json!({"score": 3, "campaign_id": running}))).await;
    assert_eq!(status, StatusCode::CREATED);
    for _ in 0..2 {
        assert_eq!(
            send(&app, post("/api/v1/nps", &t, json!({"score": 5, "campaign_id": null}))).await.0,
            StatusCode::CREATED
        );
    }
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses WHERE campaign_id IS NULL"), 2);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses WHERE campaign_id IS NOT NULL"), 2);
}

#[test]
fn concurrent_duplicate_responses_store_exactly_one() {
    let w = world();
    let mut c = w.ctx.conn();
    let running = active_campaign(&mut c, w.acc, "Running");
    let store = w.ctx.db.store();
    let actor = Actor { user_id: w.engineer, account_id: w.acc, role: Role::Engineer, can_view_admin: false };
    let barrier = Arc::new(Barrier::new(8));
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let (store, barrier) = (store.clone(), barrier.clone());
            std::thread::spawn(move || {
                let input = NewResponse::new(NpsScore::new(i).unwrap(), None, Some(running)).unwrap();
                barrier.wait();
                NpsService::new(Arc::new(store.clone()), Arc::new(store)).submit_response(&actor, input, Utc::now())
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "{results:?}");
    assert!(results.iter().filter(|r| r.is_err()).all(|r| *r == Err(nps::already_responded_error())), "{results:?}");
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM nps_responses"), 1);
}

#[actix_web::test]
async fn stored_responses_are_counted_in_the_metrics() {
    let w = world();
    let state = w.ctx.state();
    let (prom, _) = insights_api::metrics::build(state.ports.health.clone()).unwrap();
    let app = actix_web::test::init_service(insights_api::build_app(state.clone(), prom)).await;
    let t = w.ctx.token(w.engineer);
    send(&app, post("/api/v1/nps", &t, json!({"score": 9}))).await;
    send(&app, post("/api/v1/nps", &t, json!({"score": 99}))).await;
    assert_eq!(state.metrics.nps_responses.get(), 1);
}

// ---- the dashboard --------------------------------------------------------------------------------

fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    d + Duration::days(days)
}

#[actix_web::test]
async fn the_dashboard_gives_exact_figures_and_30_local_day_buckets_on_a_hand_built_set() {
    let w = world_tz("America/New_York");
    let tz = parse_tz("America/New_York").unwrap();
    let mut c = w.ctx.conn();
    let today = local_date(now(), tz);
    let first = shift(today, -29);
    let at = |d: NaiveDate, h: i64| day_start(d, tz) + Duration::hours(h);
    // [0, 0, 0, 9, 9, 9, 9, 7] → 13 with 50/13/38
    let rows = [
        (today, 0, 9, w.engineer),
        (today, 1, 7, w.auditor),
        (today, 2, 0, w.admin),
        (shift(today, -1), 12, 9, w.engineer),
        (shift(today, -1), 22, 9, w.engineer),
        (first, 0, 0, w.engineer),            // the first bucket starts at local midnight
        (first, -1, 0, w.engineer),           // 23:00 the day before: outside the trend
        (shift(first, -40), 5, 9, w.auditor), // long ago: in the figures only
    ];
    for (d, h, score, u) in rows {
        response_row(&mut c, w.acc, u, None, score, at(d, h));
    }
    let app = w.ctx.app().await;
    let (status, d) = send(&app, get("/api/v1/admin/nps", &w.ctx.token(w.auditor))).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!(d["nps_score"], 13);
    assert_eq!(d["total_responses"], 8);
    assert_eq!(d["confidence"], json!({"low": -52, "high": 77, "level": 0.95}));
    assert_eq!(
        d["breakdown"],
        json!({"promoters": 4, "passives": 1, "detractors": 3, "promoter_pct": 50, "passive_pct": 13, "detractor_pct": 38})
    );
    let trend = d["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 30);
    assert_eq!(trend[0], json!({"date": first.to_string(), "count": 1, "avg_score": 0.0, "nps": -100}));
    assert_eq!(trend[1], json!({"date": shift(first, 1).to_string(), "count": 0, "avg_score": null, "nps": null}));
    assert_eq!(trend[28], json!({"date": shift(today, -1).to_string(), "count": 2, "avg_score": 9.0, "nps": 100}));
    assert_eq!(trend[29], json!({"date": today.to_string(), "count": 3, "avg_score": 5.3, "nps": 0}));
    assert_eq!(trend.iter().map(|p| p["count"].as_i64().unwrap()).sum::<i64>(), 6);
    let recent = d["recent_responses"].as_array().unwrap();
    assert_eq!(recent.len(), 8);
    let newest = &recent[0];
    assert_eq!(newest["user_id"], json!(w.admin));
    assert_eq!(newest["user_name"], "Ada Admin");
    assert_eq!(newest["user_email"], email_of(&mut c, w.admin));
    assert_eq!(
        (newest["score"].clone(), newest["comment"].clone(), newest["campaign_id"].clone()),
        (json!(0), Value::Null, Value::Null)
    );
    assert_eq!(newest["created_at"], iso(at(today, 2)));
}

#[actix_web::test]
async fn the_dashboard_of_one_campaign_covers_its_responses_only_but_lists_every_campaign() {
    let w = world();
    let mut c = w.ctx.conn();
    let today = Utc::now().date_naive();
    let noon = |d: NaiveDate| day_start(d, parse_tz("UTC").unwrap()) + Duration::hours(12);
    let a = active_campaign(&mut c, w.acc, "A");
    let b = campaign_row(&mut c, w.acc, "B", ts("2020-01-01T00:00:00Z"), ts("2020-02-01T00:00:00Z"), None);
    let extra: Vec<Uuid> = (0..3).map(|i| user(&mut c, w.acc, "viewer", &format!("V{i}"))).collect();
    // campaign A: a day with [9, 7, 3] today and [10, 9] yesterday
    for (u, s) in [(w.admin, 9), (w.auditor, 7), (w.engineer, 3)] {
        response_row(&mut c, w.acc, u, Some(a), s, noon(today) - Duration::hours(1));
    }
    for (u, s) in [(extra[0], 10), (extra[1], 9)] {
        response_row(&mut c, w.acc, u, Some(a), s, noon(shift(today, -1)));
    }
    response_row(&mut c, w.acc, w.admin, Some(b), 0, ts("2020-01-10T00:00:00Z"));
    response_row(&mut c, w.acc, w.admin, None, 0, noon(today) - Duration::hours(2));
    let app = w.ctx.app().await;
    let t = w.ctx.token(w.admin);

    let (status, d) = send(&app, get(&format!("/api/v1/admin/nps?campaign_id={a}"), &t)).await;
    assert_eq!(status, StatusCode::OK, "{d}");
    assert_eq!((d["nps_score"].clone(), d["total_responses"].clone()), (json!(40), json!(5)));
    assert_eq!(d["breakdown"]["promoter_pct"], 60);
    let trend = d["trend"].as_array().unwrap();
    assert_eq!(trend[29], json!({"date": today.to_string(), "count": 3, "avg_score": 6.3, "nps": 0}));
    assert_eq!(trend[28], json!({"date": shift(today, -1).to_string(), "count": 2, "avg_score": 9.5, "nps": 100}));
    let recent = d["recent_responses"].as_array().unwrap();
    assert_eq!(recent.len(), 5);
    assert!(recent.iter().all(|r| r["campaign_id"] == json!(a)));
    let names: Vec<_> = d["campaigns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2);
    let a_item = d["campaigns"].as_array().unwrap().iter().find(|c| c["name"] == "A").unwrap().clone();
    // 6 active users, 5 of them answered A
    assert_eq!((a_item["response_count"].clone(), a_item["response_rate"].clone()), (json!(5), json!(0.833)));

    let (_, all) = send(&app, get("/api/v1/admin/nps", &t)).await;
    assert_eq!(all["total_responses"], 7);
    assert_eq!(all["trend"][29]["count"], 4);
    assert_eq!(all["campaigns"], d["campaigns"]);
    let (_, only_b) = send(&app, get(&format!("/api/v1/admin/nps?campaign_id={b}"), &t)).await;
    assert_eq!((only_b["nps_score"].clone(), only_b["confidence"].clone()), (json!(-100), Value::Null));
    assert!(only_b["trend"].as_array().unwrap().iter().all(|p| p["count"] == 0));

    let (status, res) = send(&app, get("/api/v1/admin/nps?campaign_id=nope", &t)).await;
    assert_eq!((status, code(&res)), (StatusCode::BAD_REQUEST, "INVALID_REQUEST"));
    let (status, _) = send(&app, get(&format!("/api/v1/admin/nps?campaign_id={}", Uuid::now_v7()), &t)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_dashboard_over_no_responses_has_zero_counts_and_null_figures() {
    let w = world();
    let app = w.ctx.app().await;
    let (status, d) = send(&app, get("/api/v1/admin/nps", &w.ctx.token(w.admin))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(d["nps_score"], Value::Null);
    assert_eq!(d["total_responses"], 0);
    assert_eq!(d["confidence"], Value::Null);
    assert_eq!(
        d["breakdown"],
        json!({"promoters": 0, "passives": 0, "detractors": 0, "promoter_pct": null, "passive_pct": null, "detractor_pct": null})
    );
    let trend = d["trend"].as_array().unwrap();
    assert_eq!(trend.len(), 30);
    assert_eq!(trend[29]["date"], Utc::now().date_naive().to_string());
    assert_eq!((d["recent_responses"].clone(), d["campaigns"].clone()), (json!([]), json!([])));
}

#[actix_web::test]
async fn the_dashboard_lists_the_20_newest_responses() {
    let w = world();
    let mut c = w.ctx.conn();
    let base = ts("2026-01-01T00:00:00Z");
    for i in 0..25 {
        response_row(&mut c, w.acc, w.engineer, None, i % 11, base + Duration::minutes(i.into()));
    }
    let app = w.ctx.app().await;
    let (_, d) = send(&app, get("/api/v1/admin/nps", &w.ctx.token(w.admin))).await;
    let recent = d["recent_responses"].as_array().unwrap();
    assert_eq!(recent.len(), 20);
    assert_eq!(recent[0]["created_at"], iso(base + Duration::minutes(24)));
    assert_eq!(recent[19]["created_at"], iso(base + Duration::minutes(5)));
    assert_eq!(d["total_responses"], 25);
}

// ---- demo data and documentation -----------------------------------------------------------------

#[actix_web::test]
async fn the_demo_seed_has_an_active_and_an_ended_campaign_and_is_idempotent() {
    let ctx = Ctx::new();
    let store = ctx.db.store();
    store.seed_demo().unwrap();
    store.seed_demo().unwrap();
    let admin = insights_persistence::seed::DEMO_USERS[1].id;
    let app = ctx.app().await;
    let (_, d) = send(&app, get("/api/v1/admin/nps", &ctx.token(admin))).await;
    let statuses: Vec<_> = d["campaigns"].as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["active", "ended"]);
    assert_eq!(d["total_responses"], 21);
    assert_eq!(d["campaigns"][0]["response_count"], 8);
    assert_eq!(d["campaigns"][0]["response_rate"], 0.8);
    let (_, active) = send(&app, get("/api/v1/nps/active", &ctx.token(admin))).await;
    assert_eq!((active["active"].clone(), active["already_responded"].clone()), (json!(true), json!(true)));
    let engineer6 = insights_persistence::seed::DEMO_USERS[9].id;
    let (_, active) = send(&app, get("/api/v1/nps/active", &ctx.token(engineer6))).await;
    assert_eq!(active["already_responded"], false);
}

#[actix_web::test]
async fn the_openapi_document_lists_every_nps_endpoint() {
    let ctx = Ctx::new();
    let app = ctx.app().await;
    let (_, doc) = send(&app, TestRequest::get().uri("/openapi.json")).await;
    for (path, method) in [
        ("/api/v1/nps/active", "get"),
        ("/api/v1/nps", "post"),
        ("/api/v1/admin/nps", "get"),
        ("/api/v1/admin/nps/campaigns", "get"),
        ("/api/v1/admin/nps/campaigns", "post"),
        ("/api/v1/admin/nps/campaigns/{id}/stop", "post"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    for schema in
        ["CampaignDto", "DashboardDto", "ActiveSurveyDto", "NpsResponseDto", "CreateCampaignBody", "SubmitResponseBody"]
    {
        assert!(doc["components"]["schemas"][schema].is_object(), "{schema}");
    }
}
