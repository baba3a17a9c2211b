//! Analytics end to end: exact figures on a hand-built account, role rules, time zones (with a
//! DST day), and the rollups equal to a recount after thousands of random writes.

use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use diesel::sql_types::{Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::*;

fn rating(c: &mut PgConnection, session: Uuid, score: i32, comment: Option<&str>, at: &str) {
    diesel::sql_query(
        "INSERT INTO session_ratings (session_id, user_id, tree_id, account_id, rating, comment, created_at)
         SELECT id, user_id, tree_id, account_id, $2, $3, $4 FROM sessions WHERE id = $1",
    )
    .bind::<SqlUuid, _>(session)
    .bind::<Integer, _>(score)
    .bind::<Nullable<Text>, _>(comment)
    .bind::<Timestamptz, _>(ts(at))
    .execute(c)
    .unwrap();
}

fn thumb(c: &mut PgConnection, session: Uuid, step: Uuid, node: &str, helpful: bool, at: &str) {
    diesel::sql_query(
        "INSERT INTO step_ratings (step_id, user_id, session_id, tree_id, node_id, was_helpful, created_at)
         SELECT $2, user_id, id, tree_id, $3, $4, $5 FROM sessions WHERE id = $1",
    )
    .bind::<SqlUuid, _>(session)
    .bind::<SqlUuid, _>(step)
    .bind::<Text, _>(node)
    .bind::<Bool, _>(helpful)
    .bind::<Timestamptz, _>(ts(at))
    .execute(c)
    .unwrap();
}

struct World {
    acc: Uuid,
    admin: Uuid,
    ann: Uuid,
    bob: Uuid,
    dns: Uuid,
    vpn: Uuid,
    step_x: Uuid,
    step_y: Uuid,
}

/// The hand-built account of the expected figures below (UTC).
fn world(c: &mut PgConnection) -> World {
    let acc = account(c, "Acme");
    let admin = user(c, acc, "team_admin", "Zed Admin");
    let ann = user(c, acc, "engineer", "Ann");
    let bob = user(c, acc, "engineer", "bob");
    let dns = tree(c, acc, "DNS");
    let vpn = tree(c, acc, "VPN");
    let step_x = step(c, acc, "Ping the gateway");
    let step_y = step(c, acc, "Flush DNS");
    node(c, dns, "n1", "Ping", Some(step_x), 0);
    node(c, dns, "n2", "Flush", Some(step_y), 1);
    node(c, dns, "n3", "Done", None, 2);
    node(c, vpn, "m1", "Ping", Some(step_x), 0);

    let s1 = session(c, acc, dns, ann, ts("2026-01-10T09:00:00Z"), Some((ts("2026-01-10T09:12:00Z"), "resolved")));
    let s2 = session(c, acc, dns, ann, ts("2026-01-10T10:00:00Z"), Some((ts("2026-01-10T10:18:00Z"), "escalated")));
    // Started on the 12th, completed after midnight: counts on the 12th.
    let s3 = session(c, acc, vpn, bob, ts("2026-01-12T23:30:00Z"), Some((ts("2026-01-13T00:00:00Z"), "workaround")));
    let s4 = session(c, acc, dns, bob, ts("2026-01-16T08:00:00Z"), None);
    let s5 = session(c, acc, vpn, ann, ts("2026-01-09T10:00:00Z"), Some((ts("2026-01-09T10:06:00Z"), "resolved")));
    session(c, acc, dns, bob, ts("2026-01-17T00:00:00Z"), None); // after the window

    rating(c, s1, 5, Some("Great flow"), "2026-01-10T09:15:00Z");
    rating(c, s2, 2, None, "2026-01-11T08:00:00Z");
    rating(c, s3, 4, Some("ok"), "2026-01-13T01:00:00Z");
    rating(c, s5, 3, Some("before"), "2026-01-09T11:00:00Z");

    thumb(c, s1, step_x, "n1", true, "2026-01-10T09:05:00Z");
    thumb(c, s2, step_x, "n1", false, "2026-01-10T10:05:00Z");
    thumb(c, s4, step_y, "n2", true, "2026-01-16T08:05:00Z");
    thumb(c, s5, step_x, "m1", true, "2026-01-09T10:03:00Z"); // another flow: never mixed in
    World { acc, admin, ann, bob, dns, vpn, step_x, step_y }
}

const RANGE: &str = "from=2026-01-10&to=2026-01-16";

#[actix_web::test]
async fn team_analytics_give_exact_figures_for_a_custom_range() {
    let ctx = Ctx::new();
    let w = world(&mut ctx.conn());
    let app = ctx.app().await;

    let (status, body) = send(&app, get(&format!("/api/v1/analytics/team?{RANGE}"), &ctx.token(w.admin))).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(body["period"], json!({ "from": "2026-01-10", "to": "2026-01-16", "timezone": "UTC", "days": 7 }));
    assert_eq!(
        body["summary"],
        json!({ "total_sessions": 4, "completed_sessions": 3, "completion_rate": 0.75, "avg_duration_minutes": 20.0,
                "active_engineers": 2,
                "outcome_breakdown": { "resolved": 1, "escalated": 1, "workaround": 1, "unresolved": 0 },
                "avg_csat": 3.7, "total_ratings": 3 })
    );
    assert_eq!(
        body["previous"],
        json!({ "total_sessions": 1, "completed_sessions": 1, "completion_rate": 1.0, "avg_duration_minutes": 6.0,
                "active_engineers": 1,
                "outcome_breakdown": { "resolved": 1, "escalated": 0, "workaround": 0, "unresolved": 0 },
                "avg_csat": 3.0, "total_ratings": 1 })
    );
    let series = body["time_series"].as_array().unwrap();
    assert_eq!(series.len(), 7);
    assert_eq!(
        series[0],
        json!({ "date": "2026-01-10", "sessions": 2, "completed": 2, "resolved": 1, "escalated": 1, "workaround": 0, "unresolved": 0 })
    );
    assert_eq!(series[1]["sessions"], 0);
    assert_eq!(
        series[2],
        json!({ "date": "2026-01-12", "sessions": 1, "completed": 1, "resolved": 0, "escalated": 0, "workaround": 1, "unresolved": 0 })
    );
    assert_eq!(
        series[6],
        json!({ "date": "2026-01-16", "sessions": 1, "completed": 0, "resolved": 0, "escalated": 0, "workaround": 0, "unresolved": 0 })
    );
    assert_eq!(
        body["top_flows"],
        json!([
            { "tree_id": w.dns, "name": "DNS", "sessions": 3, "completion_rate": 0.667, "avg_duration_minutes": 15.0, "avg_csat": 3.5 },
            { "tree_id": w.vpn, "name": "VPN", "sessions": 1, "completion_rate": 1.0, "avg_duration_minutes": 30.0, "avg_csat": 4.0 },
        ])
    );
    // 2 sessions each: "Ann" before "bob", ignoring case.
    assert_eq!(
        body["top_engineers"],
        json!([
            { "user_id": w.ann, "name": "Ann", "sessions": 2, "completion_rate": 1.0, "avg_duration_minutes": 15.0 },
            { "user_id": w.bob, "name": "bob", "sessions": 2, "completion_rate": 0.5, "avg_duration_minutes": 30.0 },
        ])
    );
}

#[actix_web::test]
async fn team_analytics_scoped_to_an_engineer() {
    let ctx = Ctx::new();
    let w = world(&mut ctx.conn());
    let app = ctx.app().await;

    let (status, body) =
        send(&app, get(&format!("/api/v1/analytics/team?{RANGE}&engineer_id={}", w.bob), &ctx.token(w.admin))).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(body["summary"]["total_sessions"], 2);
    assert_eq!(body["summary"]["completion_rate"], 0.5);
    assert_eq!(body["summary"]["avg_duration_minutes"], 30.0);
    assert_eq!(body["summary"]["active_engineers"], 1);
    assert_eq!(body["summary"]["avg_csat"], 4.0);
    assert_eq!(body["summary"]["total_ratings"], 1);
    assert_eq!(body["previous"]["total_sessions"], 0);
    assert_eq!(body["previous"]["completion_rate"], Value::Null);
    assert_eq!(
        body["top_flows"],
        json!([
            { "tree_id": w.dns, "name": "DNS", "sessions": 1, "completion_rate": 0.0, "avg_duration_minutes": null, "avg_csat": null },
            { "tree_id": w.vpn, "name": "VPN", "sessions": 1, "completion_rate": 1.0, "avg_duration_minutes": 30.0, "avg_csat": 4.0 },
        ])
    );
    assert_eq!(body["top_engineers"].as_array().unwrap().len(), 1);
    assert_eq!(body["top_engineers"][0]["user_id"], json!(w.bob));
}

#[actix_web::test]
async fn personal_analytics_cover_the_callers_own_sessions_and_ratings() {
    let ctx = Ctx::new();
    let w = world(&mut ctx.conn());
    let app = ctx.app().await;

    let (status, body) = send(&app, get(&format!("/api/v1/analytics/me?{RANGE}"), &ctx.token(w.ann))).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["summary"],
        json!({ "total_sessions": 2, "completed_sessions": 2, "completion_rate": 1.0, "avg_duration_minutes": 15.0,
                "active_engineers": 1,
                "outcome_breakdown": { "resolved": 1, "escalated": 1, "workaround": 0, "unresolved": 0 },
                "avg_csat": 3.5, "total_ratings": 2 })
    );
    assert_eq!(body["previous"]["total_sessions"], 1);
    assert_eq!(body["previous"]["avg_csat"], 3.0);
    assert_eq!(
        body["top_flows"],
        json!([{ "tree_id": w.dns, "name": "DNS", "sessions": 2, "completion_rate": 1.0, "avg_duration_minutes": 15.0, "avg_csat": 3.5 }])
    );
    assert!(body.get("top_engineers").is_none());
}

#[actix_web::test]
async fn flow_analytics_count_votes_per_node_of_this_flow_only() {
    let ctx = Ctx::new();
    let w = world(&mut ctx.conn());
    let app = ctx.app().await;

    let (status, body) =
        send(&app, get(&format!("/api/v1/analytics/flows/{}?{RANGE}", w.dns), &ctx.token(w.bob))).await;

    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["summary"],
        json!({ "total_sessions": 3, "completed_sessions": 2, "completion_rate": 0.667, "avg_duration_minutes": 15.0,
                "avg_csat": 3.5, "total_ratings": 2,
                "outcome_breakdown": { "resolved": 1, "escalated": 1, "workaround": 0, "unresolved": 0 } })
    );
    assert_eq!(
        body["time_series"][0],
        json!({ "date": "2026-01-10", "sessions": 2, "completed": 2, "avg_duration_minutes": 15.0 })
    );
    assert_eq!(
        body["time_series"][6],
        json!({ "date": "2026-01-16", "sessions": 1, "completed": 0, "avg_duration_minutes": null })
    );
    // Wilson lower bounds: 1 of 2 → 0.095; 1 of 1 → 0.207 (hand-computed, z = 1.96).
    assert_eq!(
        body["step_feedback"],
        json!([
            { "node_id": "n1", "node_title": "Ping", "step_id": w.step_x, "helpful_yes": 1, "helpful_no": 1, "helpful_rate": 0.5, "helpful_rate_low": 0.095 },
            { "node_id": "n2", "node_title": "Flush", "step_id": w.step_y, "helpful_yes": 1, "helpful_no": 0, "helpful_rate": 1.0, "helpful_rate_low": 0.207 },
        ])
    );
    assert_eq!(body["rating_distribution"], json!({ "1": 0, "2": 1, "3": 0, "4": 0, "5": 1 }));
    assert_eq!(
        body["recent_comments"],
        json!([{ "rating": 5, "comment": "Great flow", "user_name": "Ann", "created_at": "2026-01-10T09:15:00.000Z" }])
    );
}

#[actix_web::test]
async fn roles_and_accounts_are_enforced() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let w = world(&mut c);
    let other = account(&mut c, "Other");
    let other_admin = user(&mut c, other, "super_admin", "Olga");
    let other_flow = tree(&mut c, other, "Theirs");
    let viewer = user(&mut c, w.acc, "viewer", "Vic");
    let app = ctx.app().await;

    let cases: Vec<(String, Uuid, u16, &str)> = vec![
        ("/api/v1/analytics/team".into(), w.ann, 403, "FORBIDDEN"),
        ("/api/v1/analytics/team?period=14d".into(), w.ann, 403, "FORBIDDEN"), // role before validation
        ("/api/v1/analytics/team?period=14d".into(), w.admin, 400, "INVALID_REQUEST"),
        ("/api/v1/analytics/team?period=7d&from=2026-01-01&to=2026-01-02".into(), w.admin, 400, "INVALID_REQUEST"),
        ("/api/v1/analytics/team?from=2026-01-01".into(), w.admin, 400, "INVALID_REQUEST"),
        ("/api/v1/analytics/team?from=2026-01-02&to=2026-01-01".into(), w.admin, 400, "INVALID_REQUEST"),
        ("/api/v1/analytics/team?from=2024-01-01&to=2025-01-01".into(), w.admin, 400, "INVALID_REQUEST"),
        ("/api/v1/analytics/team?engineer_id=nope".into(), w.admin, 400, "INVALID_REQUEST"),
        (format!("/api/v1/analytics/team?engineer_id={other_admin}"), w.admin, 404, "NOT_FOUND"),
        (format!("/api/v1/analytics/flows/{other_flow}"), w.admin, 404, "NOT_FOUND"),
        (format!("/api/v1/analytics/flows/{}", w.dns), other_admin, 404, "NOT_FOUND"),
        ("/api/v1/analytics/flows/not-a-uuid".into(), w.admin, 400, "INVALID_REQUEST"),
        ("/api/v1/analytics/me?period=1y".into(), viewer, 400, "INVALID_REQUEST"),
    ];
    for (path, who, status, code) in cases {
        let (s, body) = send(&app, get(&path, &ctx.token(who))).await;
        assert_eq!((s.as_u16(), body["error"]["code"].as_str()), (status, Some(code)), "{path}: {body}");
    }
    for path in ["/api/v1/analytics/me?period=7d".to_owned(), format!("/api/v1/analytics/flows/{}?period=90d", w.dns)] {
        let (s, body) = send(&app, get(&path, &ctx.token(viewer))).await;
        assert_eq!(s, 200, "{path}: {body}");
    }
    // The other account's admin sees none of Acme's sessions.
    let (s, body) = send(&app, get(&format!("/api/v1/analytics/team?{RANGE}"), &ctx.token(other_admin))).await;
    assert_eq!(s, 200);
    assert_eq!(body["summary"]["total_sessions"], 0);
}

#[actix_web::test]
async fn presets_end_today_and_default_to_30_days() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Now");
    let admin = user(&mut c, acc, "team_admin", "Adm");
    let t = tree(&mut c, acc, "F");
    let now = chrono::Utc::now();
    session(&mut c, acc, t, admin, now - chrono::Duration::minutes(5), None);
    session(&mut c, acc, t, admin, now - chrono::Duration::days(40), None);
    let app = ctx.app().await;

    let (_, body) = send(&app, get("/api/v1/analytics/team", &ctx.token(admin))).await;
    assert_eq!(body["period"]["days"], 30);
    assert_eq!(body["period"]["to"], json!(now.date_naive().to_string()));
    assert_eq!(body["time_series"].as_array().unwrap().len(), 30);
    assert_eq!(body["summary"]["total_sessions"], 1);
    assert_eq!(body["previous"]["total_sessions"], 1);
    let (_, body) = send(&app, get("/api/v1/analytics/team?period=90d", &ctx.token(admin))).await;
    assert_eq!(body["time_series"].as_array().unwrap().len(), 90);
    assert_eq!(body["summary"]["total_sessions"], 2);
}

#[actix_web::test]
async fn days_follow_the_account_time_zone_across_dst_and_a_zone_change() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account_tz(&mut c, "NY", "America/New_York");
    let admin = user(&mut c, acc, "super_admin", "Adm");
    let engineer = user(&mut c, acc, "engineer", "Eng");
    let t = tree(&mut c, acc, "F");
    // 2026-03-08 is a 23-hour day in New York: 05:00Z (00:00 EST) to 04:00Z next day (00:00 EDT).
    for at in ["2026-03-08T04:59:00Z", "2026-03-08T05:00:00Z", "2026-03-09T03:30:00Z", "2026-03-09T04:30:00Z"] {
        session(&mut c, acc, t, admin, ts(at), None);
    }
    let app = ctx.app().await;
    let path = "/api/v1/analytics/team?from=2026-03-07&to=2026-03-09";

    let (_, body) = send(&app, get(path, &ctx.token(admin))).await;
    assert_eq!(body["period"]["timezone"], "America/New_York");
    let per_day: Vec<i64> =
        body["time_series"].as_array().unwrap().iter().map(|p| p["sessions"].as_i64().unwrap()).collect();
    assert_eq!(per_day, vec![1, 2, 1]);

    // Engineers may not change it; unknown zones are refused; admins rebuild the rollups.
    let (s, _) =
        send(&app, put("/api/v1/admin/account/timezone", &ctx.token(engineer), json!({"timezone": "UTC"}))).await;
    assert_eq!(s, 403);
    let (s, body) =
        send(&app, put("/api/v1/admin/account/timezone", &ctx.token(admin), json!({"timezone": "Mars/Base"}))).await;
    assert_eq!((s.as_u16(), body["error"]["code"].as_str()), (400, Some("INVALID_REQUEST")));
    let (s, body) =
        send(&app, put("/api/v1/admin/account/timezone", &ctx.token(admin), json!({"timezone": "UTC"}))).await;
    assert_eq!((s.as_u16(), body), (200, json!({"timezone": "UTC"})));

    let (_, body) = send(&app, get(path, &ctx.token(admin))).await;
    assert_eq!(body["period"]["timezone"], "UTC");
    let per_day: Vec<i64> =
        body["time_series"].as_array().unwrap().iter().map(|p| p["sessions"].as_i64().unwrap()).collect();
    assert_eq!(per_day, vec![0, 2, 2]);
    assert!(ctx.db.store().check_rollups().unwrap().is_empty());
}

#[test]
fn rollups_equal_a_recount_after_thousands_of_random_writes() {
    let db = insights_persistence::testing::TestDb::new();
    let mut c = db.conn();
    let accounts = [account_tz(&mut c, "A", "America/New_York"), account_tz(&mut c, "B", "Asia/Kolkata")];
    let mut users = vec![];
    let mut trees = vec![];
    let mut steps = vec![];
    for (i, acc) in accounts.iter().enumerate() {
        for u in 0..4 {
            users.push((*acc, user(&mut c, *acc, "engineer", &format!("u{i}{u}"))));
        }
        for t in 0..3 {
            let tr = tree(&mut c, *acc, &format!("t{i}{t}"));
            let st = step(&mut c, *acc, &format!("s{i}{t}"));
            node(&mut c, tr, "a", "A", Some(st), 0);
            node(&mut c, tr, "b", "B", Some(st), 1);
            trees.push((*acc, tr));
            steps.push((tr, st));
        }
    }
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let outcomes = ["resolved", "escalated", "workaround", "unresolved"];
    let base = ts("2026-03-01T00:00:00Z");
    let exec_sql = |c: &mut PgConnection, sql: String| diesel::sql_query(sql).execute(c).unwrap();
    for i in 0..3000u64 {
        let (acc, tr) = trees[rng.below(trees.len() as u64) as usize];
        let u = users.iter().filter(|(a, _)| *a == acc).nth(rng.below(4) as usize).unwrap().1;
        // Around the DST change of March 8th (New York), minute resolution.
        let started = base + chrono::Duration::minutes(rng.below(60 * 24 * 14) as i64);
        match rng.below(10) {
            0..=3 => {
                let done = rng.below(3) > 0;
                session(
                    &mut c,
                    acc,
                    tr,
                    u,
                    started,
                    done.then(|| {
                        (
                            started + chrono::Duration::seconds(rng.below(5000) as i64 + 1),
                            outcomes[rng.below(4) as usize],
                        )
                    }),
                );
            }
            4 => {
                exec_sql(&mut c, format!(
                    "UPDATE sessions SET completed_at = started_at + interval '{} seconds', outcome = '{}'
                      WHERE id = (SELECT id FROM sessions WHERE completed_at IS NULL ORDER BY md5(id::text || '{i}') LIMIT 1)",
                    rng.below(9000) + 1, outcomes[rng.below(4) as usize]));
            }
            5 => {
                exec_sql(&mut c, format!(
                    "UPDATE sessions SET outcome = '{}', started_at = started_at - interval '{} minutes'
                      WHERE id = (SELECT id FROM sessions WHERE completed_at IS NOT NULL ORDER BY md5(id::text || '{i}') LIMIT 1)",
                    outcomes[rng.below(4) as usize], rng.below(600)));
            }
            6 => {
                exec_sql(
                    &mut c,
                    format!(
                        "DELETE FROM sessions WHERE id = (SELECT id FROM sessions ORDER BY md5(id::text || '{i}') LIMIT 1)"
                    ),
                );
            }
            7 => {
                exec_sql(
                    &mut c,
                    format!(
                        "INSERT INTO session_ratings (session_id, user_id, tree_id, account_id, rating, created_at)
                     SELECT id, user_id, tree_id, account_id, {}, started_at + interval '{} minutes' FROM sessions
                      WHERE completed_at IS NOT NULL AND id NOT IN (SELECT session_id FROM session_ratings)
                      ORDER BY md5(id::text || '{i}') LIMIT 1",
                        rng.below(5) + 1,
                        rng.below(3000)
                    ),
                );
            }
            8 => {
                let r = rng.below(3);
                exec_sql(
                    &mut c,
                    if r == 0 {
                        format!(
                            "DELETE FROM session_ratings WHERE id = (SELECT id FROM session_ratings ORDER BY md5(id::text || '{i}') LIMIT 1)"
                        )
                    } else {
                        format!(
                            "UPDATE session_ratings SET rating = {} WHERE id = (SELECT id FROM session_ratings ORDER BY md5(id::text || '{i}') LIMIT 1)",
                            rng.below(5) + 1
                        )
                    },
                );
            }
            _ => {
                let st = steps.iter().find(|(t, _)| *t == tr).unwrap().1;
                let node_id = if rng.below(2) == 0 { "a" } else { "b" };
                match rng.below(4) {
                    0 => exec_sql(&mut c, format!(
                        "DELETE FROM step_ratings WHERE id = (SELECT id FROM step_ratings ORDER BY md5(id::text || '{i}') LIMIT 1)")),
                    1 => exec_sql(&mut c, format!(
                        "UPDATE step_ratings SET was_helpful = NOT was_helpful, node_id = '{node_id}'
                          WHERE id = (SELECT id FROM step_ratings ORDER BY md5(id::text || '{i}') LIMIT 1)")),
                    _ => exec_sql(&mut c, format!(
                        "INSERT INTO step_ratings (step_id, user_id, session_id, tree_id, node_id, was_helpful, created_at)
                         SELECT '{st}', user_id, id, tree_id, '{node_id}', {}, started_at FROM sessions
                          WHERE tree_id = '{tr}' ORDER BY md5(id::text || '{i}') LIMIT 1
                         ON CONFLICT (step_id, user_id, session_id) DO UPDATE SET was_helpful = EXCLUDED.was_helpful",
                        rng.below(2) == 0)),
                };
            }
        }
        if i == 1500 {
            exec_sql(&mut c, format!("UPDATE accounts SET timezone = 'Europe/London' WHERE id = '{}'", accounts[1]));
        }
        // The folder runs now and then: the check counts what is folded and what is pending.
        if rng.below(300) == 0 {
            db.store().fold_rollups().unwrap();
        }
    }
    let store = db.store();
    let drift = store.check_rollups().unwrap();
    assert!(drift.is_empty(), "{drift:#?}");
    assert!(store.fold_rollups().unwrap() > 0);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM rollup_pending"), 0);
    let drift = store.check_rollups().unwrap();
    assert!(drift.is_empty(), "{drift:#?}");
    assert!(store.check_counters().unwrap().is_empty());
    // The check can fail: corrupt one rollup row and it is reported (a flow's latest prefix row:
    // that day's own figures are off by one; an account's day).
    exec_sql(&mut c, "UPDATE rollup_flow_cum SET sessions = sessions + 1 WHERE ctid = (SELECT ctid FROM rollup_flow_cum ORDER BY day DESC LIMIT 1)".into());
    assert_eq!(store.check_rollups().unwrap().len(), 1);
    exec_sql(&mut c, "UPDATE rollup_account_daily SET csat_2 = csat_2 + 1 WHERE ctid = (SELECT ctid FROM rollup_account_daily LIMIT 1)".into());
    assert_eq!(store.check_rollups().unwrap().len(), 2);
    store.rebuild_rollups(None).unwrap();
    assert!(store.check_rollups().unwrap().is_empty());
}

#[derive(diesel::QueryableByName)]
struct Prepared {
    #[diesel(sql_type = Text)]
    statement: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    generic_plans: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    custom_plans: i64,
}

fn prepared_on(conn: &mut diesel::PgConnection) -> Vec<Prepared> {
    diesel::sql_query("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements").load(conn).unwrap()
}

#[test]
fn point_statements_and_window_reads_run_generic_plans_and_lists_are_planned_for_their_values_every_time() {
    use insights_domain::ports::{AccountDirectory, AnalyticsRepo, FeedbackRepo, NpsRepo, Scope};
    // One connection per pool: every call below runs on one of the two, so each statement is in
    // that connection's pg_prepared_statements with its plan counts. PostgreSQL considers a
    // generic plan from the sixth run on; eight runs leave it the choice.
    let db = insights_persistence::testing::TestDb::with_pool_size(1);
    let store = db.store();
    let (acc, other) = (Uuid::now_v7(), Uuid::now_v7());
    let from = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let to = chrono::NaiveDate::from_ymd_opt(2026, 3, 30).unwrap();
    let (start, end) = (ts("2026-03-01T00:00:00Z"), ts("2026-03-31T00:00:00Z"));
    for _ in 0..8 {
        assert_eq!(store.engineers(acc, None, from, to, from).unwrap().per_user.len(), 0);
        assert_eq!(store.daily(acc, Scope::Account, from, to).unwrap().len(), 0);
        assert_eq!(store.account_timezone(acc).unwrap(), None, "no such account");
        assert!(!store.thumb_target(acc, other, other).unwrap().step_exists);
        assert_eq!(store.node_votes(acc, other, from, to).unwrap().len(), 0);
        assert_eq!(store.recent_comments(acc, other, start, end, 10).unwrap().len(), 0);
        assert_eq!(store.all_campaigns(acc).unwrap().len(), 0);
    }
    let main = prepared_on(&mut db.pool().get().unwrap());
    let find = |list: &[Prepared], needle: &str| -> Vec<(i64, i64)> {
        list.iter().filter(|p| p.statement.contains(needle)).map(|p| (p.generic_plans, p.custom_plans)).collect()
    };
    let step = find(&main, "AS step_exists");
    assert_eq!(step.len(), 1, "prepared once");
    assert!(step[0].0 > 0, "the point lookup settles on a generic plan: {step:?}");
    assert_eq!(find(&main, "SELECT timezone AS value FROM accounts").len(), 1);
    // The window reads (the prefix rollups, node votes) are index ranges whatever the values, in
    // shapes their texts fix: prepared once on the main pool, they settle on a generic plan too.
    for table in ["FROM rollup_account_daily r", "rollup_user_cum", "rollup_node_daily"] {
        let window = find(&main, table);
        assert_eq!(window.len(), 1, "{table} prepared once");
        assert!(window[0].0 > 0, "{table} on a generic plan: {window:?}");
    }

    // The comments and the lists (campaigns here): parsed once, planned for their values on
    // every run.
    let planning = prepared_on(&mut db.planning_pool().get().unwrap());
    assert_eq!(find(&planning, "FROM session_ratings r"), vec![(0, 8)]);
    let lists = find(&planning, "nps_campaigns");
    assert!(!lists.is_empty() && lists.iter().all(|&(generic, custom)| generic == 0 && custom == 8), "{lists:?}");
    assert!(find(&planning, "rollup_").is_empty());
    assert!(find(&planning, "AS step_exists").is_empty());
}
