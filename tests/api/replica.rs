//! Past one machine, proven on real processes: the dashboards, the lists and the admin reads read
//! from a streaming hot standby (and fall back to the primary when it goes away) while the callers'
//! own writes are read back from the primary, and two instances over one database keep every
//! counter, rollup and uniqueness rule exact.

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{Duration as Days, Utc};
use diesel::pg::PgConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use insights_api::{Authenticator, JwtKey};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{SECRET, account, exec, node, session, step, team, tree, user};
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

fn exec_on(url: &str, sql: &str) {
    let mut c = PgConnection::establish(url).unwrap();
    diesel::RunQueryDsl::execute(diesel::sql_query(sql), &mut c).unwrap();
}

/// Waits until the standby has replayed everything the primary wrote so far (the insert position:
/// the test clusters commit asynchronously, so the write position may not include the last commit
/// yet).
fn caught_up(primary_url: &str, standby_url: &str) {
    #[derive(QueryableByName)]
    struct Lsn {
        #[diesel(sql_type = diesel::sql_types::Text)]
        lsn: String,
    }
    let mut p = PgConnection::establish(primary_url).unwrap();
    let lsn =
        diesel::sql_query("SELECT pg_current_wal_insert_lsn()::text AS lsn").get_result::<Lsn>(&mut p).unwrap().lsn;
    wait_for("the standby to replay the primary's writes", Duration::from_secs(30), || {
        let sql = format!("SELECT (pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn)::int::bigint AS n");
        (count(standby_url, &sql) == 1).then_some(())
    });
}

#[test]
fn lists_and_admin_reads_come_from_the_standby_and_the_callers_own_writes_from_the_primary() {
    let primary = PgCluster::start();
    let url = primary.create_database("insights");
    let mut c = PgConnection::establish(&url).unwrap();
    let acc = account(&mut c, "Acme");
    let admin = user(&mut c, acc, "super_admin", "Ada");
    let engineer = user(&mut c, acc, "engineer", "Eve");
    let flow = tree(&mut c, acc, "VPN");
    let cable = step(&mut c, acc, "Check the cable");
    node(&mut c, flow, "n1", "Check the cable", Some(cable), 0);
    team(&mut c, acc, "Support", &[engineer]);
    let start = Utc::now() - Days::hours(3);
    let eve_session = session(&mut c, acc, flow, engineer, start, Some((start + Days::minutes(5), "resolved")));
    let ada_session = session(&mut c, acc, flow, admin, start, Some((start + Days::minutes(7), "resolved")));
    let campaign = Uuid::now_v7();
    exec(
        &mut c,
        &format!(
            "INSERT INTO nps_campaigns (id, account_id, name, starts_at, ends_at, created_by) \
             VALUES ('{campaign}', '{acc}', 'Q4', now() - interval '1 day', now() + interval '1 day', '{admin}')"
        ),
    );
    drop(c);
    let standby = PgCluster::standby_of(&primary);
    let standby_url = standby.url("insights");
    let read_url = format!("{standby_url}?application_name=insights-read");
    let server = Server::start(
        &url,
        &[("DATABASE_READ_URL", &read_url), ("DATABASE_TIMEOUT_MS", "1000"), ("NPS_ENABLED", "true")],
    );
    let http = agent();
    let (ta, te) = (mint(admin), mint(engineer));
    let api = |method: &str, path: &str, token: &str, body: Option<Value>| {
        let a = call(&http, &server, method, &format!("/api/v1{path}"), Some(token), body).unwrap();
        assert!(a.status < 500, "{method} {path}: {a:?}");
        a
    };

    // Written before the standby stops replaying: Eve's CSAT, her conversation with an assistant
    // message she rated down, her NPS answer.
    assert_eq!(api("POST", &format!("/sessions/{eve_session}/rate"), &te, Some(json!({"rating": 4}))).status, 201);
    let conv = api("POST", "/chat/conversations", &te, Some(json!({"title": "VPN help"})));
    assert_eq!(conv.status, 201);
    let conv = conv.body["id"].as_str().unwrap().to_owned();
    let message = api(
        "POST",
        &format!("/chat/conversations/{conv}/messages"),
        &te,
        Some(json!({"role": "assistant", "content": "Restart the client."})),
    );
    assert_eq!(message.status, 201, "{message:?}");
    let message = message.body["id"].as_str().unwrap().to_owned();
    let feedback = format!("/chat/messages/{message}/feedback");
    assert_eq!(api("PUT", &feedback, &te, Some(json!({"rating": "negative"}))).status, 200);
    let answer = json!({"score": 9, "campaign_id": campaign});
    assert_eq!(api("POST", "/nps", &te, Some(answer)).status, 201);
    caught_up(&url, &standby_url);

    // The standby stops replaying; the primary moves on: a flow, a user and a team appear, Ada rates
    // her session, Eve turns her thumb up, Ada answers the survey.
    exec_on(&standby_url, "SELECT pg_wal_replay_pause()");
    wait_for("replay paused", Duration::from_secs(10), || {
        let sql = "SELECT (pg_get_wal_replay_pause_state() = 'paused')::int::bigint AS n";
        (count(&standby_url, sql) == 1).then_some(())
    });
    let mut c = PgConnection::establish(&url).unwrap();
    let zeta = tree(&mut c, acc, "Zeta");
    user(&mut c, acc, "engineer", "Zed");
    team(&mut c, acc, "Zulu", &[]);
    drop(c);
    assert_eq!(api("POST", &format!("/sessions/{ada_session}/rate"), &ta, Some(json!({"rating": 2}))).status, 201);
    assert_eq!(api("PUT", &feedback, &te, Some(json!({"rating": "positive"}))).status, 200);
    assert_eq!(api("POST", "/nps", &ta, Some(json!({"score": 0, "campaign_id": campaign}))).status, 201);

    // Each replica-routed read answers what the standby holds (not yet what the primary holds),
    // and the standby answered exactly the reads of that endpoint.
    let reads = || metric(&server, "insights_replica_reads_total");
    let fallbacks = || metric(&server, "insights_replica_fallbacks_total");
    let on_standby = |method: &str, path: &str, token: &str, standby_reads: f64| {
        let before = reads();
        let a = api(method, path, token, None);
        assert_eq!(reads() - before, standby_reads, "standby reads of {path}");
        a
    };
    let total = |a: &Answer| a.body["pagination"]["total"].as_i64().unwrap();
    assert_eq!(total(&on_standby("GET", "/trees", &te, 1.0)), 1, "Zeta is not replayed yet");
    assert_eq!(on_standby("GET", &format!("/trees/{zeta}"), &te, 1.0).status, 404);
    let detail = on_standby("GET", &format!("/trees/{flow}"), &te, 1.0);
    assert_eq!(detail.body["nodes"][0]["node_id"], json!("n1"));
    assert_eq!(total(&on_standby("GET", "/directory/users", &te, 1.0)), 2, "Zed is not replayed yet");
    assert_eq!(total(&on_standby("GET", "/directory/teams", &te, 1.0)), 1, "Zulu is not replayed yet");
    let ratings = on_standby("GET", &format!("/trees/{flow}/ratings"), &te, 1.0);
    assert_eq!((total(&ratings), ratings.body["items"][0]["rating"].clone()), (1, json!(4)));
    let inbox = on_standby("GET", "/admin/feedback", &ta, 1.0);
    assert_eq!((total(&inbox), inbox.body["items"][0]["rating"].clone()), (1, json!("negative")));
    // The NPS figures (time zone, histogram, trend, recent responses) from the standby; the
    // campaigns from the primary.
    let nps = on_standby("GET", "/admin/nps", &ta, 4.0);
    assert_eq!(nps.body["total_responses"], json!(1), "{nps:?}");
    assert_eq!(nps.body["campaigns"][0]["response_count"], json!(2), "{nps:?}");

    // The primary-only reads see the callers' own writes at once and never reach the standby.
    let (reads_before, fallbacks_before) = (reads(), fallbacks());
    let started = api("POST", "/sessions", &te, Some(json!({"tree_id": flow})));
    assert_eq!(started.status, 201);
    let started = started.body["id"].as_str().unwrap().to_owned();
    assert_eq!(total(&api("GET", "/sessions", &te, None)), 2, "the session just started is listed");
    assert_eq!(api("GET", &format!("/sessions/{started}"), &te, None).status, 200);
    let rated = api("GET", &format!("/sessions/{ada_session}"), &ta, None);
    assert_eq!(rated.body["rating"]["rating"], json!(2), "{rated:?}");
    let rating = api("GET", &format!("/sessions/{ada_session}/rating"), &ta, None);
    assert_eq!(rating.body["rating"], json!(2));
    let tz = api("PUT", "/admin/account/timezone", &ta, Some(json!({"timezone": "Europe/Paris"})));
    assert_eq!(tz.status, 200, "{tz:?}");
    assert_eq!(api("GET", "/me", &ta, None).body["account"]["timezone"], json!("Europe/Paris"));
    let starts = (Utc::now() + Days::days(30)).to_rfc3339();
    let ends = (Utc::now() + Days::days(40)).to_rfc3339();
    let created =
        api("POST", "/admin/nps/campaigns", &ta, Some(json!({"name": "Q1", "starts_at": starts, "ends_at": ends})));
    assert_eq!(created.status, 201, "{created:?}");
    let campaigns = api("GET", "/admin/nps/campaigns", &ta, None);
    assert_eq!((total(&campaigns), campaigns.body["items"][0]["name"].clone()), (2, json!("Q1")));
    let survey = api("GET", "/nps/active", &ta, None);
    assert_eq!((survey.body["active"].clone(), survey.body["already_responded"].clone()), (json!(true), json!(true)));
    assert_eq!(api("POST", "/chat/conversations", &te, Some(json!({"title": "Second"}))).status, 201);
    assert_eq!(total(&api("GET", "/chat/conversations", &te, None)), 2, "the conversation just created is listed");
    let messages = api("GET", &format!("/chat/conversations/{conv}/messages"), &te, None);
    assert_eq!(messages.body["items"][0]["feedback"]["rating"], json!("positive"), "{messages:?}");
    assert_eq!((reads(), fallbacks()), (reads_before, fallbacks_before), "none of these reached the standby");
    assert_eq!(read_connections(&url), 0, "the read pool never connects to the primary");
    assert!(read_connections(&standby_url) >= 1);

    // Replay resumes: the standby's answers catch up with the primary.
    exec_on(&standby_url, "SELECT pg_wal_replay_resume()");
    caught_up(&url, &standby_url);
    let now_served = |token: &str| {
        (
            total(&api("GET", "/trees", token, None)),
            total(&api("GET", "/directory/users", token, None)),
            total(&api("GET", "/directory/teams", token, None)),
            total(&api("GET", &format!("/trees/{flow}/ratings"), token, None)),
            api("GET", &format!("/trees/{zeta}"), token, None).status,
            api("GET", "/admin/feedback", &ta, None).body["items"][0]["rating"].clone(),
            api("GET", "/admin/nps", &ta, None).body["total_responses"].clone(),
        )
    };
    let current = (2, 3, 2, 2, 200, json!("positive"), json!(2));
    let before = reads();
    assert_eq!(now_served(&te), current);
    assert_eq!(reads() - before, 10.0, "all served by the standby");

    // The standby stops: the same reads answer the same, from the primary, with no client error;
    // every one of them is a fallback.
    standby.stop();
    let (reads_before, fallbacks_before) = (reads(), fallbacks());
    assert_eq!(now_served(&te), current);
    assert_eq!(reads(), reads_before);
    assert_eq!(fallbacks() - fallbacks_before, 10.0, "each read fell back to the primary");
    let ready = call(&http, &server, "GET", "/readyz", None, None).unwrap();
    assert_eq!((ready.status, ready.body.clone()), (200, json!({"status": "ok", "replica": "unreachable"})));
    let logs = server.logs();
    assert_eq!(logs.matches("read replica unreachable").count(), 1, "logged once per outage:\n{logs}");
    assert!(!logs.contains("internal error"), "no 500:\n{logs}");
}
