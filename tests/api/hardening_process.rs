//! The probe's lock-wait and slow-body cases, against the real binary: a table lock held by
//! another program fails the requests that need the table with 503 within the lock timeout (or the
//! statement timeout) while every other request keeps working; a body sent too slowly is cut with
//! 408 and holds no database connection meanwhile; HEAD keeps GET's headers on the wire.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::common::{Ctx, account, exec, user};
use crate::process::{Answer, Server, agent, call};

fn assert_unavailable(what: &str, a: &Answer, within: Duration) {
    assert_eq!((a.status, a.code()), (503, "DATABASE_UNAVAILABLE"), "{what}: {a:?}");
    assert!(a.retry_after.as_deref().is_some_and(|v| v.parse::<u32>().is_ok()), "{what}: Retry-After {a:?}");
    assert!(a.elapsed < within, "{what} took {:?}", a.elapsed);
}

/// Ten `POST /nps` behind a lock on `nps_responses` (more than the pool holds), while other
/// requests run: those answer, the blocked ones fail with 503 once the timeout fires.
fn blocked_writes_fail_fast_and_the_rest_keeps_working(env: &[(&str, &str)], within: Duration) {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let users: Vec<_> = (0..10).map(|i| user(&mut c, acc, "engineer", &format!("U{i}"))).collect();
    let reader = user(&mut c, acc, "engineer", "Reader");
    let mut all_env = vec![("NPS_ENABLED", "true"), ("DATABASE_TIMEOUT_MS", "3000")];
    all_env.extend_from_slice(env);
    let server = Server::start(ctx.db.url(), &all_env);
    let reader_token = ctx.token(reader);

    let mut locker = ctx.conn();
    exec(&mut locker, "BEGIN");
    exec(&mut locker, "LOCK TABLE nps_responses IN ACCESS EXCLUSIVE MODE");
    let started = Instant::now();
    let (blocked, others) = std::thread::scope(|s| {
        let blocked: Vec<_> = users
            .iter()
            .map(|u| {
                let (server, token) = (&server, ctx.token(*u));
                s.spawn(move || call(&agent(), server, "POST", "/api/v1/nps", Some(&token), Some(json!({"score": 9}))))
            })
            .collect();
        std::thread::sleep(Duration::from_millis(100));
        let http = agent();
        let mut others = Vec::new();
        for _ in 0..3 {
            others.push(call(&http, &server, "GET", "/readyz", None, None).unwrap());
            others.push(call(&http, &server, "GET", "/api/v1/analytics/me", Some(&reader_token), None).unwrap());
            others.push(
                call(
                    &http,
                    &server,
                    "POST",
                    "/api/v1/chat/conversations",
                    Some(&reader_token),
                    Some(json!({"title": "t"})),
                )
                .unwrap(),
            );
        }
        (blocked.into_iter().map(|h| h.join().unwrap().unwrap()).collect::<Vec<_>>(), others)
    });
    let waited = started.elapsed();
    exec(&mut locker, "ROLLBACK");
    for (i, a) in blocked.iter().enumerate() {
        assert_unavailable(&format!("blocked POST /nps {i}"), a, within);
    }
    assert!(waited < within * 3, "ten blocked writes took {waited:?} in all");
    for a in &others {
        assert!(a.status == 200 || a.status == 201, "a request not needing the locked table: {a:?}");
    }
    // Once the lock is gone the same write succeeds: nothing was left half-done.
    let a =
        call(&agent(), &server, "POST", "/api/v1/nps", Some(&ctx.token(users[0])), Some(json!({"score": 9}))).unwrap();
    assert_eq!(a.status, 201, "{a:?}");
    assert!(!server.logs().contains("internal error"), "no 500:\n{}", server.logs());
}

#[test]
fn a_table_locked_by_another_program_fails_its_requests_with_503_within_the_lock_timeout() {
    blocked_writes_fail_fast_and_the_rest_keeps_working(
        &[("DATABASE_LOCK_TIMEOUT_MS", "300"), ("DATABASE_STATEMENT_TIMEOUT_MS", "20000")],
        Duration::from_secs(3),
    );
}

#[test]
fn the_statement_timeout_bounds_a_wait_too() {
    blocked_writes_fail_fast_and_the_rest_keeps_working(
        &[("DATABASE_LOCK_TIMEOUT_MS", "20000"), ("DATABASE_STATEMENT_TIMEOUT_MS", "300")],
        Duration::from_secs(3),
    );
}

/// Reads one HTTP/1.1 response (headers and, per Content-Length, the body) from `stream`.
fn read_response(stream: &mut TcpStream) -> (u16, String, String) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let len = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= len {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

#[test]
fn a_body_sent_too_slowly_is_cut_with_408_and_holds_no_database_connection() {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let me = user(&mut c, acc, "engineer", "Slow");
    let token = ctx.token(me);
    let server = Server::start(
        ctx.db.url(),
        &[("REQUEST_BODY_TIMEOUT_MS", "700"), ("DATABASE_POOL_SIZE", "1"), ("DATABASE_TIMEOUT_MS", "500")],
    );
    let body = r#"{"title": "slowly"}"#;
    // More slow clients than the pool has connections.
    let mut slow: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            write!(
                s,
                "POST /api/v1/chat/conversations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
                 Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
                body.len(),
                &body[..2]
            )
            .unwrap();
            s
        })
        .collect();
    let started = Instant::now();
    // Meanwhile the one connection of the pool serves others.
    let http = agent();
    let ready = call(&http, &server, "GET", "/readyz", None, None).unwrap();
    assert_eq!(ready.status, 200, "{ready:?}");
    let read = call(&http, &server, "GET", "/api/v1/analytics/me", Some(&token), None).unwrap();
    assert_eq!(read.status, 200, "{read:?}");
    for s in &mut slow {
        // a byte now and then, never the whole body in time
        let _ = s.write_all(&body.as_bytes()[2..3]);
    }
    for (i, s) in slow.iter_mut().enumerate() {
        let (status, head, text) = read_response(s);
        assert_eq!(status, 408, "slow client {i}: {head}\n{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"]["code"], "INVALID_REQUEST", "{text}");
        assert!(head.to_ascii_lowercase().contains("x-content-type-options: nosniff"), "{head}");
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "the slow bodies were cut after {took:?}");
    assert_eq!(
        crate::hardening_process::count_conversations(&mut c),
        0,
        "nothing written from a body that never arrived"
    );
    // A prompt body on the same server is fine.
    let a = call(&http, &server, "POST", "/api/v1/chat/conversations", Some(&token), Some(json!({"title": "quick"})))
        .unwrap();
    assert_eq!(a.status, 201, "{a:?}");

    // HEAD on the wire: GET's status and Content-Length, no body.
    for path in ["/healthz", "/api/v1/config", "/openapi.json"] {
        let mut lens = Vec::new();
        for method in ["GET", "HEAD"] {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            write!(s, "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
            let mut all = String::new();
            let _ = s.read_to_string(&mut all);
            let (head, body) = all.split_once("\r\n\r\n").unwrap();
            assert!(head.starts_with("HTTP/1.1 200"), "{method} {path}: {head}");
            let len = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()));
            if method == "HEAD" {
                assert!(body.is_empty(), "HEAD {path} sent a body");
            }
            lens.push(len);
        }
        assert!(lens[0].is_some(), "{path}");
        assert_eq!(lens[0], lens[1], "HEAD {path}: Content-Length");
    }
}

pub fn count_conversations(c: &mut diesel::pg::PgConnection) -> i64 {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query("SELECT count(*) AS n FROM conversations").get_result::<N>(c).unwrap().n
}
