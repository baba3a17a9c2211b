//! Reliability targets of operations.md, proven on the real binary: a database outage answers
//! 503 quickly and heals without a restart; SIGTERM drains in-flight requests and exits 0.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use diesel::{Connection, QueryableByName};
use insights_api::{Authenticator, JwtKey};
use serde_json::json;

use crate::common::{Ctx, SECRET, account, exec, user};
use crate::process::{Answer, PgCluster, Server, agent, call, wait_for};

/// "Quickly" for a 500 ms checkout timeout: generous for a loaded 2-core machine, far below a hang.
const QUICK: Duration = Duration::from_secs(5);

fn assert_unavailable(what: &str, a: &Answer) {
    assert_eq!((a.status, a.code()), (503, "DATABASE_UNAVAILABLE"), "{what}: {a:?}");
    assert!(a.retry_after.as_deref().is_some_and(|v| v.parse::<u32>().is_ok()), "{what}: Retry-After {a:?}");
    assert!(a.elapsed < QUICK, "{what} took {:?}", a.elapsed);
}

#[test]
fn a_database_outage_answers_503_quickly_and_requests_succeed_again_when_it_returns_without_a_restart() {
    let pg = PgCluster::start();
    let url = pg.create_database("insights");
    let mut c = PgConnection::establish(&url).unwrap();
    let acc = account(&mut c, "Acme");
    let engineer = user(&mut c, acc, "engineer", "Eve");
    drop(c);
    let token = Authenticator::new(JwtKey::Hs256(SECRET.to_vec()), None, None).unwrap().mint(engineer, 3600).unwrap();
    // The requests below wait on a lock on purpose: no lock or statement timeout may end them first.
    let server = Server::start(
        &url,
        &[
            ("DATABASE_TIMEOUT_MS", "500"),
            ("DATABASE_LOCK_TIMEOUT_MS", "60000"),
            ("DATABASE_STATEMENT_TIMEOUT_MS", "60000"),
        ],
    );
    let http = agent();
    let read = |a: &ureq::Agent| call(a, &server, "GET", "/api/v1/analytics/me", Some(&token), None).unwrap();
    let write = |a: &ureq::Agent| {
        call(a, &server, "POST", "/api/v1/chat/conversations", Some(&token), Some(json!({"title": "Printer"}))).unwrap()
    };
    assert_eq!(read(&http).status, 200);
    assert_eq!(write(&http).status, 201);

    // Requests keep flowing from another client while the database dies and comes back.
    let stop = Arc::new(AtomicBool::new(false));
    let flow = std::thread::scope(|s| {
        let background = s.spawn(|| {
            let a = agent();
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                seen.push(read(&a));
            }
            seen
        });
        // Stops the background client even when an assertion below fails (else the scope hangs).
        let stopper = StopOnDrop(&stop);
        std::thread::sleep(Duration::from_millis(300));

        // Two requests mid-query when the database dies: a read and a write (inside its
        // transaction), each waiting on a lock held by another connection.
        let mut locker = PgConnection::establish(&url).unwrap();
        exec(&mut locker, "BEGIN");
        exec(&mut locker, "LOCK TABLE rollup_user_cum, conversations IN ACCESS EXCLUSIVE MODE");
        let stuck_read = s.spawn(|| read(&agent()));
        let stuck_write = s.spawn(|| write(&agent()));
        wait_for("both requests to wait on the lock", Duration::from_secs(10), || {
            let n = diesel::sql_query("SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND locktype = 'relation'")
                .get_result::<Count>(&mut locker)
                .unwrap()
                .n;
            (n >= 2).then_some(())
        });

        pg.crash();
        drop(locker);
        assert_unavailable("the read in flight", &stuck_read.join().unwrap());
        assert_unavailable("the write in flight", &stuck_write.join().unwrap());
        for i in 0..3 {
            assert_unavailable(&format!("read {i}"), &read(&http));
            assert_unavailable(&format!("write {i}"), &write(&http));
        }
        let ready = call(&http, &server, "GET", "/readyz", None, None).unwrap();
        assert_eq!(ready.status, 503, "{ready:?}");
        assert!(ready.elapsed < QUICK, "/readyz took {:?}", ready.elapsed);
        assert_eq!(call(&http, &server, "GET", "/healthz", None, None).unwrap().status, 200);

        pg.up();
        let healed = wait_for("a read to succeed after the restart", Duration::from_secs(20), || {
            let a = read(&http);
            (a.status == 200).then_some(a)
        });
        assert_eq!(healed.status, 200);
        assert_eq!(write(&http).status, 201);
        assert_eq!(call(&http, &server, "GET", "/readyz", None, None).unwrap().status, 200);
        drop(stopper);
        background.join().unwrap()
    });

    assert!(flow.iter().any(|a| a.status == 503), "the background client saw the outage");
    for a in &flow {
        match a.status {
            200 => {}
            _ => assert_unavailable("background read", a),
        }
    }
    assert!(!server.logs().contains("internal error"), "no 500 during the outage:\n{}", server.logs());
}

struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[test]
fn sigterm_stops_accepting_finishes_in_flight_requests_and_exits_0() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let admin = user(&mut c, acc, "team_admin", "Ada");
    let token = ctx.token(admin);
    // The in-flight requests wait on a lock on purpose: no timeout may end them first.
    let server = Server::start(
        ctx.db.url(),
        &[("DATABASE_LOCK_TIMEOUT_MS", "60000"), ("DATABASE_STATEMENT_TIMEOUT_MS", "60000")],
    );
    let http = agent();
    assert_eq!(call(&http, &server, "GET", "/api/v1/analytics/team", Some(&token), None).unwrap().status, 200);

    // Two requests stuck behind a lock held by another connection: deterministic "slow" requests.
    let mut locker = ctx.conn();
    exec(&mut locker, "BEGIN");
    exec(&mut locker, "LOCK TABLE rollup_flow_cum IN ACCESS EXCLUSIVE MODE");
    let answers = std::thread::scope(|s| {
        let in_flight: Vec<_> = (0..2)
            .map(|_| {
                let (server, token) = (&server, &token);
                s.spawn(move || call(&agent(), server, "GET", "/api/v1/analytics/team", Some(token), None))
            })
            .collect();
        wait_for("both requests to wait on the lock", Duration::from_secs(10), || {
            let n = diesel::sql_query(
                "SELECT count(*) AS n FROM pg_locks WHERE NOT granted AND relation = 'rollup_flow_cum'::regclass",
            )
            .get_result::<Count>(&mut c)
            .unwrap()
            .n;
            (n == 2).then_some(())
        });

        server.terminate();
        wait_for("the listener to close", Duration::from_secs(5), || (!server.accepts_connections()).then_some(()));
        assert!(server.try_wait().is_none(), "the process waits for its in-flight requests");

        exec(&mut locker, "ROLLBACK");
        in_flight.into_iter().map(|h| h.join().unwrap()).collect::<Vec<_>>()
    });
    for a in answers {
        let a = a.expect("an in-flight request is answered");
        assert_eq!(a.status, 200, "{a:?}");
        assert!(a.body["totals"].is_object() || a.body.is_object(), "{a:?}");
    }
    let status = server.wait_exit(Duration::from_secs(35));
    assert_eq!(status.code(), Some(0), "exit status; logs:\n{}", server.logs());
    assert!(!server.accepts_connections());
}
