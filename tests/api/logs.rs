//! "No tokens, emails or comment text in logs" (operations.md), proven on the real binary: a full
//! run at trace level (the most verbose) serves requests that carry all three, then its stdout and stderr are read.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Ctx, account, email_of, node, session, step, tree, ts, user};
use crate::process::{Server, agent, call};

#[test]
fn a_full_run_logs_no_token_no_email_and_no_comment_text() {
    full_run_shows_no_secret("test");
}

/// Production logs JSON with the current span's fields: the same holds there.
#[test]
fn a_full_run_in_production_json_logs_no_token_no_email_and_no_comment_text() {
    full_run_shows_no_secret("production");
}

fn full_run_shows_no_secret(app_env: &str) {
    let ctx = Ctx::new();
    let mut c = ctx.conn();
    let acc = account(&mut c, "Acme");
    let engineer = user(&mut c, acc, "engineer", "Erin Engineer");
    let admin = user(&mut c, acc, "team_admin", "Ada Admin");
    let sharee = user(&mut c, acc, "engineer", "Sam Sharee");
    let flow = tree(&mut c, acc, "DNS Resolution");
    let s1 = step(&mut c, acc, "Flush the DNS cache");
    node(&mut c, flow, "n1", "Flush", Some(s1), 0);
    let done = session(
        &mut c,
        acc,
        flow,
        engineer,
        ts("2026-02-01T09:00:00Z"),
        Some((ts("2026-02-01T09:20:00Z"), "resolved")),
    );
    let (t_eng, t_admin) = (ctx.token(engineer), ctx.token(admin));
    let forged = format!("{}x", ctx.token(Uuid::now_v7()));
    let ghost = format!("ghost.{}@example.test", Uuid::now_v7().simple());
    let csat = "csat-secret-the-printer-exploded";
    let nps = "nps-secret-my-manager-is-watching";
    let verdict = "feedback-secret-answer-was-wrong";
    let content = "message-secret-my-password-is-hunter2";
    let title = "title-secret-payroll-incident";

    let server = Server::start(ctx.db.url(), &[("RUST_LOG", "trace"), ("NPS_ENABLED", "true"), ("APP_ENV", app_env)]);
    let http = agent();
    let req = |method: &str, path: &str, token: &str, body: Option<Value>| {
        call(&http, &server, method, path, Some(token), body).unwrap()
    };

    let a = req("POST", &format!("/api/v1/sessions/{done}/rate"), &t_eng, Some(json!({"rating": 4, "comment": csat})));
    assert_eq!(a.status, 201, "{a:?}");
    let a = req("POST", "/api/v1/nps", &t_eng, Some(json!({"score": 7, "comment": nps})));
    assert_eq!(a.status, 201, "{a:?}");
    let conv = req("POST", "/api/v1/chat/conversations", &t_eng, Some(json!({"title": title})));
    assert_eq!(conv.status, 201, "{conv:?}");
    let conv = conv.body["id"].as_str().unwrap().to_owned();
    let msg = req(
        "POST",
        &format!("/api/v1/chat/conversations/{conv}/messages"),
        &t_eng,
        Some(json!({"role": "assistant", "content": content})),
    );
    assert_eq!(msg.status, 201, "{msg:?}");
    let msg = msg.body["id"].as_str().unwrap().to_owned();
    let a = req(
        "PUT",
        &format!("/api/v1/chat/messages/{msg}/feedback"),
        &t_eng,
        Some(json!({"rating": "negative", "comment": verdict})),
    );
    assert_eq!(a.status, 200, "{a:?}");
    let share = format!("/api/v1/chat/conversations/{conv}/share");
    let a = req("POST", &share, &t_eng, Some(json!({"user_emails": [email_of(&mut c, sharee)], "permission": "view"})));
    assert_eq!(a.status, 200, "{a:?}");
    // Refusals that echo the sensitive input back to the client must not write it to the log.
    let a = req("POST", &share, &t_eng, Some(json!({"user_emails": [ghost], "permission": "view"})));
    assert_eq!(a.status, 404, "{a:?}");
    let a =
        req("POST", &format!("/api/v1/sessions/{done}/rate"), &t_eng, Some(json!({"rating": 4.5, "comment": csat})));
    assert_eq!(a.status, 400, "{a:?}");
    let a = req("GET", "/api/v1/analytics/me", &forged, None);
    assert_eq!(a.status, 401, "{a:?}");
    // Reads whose answers carry the comments and emails.
    for path in [
        "/api/v1/admin/feedback".to_owned(),
        "/api/v1/admin/nps".to_owned(),
        format!("/api/v1/analytics/flows/{flow}"),
        format!("/api/v1/trees/{flow}/ratings"),
        share.clone(),
    ] {
        let token = if path == share { &t_eng } else { &t_admin };
        let a = req("GET", &path, token, None);
        assert_eq!(a.status, 200, "{path}: {a:?}");
    }
    drop(http);
    server.terminate();
    let status = server.wait_exit(std::time::Duration::from_secs(35));
    assert_eq!(status.code(), Some(0));
    let logs = server.logs();

    // The run was logged (one line per request, with its route), so the absence below means something.
    assert!(logs.contains("/api/v1/sessions/{session_id}/rate"), "{logs}");
    assert!(logs.contains("/api/v1/chat/messages/{id}/feedback"), "{logs}");
    if app_env == "production" {
        assert!(logs.lines().any(|l| l.starts_with('{') && l.contains("\"request_id\"")), "JSON lines: {logs}");
    }
    let emails = [engineer, admin, sharee].map(|u| email_of(&mut c, u));
    let secrets =
        [t_eng.as_str(), t_admin.as_str(), forged.as_str(), ghost.as_str(), csat, nps, verdict, content, title]
            .into_iter()
            .chain(emails.iter().map(String::as_str));
    for secret in secrets {
        let line = logs.lines().find(|l| l.contains(secret));
        assert!(line.is_none(), "the log shows {secret:?}: {}", line.unwrap_or_default());
    }
    assert!(!logs.contains("@example.test"), "an email in the log");
    assert!(!logs.contains("Bearer "), "an Authorization header in the log");
}
