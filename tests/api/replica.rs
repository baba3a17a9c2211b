//! Past one machine, proven on real processes: the dashboards read from a streaming hot standby
//! (and fall back to the primary when it goes away), and two instances over one database keep
//! every counter, rollup and uniqueness rule exact.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{Duration as Days, Utc};
use diesel::pg::PgConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use insights_api::{Authenticator, JwtKey};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{SECRET, account, node, session, step, tree, user};
use crate::process::{Answer, PgCluster, Server, agent, call, wait_for};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(url: &str, sql: &str) -> i64 {
    let mut c = PgConnection::establish(url).unwrap();
    diesel::sql_query(sql).get_result::<Count>(&mut c).unwrap().n
}

/// Connections of the service's read pool (named by the read URL's application_name).
fn read_connections(url: &str) -> i64 {
    count(url, "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'insights-read'")
}

fn mint(user: Uuid) -> String {
    Authenticator::new(JwtKey::Hs256(SECRET.to_vec()), None, None).unwrap().mint(user, 3600).unwrap()
}

fn insights_check(database_url: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_insights"))
        .arg("check")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("APP_ENV", "test")
        .env("DATABASE_URL", database_url)
        .env("JWT_SECRET", std::str::from_utf8(SECRET).unwrap())
        .output()
        .unwrap()
}

fn metric(server: &Server, name: &str) -> f64 {
    let text = agent().get(&server.url("/metrics")).call().unwrap().body_mut().read_to_string().unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|rest| rest.trim().parse::<f64>().ok()))
        .unwrap_or_else(|| panic!("{name} not in /metrics"))
}

/// `(step_feedback[0].helpful_yes, summary.total_sessions)` of the flow dashboard.
fn flow_figures(a: &Answer) -> (i64, i64) {
    (a.body["step_feedback"][0]["helpful_yes"].as_i64().unwrap(), a.body["summary"]["total_sessions"].as_i64().unwrap())
}

#[test]
fn dashboards_read_from_a_streaming_standby_fall_back_when_it_stops_and_move_back_when_it_returns() {
    // A primary with data, and its hot standby.
    let primary = PgCluster::start();
    let url = primary.create_database("insights");
    let mut c = PgConnection::establish(&url).unwrap();
    let acc = account(&mut c, "Acme");
    let admin = user(&mut c, acc, "team_admin", "Ada");
    let engineer = user(&mut c, acc, "engineer", "Eve");
    let flow = tree(&mut c, acc, "VPN");
    let check_cable = step(&mut c, acc, "Check the cable");
    node(&mut c, flow, "n1", "Check the cable", Some(check_cable), 0);
    let today = Utc::now() - Days::hours(1);
    let open = session(&mut c, acc, flow, engineer, today, None);
    session(
        &mut c,
        acc,
        flow,
        engineer,
        today - Days::days(2),
        Some((today - Days::days(2) + Days::minutes(5), "resolved")),
    );
    drop(c);
    let standby = PgCluster::standby_of(&primary);
    let standby_url = standby.url("insights");
    wait_for("the standby to replay the fixtures", Duration::from_secs(30), || {
        PgConnection::establish(&standby_url)
            .ok()
            .and_then(|mut s| diesel::sql_query("SELECT count(*) AS n FROM sessions").get_result::<Count>(&mut s).ok())
            .filter(|n| n.n == 2)
    });
    assert_eq!(count(&standby_url, "SELECT pg_is_in_recovery()::int::bigint AS n"), 1, "a hot standby");

    let read_url = format!("{standby_url}?application_name=insights-read");
    let server = Server::start(&url, &[("DATABASE_READ_URL", &read_url), ("DATABASE_TIMEOUT_MS", "1000")]);
    let http = agent();
    let (ta, te) = (mint(admin), mint(engineer));
    let dashboard = format!("/api/v1/analytics/flows/{flow}?period=7d");
    let read = |a: &ureq::Agent| call(a, &server, "GET", &dashboard, Some(&ta), None).unwrap();

    // Served by the standby: its read pool's connections are there, none on the primary.
    let first = read(&http);
    assert_eq!(first.status, 200, "{first:?}");
    assert_eq!(flow_figures(&first), (0, 2));
    assert!(read_connections(&standby_url) >= 1, "the standby serves the dashboard");
    assert_eq!(read_connections(&url), 0, "the primary serves no read-pool connection");
    let team = call(&http, &server, "GET", "/api/v1/analytics/team?period=7d", Some(&ta), None).unwrap();
    assert_eq!(team.body["summary"]["total_sessions"], json!(2));
    let ready = call(&http, &server, "GET", "/readyz", None, None).unwrap();
    assert_eq!((ready.status, ready.body.clone()), (200, json!({"status": "ok", "replica": "ok"})));
    assert_eq!(metric(&server, "insights_replica_up"), 1.0);
    assert!(metric(&server, "insights_replica_reads_total") >= 2.0);
    assert!(metric(&server, "insights_replica_lag_seconds") >= 0.0);

    // A thumb written on the primary shows in the standby's dashboard once replayed, and the
    // rollups the triggers wrote replicate exactly.
    let thumb = json!({"session_id": open, "was_helpful": true});
    let wrote = call(&http, &server, "POST", &format!("/api/v1/steps/{check_cable}/feedback"), Some(&te), Some(thumb));
    assert_eq!(wrote.unwrap().status, 201);
    wait_for("the thumb on the standby's dashboard", Duration::from_secs(20), || {
        (flow_figures(&read(&http)) == (1, 2)).then_some(())
    });
    let checked = insights_check(&standby_url);
    assert!(checked.status.success(), "insights check on the standby: {}", String::from_utf8_lossy(&checked.stdout));

    // The standby stops mid-traffic: every read still answers 200, from the primary.
    let stop = AtomicBool::new(false);
    let seen = std::thread::scope(|s| {
        let background = s.spawn(|| {
            let a = agent();
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                seen.push(read(&a));
            }
            seen
        });
        std::thread::sleep(Duration::from_millis(300));
        standby.stop();
        std::thread::sleep(Duration::from_millis(1500));
        stop.store(true, Ordering::Relaxed);
        background.join().unwrap()
    });
    assert!(seen.len() > 5, "traffic flowed: {}", seen.len());
    for a in &seen {
        assert_eq!((a.status, flow_figures(a)), (200, (1, 2)), "{a:?}");
    }
    let ready = call(&http, &server, "GET", "/readyz", None, None).unwrap();
    assert_eq!((ready.status, ready.body.clone()), (200, json!({"status": "ok", "replica": "unreachable"})));
    assert_eq!(metric(&server, "insights_replica_up"), 0.0);
    assert!(metric(&server, "insights_replica_fallbacks_total") >= 1.0);
    let logs = server.logs();
    assert_eq!(logs.matches("read replica unreachable").count(), 1, "logged once per outage:\n{logs}");

    // It returns: reads move back to it.
    standby.up();
    let before = metric(&server, "insights_replica_reads_total");
    wait_for("reads to move back to the standby", Duration::from_secs(20), || {
        assert_eq!(read(&http).status, 200);
        (metric(&server, "insights_replica_reads_total") > before).then_some(())
    });
    assert!(read_connections(&standby_url) >= 1);
    assert!(server.logs().contains("read replica reachable again"));
    assert!(!server.logs().contains("internal error"), "no 500:\n{}", server.logs());
}

#[test]
fn two_instances_over_one_database_keep_counters_rollups_and_uniqueness_exact() {
    let pg = PgCluster::start();
    let url = pg.create_database("insights");
    let mut c = PgConnection::establish(&url).unwrap();
    let acc = account(&mut c, "Acme");
    let admin = user(&mut c, acc, "team_admin", "Ada");
    let flow = tree(&mut c, acc, "VPN");
    let steps: Vec<Uuid> = (0..3).map(|i| step(&mut c, acc, &format!("Step {i}"))).collect();
    for (i, s) in steps.iter().enumerate() {
        node(&mut c, flow, &format!("n{i}"), &format!("Step {i}"), Some(*s), i as i32);
    }
    let engineers: Vec<Uuid> = (0..4).map(|i| user(&mut c, acc, "engineer", &format!("Eng {i}"))).collect();
    let start = Utc::now() - Days::hours(2);
    let sessions: Vec<(Uuid, Uuid)> = engineers
        .iter()
        .flat_map(|e| (0..2).map(move |k| (*e, k)))
        .map(|(e, k)| {
            (
                e,
                session(
                    &mut c,
                    acc,
                    flow,
                    e,
                    start + Days::minutes(k),
                    Some((start + Days::minutes(k + 10), "resolved")),
                ),
            )
        })
        .collect();
    let campaign = Uuid::now_v7();
    diesel::sql_query(format!(
        "INSERT INTO nps_campaigns (id, account_id, name, starts_at, ends_at, created_by) \
         VALUES ('{campaign}', '{acc}', 'Q4', now() - interval '1 day', now() + interval '1 day', '{admin}')"
    ))
    .execute(&mut c)
    .unwrap();
    drop(c);
    let env = [("NPS_ENABLED", "true")];
    let servers = [Server::start(&url, &env), Server::start(&url, &env)];

    std::thread::scope(|s| {
        for (i, (engineer, session_id)) in sessions.iter().enumerate() {
            let (servers, steps) = (&servers, &steps);
            s.spawn(move || {
                let a = agent();
                let token = mint(*engineer);
                // Thumbs through both instances, in turn: up, then down, then up again on each step.
                for (k, step_id) in steps.iter().enumerate() {
                    for (round, helpful) in [true, false, true].iter().enumerate() {
                        let server = &servers[(i + k + round) % 2];
                        let body = json!({"session_id": session_id, "was_helpful": helpful});
                        let r = call(
                            &a,
                            server,
                            "POST",
                            &format!("/api/v1/steps/{step_id}/feedback"),
                            Some(&token),
                            Some(body),
                        );
                        assert!(matches!(r.unwrap().status, 200 | 201));
                    }
                }
                // The same CSAT sent to both instances at once: exactly one is stored.
                let rate = format!("/api/v1/sessions/{session_id}/rate");
                let statuses: Vec<u16> = std::thread::scope(|t| {
                    let calls: Vec<_> = servers
                        .iter()
                        .map(|srv| {
                            let (rate, token) = (&rate, &token);
                            t.spawn(move || {
                                call(&agent(), srv, "POST", rate, Some(token), Some(json!({"rating": 4})))
                                    .unwrap()
                                    .status
                            })
                        })
                        .collect();
                    calls.into_iter().map(|h| h.join().unwrap()).collect()
                });
                let mut sorted = statuses.clone();
                sorted.sort_unstable();
                assert_eq!(sorted, [201, 409], "one CSAT per session");
                // The same NPS answer to both instances at once (the engineer's first session only).
                if i % 2 == 0 {
                    let statuses: Vec<u16> = std::thread::scope(|t| {
                        let calls: Vec<_> = servers
                            .iter()
                            .map(|srv| {
                                let token = &token;
                                t.spawn(move || {
                                    let body = json!({"score": 9, "campaign_id": campaign});
                                    call(&agent(), srv, "POST", "/api/v1/nps", Some(token), Some(body)).unwrap().status
                                })
                            })
                            .collect();
                        calls.into_iter().map(|h| h.join().unwrap()).collect()
                    });
                    let mut sorted = statuses.clone();
                    sorted.sort_unstable();
                    assert_eq!(sorted, [201, 409], "one NPS answer per user and campaign");
                }
            });
        }
    });

    // 8 sessions × 3 steps, each ending up: 8 helpful_yes per step, none down.
    for s in &steps {
        let yes = count(&url, &format!("SELECT helpful_yes::bigint AS n FROM step_library WHERE id = '{s}'"));
        let no = count(&url, &format!("SELECT helpful_no::bigint AS n FROM step_library WHERE id = '{s}'"));
        assert_eq!((yes, no), (8, 0), "step {s}");
    }
    assert_eq!(count(&url, "SELECT count(*) AS n FROM step_ratings"), 24);
    assert_eq!(count(&url, "SELECT count(*) AS n FROM session_ratings"), 8);
    assert_eq!(count(&url, "SELECT count(*) AS n FROM nps_responses"), 4);
    let checked = insights_check(&url);
    assert!(checked.status.success(), "insights check: {}", String::from_utf8_lossy(&checked.stdout));
    // And both instances answer the same dashboard.
    let token = mint(admin);
    let path = format!("/api/v1/analytics/flows/{flow}?period=7d");
    let answers: Vec<Value> =
        servers.iter().map(|s| call(&agent(), s, "GET", &path, Some(&token), None).unwrap().body).collect();
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0]["summary"]["avg_csat"], json!(4.0));
    assert_eq!(answers[0]["step_feedback"][0]["helpful_yes"], json!(8));
}
